"""Nobody sees or changes what is not theirs: every page and the download, as the wrong person."""

from datetime import date
from types import SimpleNamespace

import pytest

from ascassure.apps.inforeturn import services
from ascassure.apps.inforeturn.models import ExtensionRequest, IRItem, IRUpload
from builders import make_assessment, make_ir_request, make_ir_upload

pytestmark = pytest.mark.django_db

TEAM_PAGES = ("", "send/", "items/new/", "items/{item}/", "extensions/{extension}/")
TEAM_POSTS = (
    "send/",
    "items/new/",
    "items/{item}/due-date/",
    "items/{item}/remove/",
    "extensions/{extension}/",
)
COUNCIL_PAGES = ("council/", "council/items/{item}/", "council/items/{item}/extension/")
COUNCIL_POSTS = (
    "council/items/{item}/upload/",
    "council/items/{item}/answer/",
    "council/items/{item}/complete/",
    "council/items/{item}/reopen/",
    "council/items/{item}/extension/",
    "council/files/{upload}/remove/",
)
DOWNLOAD = "files/{upload}/"


@pytest.fixture
def world(ir, assessment, people, bury):
    strategy = ir.items.get(key="strategy")
    upload = make_ir_upload(item=strategy, by=people.editor, name="strategy.csv")
    workforce = ir.items.get(key="workforce_data")
    extension = services.ir_extension_request(
        item=workforce,
        requested_due=date(2026, 2, 16),
        reason="HR board",
        by=people.editor,
        expected_version=workforce.version,
    )
    other = make_assessment(council=bury, stage="notified")
    other_ir = make_ir_request(assessment=other)
    other_item = other_ir.items.get(key="strategy")
    other_upload = make_ir_upload(item=other_item, name="bury.csv")
    return SimpleNamespace(
        base=f"/assessments/{assessment.pk}/information-return/",
        ids={"item": strategy.pk, "extension": extension.pk, "upload": upload.pk},
        other_ids={"item": other_item.pk, "extension": 0, "upload": other_upload.pk},
        other_base=f"/assessments/{other.pk}/information-return/",
    )


def url(world, page: str, ids=None) -> str:
    return world.base + page.format(**(ids or world.ids))


def state() -> tuple:
    """Everything a refused edit might have touched."""
    return (
        list(IRItem.objects.order_by("pk").values_list("version", "due_date", "status", "link")),
        IRUpload.objects.count(),
        list(ExtensionRequest.objects.values_list("status", flat=True)),
    )


# --- the assessing body -------------------------------------------------------------------


@pytest.mark.parametrize("page", (*TEAM_PAGES, *COUNCIL_PAGES, DOWNLOAD))
def test_an_assessor_not_on_the_team_gets_not_found(client, world, people, sign_in, page):
    sign_in(people.outsider)
    assert client.get(url(world, page)).status_code == 404


@pytest.mark.parametrize("page", (*TEAM_POSTS, *COUNCIL_POSTS))
def test_an_assessor_not_on_the_team_cannot_post_anything(client, world, people, sign_in, page):
    sign_in(people.outsider)
    before = state()
    assert client.post(url(world, page), {"version": 1}).status_code == 404
    assert state() == before


@pytest.mark.parametrize("page", TEAM_POSTS)
def test_an_inspector_on_the_team_reads_but_cannot_change_the_request(
    client, world, people, sign_in, page
):
    sign_in(people.inspector)
    assert client.get(url(world, "")).status_code == 200
    assert client.get(url(world, "items/{item}/")).status_code == 200
    before = state()
    response = client.post(url(world, page), {"version": 2, "decision": "grant", "reason": "x"})
    assert response.status_code == 403
    assert state() == before


@pytest.mark.parametrize("page", COUNCIL_PAGES)
def test_the_team_does_not_use_the_councils_pages(client, world, people, sign_in, page):
    sign_in(people.lead)
    assert client.get(url(world, page)).status_code == 404


def test_the_team_of_the_assessment_downloads_its_files(client, world, people, sign_in):
    for person in (people.lead, people.inspector):
        sign_in(person)
        response = client.get(url(world, DOWNLOAD))
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="strategy.csv"'


# --- the council ----------------------------------------------------------------------------


@pytest.mark.parametrize("page", (*COUNCIL_PAGES, *TEAM_PAGES, DOWNLOAD))
def test_another_councils_user_gets_not_found(client, world, people, sign_in, page):
    sign_in(people.other_council)
    assert client.get(url(world, page)).status_code == 404


@pytest.mark.parametrize("page", (*COUNCIL_POSTS, *TEAM_POSTS))
def test_another_councils_user_cannot_post_anything(client, world, people, sign_in, page):
    sign_in(people.other_council)
    before = state()
    assert client.post(url(world, page), {"version": 2}).status_code == 404
    assert state() == before


@pytest.mark.parametrize("page", TEAM_PAGES)
def test_council_staff_cannot_open_the_teams_pages_even_of_their_own_council(
    client, world, people, sign_in, page
):
    sign_in(people.editor)
    assert client.get(url(world, page)).status_code == 404


@pytest.mark.parametrize("page", (*COUNCIL_PAGES[:2], DOWNLOAD))
def test_items_and_files_of_another_assessment_are_not_found_under_ones_own(
    client, world, people, sign_in, page
):
    sign_in(people.editor)
    assert client.get(url(world, page)).status_code == 200
    if page != COUNCIL_PAGES[0]:
        assert client.get(url(world, page, world.other_ids)).status_code == 404


@pytest.mark.parametrize("page", COUNCIL_POSTS)
def test_an_editor_cannot_post_to_another_assessments_items_under_their_own(
    client, world, people, sign_in, page
):
    sign_in(people.editor)
    before = state()
    assert client.post(url(world, page, world.other_ids), {"version": 2}).status_code == 404
    assert state() == before


@pytest.mark.parametrize("page", COUNCIL_POSTS)
def test_a_council_viewer_cannot_post_edits(client, world, people, sign_in, page):
    sign_in(people.viewer)
    before = state()
    response = client.post(
        url(world, page),
        {
            "version": 2,
            "answer-version": 2,
            "answer-link": "https://example.gov.uk/x",
            "complete-version": 2,
            "complete-status": "not_held",
            "complete-note": "x",
            "requested_due": "01/03/2026",
            "reason": "x",
        },
    )
    assert response.status_code == 403
    assert state() == before


def test_a_council_viewer_reads_the_request_and_downloads_files_without_forms(
    client, world, people, sign_in
):
    sign_in(people.viewer)
    html = client.get(url(world, "council/items/{item}/")).content.decode()
    assert "Adult social care strategy" in html and "strategy.csv" in html
    assert "Upload file" not in html and "Mark as complete" not in html
    assert client.get(url(world, DOWNLOAD)).status_code == 200
    assert client.get(url(world, "council/items/{item}/extension/")).status_code == 403


def test_the_councils_people_see_their_request_only_once_sent(
    client, trafford, assessment, people, sign_in
):
    sign_in(people.editor)
    base = f"/assessments/{assessment.pk}/information-return/council/"
    assert "has not sent your information return request yet" in client.get(base).content.decode()


@pytest.mark.parametrize("page", (*TEAM_PAGES, *COUNCIL_PAGES, DOWNLOAD))
def test_signed_out_visitors_are_sent_to_sign_in(client, world, page):
    response = client.get(url(world, page))
    assert response.status_code == 302 and "/account/sign-in/" in response["Location"]
