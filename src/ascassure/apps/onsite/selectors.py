"""Reads for the on-site plan. Callers fetch the assessment through the core's scoped selector."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from ascassure.apps.assessments.models import Assessment, Milestone
from ascassure.apps.onsite.models import OnsiteVisit, ParticipantRole, Question, Session
from ascassure.domain.calendar import ENGLAND_AND_WALES


def visit_for(*, assessment: Assessment) -> OnsiteVisit | None:
    return OnsiteVisit.objects.filter(assessment=assessment).first()


def session_for(*, assessment: Assessment, pk: int) -> Session:
    """One session of this assessment's visit, or 404."""
    try:
        return Session.objects.select_related("visit", "visit__assessment").get(
            pk=pk, visit__assessment=assessment
        )
    except Session.DoesNotExist:
        raise Http404("No such session in this assessment.") from None


@dataclass(frozen=True)
class PlanDay:
    day: date
    number: int
    sessions: list[Session]
    working_day: bool


def plan_days(*, visit: OnsiteVisit, with_questions: bool = False) -> list[PlanDay]:
    """Each day of the visit with its sessions in time order (a fixed number of queries)."""
    sessions: QuerySet[Session] = visit.sessions.annotate(question_count=Count("questions"))
    if with_questions:
        sessions = sessions.prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("role", "position", "pk"))
        )
    by_day: dict[date, list[Session]] = {}
    for session in sessions.order_by("day", "start_time", "pk"):
        by_day.setdefault(session.day, []).append(session)
    return [
        PlanDay(
            day=day,
            number=n,
            sessions=by_day.get(day, []),
            working_day=ENGLAND_AND_WALES.is_working_day(day),
        )
        for n, day in enumerate(visit.days, start=1)
    ]


def onsite_window(*, assessment: Assessment) -> Milestone | None:
    """The on-site window computed (or overridden) in the assessment's milestones."""
    return assessment.milestones.filter(key="onsite_window").first()


@dataclass(frozen=True)
class RoleQuestions:
    role: str
    label: str
    questions: list[Question]


def question_bank(*, roles: list[str] | None = None) -> list[RoleQuestions]:
    """Active questions grouped by participant role, in the role list's order."""
    wanted = roles if roles is not None else list(ParticipantRole.values)
    grouped: dict[str, list[Question]] = {role: [] for role in wanted}
    for question in Question.objects.filter(active=True, role__in=wanted).order_by(
        "role", "position", "pk"
    ):
        grouped[question.role].append(question)
    labels = dict(ParticipantRole.choices)
    return [RoleQuestions(role=r, label=labels[r], questions=grouped[r]) for r in wanted]


# --- for the core: facts for the stage rules, and the API summary ---------------------------


def onsite_facts(assessment: Assessment) -> dict[str, Any]:
    visit = visit_for(assessment=assessment)
    if visit is None:
        return {}
    return {"onsite_start": visit.first_day, "onsite_end": visit.last_day}


def onsite_summary(assessment: Assessment) -> dict[str, Any] | None:
    visit = visit_for(assessment=assessment)
    if visit is None:
        return None
    return {
        "first_day": visit.first_day.isoformat(),
        "last_day": visit.last_day.isoformat(),
        "base_location": visit.base_location,
        "sessions": visit.sessions.count(),
    }
