"""Reads about people: what they belong to and what they may see."""

from __future__ import annotations

from django.db.models import QuerySet

from ascassure.apps.accounts.models import BodyRole, CouncilMembership, User
from ascassure.apps.assessments.models import Assessment, AssessmentAssignment
from ascassure.apps.councils.models import Council


def user_memberships(*, user: User) -> QuerySet[CouncilMembership]:
    return CouncilMembership.objects.filter(user=user).select_related("council")


def user_assignments(*, user: User) -> QuerySet[AssessmentAssignment]:
    return AssessmentAssignment.objects.filter(user=user).select_related(
        "assessment", "assessment__council"
    )


def councils_for_user(*, user: User) -> QuerySet[Council]:
    """The councils whose own (unpublished) material this person may read."""
    if not user.is_authenticated:
        return Council.objects.none()
    if user.body_role in {BodyRole.NATIONAL_LEAD, BodyRole.ADMINISTRATOR}:
        return Council.objects.all()
    return Council.objects.filter(memberships__user=user).distinct()


def assessments_for_user(*, user: User) -> QuerySet[Assessment]:
    """The assessments this person may read: all for the national lead, else assigned ones."""
    if not user.is_authenticated:
        return Assessment.objects.none()
    if user.body_role in {BodyRole.NATIONAL_LEAD, BodyRole.ADMINISTRATOR}:
        return Assessment.objects.all()
    return Assessment.objects.filter(assignments__user=user).distinct()
