from datetime import date

import pytest

from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.assessments.models import TeamRole
from ascassure.apps.onsite.models import OnsiteVisit, Question, Session
from ascassure.apps.onsite.services import question_bank_load
from builders import PASSWORD, make_assessment, make_session, make_user, make_visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead_client(client):
    lead = make_user(body_role=BodyRole.NATIONAL_LEAD, full_name="Nadia Lead")
    client.login(username=lead.username, password=PASSWORD)
    return client


@pytest.fixture
def assessment(trafford):
    return make_assessment(council=trafford, stage="evidence_gathering")


def url(assessment, tail=""):
    return f"/assessments/{assessment.pk}/onsite/{tail}"


def test_the_on_site_tab_is_among_the_assessments_tabs(lead_client, assessment):
    html = lead_client.get(f"/assessments/{assessment.pk}/").content.decode()
    assert f'href="{url(assessment)}">On-site</a>' in html


def test_the_plan_before_any_dates_shows_the_expected_window_and_a_way_to_set_them(
    lead_client, assessment
):
    html = lead_client.get(url(assessment)).content.decode()
    assert "The dates of the site visit are not set yet." in html
    assert "16 March to 30 March 2026" in html
    assert f'href="{url(assessment, "visit/")}">Set the visit\'s dates</a>' in html


def test_setting_the_dates_through_the_page_lists_each_day_of_the_visit(lead_client, assessment):
    response = lead_client.post(
        url(assessment, "visit/"),
        {
            "first_day": "17/03/2026",
            "last_day": "19/03/2026",
            "base_location": "Trafford Town Hall",
            "version": 0,
        },
    )
    assert response["Location"] == url(assessment)
    html = lead_client.get(url(assessment)).content.decode()
    assert "Tuesday 17 March 2026 to Thursday 19 March 2026 (3 days)" in html
    for heading in (
        "Day 1: Tuesday 17 March 2026",
        "Day 2: Wednesday 18 March 2026",
        "Day 3: Thursday 19 March 2026",
    ):
        assert heading in html
    assert "Trafford Town Hall" in html


def test_a_five_day_visit_is_refused_in_the_error_summary_and_the_typed_dates_are_kept(
    lead_client, assessment
):
    html = lead_client.post(
        url(assessment, "visit/"),
        {"first_day": "17/03/2026", "last_day": "21/03/2026", "base_location": "", "version": 0},
    ).content.decode()
    assert "There is a problem" in html
    assert (
        '<a href="#id_last_day">A site visit lasts at most 4 days: choose a last day no later '
        "than Friday 20 March 2026.</a>" in html
    )
    assert 'value="21/03/2026"' in html
    assert not OnsiteVisit.objects.exists()


def test_a_visit_on_a_bank_holiday_and_a_short_visit_are_flagged_on_the_plan(
    lead_client, assessment
):
    make_visit(assessment=assessment, first_day=date(2026, 4, 3), days=2)  # Good Friday, Sat
    html = lead_client.get(url(assessment)).content.decode()
    assert "The visit lasts 2 days; visits usually last 3 to 4 days." in html
    assert (
        "Not a working day (weekend or bank holiday): Friday 3 April 2026, Saturday 4 April" in html
    )
    assert "The visit falls outside the expected on-site window" in html


def test_adding_a_session_through_the_page_shows_it_under_its_day(lead_client, assessment):
    make_visit(assessment=assessment, first_day=date(2026, 3, 17))
    form = lead_client.get(url(assessment, "sessions/new/?day=2026-03-18")).content.decode()
    assert '<option value="2026-03-18" selected>Wednesday 18 March 2026</option>' in form
    assert "<legend" in form and "Who the session is with" in form
    response = lead_client.post(
        url(assessment, "sessions/new/"),
        {
            "day": "2026-03-18",
            "start_time": "09.30",
            "end_time": "10:30",
            "kind": "interview",
            "title": "Lead member for adult social care",
            "participant_roles": ["lead_member"],
            "place": "",
            "online_link": "meet.example.org/abc",
            "notes": "",
            "version": 0,
        },
    )
    assert response["Location"] == url(assessment)
    session = Session.objects.get()
    assert session.online_link == "https://meet.example.org/abc"
    html = lead_client.get(url(assessment)).content.decode()
    day2 = html.index("Day 2: Wednesday 18 March 2026")
    day3 = html.index("Day 3")
    assert day2 < html.index("09:30 to 10:30") < day3
    assert "Lead member for adult social care" in html[day2:day3]
    assert 'href="https://meet.example.org/abc"' in html


def test_session_form_errors_link_to_the_field_including_the_first_checkbox(
    lead_client, assessment
):
    make_visit(assessment=assessment)
    html = lead_client.post(
        url(assessment, "sessions/new/"),
        {
            "day": "2026-03-17",
            "start_time": "11:00",
            "end_time": "10:00",
            "kind": "focus_group",
            "title": "Staff",
            "place": "",
            "online_link": "",
            "version": 0,
        },
    ).content.decode()
    assert '<a href="#id_end_time">The end time must be after the start time</a>' in html
    assert '<a href="#id_participant_roles_0">Choose who the session is with</a>' in html
    assert '<a href="#id_place">Give a place or an online link for the session</a>' in html
    assert 'value="focus_group" checked' in html
    assert not Session.objects.exists()


def test_deleting_a_session_asks_first_then_removes_it(lead_client, assessment):
    session = make_session(visit=make_visit(assessment=assessment), title="Providers")
    page = lead_client.get(url(assessment, f"sessions/{session.pk}/delete/")).content.decode()
    assert "Are you sure you want to delete this session?" in page
    assert Session.objects.filter(pk=session.pk).exists()
    response = lead_client.post(
        url(assessment, f"sessions/{session.pk}/delete/"), {"version": session.version}
    )
    assert response.status_code == 302
    assert not Session.objects.filter(pk=session.pk).exists()


def test_a_stale_session_edit_is_refused_with_a_message_on_the_page(lead_client, assessment):
    session = make_session(visit=make_visit(assessment=assessment), title="First")
    Session.objects.filter(pk=session.pk).update(version=2, title="Changed meanwhile")
    html = lead_client.post(
        url(assessment, f"sessions/{session.pk}/"),
        {
            "day": "2026-03-17",
            "start_time": "10:00",
            "end_time": "11:00",
            "kind": "interview",
            "title": "Mine",
            "participant_roles": ["dass"],
            "place": "Room 1",
            "version": 1,
        },
    ).content.decode()
    assert "Someone else changed this session while you were working on it." in html
    session.refresh_from_db()
    assert session.title == "Changed meanwhile"


def test_choosing_questions_shows_those_for_the_people_in_the_session(lead_client, assessment):
    question_bank_load()
    session = make_session(visit=make_visit(assessment=assessment), roles=("lead_member",))
    page = lead_client.get(url(assessment, f"sessions/{session.pk}/questions/")).content.decode()
    assert "Lead member for adult social care</h3>" in page
    assert "Director of Adult Social Services</h3>" not in page
    chosen = list(Question.objects.filter(role="lead_member").order_by("position")[:2])
    lead_client.post(
        url(assessment, f"sessions/{session.pk}/questions/"),
        {"questions": [q.pk for q in chosen], "version": session.version},
    )
    assert set(session.questions.all()) == set(chosen)
    plan = lead_client.get(url(assessment)).content.decode()
    assert "2 questions<span" in plan


def test_the_question_bank_lists_questions_by_role_with_the_statements_they_inform(
    lead_client, assessment
):
    question_bank_load()
    html = lead_client.get(url(assessment, "questions/")).content.decode()
    assert 'id="role-lead_member">Lead member for adult social care</h3>' in html
    assert "Tell us about a time you challenged officers" in html
    assert 'href="#role-people_and_carers"' in html


def test_the_printable_schedule_is_a_page_of_its_own_with_sessions_and_questions(
    lead_client, assessment
):
    question_bank_load()
    visit = make_visit(assessment=assessment, first_day=date(2026, 3, 17))
    session = make_session(
        visit=visit,
        day=date(2026, 3, 18),
        title="Chair of scrutiny",
        roles=("scrutiny_chair",),
        place="",
        online_link="https://meet.example.org/scrutiny",
    )
    session.questions.set(Question.objects.filter(key="scrutiny-programme"))
    html = lead_client.get(url(assessment, "schedule/")).content.decode()
    assert "<h1>On-site schedule: Trafford</h1>" in html
    assert 'class="govuk-subnav' not in html and "app-subnav" not in html
    assert "@media print" in html and "break-before: page" in html
    assert "Day 2: Wednesday 18 March 2026" in html
    assert "10:00 to 11:00: Chair of scrutiny" in html
    assert "https://meet.example.org/scrutiny</dd>" in html  # printed in full
    assert "Which adult social care topics has your committee looked at" in html


def test_the_schedule_as_a_pdf_has_the_sessions_in_its_text(lead_client, assessment):
    pypdf = pytest.importorskip("pypdf")
    import io

    visit = make_visit(assessment=assessment, first_day=date(2026, 3, 17))
    make_session(visit=visit, title="Interview with the principal social worker")
    response = lead_client.get(url(assessment, "schedule.pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="on-site-schedule-trafford.pdf"' in response["Content-Disposition"]
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "On-site schedule: Trafford" in text
    assert "Interview with the principal social worker" in text


def test_an_inspector_on_the_team_reads_the_plan_without_change_links(client, trafford):
    inspector = make_user(body_role=BodyRole.ASSESSOR)
    assessment = make_assessment(council=trafford, team=((inspector, TeamRole.INSPECTOR),))
    session = make_session(visit=make_visit(assessment=assessment), title="Staff drop-in")
    client.login(username=inspector.username, password=PASSWORD)
    html = client.get(url(assessment)).content.decode()
    assert "Staff drop-in" in html
    assert "Add a session" not in html and ">Change<" not in html and "Delete" not in html
    questions = client.get(url(assessment, f"sessions/{session.pk}/questions/")).content.decode()
    assert "No questions chosen for this session yet." in questions
    assert "Save the questions" not in questions and 'type="checkbox"' not in questions
