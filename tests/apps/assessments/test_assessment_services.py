from datetime import date

import pytest

from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.assessments import services
from ascassure.apps.assessments.models import AssessmentEvent, TeamRole
from ascassure.domain import lifecycle
from builders import make_assessment, make_user

pytestmark = pytest.mark.django_db
TODAY = date(2026, 1, 5)


def test_creating_an_assessment_computes_its_milestones_from_the_notification_date(trafford):
    assessment = make_assessment(council=trafford, notification_date=date(2026, 1, 12))
    milestones = {m.key: m for m in assessment.milestones.all()}
    assert milestones["ir_due"].date == date(2026, 2, 2)
    assert milestones["onsite_window"].date == date(2026, 3, 16)
    assert milestones["onsite_window"].end_date == date(2026, 3, 30)
    assert assessment.events.get().kind == "created"


def test_an_overridden_milestone_keeps_its_date_and_reason_when_the_dates_are_recomputed(
    trafford,
):
    lead = make_user(body_role=BodyRole.NATIONAL_LEAD)
    assessment = make_assessment(council=trafford)
    ir_due = assessment.milestones.get(key="ir_due")
    services.milestone_override(
        milestone=ir_due,
        new_date=date(2026, 2, 9),
        new_end_date=None,
        reason="Council asked for a week more: half-term",
        by=lead,
        expected_version=assessment.version,
    )
    assessment.refresh_from_db()
    services.assessment_notification_date_set(
        assessment=assessment,
        notification_date=date(2026, 1, 19),
        by=lead,
        expected_version=assessment.version,
    )
    ir_due.refresh_from_db()
    assert ir_due.date == date(2026, 2, 9)
    assert ir_due.computed_date == date(2026, 2, 9)  # 19 Jan + 3 weeks, recomputed
    assert ir_due.override_reason == "Council asked for a week more: half-term"
    assert assessment.milestones.get(key="onsite_window").date == date(2026, 3, 23)
    summaries = list(assessment.events.values_list("summary", flat=True))
    assert "Information return due moved from 02 Feb 2026 to 09 Feb 2026" in summaries


def test_a_milestone_change_without_a_reason_is_refused_and_nothing_changes(trafford):
    lead = make_user(body_role=BodyRole.NATIONAL_LEAD)
    assessment = make_assessment(council=trafford)
    ir_due = assessment.milestones.get(key="ir_due")
    with pytest.raises(services.ServiceRefusal) as refused:
        services.milestone_override(
            milestone=ir_due,
            new_date=date(2026, 2, 9),
            new_end_date=None,
            reason="  ",
            by=lead,
            expected_version=assessment.version,
        )
    assert refused.value.reasons == (services.OVERRIDE_NEEDS_REASON,)
    ir_due.refresh_from_db()
    assert ir_due.date == date(2026, 2, 2)


def test_notifying_without_a_lead_inspector_is_refused_in_plain_words(trafford):
    lead = make_user(body_role=BodyRole.NATIONAL_LEAD)
    assessment = make_assessment(council=trafford)
    with pytest.raises(services.ServiceRefusal) as refused:
        services.assessment_transition(assessment=assessment, event="notify", by=lead, today=TODAY)
    assert refused.value.reasons == (lifecycle.NO_LEAD_INSPECTOR,)
    assessment.refresh_from_db()
    assert assessment.stage == "planned"
    assert not AssessmentEvent.objects.filter(kind="notify").exists()


def test_a_step_records_who_when_and_why_and_moves_the_stage(trafford):
    lead = make_user(body_role=BodyRole.NATIONAL_LEAD, full_name="Nadia Lead")
    inspector = make_user(body_role=BodyRole.ASSESSOR)
    assessment = make_assessment(council=trafford, team=((inspector, TeamRole.LEAD_INSPECTOR),))
    services.assessment_transition(
        assessment=assessment, event="notify", by=lead, today=TODAY, reason="Letter sent"
    )
    assessment.refresh_from_db()
    assert assessment.stage == "notified"
    event = assessment.events.get(kind="notify")
    assert (event.actor, event.from_stage, event.to_stage, event.reason) == (
        lead,
        "planned",
        "notified",
        "Letter sent",
    )


def test_a_step_from_a_stale_page_is_refused_and_overwrites_nothing(trafford):
    lead = make_user(body_role=BodyRole.NATIONAL_LEAD)
    inspector = make_user(body_role=BodyRole.ASSESSOR)
    assessment = make_assessment(council=trafford, team=((inspector, TeamRole.LEAD_INSPECTOR),))
    seen_version = assessment.version
    services.assessment_team_set(
        assessment=assessment, team=[(inspector, TeamRole.LEAD_INSPECTOR)], by=lead
    )
    with pytest.raises(services.ServiceRefusal) as refused:
        services.assessment_transition(
            assessment=assessment,
            event="notify",
            by=lead,
            today=TODAY,
            expected_version=seen_version,
        )
    assert refused.value.reasons == (services.STALE_VERSION,)
    assessment.refresh_from_db()
    assert assessment.stage == "planned"


def test_an_event_that_does_not_fit_the_stage_is_refused(trafford):
    lead = make_user(body_role=BodyRole.NATIONAL_LEAD)
    assessment = make_assessment(council=trafford)
    with pytest.raises(services.ServiceRefusal) as refused:
        services.assessment_transition(assessment=assessment, event="publish", by=lead, today=TODAY)
    assert refused.value.reasons == (lifecycle.NOT_POSSIBLE_AT_THIS_STAGE,)


def test_withdrawing_needs_a_reason(trafford):
    lead = make_user(body_role=BodyRole.NATIONAL_LEAD)
    assessment = make_assessment(council=trafford)
    with pytest.raises(services.ServiceRefusal) as refused:
        services.assessment_transition(
            assessment=assessment, event="withdraw", by=lead, today=TODAY
        )
    assert refused.value.reasons == (lifecycle.NO_WITHDRAWAL_REASON,)
    services.assessment_transition(
        assessment=assessment, event="withdraw", by=lead, today=TODAY, reason="Merged councils"
    )
    assessment.refresh_from_db()
    assert assessment.stage == "withdrawn"


def test_the_team_is_replaced_and_the_panel_kept(trafford):
    lead = make_user(body_role=BodyRole.NATIONAL_LEAD)
    a, b, panel = (make_user(body_role=BodyRole.ASSESSOR) for _ in range(3))
    assessment = make_assessment(
        council=trafford,
        team=((a, TeamRole.LEAD_INSPECTOR), (panel, TeamRole.PANEL_MEMBER)),
    )
    services.assessment_team_set(
        assessment=assessment,
        team=[(b, TeamRole.LEAD_INSPECTOR), (a, TeamRole.INSPECTOR)],
        by=lead,
    )
    roles = set(assessment.assignments.values_list("user_id", "role"))
    assert roles == {
        (b.pk, TeamRole.LEAD_INSPECTOR),
        (a.pk, TeamRole.INSPECTOR),
        (panel.pk, TeamRole.PANEL_MEMBER),
    }
