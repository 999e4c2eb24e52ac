"""What is known about an assessment, gathered for the stage rules of the domain.

Each area that holds part of an assessment (information return, on-site plan, scoring, the
report) registers a contributor in its AppConfig.ready(): a function from an assessment to a
dict of AssessmentFacts fields. The core knows nothing of those areas, and they never import
one another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import date
from typing import Any

from ascassure.apps.assessments.models import Assessment, TeamRole
from ascassure.domain.lifecycle import AssessmentFacts

Contributor = Callable[[Assessment], dict[str, Any]]
_contributors: list[Contributor] = []
_FIELDS = {f.name for f in fields(AssessmentFacts)}


def register_facts(contributor: Contributor) -> Contributor:
    if contributor not in _contributors:
        _contributors.append(contributor)
    return contributor


def assessment_facts(
    *, assessment: Assessment, today: date, withdrawal_reason: str = ""
) -> AssessmentFacts:
    values: dict[str, Any] = {
        "today": today,
        "framework_version": assessment.framework_version,
        "notification_date": assessment.notification_date,
        "has_lead_inspector": assessment.assignments.filter(role=TeamRole.LEAD_INSPECTOR).exists(),
        "withdrawal_reason": withdrawal_reason,
    }
    for contributor in _contributors:
        contributed = contributor(assessment)
        unknown = set(contributed) - _FIELDS
        if unknown:
            raise KeyError(f"{contributor.__qualname__} gave unknown facts: {sorted(unknown)}")
        values.update(contributed)
    return AssessmentFacts(**values)
