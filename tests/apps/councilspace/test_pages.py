"""The workspace's pages, as an editor and a viewer use them (assertions on the HTML)."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ascassure.apps.councilspace.models import EvidenceItem, ImprovementAction, QsRevision
from builders import (
    PASSWORD,
    make_evidence_item,
    make_improvement_action,
    make_self_assessment,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(trafford):
    return make_user(council=trafford, full_name="Dana Director")


@pytest.fixture
def editor_client(client, editor):
    client.login(username=editor.username, password=PASSWORD)
    return client


def entry_form(**values):
    data = {
        "what_we_do": "We assess needs with people, at home.",
        "how_we_know": "Quarterly audits.",
        "next_steps": "Shorter waits.",
        "strengths": "Reviews after discharge.",
        "areas_for_development": "- Waiting times\n- Carers' assessments",
        "self_score": "3",
        "confidence": "high",
        "status": "draft",
        "base": "0",
    }
    data.update(values)
    return data


def test_starting_the_first_self_assessment_opens_the_year(editor_client, trafford):
    base = f"/workspace/{trafford.slug}"
    html = editor_client.get(f"{base}/").content.decode()
    assert "Start the self-assessment" in html
    response = editor_client.post(f"{base}/years/", {"year": "2026", "start_from": ""})
    assert response["Location"] == f"{base}/2026/"
    html = editor_client.get(f"{base}/2026/").content.decode()
    assert "Theme 1: Working with people" in html and "QS9 Learning, improvement" in html
    assert editor_client.get(f"{base}/")["Location"] == f"{base}/2026/"


def test_an_editor_writes_a_qs_entry_and_sees_it_with_its_version(editor_client, trafford):
    make_self_assessment(council=trafford)
    url = f"/workspace/{trafford.slug}/2026/qs/QS1/"
    form = editor_client.get(url + "edit/").content.decode()
    assert (
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Self-score</legend>'
        in form
    )
    assert "I statements the evidence covers" in form
    response = editor_client.post(url + "edit/", entry_form(i_statements=["1"]))
    assert response["Location"] == url
    html = editor_client.get(url).content.decode()
    assert "Version 1, saved by Dana Director" in html
    assert "3: Good standard" in html
    assert '<li>Waiting times \u2013 <a class="govuk-link"' in html  # an area can become an action
    assert QsRevision.objects.get().i_statements == [1]


def test_signing_off_an_incomplete_entry_shows_each_reason_in_the_error_summary(
    editor_client, trafford
):
    make_self_assessment(council=trafford)
    url = f"/workspace/{trafford.slug}/2026/qs/QS2/edit/"
    html = editor_client.post(
        url, entry_form(strengths="", self_score="", status="signed_off")
    ).content.decode()
    assert "There is a problem" in html
    assert '<a href="#id_status_0">Add strengths before signing off</a>' in html
    assert '<a href="#id_status_0">Add a self-score before signing off</a>' in html
    assert "<title>Error: " in html
    assert "We assess needs with people, at home." in html  # what was typed is kept
    assert QsRevision.objects.count() == 0


def test_two_editors_on_the_same_qs_the_second_sees_both_versions_and_nothing_is_lost(
    client, trafford
):
    ann = make_user(council=trafford, full_name="Ann Editor")
    ben = make_user(council=trafford, full_name="Ben Editor")
    make_self_assessment(council=trafford)
    url = f"/workspace/{trafford.slug}/2026/qs/QS4/edit/"
    client.login(username=ann.username, password=PASSWORD)
    client.post(url, entry_form(what_we_do="Ann's version of what we do."))
    client.login(username=ben.username, password=PASSWORD)
    html = client.post(url, entry_form(what_we_do="Ben's version of what we do.")).content.decode()
    assert "Ann Editor saved QS4 at" in html
    assert "Ben&#x27;s version of what we do." in html  # Ben's text stays in the form
    assert "What Ann Editor saved (version 1)" in html
    assert '<ins class="app-diff__ins">' in html
    assert 'name="base" value="1"' in html  # saving again is now a deliberate choice
    assert list(QsRevision.objects.values_list("what_we_do", flat=True)) == [
        "Ann's version of what we do."
    ]
    client.post(url, entry_form(what_we_do="Ben's merged version.", base="1"))
    assert QsRevision.objects.filter(qs_code="QS4").count() == 2


def test_history_compares_two_versions_word_by_word(editor_client, trafford):
    make_self_assessment(council=trafford)
    url = f"/workspace/{trafford.slug}/2026/qs/QS1/"
    editor_client.post(url + "edit/", entry_form(what_we_do="We review plans every year."))
    editor_client.post(url + "edit/", entry_form(what_we_do="We review all plans.", base="1"))
    html = editor_client.get(url + "history/?a=1&b=2").content.decode()
    assert "From version 1 to version 2" in html
    assert "[removed: </span>plans every year." in html
    assert "[added: </span>all plans." in html
    assert "Unchanged: How we know" in html


def test_comments_carry_their_author_and_the_version_they_were_made_on(editor_client, trafford):
    make_self_assessment(council=trafford, scores={"QS1": 3})
    url = f"/workspace/{trafford.slug}/2026/qs/QS1/"
    editor_client.post(url + "comments/", {"body": "Add the carers' survey figures."})
    html = editor_client.get(url).content.decode()
    assert "Add the carers&#x27; survey figures." in html and "on version 1" in html


def test_readiness_shows_the_predicted_rating_position_and_what_would_move_it(
    editor_client, trafford
):
    scores = dict(zip([f"QS{n}" for n in range(1, 10)], [2, 2, 2, 2, 3, 3, 3, 3, 3], strict=True))
    make_self_assessment(council=trafford, scores=scores)
    html = editor_client.get(f"/workspace/{trafford.slug}/2026/readiness/").content.decode()
    assert "64%, near the bottom of Good." in html
    assert "QS1 from 2 to 3 gives Good at 67%" in html
    assert "QS5 from 3 to 2 gives Requires improvement at 62%" in html
    assert "Moves down" in html
    assert "Rating bands and where the self-scores sit" in html  # the chart's table
    assert "No version saved yet" in html


def test_stale_evidence_is_flagged_in_the_library_and_on_the_readiness_page(
    editor_client, trafford
):
    make_self_assessment(council=trafford, scores={"QS1": 3})
    old = timezone.localdate() - timedelta(days=400)
    make_evidence_item(council=trafford, title="Old strategy", evidence_date=old)
    make_evidence_item(council=trafford, title="New survey", evidence_date=timezone.localdate())
    html = editor_client.get(f"/workspace/{trafford.slug}/evidence/?stale=1").content.decode()
    assert "Old strategy" in html and "New survey" not in html
    assert '<strong class="govuk-tag govuk-tag--orange">Stale</strong>' in html
    readiness = editor_client.get(f"/workspace/{trafford.slug}/2026/readiness/").content.decode()
    assert "1 item older than 12 months" in readiness


def test_an_editor_uploads_evidence_for_two_qs_and_a_fake_file_is_refused(editor_client, trafford):
    url = f"/workspace/{trafford.slug}/evidence/new/"
    fields = {
        "title": "Safeguarding audit",
        "kind": "document",
        "category": "processes",
        "qs_codes": ["QS6", "QS7"],
        "owner": "Safeguarding lead",
        "evidence_date": "15/01/2026",
    }
    fake = SimpleUploadedFile("audit.pdf", b"<html>not a pdf</html>")
    html = editor_client.post(url, {**fields, "file": fake}).content.decode()
    assert "There is a problem" in html and 'href="#id_file"' in html
    assert EvidenceItem.objects.count() == 0
    pdf = SimpleUploadedFile("audit.pdf", b"%PDF-1.7\n%%EOF\n")
    response = editor_client.post(url, {**fields, "file": pdf})
    item = EvidenceItem.objects.get()
    assert response["Location"] == f"/workspace/{trafford.slug}/evidence/{item.pk}/"
    assert sorted(item.qs_links.values_list("qs_code", flat=True)) == ["QS6", "QS7"]
    html = editor_client.get(response["Location"]).content.decode()
    assert "Download audit.pdf" in html


def test_the_evidence_form_names_each_missing_answer(editor_client, trafford):
    html = editor_client.post(f"/workspace/{trafford.slug}/evidence/new/", {}).content.decode()
    for message in (
        "Enter a title",
        "Choose the kind of evidence",
        "Choose the evidence category",
        "Choose at least one quality statement",
        "Enter the owner",
        "Enter the date the evidence relates to",
    ):
        assert message in html
    assert '<a href="#id_kind_0">Choose the kind of evidence</a>' in html


def test_overdue_actions_stand_out_and_an_area_becomes_an_action(editor_client, trafford):
    make_self_assessment(council=trafford, scores={"QS1": 2})
    yesterday = timezone.localdate() - timedelta(days=1)
    make_improvement_action(council=trafford, title="Late one", due_date=yesterday)
    make_improvement_action(council=trafford, title="Done one", due_date=yesterday, status="done")
    base = f"/workspace/{trafford.slug}/plan/"
    html = editor_client.get(base).content.decode()
    assert "1 action is overdue." in html
    assert html.count('<strong class="govuk-tag govuk-tag--red">Overdue</strong>') == 1
    assert "Carers&#x27; assessments" in html  # an area for development with no action
    form = editor_client.get(base + "new/?qs=QS1&area=Carers%27+assessments").content.decode()
    assert 'value="Carers&#x27; assessments"' in form
    response = editor_client.post(
        base + "new/",
        {
            "title": "Offer every carer an assessment",
            "qs_code": "QS1",
            "source_area": "Carers' assessments",
            "owner": "Carers' lead",
            "due_date": "30/09/2026",
            "status": "not_started",
        },
    )
    assert response["Location"] == base
    assert ImprovementAction.objects.filter(source_area="Carers' assessments").exists()
    assert "Carers&#x27; assessments</li>" not in editor_client.get(base).content.decode()


def test_the_plan_exports_to_a_spreadsheet_with_overdue_rows_marked(editor_client, trafford):
    import io

    from openpyxl import load_workbook

    make_improvement_action(council=trafford, title="Late one", due_date=date(2020, 1, 1))
    make_improvement_action(council=trafford, title="Future one", due_date=date(2099, 1, 1))
    response = editor_client.get(f"/workspace/{trafford.slug}/plan/improvement-plan.xlsx")
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Quality statement", "Action")
    assert [(r[1], r[6]) for r in rows[1:]] == [("Late one", "Yes"), ("Future one", "No")]
    assert rows[1][4].date() == date(2020, 1, 1)


def test_versions_are_saved_listed_and_compared_with_the_current_state(editor_client, trafford):
    make_self_assessment(council=trafford, scores={"QS1": 2})
    url = f"/workspace/{trafford.slug}/2026/versions/"
    editor_client.post(url, {"note": "For the lead member"})
    editor_client.post(
        f"/workspace/{trafford.slug}/2026/qs/QS1/edit/",
        entry_form(self_score="3", base="1"),
    )
    html = editor_client.get(url + "?a=1&b=0").content.decode()
    assert "For the lead member" in html and "Not submitted" in html
    assert "Version 1 compared with the current self-assessment" in html
    assert "[removed: </span>2: Some shortfalls" in html
    html = editor_client.get(f"/workspace/{trafford.slug}/2026/readiness/").content.decode()
    assert "Self-scores that changed" in html


def test_years_start_from_last_year_and_compare(editor_client, trafford):
    make_self_assessment(council=trafford, year=2025, scores={"QS1": 2})
    base = f"/workspace/{trafford.slug}"
    response = editor_client.post(f"{base}/years/", {"year": "2026", "start_from": "2025"})
    assert response["Location"] == f"{base}/2026/"
    editor_client.post(f"{base}/2026/qs/QS1/edit/", entry_form(self_score="3", base="1"))
    html = editor_client.get(f"{base}/years/?a=2025&b=2026").content.decode()
    assert "2025 compared with 2026" in html
    assert "[added: </span>3: Good standard" in html
    html = editor_client.post(f"{base}/years/", {"year": "2026", "start_from": ""}).content.decode()
    assert "There is already a self-assessment for 2026" in html


def test_a_page_seen_before_a_colleagues_change_shows_the_change_straight_after(client, trafford):
    ann = make_user(council=trafford)
    ben = make_user(council=trafford)
    make_self_assessment(council=trafford, scores={"QS1": 2})
    url = f"/workspace/{trafford.slug}/2026/"
    client.login(username=ann.username, password=PASSWORD)
    assert '<span class="app-score">2</span>' in client.get(url).content.decode()
    client.login(username=ben.username, password=PASSWORD)
    client.post(f"{url}qs/QS1/edit/", entry_form(self_score="4", base="1"))
    client.login(username=ann.username, password=PASSWORD)
    html = client.get(url).content.decode()
    assert '<span class="app-score">4</span>' in html
    assert '<span class="app-score">2</span>' not in html


def test_a_year_with_no_self_assessment_is_not_found_until_it_is_started(editor_client, trafford):
    make_self_assessment(council=trafford, year=2025)
    base = f"/workspace/{trafford.slug}"
    assert editor_client.get(f"{base}/2026/").status_code == 404
    assert editor_client.get(f"{base}/2026/qs/QS10/").status_code == 404
    editor_client.post(f"{base}/years/", {"year": "2026", "start_from": "2025"})
    assert editor_client.get(f"{base}/2026/").status_code == 200
    assert editor_client.get(f"{base}/2026/qs/QS10/").status_code == 404
    assert editor_client.get(f"{base}/2026/qs/QS9/").status_code == 200
