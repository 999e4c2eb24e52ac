"""Writes for assessments: create, team, milestones, stage changes. Each one is atomic."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from ascassure.apps.accounts.models import User
from ascassure.apps.assessments.models import (
    Assessment,
    AssessmentAssignment,
    AssessmentEvent,
    Milestone,
    TeamRole,
)
from ascassure.apps.councils.models import Council
from ascassure.domain.calendar import ENGLAND_AND_WALES, assessment_timeline
from ascassure.domain.lifecycle import NOT_POSSIBLE_AT_THIS_STAGE, Event, Stage, check

STALE_VERSION = (
    "Someone else changed this assessment while you were working on it. "
    "Your change was not saved: look at the latest version and try again."
)
OVERRIDE_NEEDS_REASON = "Give a reason for changing a computed date."
END_BEFORE_START = "The end date must be on or after the start date."


class ServiceRefusal(Exception):
    """A change refused for a reason the user can act on; nothing was saved."""

    def __init__(self, *reasons: str):
        self.reasons = tuple(reasons)
        super().__init__(" ".join(reasons))


def _record(
    *,
    assessment: Assessment,
    actor: User | None,
    kind: str,
    summary: str,
    reason: str = "",
    from_stage: str = "",
    to_stage: str = "",
    at: datetime | None = None,
) -> AssessmentEvent:
    return AssessmentEvent.objects.create(
        assessment=assessment,
        actor=actor,
        kind=kind,
        summary=summary[:300],  # the field's length: a long title never stops the action
        reason=reason,
        from_stage=from_stage,
        to_stage=to_stage,
        at=at or timezone.now(),
    )


def _locked(assessment: Assessment, expected_version: int | None) -> Assessment:
    """The assessment row, locked for this transaction, refusing a stale version."""
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if expected_version is not None and current.version != expected_version:
        raise ServiceRefusal(STALE_VERSION)
    return current


def _bump(assessment: Assessment) -> None:
    Assessment.objects.filter(pk=assessment.pk).update(
        version=assessment.version + 1, updated_at=timezone.now()
    )
    assessment.version += 1


def milestones_compute(*, assessment: Assessment) -> None:
    """(Re)compute the milestones from the notification date, keeping overridden ones."""
    if assessment.notification_date is None:
        assessment.milestones.all().delete()
        return
    existing = {m.key: m for m in assessment.milestones.all()}
    timeline = assessment_timeline(assessment.notification_date, calendar=ENGLAND_AND_WALES)
    for position, computed in enumerate(timeline):
        milestone = existing.pop(computed.key, None) or Milestone(
            assessment=assessment, key=computed.key
        )
        milestone.label = computed.label
        milestone.position = position
        milestone.note = computed.note
        milestone.computed_date = computed.date
        milestone.computed_end_date = computed.end
        if not milestone.is_overridden:
            milestone.date = computed.date
            milestone.end_date = computed.end
        milestone.save()
    for stale in existing.values():
        stale.delete()


@transaction.atomic
def assessment_create(
    *,
    council: Council,
    kind: str,
    framework_version: str,
    notification_date: date | None,
    team: Iterable[tuple[User, str]] = (),
    created_by: User | None,
    follows: Assessment | None = None,
) -> Assessment:
    assessment = Assessment.objects.create(
        council=council,
        kind=kind,
        framework_version=framework_version,
        notification_date=notification_date,
        created_by=created_by,
        follows=follows,
    )
    for user, role in team:
        AssessmentAssignment.objects.get_or_create(assessment=assessment, user=user, role=role)
    milestones_compute(assessment=assessment)
    _record(
        assessment=assessment,
        actor=created_by,
        kind="created",
        summary=f"{assessment.get_kind_display()} created",
        to_stage=assessment.stage,
    )
    return assessment


@transaction.atomic
def assessment_team_set(
    *,
    assessment: Assessment,
    team: Sequence[tuple[User, str]],
    by: User,
    expected_version: int | None = None,
) -> Assessment:
    """Replace the team. Panel members are kept: the panel is named separately."""
    assessment = _locked(assessment, expected_version)
    wanted = {(user.pk, role) for user, role in team}
    current = {
        (a.user_id, a.role): a for a in assessment.assignments.exclude(role=TeamRole.PANEL_MEMBER)
    }
    for key, assignment in current.items():
        if key not in wanted:
            assignment.delete()
    for user, role in team:
        if (user.pk, role) not in current:
            AssessmentAssignment.objects.create(assessment=assessment, user=user, role=role)
    names = ", ".join(
        f"{user.display_name} ({TeamRole(role).label.lower()})" for user, role in team
    )
    _record(assessment=assessment, actor=by, kind="team", summary=f"Team set: {names or 'nobody'}")
    _bump(assessment)
    return assessment


@transaction.atomic
def assessment_notification_date_set(
    *, assessment: Assessment, notification_date: date, by: User, expected_version: int | None
) -> Assessment:
    assessment = _locked(assessment, expected_version)
    assessment.notification_date = notification_date
    assessment.save(update_fields=["notification_date"])
    milestones_compute(assessment=assessment)
    _record(
        assessment=assessment,
        actor=by,
        kind="notification_date",
        summary=f"Notification date set to {notification_date:%d %B %Y}",
    )
    _bump(assessment)
    return assessment


@transaction.atomic
def milestone_override(
    *,
    milestone: Milestone,
    new_date: date,
    new_end_date: date | None,
    reason: str,
    by: User,
    expected_version: int | None,
) -> Milestone:
    reasons = []
    if not reason.strip():
        reasons.append(OVERRIDE_NEEDS_REASON)
    if new_end_date is not None and new_end_date < new_date:
        reasons.append(END_BEFORE_START)
    if reasons:
        raise ServiceRefusal(*reasons)
    assessment = _locked(milestone.assessment, expected_version)
    before = milestone.date
    milestone.date = new_date
    milestone.end_date = new_end_date if milestone.computed_end_date else None
    milestone.override_reason = reason.strip()
    milestone.overridden_by = by
    milestone.overridden_at = timezone.now()
    milestone.save()
    _record(
        assessment=assessment,
        actor=by,
        kind="milestone",
        summary=f"{milestone.label} moved from {before:%d %b %Y} to {new_date:%d %b %Y}",
        reason=reason.strip(),
    )
    _bump(assessment)
    return milestone


@transaction.atomic
def assessment_transition(
    *,
    assessment: Assessment,
    event: str,
    by: User,
    today: date,
    reason: str = "",
    expected_version: int | None = None,
) -> Assessment:
    """Move the assessment on by one step of the domain's transition table.

    Every guard is checked against the facts of the locked assessment; a refusal lists all
    the reasons in the user's words and changes nothing.
    """
    from ascassure.apps.assessments.facts import assessment_facts

    assessment = _locked(assessment, expected_version)
    try:
        step = Event(event)
    except ValueError:
        raise ServiceRefusal(NOT_POSSIBLE_AT_THIS_STAGE) from None
    facts = assessment_facts(assessment=assessment, today=today, withdrawal_reason=reason)
    decision = check(Stage(assessment.stage), step, facts)
    if not decision.allowed or decision.to_stage is None:
        raise ServiceRefusal(*decision.reasons)
    before = assessment.stage
    assessment.stage = decision.to_stage.value
    assessment.save(update_fields=["stage"])
    _record(
        assessment=assessment,
        actor=by,
        kind=step.value,
        summary=f"{step.label}: {Stage(before).label} → {decision.to_stage.label}",
        reason=reason.strip(),
        from_stage=before,
        to_stage=assessment.stage,
    )
    _bump(assessment)
    return assessment


def assessment_event_record(
    *, assessment: Assessment, actor: User | None, kind: str, summary: str, reason: str = ""
) -> AssessmentEvent:
    """Record an action of another area (an upload, a score, a decision) on the timeline."""
    return _record(assessment=assessment, actor=actor, kind=kind, summary=summary, reason=reason)
