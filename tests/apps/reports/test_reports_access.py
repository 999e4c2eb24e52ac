"""A draft is never visible to the public or to another council: every report address tried
as the wrong person. A published report is public, and nothing else is."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ascassure.apps.accounts.models import BodyRole, CouncilRole
from ascassure.apps.assessments.models import Assessment
from ascassure.apps.reports import fac, services
from ascassure.apps.reports.models import FacComment
from builders import PASSWORD, make_fac_comment, make_fac_round, make_user

pytestmark = pytest.mark.django_db

TEAM_PAGES = (
    "",
    "sections/QS1/",
    "preview/",
    "preview.pdf",
    "versions/1/",
    "versions/1.pdf",
    "send/",
    "fac/comments/{comment}/",
    "fac/extension/",
    "fac/exchange.csv",
    "fac/exchange.xlsx",
    "fac/files/{file}/",
    "publication-date/",
    "publish/",
    "correction/",
)
TEAM_POSTS = ("generate/", "correction/publish/", "sections/QS1/", "send/", "publish/")
COUNCIL_PAGES = (
    "council/",
    "council/draft.pdf",
    "council/comment/",
    "council/comments/{comment}/",
    "council/confirm/",
    "council/extension/",
    "council/files/{file}/",
)
SECRET = "A sentence the team wrote after sending the draft."


@pytest.fixture
def sent(draft, lead, editor):
    """The draft sent (version 1), a comment with a file and an extension request, then the
    team's later edit (version 2), which the council must never see."""
    fac_round = make_fac_round(report=draft, sent_on=date(2025, 12, 19))
    make_fac_comment(
        fac_round=fac_round,
        by=editor,
        files=[SimpleUploadedFile("waits.csv", b"Month,Waiting\nMarch,412\n")],
    )
    fac.fac_extension_request(
        fac_round=fac_round,
        reason="Director away.",
        working_days=3,
        by=editor,
        today=date(2025, 12, 19),
    )
    services.report_section_save(
        report=draft, key="QS1", values={"findings": SECRET}, base_number=1, by=lead
    )
    return draft


def url(report, page):
    comment = FacComment.objects.filter(fac_round__report=report).first()
    file = comment.files.first() if comment else None
    page = page.format(comment=comment.pk if comment else 0, file=file.pk if file else 0)
    return f"/assessments/{report.assessment_id}/report/{page}"


def sign_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)


@pytest.fixture
def outsiders(bury, db):
    return {
        "another council's editor": make_user(council=bury),
        "another council's viewer": make_user(council=bury, council_role=CouncilRole.VIEWER),
        "an unassigned assessor": make_user(body_role=BodyRole.ASSESSOR),
        "an analyst not on the team": make_user(body_role=BodyRole.ANALYST),
    }


@pytest.mark.parametrize("page", TEAM_PAGES + COUNCIL_PAGES)
def test_people_of_another_council_and_unassigned_assessors_get_not_found(
    client, sent, outsiders, page
):
    for who, user in outsiders.items():
        sign_in(client, user)
        response = client.get(url(sent, page))
        assert response.status_code == 404, (who, page)
        assert SECRET.encode() not in response.content


@pytest.mark.parametrize("page", TEAM_POSTS + COUNCIL_PAGES)
def test_posts_from_outsiders_are_not_found_and_change_nothing(client, sent, outsiders, page):
    before = (sent.versions.count(), FacComment.objects.count())
    for who, user in outsiders.items():
        sign_in(client, user)
        response = client.post(
            url(sent, page),
            {"section": "QS1", "kind": "omission", "comment": "x", "proposed_change": "y"},
        )
        assert response.status_code in (404, 405), (who, page)
    assert (sent.versions.count(), FacComment.objects.count()) == before


@pytest.mark.parametrize("page", TEAM_PAGES + COUNCIL_PAGES)
def test_the_signed_out_public_is_sent_to_sign_in_and_sees_nothing(client, sent, page):
    """Signed out, every address answers the same, whether or not it exists: a sign-in page."""
    for address in (
        url(sent, page),
        url(sent, page).replace(f"/{sent.assessment_id}/", "/999999/"),
    ):
        response = client.get(address)
        assert response.status_code == 302, address
        assert response["Location"].startswith("/account/sign-in/")
        assert SECRET.encode() not in response.content


@pytest.mark.parametrize("page", TEAM_PAGES)
def test_the_councils_own_people_never_reach_the_teams_pages(client, sent, editor, page):
    sign_in(client, editor)
    assert client.get(url(sent, page)).status_code == 404


def test_the_council_reads_the_version_it_was_sent_never_the_teams_later_one(client, sent, editor):
    sign_in(client, editor)
    response = client.get(url(sent, "council/"))
    assert response.status_code == 200
    assert b"The draft report (version 1)" in response.content
    assert SECRET.encode() not in response.content


def test_before_the_draft_is_sent_the_council_sees_only_that_it_is_not_sent(client, draft, editor):
    sign_in(client, editor)
    response = client.get(url(draft, "council/"))
    assert response.status_code == 200
    assert b"has not sent you the draft report yet" in response.content
    assert b"Overall rating" not in response.content
    for page in COUNCIL_PAGES[1:]:
        assert client.get(url(draft, page)).status_code == 404, page


def test_a_council_viewer_reads_but_cannot_comment_confirm_or_ask_for_time(client, sent, trafford):
    viewer = make_user(council=trafford, council_role=CouncilRole.VIEWER)
    sign_in(client, viewer)
    assert client.get(url(sent, "council/")).status_code == 200
    for page in ("council/comment/", "council/confirm/", "council/extension/"):
        assert client.post(url(sent, page), {"confirm": "on"}).status_code == 403, page
    assert not sent.fac_rounds.get().confirmed


def test_team_members_who_do_not_run_the_assessment_read_but_cannot_send_or_publish(
    client, sent, trafford
):
    from ascassure.apps.assessments.models import TeamRole

    analyst = make_user(body_role=BodyRole.ANALYST)
    sent.assessment.assignments.create(user=analyst, role=TeamRole.ANALYST)
    sign_in(client, analyst)
    assert client.get(url(sent, "")).status_code == 200
    for page in ("send/", "publish/", "publication-date/", "fac/extension/", "correction/"):
        assert client.get(url(sent, page)).status_code == 403, page


# --- the public side ------------------------------------------------------------------------


def public(report, version, slug="trafford"):
    return f"/councils/{slug}/reports/{version.pk}/"


def test_no_public_address_shows_a_draft_or_a_sent_version(client, sent):
    for version in sent.versions.all():
        assert client.get(public(sent, version)).status_code == 404
        assert client.get(public(sent, version).rstrip("/") + ".pdf").status_code == 404


@pytest.fixture
def published(sent, lead, editor, fast_pdf):
    fac_round = sent.fac_rounds.get()
    fac.fac_extension_decide(
        fac_round=fac_round,
        decision="refused",
        reason="No.",
        working_days=None,
        by=lead,
        expected_version=fac_round.version_stamp,
    )
    for comment in FacComment.objects.all():
        fac.fac_comment_decide(
            comment=comment, decision="accepted", reason="", by=lead, expected_version=1
        )
    Assessment.objects.filter(pk=sent.assessment_id).update(stage="ready_to_publish")
    sent.assessment.refresh_from_db()
    services.publication_date_set(
        report=sent, day=date(2026, 1, 12), by=lead, today=date(2026, 1, 8)
    )
    return services.report_publish(report=sent, by=lead, today=date(2026, 1, 12))


def test_a_published_report_is_public_in_html_and_pdf_and_only_at_its_councils_address(
    client, published
):
    version = published.version
    page = client.get(public(None, version))
    assert page.status_code == 200
    assert SECRET.encode() in page.content  # version 2 was the one published
    assert page["ETag"] == f'"{version.html_sha256}"'
    pdf = client.get(public(None, version).rstrip("/") + ".pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    link = re.search(rb'href="([^"]+)">This report as a PDF', page.content).group(1).decode()
    assert client.get(link).content == pdf.content  # the page's own link to its PDF
    assert client.get(public(None, version, slug="bury")).status_code == 404
    earlier = published.version.report.versions.get(number=1)
    assert client.get(public(None, earlier)).status_code == 404


def test_a_published_file_changed_on_disk_is_not_served(client, published, settings):
    from pathlib import Path

    path = Path(settings.MEDIA_ROOT) / published.version.html_name
    path.write_bytes(path.read_bytes().replace(b"Trafford", b"Tampered"))
    assert client.get(public(None, published.version)).status_code == 404


def test_the_team_gets_a_published_version_as_the_stored_pdf_and_a_draft_rendered(
    client, published, lead, settings, monkeypatch
):
    from pathlib import Path

    from ascassure.apps.reports import rendering, storage

    rendered: list[str] = []
    monkeypatch.setattr(
        rendering, "render_pdf", lambda html: rendered.append(html) or b"%PDF-1.7 draft"
    )
    version = published.version
    sign_in(client, lead)
    frozen = client.get(url(published.version.report, f"versions/{version.number}.pdf"))
    assert frozen.status_code == 200 and frozen["Content-Type"] == "application/pdf"
    assert frozen.content == storage.read_checked(version.pdf_name, version.pdf_sha256)
    assert "draft" not in frozen["Content-Disposition"]
    assert rendered == []
    draft = client.get(url(published.version.report, "versions/1.pdf"))
    assert draft.content == b"%PDF-1.7 draft" and len(rendered) == 1
    assert "draft-report" in draft["Content-Disposition"]
    path = Path(settings.MEDIA_ROOT) / version.pdf_name
    path.write_bytes(b"%PDF-1.7 changed on disk")
    assert (
        client.get(url(published.version.report, f"versions/{version.number}.pdf")).status_code
        == 404
    )


def test_the_open_data_lists_the_published_result_and_never_a_draft(
    client, sent, lead, editor, fast_pdf
):
    rows = client.get("/open-data/ratings.csv").content.decode().splitlines()
    assert not any("Trafford" in row for row in rows)
    assert b"Trafford" not in client.get("/open-data/ratings.json").content
    fac_round = sent.fac_rounds.get()
    fac.fac_extension_decide(
        fac_round=fac_round,
        decision="refused",
        reason="No.",
        working_days=None,
        by=lead,
        expected_version=fac_round.version_stamp,
    )
    FacComment.objects.update(decision="accepted")
    Assessment.objects.filter(pk=sent.assessment_id).update(stage="ready_to_publish")
    sent.assessment.refresh_from_db()
    services.publication_date_set(
        report=sent, day=date(2026, 1, 12), by=lead, today=date(2026, 1, 8)
    )
    assert not any(
        "Trafford" in r for r in client.get("/open-data/ratings.csv").content.decode().splitlines()
    )
    services.report_publish(report=sent, by=lead, today=date(2026, 1, 12))
    rows = [
        r
        for r in client.get("/open-data/ratings.csv").content.decode().splitlines()
        if "Trafford" in r
    ]
    assert len(rows) == 1
    assert "E08000009" in rows[0] and "2026-01" in rows[0] and "Requires improvement" in rows[0]
    document = client.get("/open-data/ratings.json").json()
    (trafford,) = [r for r in document["results"] if r["ons_code"] == "E08000009"]
    assert trafford["percent"] == 59
