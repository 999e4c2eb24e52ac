"""Nobody sees what is not theirs: every assessment page tried as the wrong person."""

import pytest

from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.assessments.models import TeamRole
from builders import PASSWORD, make_assessment, make_user

pytestmark = pytest.mark.django_db

TEAM_PAGES = ("", "timeline/", "team/", "milestones/ir_due/")


def sign_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)


@pytest.mark.parametrize("page", TEAM_PAGES)
def test_an_assessor_not_on_the_team_gets_not_found(client, trafford, page):
    assessment = make_assessment(council=trafford)
    sign_in(client, make_user(body_role=BodyRole.ASSESSOR))
    assert client.get(f"/assessments/{assessment.pk}/{page}").status_code == 404


@pytest.mark.parametrize("page", TEAM_PAGES)
def test_council_staff_cannot_open_the_teams_pages_even_of_their_own_council(
    client, trafford, page
):
    assessment = make_assessment(council=trafford, stage="ir_open")
    sign_in(client, make_user(council=trafford))
    assert client.get(f"/assessments/{assessment.pk}/{page}").status_code == 404


def test_council_staff_see_their_own_councils_assessments_and_no_other(client, trafford, bury):
    mine = make_assessment(council=trafford, stage="ir_open")
    make_assessment(council=bury, stage="ir_open")
    planned = make_assessment(council=trafford)
    sign_in(client, make_user(council=trafford))
    html = client.get("/assessments/council/").content.decode()
    assert html.count("Trafford") >= 1 and "Bury" not in html
    assert mine.get_stage_display().lower() in html
    assert planned.pk  # a planned assessment is not shown before notification
    assert "planned" not in html.lower()


def test_a_panel_member_sees_an_assessment_only_while_it_is_with_the_panel(client, trafford):
    panel = make_user(body_role=BodyRole.PANEL_MEMBER)
    assessment = make_assessment(council=trafford, team=((panel, TeamRole.PANEL_MEMBER),))
    sign_in(client, panel)
    assert client.get(f"/assessments/{assessment.pk}/").status_code == 404
    assessment.stage = "calibration"
    assessment.save()
    assert client.get(f"/assessments/{assessment.pk}/").status_code == 200
    assert client.get(f"/assessments/{assessment.pk}/team/").status_code == 403


def test_an_inspector_on_the_team_reads_but_cannot_change_dates_or_stage(client, trafford):
    inspector = make_user(body_role=BodyRole.ASSESSOR)
    assessment = make_assessment(council=trafford, team=((inspector, TeamRole.INSPECTOR),))
    sign_in(client, inspector)
    assert client.get(f"/assessments/{assessment.pk}/").status_code == 200
    assert client.get(f"/assessments/{assessment.pk}/milestones/ir_due/").status_code == 403
    response = client.post(
        f"/assessments/{assessment.pk}/stage/",
        {"event": "withdraw", "reason": "x", "version": assessment.version},
    )
    assert response.status_code == 403
    assessment.refresh_from_db()
    assert assessment.stage == "planned"


def test_only_the_national_lead_creates_assessments(client, trafford):
    sign_in(client, make_user(body_role=BodyRole.ASSESSOR))
    assert client.get("/assessments/new/").status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, trafford):
    assessment = make_assessment(council=trafford)
    response = client.get(f"/assessments/{assessment.pk}/")
    assert response.status_code == 302 and "/account/sign-in/" in response["Location"]
