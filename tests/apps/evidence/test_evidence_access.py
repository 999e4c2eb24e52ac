"""Nobody outside the team sees or records evidence: every page tried as the wrong person."""

import pytest

from ascassure.apps.accounts.models import BodyRole, CouncilRole
from ascassure.apps.assessments.models import TeamRole
from ascassure.apps.evidence.models import EvidenceItem
from builders import PASSWORD, make_assessment, make_evidence, make_user

pytestmark = pytest.mark.django_db

PAGES = ("", "new/", "{item}/", "{item}/remove/", "triangulation/", "?qs=QS1")


@pytest.fixture
def assessment(trafford):
    return make_assessment(council=trafford, stage="ir_open")


@pytest.fixture
def item(assessment):
    return make_evidence(assessment=assessment)


def sign_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def outsiders(trafford, bury):
    return {
        "another council's editor": make_user(council=bury),
        "an unassigned assessor": make_user(body_role=BodyRole.ASSESSOR),
        "the council's own viewer": make_user(council=trafford, council_role=CouncilRole.VIEWER),
        "the council's own editor": make_user(council=trafford),
    }


@pytest.mark.parametrize("page", PAGES)
def test_people_outside_the_team_get_not_found_on_every_page(
    client, trafford, bury, assessment, item, page
):
    url = f"/assessments/{assessment.pk}/evidence/" + page.format(item=item.pk)
    for who, user in outsiders(trafford, bury).items():
        sign_in(client, user)
        assert client.get(url).status_code == 404, who


@pytest.mark.parametrize("page", ("new/", "{item}/", "{item}/remove/"))
def test_posts_from_people_outside_the_team_change_nothing(
    client, trafford, bury, assessment, item, page
):
    url = f"/assessments/{assessment.pk}/evidence/" + page.format(item=item.pk)
    post = {
        "qs_codes": ["QS2"],
        "category": "people",
        "source": "survey",
        "evidence_date": "01/09/2025",
        "summary": "Tampered",
        "direction": "shortfall",
        "version": 1,
    }
    for who, user in outsiders(trafford, bury).items():
        sign_in(client, user)
        assert client.post(url, post).status_code == 404, who
    item.refresh_from_db()
    assert EvidenceItem.objects.count() == 1 and item.summary != "Tampered"


def test_an_item_of_another_assessment_is_not_found_through_this_one(client, trafford, bury):
    lead = make_user(body_role=BodyRole.NATIONAL_LEAD)
    mine = make_assessment(council=trafford)
    theirs = make_evidence(assessment=make_assessment(council=bury))
    sign_in(client, lead)
    for page in ("{item}/", "{item}/remove/"):
        url = f"/assessments/{mine.pk}/evidence/" + page.format(item=theirs.pk)
        assert client.get(url).status_code == 404


def test_a_panel_member_reads_the_evidence_during_calibration_but_cannot_record_it(
    client, trafford, item
):
    panel = make_user(body_role=BodyRole.PANEL_MEMBER)
    assessment = item.assessment
    assessment.assignments.create(user=panel, role=TeamRole.PANEL_MEMBER)
    sign_in(client, panel)
    base = f"/assessments/{assessment.pk}/evidence/"
    assert client.get(base).status_code == 404  # not with the panel yet
    assessment.stage = "calibration"
    assessment.save()
    assert client.get(base).status_code == 200
    assert client.get(base + "triangulation/").status_code == 200
    assert "Record evidence" not in client.get(base).content.decode()
    for page in ("new/", f"{item.pk}/", f"{item.pk}/remove/"):
        assert client.get(base + page).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, assessment, item):
    for page in PAGES:
        url = f"/assessments/{assessment.pk}/evidence/" + page.format(item=item.pk)
        response = client.get(url)
        assert response.status_code == 302 and "/account/sign-in/" in response["Location"]
