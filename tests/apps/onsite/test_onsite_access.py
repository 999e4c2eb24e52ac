"""Every on-site page tried as the wrong person: outsiders get 404, readers cannot change."""

import pytest

from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.assessments.models import TeamRole
from ascassure.apps.onsite.models import OnsiteVisit, Session
from builders import PASSWORD, make_assessment, make_session, make_user, make_visit

pytestmark = pytest.mark.django_db

PAGES = (
    "",
    "visit/",
    "sessions/new/",
    "sessions/{s}/",
    "sessions/{s}/delete/",
    "sessions/{s}/questions/",
    "questions/",
    "schedule/",
    "schedule.pdf",
)
CHANGES = ("visit/", "sessions/new/", "sessions/{s}/", "sessions/{s}/delete/")


@pytest.fixture
def planned(trafford):
    assessment = make_assessment(council=trafford, stage="evidence_gathering")
    session = make_session(visit=make_visit(assessment=assessment), title="Untouched")
    return assessment, session


def page_url(planned, page):
    assessment, session = planned
    return f"/assessments/{assessment.pk}/onsite/" + page.format(s=session.pk)


def sign_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)


@pytest.mark.parametrize("page", PAGES)
def test_an_assessor_not_on_the_team_gets_not_found(client, planned, page):
    sign_in(client, make_user(body_role=BodyRole.ASSESSOR))
    assert client.get(page_url(planned, page)).status_code == 404
    assert client.post(page_url(planned, page), {"version": 1}).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_council_staff_get_not_found_even_for_their_own_council(client, planned, trafford, page):
    sign_in(client, make_user(council=trafford))
    assert client.get(page_url(planned, page)).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_a_panel_member_outside_calibration_gets_not_found(client, planned, page):
    panel = make_user(body_role=BodyRole.PANEL_MEMBER)
    assessment, _ = planned
    assessment.assignments.create(user=panel, role=TeamRole.PANEL_MEMBER)
    sign_in(client, panel)
    assert client.get(page_url(planned, page)).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_signed_out_visitors_are_sent_to_sign_in(client, planned, page):
    response = client.get(page_url(planned, page))
    assert response.status_code == 302 and "/account/sign-in/" in response["Location"]


@pytest.mark.parametrize("page", CHANGES)
def test_an_inspector_on_the_team_is_refused_every_change_and_nothing_changes(
    client, planned, page
):
    inspector = make_user(body_role=BodyRole.ASSESSOR)
    assessment, _ = planned
    assessment.assignments.create(user=inspector, role=TeamRole.INSPECTOR)
    sign_in(client, inspector)
    assert client.get(page_url(planned, page)).status_code == 403
    data = {
        "first_day": "24/03/2026",
        "last_day": "25/03/2026",
        "day": "2026-03-17",
        "start_time": "09:00",
        "end_time": "10:00",
        "kind": "interview",
        "title": "Changed",
        "participant_roles": ["dass"],
        "place": "Here",
        "version": 1,
    }
    assert client.post(page_url(planned, page), data).status_code == 403
    assert Session.objects.get().title == "Untouched"
    assert OnsiteVisit.objects.get().first_day.isoformat() == "2026-03-17"


def test_an_inspector_on_the_team_cannot_choose_a_sessions_questions(client, planned):
    inspector = make_user(body_role=BodyRole.ASSESSOR)
    assessment, _ = planned
    assessment.assignments.create(user=inspector, role=TeamRole.INSPECTOR)
    sign_in(client, inspector)
    response = client.post(page_url(planned, "sessions/{s}/questions/"), {"version": 1})
    assert response.status_code == 403


def test_a_session_of_another_assessment_is_not_found_through_this_one(client, planned, bury):
    lead = make_user(body_role=BodyRole.NATIONAL_LEAD)
    other = make_assessment(council=bury)
    other_session = make_session(visit=make_visit(assessment=other))
    assessment, _ = planned
    sign_in(client, lead)
    response = client.get(f"/assessments/{assessment.pk}/onsite/sessions/{other_session.pk}/")
    assert response.status_code == 404
