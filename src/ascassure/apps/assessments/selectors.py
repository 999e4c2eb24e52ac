"""Reads for assessments, each scoped to what the person may see."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from ascassure.apps.accounts.models import BodyRole, CouncilMembership, User
from ascassure.apps.assessments.models import Assessment, AssessmentEvent, TeamRole
from ascassure.domain.lifecycle import Stage

NATIONAL_ROLES = {BodyRole.NATIONAL_LEAD, BodyRole.ADMINISTRATOR}
# Stages in which the calibration panel sees an assessment.
PANEL_STAGES = {Stage.CALIBRATION.value}


def is_national(user: User) -> bool:
    return user.is_authenticated and user.body_role in NATIONAL_ROLES


def on_working_team(user: User, assessment: Assessment) -> bool:
    """The national lead, or someone assigned to the assessment other than as a panel member:
    those who do the assessment's work (the calibration panel only reviews it)."""
    if is_national(user):
        return True
    return assessment.assignments.filter(user=user).exclude(role=TeamRole.PANEL_MEMBER).exists()


def assessments_for_team(*, user: User) -> QuerySet[Assessment]:
    """Assessments this person sees as the assessing body.

    The national lead: all. Assessors and analysts: those they are assigned to. Calibration
    panel members: those they are named on, only while with the panel. Council staff: none.
    """
    assessments = Assessment.objects.select_related("council", "council__region")
    if not user.is_authenticated or not user.body_role:
        return assessments.none()
    if user.body_role in NATIONAL_ROLES:
        return assessments
    working = Q(assignments__user=user) & ~Q(assignments__role=TeamRole.PANEL_MEMBER)
    panel = Q(
        assignments__user=user,
        assignments__role=TeamRole.PANEL_MEMBER,
        stage__in=PANEL_STAGES,
    )
    return assessments.filter(working | panel).distinct()


def assessment_for_team(*, user: User, pk: int) -> Assessment:
    """One assessment, or 404 (never 403: a refusal must not confirm it exists)."""
    try:
        return assessments_for_team(user=user).get(pk=pk)
    except Assessment.DoesNotExist:
        raise Http404("No assessment here that you can see.") from None


def assessments_for_council_user(*, user: User) -> QuerySet[Assessment]:
    """Assessments of the councils this person belongs to (the council's side of them)."""
    if not user.is_authenticated:
        return Assessment.objects.none()
    councils = CouncilMembership.objects.filter(user=user).values("council")
    return (
        Assessment.objects.select_related("council")
        .filter(council__in=councils)
        .exclude(stage__in=[Stage.PLANNED.value, Stage.WITHDRAWN.value])
    )


def assessment_for_council_user(*, user: User, pk: int) -> Assessment:
    try:
        return assessments_for_council_user(user=user).get(pk=pk)
    except Assessment.DoesNotExist:
        raise Http404("No assessment here that you can see.") from None


def is_council_editor(*, user: User, assessment: Assessment) -> bool:
    return CouncilMembership.objects.filter(
        user=user, council=assessment.council_id, role="editor"
    ).exists()


def assessment_list(*, user: User, stage: str = "") -> QuerySet[Assessment]:
    assessments = assessments_for_team(user=user)
    if stage:
        assessments = assessments.filter(stage=stage)
    return assessments.order_by("council__name", "-created_at")


def assessment_events(*, assessment: Assessment) -> QuerySet[AssessmentEvent]:
    return assessment.events.select_related("actor").order_by("-at", "-pk")


def stage_counts(*, user: User) -> dict[str, int]:
    rows = assessments_for_team(user=user).values_list("stage").annotate(n=Count("pk")).order_by()
    return dict(rows)
