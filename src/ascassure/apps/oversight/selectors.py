"""Reads for oversight: the national dashboard and an assessment's serious risks."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date

from ascassure.apps.assessments.models import Assessment, AssessmentEvent
from ascassure.apps.councils.models import QS_FIELDS
from ascassure.apps.councils.selectors import RATINGS_BEST_FIRST, latest_results
from ascassure.apps.oversight.models import SecretaryOfStateNotice, SeriousRiskFinding
from ascassure.domain.lifecycle import Event, Stage


@dataclass(frozen=True)
class FollowUpPeriod:
    """A follow-up's period: from the first report's publication to its own."""

    start: date | None
    end: date | None


def _published_on(assessment_id: int) -> date | None:
    event = (
        AssessmentEvent.objects.filter(assessment_id=assessment_id, kind=Event.PUBLISH.value)
        .order_by("at")
        .first()
    )
    return event.at.date() if event else None


def follow_up_period(*, follow_up: Assessment) -> FollowUpPeriod:
    if follow_up.follows_id is None:
        return FollowUpPeriod(None, None)
    return FollowUpPeriod(_published_on(follow_up.follows_id), _published_on(follow_up.pk))


def oversight_for_assessment(*, assessment: Assessment) -> dict[str, object]:
    findings = list(assessment.serious_risks.select_related("follow_up", "recorded_by"))
    return {
        "findings": findings,
        "notices": list(assessment.secretary_of_state_notices.select_related("recorded_by")),
        "follows": assessment.follows,
        "period": follow_up_period(follow_up=assessment) if assessment.follows_id else None,
    }


@dataclass(frozen=True)
class Durations:
    count: int
    median_days: float | None
    longest_days: int | None
    longest_council: str


def onsite_to_publication() -> Durations:
    """Days from the end of the site visit to publication, over assessments that have both."""
    ends: dict[int, date] = {}
    published: dict[int, date] = {}
    events = AssessmentEvent.objects.filter(
        kind__in=[Event.FINISH_ONSITE.value, Event.PUBLISH.value]
    ).values_list("assessment_id", "kind", "at", "assessment__council__name")
    names: dict[int, str] = {}
    for assessment_id, kind, at, council in events.order_by("at"):
        target = ends if kind == Event.FINISH_ONSITE.value else published
        target.setdefault(assessment_id, at.date())
        names[assessment_id] = council
    days = {pk: (published[pk] - ends[pk]).days for pk in published if pk in ends}
    if not days:
        return Durations(0, None, None, "")
    longest = max(days, key=lambda pk: (days[pk], -pk))
    return Durations(len(days), statistics.median(days.values()), days[longest], names[longest])


def national_dashboard(*, today: date) -> dict[str, object]:
    stage_counts = Counter(Assessment.objects.values_list("stage", flat=True))
    stages = [(stage, stage_counts.get(stage.value, 0)) for stage in Stage]
    in_fac = list(
        Assessment.objects.filter(stage=Stage.FACTUAL_ACCURACY_CHECK.value)
        .select_related("council")
        .order_by("council__name")
    )
    results = latest_results()
    rating_counts = Counter(r.rating for r in results)
    qs_distribution = [
        (f"QS{n}", [sum(1 for r in results if getattr(r, field) == s) for s in (1, 2, 3, 4)])
        for n, field in enumerate(QS_FIELDS, start=1)
    ]
    return {
        "today": today,
        "stages": stages,
        "active": sum(n for stage, n in stages if not stage.is_final),
        "in_fac": in_fac,
        "durations": onsite_to_publication(),
        "rating_counts": [(rating, rating_counts.get(rating, 0)) for rating in RATINGS_BEST_FIRST],
        "rated": len(results),
        "qs_distribution": qs_distribution,
        "heat_rows": [(r.council, r.scores, r.rating, r.percent) for r in results],
        "risks": SeriousRiskFinding.objects.select_related("assessment__council", "follow_up")[:20],
        "notices": SecretaryOfStateNotice.objects.select_related("assessment__council")[:20],
    }
