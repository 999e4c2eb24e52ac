"""Every scoring page tried as the wrong person: outsiders get 404, the wrong role a 403."""

import pytest

from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.assessments.models import Assessment, TeamRole
from ascassure.apps.scoring.models import Calibration, QsScore, RatingLock
from builders import PASSWORD, make_assessment, make_scores, make_user

pytestmark = pytest.mark.django_db

PAGES = (
    "",
    "qs/QS1/",
    "calibration/",
    "calibration/QS1/",
    "lock/",
    "history/",
    "summary.json",
)


def sign_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)


@pytest.fixture
def scored(trafford):
    assessment = make_assessment(council=trafford, stage="scoring")
    make_scores(assessment=assessment, scores=(3,) * 9)
    return assessment


def url(assessment, page):
    return f"/assessments/{assessment.pk}/scoring/{page}"


@pytest.mark.parametrize("page", PAGES)
def test_an_assessor_not_on_the_team_gets_not_found(client, scored, page):
    sign_in(client, make_user(body_role=BodyRole.ASSESSOR))
    assert client.get(url(scored, page)).status_code == 404
    assert client.post(url(scored, page), {"score": 1, "version": 1}).status_code in (404, 405)
    assert QsScore.objects.get(qs_code="QS1").score == 3


@pytest.mark.parametrize("page", PAGES)
def test_council_staff_get_not_found_even_for_their_own_council(client, scored, trafford, page):
    sign_in(client, make_user(council=trafford))
    assert client.get(url(scored, page)).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_a_panel_member_gets_not_found_while_the_assessment_is_not_with_the_panel(
    client, scored, page
):
    panel = make_user(body_role=BodyRole.PANEL_MEMBER)
    scored.assignments.create(user=panel, role=TeamRole.PANEL_MEMBER)
    sign_in(client, panel)
    assert client.get(url(scored, page)).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_signed_out_visitors_are_sent_to_sign_in(client, scored, page):
    response = client.get(url(scored, page))
    assert response.status_code == 302 and "/account/sign-in/" in response["Location"]


@pytest.mark.parametrize("role", [TeamRole.ANALYST, TeamRole.EXPERT_BY_EXPERIENCE])
def test_team_members_who_are_not_inspectors_read_the_scores_but_cannot_propose(
    client, scored, role
):
    member = make_user(body_role=BodyRole.ANALYST)
    scored.assignments.create(user=member, role=role)
    sign_in(client, member)
    assert client.get(url(scored, "")).status_code == 200
    assert client.get(url(scored, "history/")).status_code == 200
    assert client.get(url(scored, "qs/QS1/")).status_code == 403
    response = client.post(url(scored, "qs/QS1/"), {"score": 1, "rationale": "x", "version": 1})
    assert response.status_code == 403
    assert QsScore.objects.get(qs_code="QS1").score == 3


@pytest.mark.parametrize("page", ["calibration/QS1/", "lock/"])
def test_an_inspector_on_the_team_cannot_calibrate_or_lock(client, scored, page):
    inspector = make_user(body_role=BodyRole.ASSESSOR)
    scored.assignments.create(user=inspector, role=TeamRole.INSPECTOR)
    Assessment.objects.filter(pk=scored.pk).update(stage="calibration")
    sign_in(client, inspector)
    assert client.get(url(scored, page)).status_code == 403
    response = client.post(url(scored, page), {"agreed_score": 1, "reason": "x", "version": 1})
    assert response.status_code == 403
    assert not Calibration.objects.exists() and not RatingLock.objects.exists()


def test_a_panel_member_with_the_panel_cannot_propose_a_score(client, scored):
    panel = make_user(body_role=BodyRole.PANEL_MEMBER)
    scored.assignments.create(user=panel, role=TeamRole.PANEL_MEMBER)
    Assessment.objects.filter(pk=scored.pk).update(stage="calibration")
    sign_in(client, panel)
    assert client.get(url(scored, "")).status_code == 200
    assert client.get(url(scored, "qs/QS1/")).status_code == 403


def test_an_unknown_statement_is_not_found(client, scored):
    sign_in(client, make_user(body_role=BodyRole.NATIONAL_LEAD))
    assert client.get(url(scored, "qs/QS10/")).status_code == 404
    assert client.get(url(scored, "calibration/QS10/")).status_code == 404
