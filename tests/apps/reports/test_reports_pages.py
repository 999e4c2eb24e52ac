"""The report pages as people use them: the team's tab, the council's side, the exports, the
PDF (rendered for real and read back), and the public council page."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from ascassure.apps.assessments.models import Assessment
from ascassure.apps.councils.models import PublishedResult
from ascassure.apps.reports import fac, services
from ascassure.apps.reports.models import FacComment, PublicationWindow
from ascassure.domain.reports import section
from builders import PASSWORD, make_fac_comment, make_fac_round, make_result

pytestmark = pytest.mark.django_db


def sign_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def base(report):
    return f"/assessments/{report.assessment_id}/report/"


def stage(report, value):
    Assessment.objects.filter(pk=report.assessment_id).update(stage=value)
    report.assessment.refresh_from_db()


def test_the_report_tab_lists_sections_versions_and_the_next_step(client, draft, lead):
    sign_in(client, lead)
    response = client.get(base(draft))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Report" in html and "Version 1" in html
    assert f'href="/assessments/{draft.assessment_id}/report/sections/QS1/"' in html
    assert "Send the draft to the council" in html


def test_editing_a_section_saves_a_new_version_and_a_stale_form_shows_the_newer_text(
    client, draft, lead
):
    sign_in(client, lead)
    url = base(draft) + "sections/QS1/"
    assert b"My social worker came to see me at home" in client.get(url).content
    evidence = section(draft.versions.get().document, "QS1")["people_said"][1]["evidence"]
    response = client.post(
        url,
        {
            "findings": "Waits are long.",
            "people_evidence": [evidence],
            "people_other": "I had to chase them.",
            "strengths": "Personal assessments",
            "improve": "Waiting times\n\nCarers' assessments",
            "note": "First pass",
            "base": 1,
        },
    )
    assert response.status_code == 302
    qs1 = section(draft.versions.get(number=2).document, "QS1")
    assert [s["text"] for s in qs1["people_said"]] == [
        "My social worker came to see me at home and listened to what I wanted.",
        "I had to chase them.",
    ]
    assert qs1["improve"] == ["Waiting times", "Carers' assessments"]
    stale = client.post(url, {"findings": "Mine.", "strengths": "", "improve": "", "base": 1})
    assert stale.status_code == 200
    assert services.STALE_REPORT in stale.content.decode().replace("&#x27;", "'")
    assert b"Waits are long." in stale.content  # the newer text, shown beside the form
    assert draft.versions.count() == 2


def test_sending_records_the_email_date_and_shows_the_deadline_to_both_sides(
    client, draft, lead, editor
):
    sign_in(client, lead)
    today = timezone.localdate()
    response = client.post(base(draft) + "send/", {"sent_on": today.strftime("%d/%m/%Y")})
    assert response.status_code == 302
    fac_round = draft.fac_rounds.get()
    deadline = f"{fac_round.deadline:%A} {fac_round.deadline.day} {fac_round.deadline:%B %Y}"
    team_page = client.get(base(draft)).content.decode()
    sign_in(client, editor)
    council_page = client.get(base(draft) + "council/").content.decode()
    for page in (team_page, council_page):
        assert f"At the end of {deadline}" in page
        assert "10 working days from the date of the e-mail" in page


def test_a_future_email_date_is_refused_on_the_form(client, draft, lead):
    sign_in(client, lead)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(base(draft) + "send/", {"sent_on": tomorrow.strftime("%d/%m/%Y")})
    assert response.status_code == 200
    assert fac.SENT_IN_FUTURE in response.content.decode()
    assert not draft.fac_rounds.exists()


def test_the_council_comments_with_a_file_then_the_team_decides(client, draft, lead, editor):
    make_fac_round(report=draft, sent_on=timezone.localdate())
    sign_in(client, editor)
    form = client.get(base(draft) + "council/comment/?section=QS2")
    assert b'<option value="QS2" selected>' in form.content
    response = client.post(
        base(draft) + "council/comment/",
        {
            "section": "QS2",
            "kind": "judgement",
            "comment": "The report says there is no prevention offer.",
            "proposed_change": "Mention the prevention offer with the voluntary sector.",
            "file": SimpleUploadedFile("offer.csv", b"Service,People\nPrevention,1200\n"),
        },
    )
    assert response.status_code == 302
    comment = FacComment.objects.get()
    assert comment.files.get().original_name == "offer.csv"
    sign_in(client, lead)
    decide = base(draft) + f"fac/comments/{comment.pk}/"
    refused = client.post(decide, {"decision": "not_accepted", "reason": "", "version": 1})
    assert fac.DECISION_NEEDS_REASON in refused.content.decode()
    client.post(decide, {"decision": "partly_accepted", "reason": "Added in part.", "version": 1})
    comment.refresh_from_db()
    assert (comment.decision, comment.decision_reason) == ("partly_accepted", "Added in part.")
    download = client.get(base(draft) + f"fac/files/{comment.files.get().pk}/")
    assert download.content == b"Service,People\nPrevention,1200\n"


def test_a_file_that_is_not_what_it_says_is_refused_in_plain_words(client, draft, editor):
    make_fac_round(report=draft, sent_on=timezone.localdate())
    sign_in(client, editor)
    response = client.post(
        base(draft) + "council/comment/",
        {
            "section": "QS2",
            "kind": "omission",
            "comment": "x",
            "proposed_change": "y",
            "file": SimpleUploadedFile("minutes.docx", b"%PDF-1.4 a PDF in disguise"),
        },
    )
    assert response.status_code == 200
    assert "minutes.docx: The file is called .docx but it is a PDF." in response.content.decode()
    assert not FacComment.objects.exists()


def test_the_council_confirms_there_are_no_inaccuracies(client, draft, editor):
    make_fac_round(report=draft, sent_on=timezone.localdate())
    sign_in(client, editor)
    refused = client.post(base(draft) + "council/confirm/", {})
    assert b"Tick the box to confirm" in refused.content
    client.post(base(draft) + "council/confirm/", {"confirm": "on"})
    assert draft.fac_rounds.get().confirmed
    assert b"confirmed there are no inaccuracies" in client.get(base(draft) + "council/").content


def test_the_council_asks_for_more_time_and_the_team_decides(client, draft, lead, editor):
    fac_round = make_fac_round(report=draft, sent_on=timezone.localdate())
    sign_in(client, editor)
    client.post(base(draft) + "council/extension/", {"working_days": 3, "reason": "Director away."})
    sign_in(client, lead)
    assert b"Decide on the extension request" in client.get(base(draft)).content
    client.post(
        base(draft) + "fac/extension/",
        {"decision": "granted", "working_days": "", "reason": "Exceptional.", "version": 2},
    )
    fac_round.refresh_from_db()
    assert fac_round.extension_decision == "granted"
    assert fac_round.extended_deadline == fac.fac_deadline(fac_round.deadline, working_days=3)


def test_the_exchange_exports_as_a_csv_and_an_excel_table(client, draft, lead, editor):
    from openpyxl import load_workbook

    fac_round = make_fac_round(report=draft, sent_on=date(2025, 12, 19))
    first = make_fac_comment(fac_round=fac_round, by=editor)
    make_fac_comment(
        fac_round=fac_round,
        by=editor,
        section_key="QS7",
        kind="omission",
        comment="=HYPERLINK(1)",
        proposed_change="Add the safeguarding board's annual report.",
    )
    fac.fac_comment_decide(
        comment=first, decision="accepted", reason="Corrected.", by=lead, expected_version=1
    )
    sign_in(client, lead)
    rows = list(
        csv.reader(
            io.StringIO(client.get(base(draft) + "fac/exchange.csv").content.decode("utf-8-sig"))
        )
    )
    assert rows[0][:3] == ["Number", "Section", "Kind of comment"]
    assert rows[1][1] == "QS1 Assessing needs" and rows[1][8:10] == ["Accepted", "Corrected."]
    assert rows[2][3] == "'=HYPERLINK(1)"  # never a formula
    assert rows[2][8] == "Not yet decided"
    book = load_workbook(io.BytesIO(client.get(base(draft) + "fac/exchange.xlsx").content))
    assert book["Comments"].max_row == 3
    check = {row[0]: row[1] for row in book["The check"].iter_rows(min_row=2, values_only=True)}
    assert check["Date of the e-mail"] == "19 December 2025"
    assert check["Comments close at the end of"] == "7 January 2026"


def test_a_publication_date_in_a_pause_is_refused_in_plain_words(client, draft, lead, editor):
    today = timezone.localdate()
    fac_round = make_fac_round(report=draft, sent_on=today)
    fac.fac_confirm_no_inaccuracies(fac_round=fac_round, by=editor, today=today)
    stage(draft, "factual_accuracy_check")
    PublicationWindow.objects.create(
        name="A pause for a by-election",
        start=today + timedelta(days=5),
        end=today + timedelta(days=9),
        scope="council",
        council=draft.assessment.council,
    )
    sign_in(client, lead)
    day = today + timedelta(days=6)
    response = client.post(base(draft) + "publication-date/", {"day": day.strftime("%d/%m/%Y")})
    html = response.content.decode().replace("&#x27;", "'")
    assert "Reports are not published on that date" in html
    assert "The pause: A pause for a by-election" in html
    draft.refresh_from_db()
    assert draft.publication_date is None


def test_the_real_pdf_is_tagged_and_reads_as_the_report(client, draft, lead):
    sign_in(client, lead)
    response = client.get(base(draft) + "preview.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en"
    assert reader.metadata.title == "Draft: Trafford: assessment of adult social care"
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in (
        "Trafford: assessment of adult social care",
        "Requires improvement",
        "21 of 36 points: 59%",
        "QS1 Assessing needs",
        "I waited four months for my assessment.",
        "DRAFT, VERSION 1: NOT FOR PUBLICATION",
    ):
        assert expected in text, expected
    assert len(reader.pages) >= 4


def test_publishing_from_the_page_makes_the_report_public_on_the_council_page(
    client, draft, lead, editor, trafford
):
    today = timezone.localdate()
    fac_round = make_fac_round(report=draft, sent_on=today)
    fac.fac_confirm_no_inaccuracies(fac_round=fac_round, by=editor, today=today)
    stage(draft, "ready_to_publish")
    services.publication_date_set(report=draft, day=today, by=lead, today=today)
    make_result(council=trafford, scores=(3, 3, 3, 3, 3, 3, 3, 3, 2), month=date(2024, 2, 1))
    sign_in(client, lead)
    response = client.post(base(draft) + "publish/")
    assert response.status_code == 302
    publication = draft.assessment.publications.get()
    client.logout()
    page = client.get("/councils/trafford/").content.decode()
    assert f"/councils/trafford/reports/{publication.version_id}/" in page
    assert f"/councils/trafford/reports/{publication.version_id}.pdf" in page
    assert "Down from Good (73%) to Requires improvement (59%)." in page
    assert "February 2024 (formal assessment): Good, 73%" in page
    pdf = client.get(f"/councils/trafford/reports/{publication.version_id}.pdf").content
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert f"Published {today.day} {today:%B %Y}." in text
    assert "DRAFT" not in text
    assert PublishedResult.objects.filter(council=trafford).count() == 2


def test_the_assessment_summary_carries_the_report(client, draft, lead):
    from ascassure.apps.assessments.summary import summary_sections

    make_fac_round(report=draft, sent_on=date(2025, 12, 19))
    summary = summary_sections(draft.assessment)["report"]
    assert summary["versions"] == 1
    assert (summary["sent_on"], summary["fac_deadline"]) == ("2025-12-19", "2026-01-07")


def test_a_published_report_refuses_edits_on_its_page_and_is_corrected_beside_the_original(
    client, draft, lead, editor, fast_pdf
):
    today = timezone.localdate()
    fac_round = make_fac_round(report=draft, sent_on=today)
    fac.fac_confirm_no_inaccuracies(fac_round=fac_round, by=editor, today=today)
    stage(draft, "ready_to_publish")
    services.publication_date_set(report=draft, day=today, by=lead, today=today)
    services.report_publish(report=draft, by=lead, today=today)
    sign_in(client, lead)
    url = base(draft) + "sections/QS1/"
    response = client.post(url, {"findings": "Changed.", "strengths": "", "improve": "", "base": 1})
    assert services.REPORT_PUBLISHED in response.content.decode()
    assert draft.versions.count() == 1
    client.post(base(draft) + "correction/", {"note": "QS1: 412 people, not 421."})
    client.post(url, {"findings": "412 people wait.", "strengths": "", "improve": "", "base": 1})
    client.post(base(draft) + "correction/publish/")
    kinds = list(draft.assessment.publications.values_list("kind", "version__number"))
    assert kinds == [("original", 1), ("correction", 2)]
    client.logout()
    page = client.get("/councils/trafford/").content.decode()
    assert "Corrected on" in page and "QS1: 412 people, not 421." in page
    original = draft.versions.get(number=1)
    assert f"/councils/trafford/reports/{original.pk}/" in page  # still there to download
    assert client.get(f"/councils/trafford/reports/{original.pk}/").status_code == 200


def test_the_draft_can_be_recorded_as_sent_after_the_stage_moved_on(draft, lead):
    stage(draft, "factual_accuracy_check")
    fac_round = fac.fac_send(
        report=draft, sent_on=date(2025, 12, 19), by=lead, today=date(2025, 12, 19)
    )
    assert fac_round.deadline == date(2026, 1, 7)


def test_the_pauses_are_listed_and_edited_in_the_admin(client, db):
    from ascassure.apps.accounts.models import User

    services.publication_windows_load()
    admin = User.objects.create_superuser("admin@example.org", "admin@example.org", PASSWORD)
    client.force_login(admin)
    listing = client.get("/admin/reports/publicationwindow/?scope__exact=national")
    assert b"General election 2024" in listing.content
    window = PublicationWindow.objects.get(scope="national", start=date(2024, 5, 25))
    assert client.get(f"/admin/reports/publicationwindow/{window.pk}/change/").status_code == 200
