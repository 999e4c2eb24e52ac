from datetime import date, time

import pytest

from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.assessments import services as core
from ascassure.apps.assessments.facts import assessment_facts
from ascassure.apps.assessments.models import AssessmentEvent, TeamRole
from ascassure.apps.assessments.services import ServiceRefusal
from ascassure.apps.onsite import services
from ascassure.apps.onsite.models import OnsiteVisit, Question, Session
from builders import make_assessment, make_session, make_user, make_visit

pytestmark = pytest.mark.django_db

TUESDAY = date(2026, 3, 17)


@pytest.fixture
def lead(db):
    return make_user(body_role=BodyRole.NATIONAL_LEAD, full_name="Nadia Lead")


def session_values(**changes):
    values = {
        "day": TUESDAY,
        "start_time": time(10, 0),
        "end_time": time(11, 0),
        "kind": "interview",
        "title": "Interview with the lead member",
        "participant_roles": ["lead_member"],
        "place": "Committee room 2",
        "online_link": "",
        "notes": "",
    }
    return values | changes


def test_setting_the_visit_gives_the_stage_rules_its_first_and_last_days(trafford, lead):
    assessment = make_assessment(council=trafford, stage="evidence_gathering")
    services.onsite_visit_set(
        assessment=assessment,
        first_day=TUESDAY,
        last_day=date(2026, 3, 19),
        base_location="Trafford Town Hall",
        by=lead,
        expected_version=0,
    )
    facts = assessment_facts(assessment=assessment, today=date(2026, 3, 1))
    assert (facts.onsite_start, facts.onsite_end) == (TUESDAY, date(2026, 3, 19))
    summary = AssessmentEvent.objects.filter(kind="onsite_visit").get().summary
    assert summary == "Site visit set for 17 Mar to 19 Mar 2026"


def test_the_core_starts_the_site_visit_only_once_its_dates_are_set(trafford, lead):
    inspector = make_user(body_role=BodyRole.ASSESSOR)
    assessment = make_assessment(
        council=trafford,
        stage="evidence_gathering",
        team=((inspector, TeamRole.LEAD_INSPECTOR),),
    )
    with pytest.raises(ServiceRefusal) as refused:
        core.assessment_transition(
            assessment=assessment, event="start_onsite", by=lead, today=date(2026, 3, 1)
        )
    assert (
        "Set the first and last days of the site visit before it starts." in refused.value.reasons
    )
    make_visit(assessment=assessment)
    moved = core.assessment_transition(
        assessment=assessment, event="start_onsite", by=lead, today=date(2026, 3, 17)
    )
    assert moved.stage == "onsite"


def test_a_visit_of_five_days_is_refused_naming_the_latest_last_day(trafford, lead):
    assessment = make_assessment(council=trafford)
    with pytest.raises(ServiceRefusal) as refused:
        services.onsite_visit_set(
            assessment=assessment,
            first_day=TUESDAY,
            last_day=date(2026, 3, 21),
            base_location="",
            by=lead,
            expected_version=0,
        )
    assert refused.value.reasons == (
        "A site visit lasts at most 4 days: choose a last day no later than Friday 20 March 2026.",
    )
    assert not OnsiteVisit.objects.exists()


def test_a_one_day_visit_is_allowed_and_a_reversed_one_is_not(trafford, lead):
    assessment = make_assessment(council=trafford)
    with pytest.raises(ServiceRefusal) as refused:
        services.onsite_visit_set(
            assessment=assessment,
            first_day=TUESDAY,
            last_day=date(2026, 3, 16),
            base_location="",
            by=lead,
            expected_version=0,
        )
    assert refused.value.reasons == (services.VISIT_DAYS_REVERSED,)
    visit = services.onsite_visit_set(
        assessment=assessment,
        first_day=TUESDAY,
        last_day=TUESDAY,
        base_location="",
        by=lead,
        expected_version=0,
    )
    assert visit.days == [TUESDAY]


def test_moving_the_dates_away_from_planned_sessions_is_refused_and_names_them(trafford, lead):
    assessment = make_assessment(council=trafford)
    visit = make_visit(assessment=assessment, first_day=TUESDAY, days=3)
    make_session(visit=visit, day=date(2026, 3, 19), title="Providers' focus group")
    with pytest.raises(ServiceRefusal) as refused:
        services.onsite_visit_set(
            assessment=assessment,
            first_day=TUESDAY,
            last_day=date(2026, 3, 18),
            base_location="",
            by=lead,
            expected_version=visit.version,
        )
    assert refused.value.reasons == (
        "1 session would fall outside the new dates (Providers' focus group). "
        "Move or delete it first.",
    )
    visit.refresh_from_db()
    assert visit.last_day == date(2026, 3, 19)


def test_a_visit_change_based_on_an_old_version_is_refused_and_the_newer_dates_stay(trafford, lead):
    assessment = make_assessment(council=trafford)
    first = services.onsite_visit_set(
        assessment=assessment,
        first_day=TUESDAY,
        last_day=date(2026, 3, 19),
        base_location="",
        by=lead,
        expected_version=0,
    )
    with pytest.raises(ServiceRefusal) as refused:
        services.onsite_visit_set(
            assessment=assessment,
            first_day=date(2026, 3, 24),
            last_day=date(2026, 3, 26),
            base_location="",
            by=lead,
            expected_version=0,  # they started before the first save
        )
    assert refused.value.reasons == (services.STALE_VISIT,)
    first.refresh_from_db()
    assert first.first_day == TUESDAY and first.version == 1


def test_a_session_with_every_problem_is_refused_with_every_reason(trafford, lead):
    assessment = make_assessment(council=trafford)
    make_visit(assessment=assessment, first_day=TUESDAY)
    with pytest.raises(ServiceRefusal) as refused:
        services.session_create(
            assessment=assessment,
            by=lead,
            **session_values(
                day=date(2026, 3, 23),
                start_time=time(11, 0),
                end_time=time(10, 0),
                participant_roles=[],
                place="",
            ),
        )
    assert refused.value.reasons == (
        services.DAY_OUTSIDE_VISIT,
        services.TIMES_REVERSED,
        services.NO_PARTICIPANTS,
        services.NO_PLACE,
    )
    assert not Session.objects.exists()


def test_a_session_needs_the_visit_first(trafford, lead):
    assessment = make_assessment(council=trafford)
    with pytest.raises(ServiceRefusal) as refused:
        services.session_create(assessment=assessment, by=lead, **session_values())
    assert refused.value.reasons == (services.NO_VISIT,)


def test_adding_changing_and_deleting_a_session_are_each_on_the_timeline(trafford, lead):
    assessment = make_assessment(council=trafford)
    make_visit(assessment=assessment, first_day=TUESDAY)
    session = services.session_create(
        assessment=assessment,
        by=lead,
        **session_values(participant_roles=["opposition_lead", "lead_member"]),
    )
    assert session.participant_roles == ["lead_member", "opposition_lead"]  # in list order
    session = services.session_update(
        session=session,
        by=lead,
        expected_version=session.version,
        **session_values(online_link="https://meet.example.org/x", place=""),
    )
    assert session.version == 2 and session.place == ""
    services.session_delete(session=session, by=lead, expected_version=2)
    summaries = list(
        AssessmentEvent.objects.filter(kind="onsite_session").values_list("summary", flat=True)
    )
    assert summaries == [
        "Session added: Interview with the lead member, Tue 17 Mar 10:00",
        "Session changed: Interview with the lead member, Tue 17 Mar 10:00",
        "Session deleted: Interview with the lead member, Tue 17 Mar 10:00",
    ]


def test_two_people_changing_one_session_the_second_is_told_and_nothing_is_overwritten(
    trafford, lead
):
    assessment = make_assessment(council=trafford)
    visit = make_visit(assessment=assessment, first_day=TUESDAY)
    session = make_session(visit=visit)
    seen_by_both = session.version
    services.session_update(
        session=session,
        by=lead,
        expected_version=seen_by_both,
        **session_values(title="First person's title"),
    )
    with pytest.raises(ServiceRefusal) as refused:
        services.session_update(
            session=session,
            by=lead,
            expected_version=seen_by_both,
            **session_values(title="Second person's title"),
        )
    assert refused.value.reasons == (services.STALE_SESSION,)
    session.refresh_from_db()
    assert session.title == "First person's title"


def test_a_session_deleted_by_someone_else_cannot_be_changed(trafford, lead):
    assessment = make_assessment(council=trafford)
    session = make_session(visit=make_visit(assessment=assessment, first_day=TUESDAY))
    Session.objects.filter(pk=session.pk).delete()
    with pytest.raises(ServiceRefusal) as refused:
        services.session_update(session=session, by=lead, expected_version=1, **session_values())
    assert refused.value.reasons == (services.SESSION_GONE,)


def test_the_plan_cannot_change_once_the_visit_is_over(trafford, lead):
    assessment = make_assessment(council=trafford, stage="post_site")
    session = make_session(visit=make_visit(assessment=assessment, first_day=TUESDAY))
    with pytest.raises(ServiceRefusal) as refused:
        services.session_delete(session=session, by=lead, expected_version=session.version)
    assert refused.value.reasons == (services.PLAN_CLOSED,)
    assert Session.objects.filter(pk=session.pk).exists()


def test_choosing_questions_for_a_session_raises_its_version(trafford, lead):
    services.question_bank_load()
    assessment = make_assessment(council=trafford)
    session = make_session(visit=make_visit(assessment=assessment), roles=("lead_member",))
    questions = list(Question.objects.filter(role="lead_member")[:3])
    services.session_questions_set(
        session=session, questions=questions, by=lead, expected_version=1
    )
    session.refresh_from_db()
    assert session.version == 2
    assert set(session.questions.all()) == set(questions)
