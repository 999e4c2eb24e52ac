"""Realistic scores for a demonstration assessment, as far as its stage has gone.

``demo_load(assessment, people)``: before scoring, nothing; at scoring, six of the nine QS
proposed; at calibration, all nine proposed and five decided by the panel; after
calibration, all decided and the rating locked. ``people`` maps a team role
(``"lead_inspector"``, ``"inspector"``, ``"panel_member"``) to a user; missing roles fall back
to the assessment's team. It writes directly (the stage rules of the services are for people,
not for the demo); calling it twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from ascassure.apps.accounts.models import User
from ascassure.apps.assessments.models import Assessment
from ascassure.apps.scoring import services
from ascassure.apps.scoring.models import (
    QsScore,
)
from ascassure.apps.scoring.selectors import framework_for
from ascassure.domain.framework import ScoringMethod
from ascassure.domain.lifecycle import Stage

# A plausible Requires improvement council near the top of its band (21 of 36 = 59%)...
SCORES = {"QS1": 2, "QS2": 3, "QS3": 2, "QS4": 2, "QS5": 3, "QS6": 2, "QS7": 3, "QS8": 2, "QS9": 2}
# ... whose QS6 the panel raises to 3 (22 of 36 = 62%).
PANEL_CHANGES = {"QS6": (3, "Hospital discharge figures for the year were better than the "
                         "team's reading; consistent with similar councils rated 3.")}  # fmt: skip
RATIONALES = {
    "QS1": "Waits for a Care Act assessment average 11 weeks and over 400 people wait; case "
    "tracking showed good, personal assessments once they happen.",
    "QS2": "A strong prevention offer with the voluntary sector; people and carers found "
    "information easy to get; reablement outcomes above the England average.",
    "QS3": "The council knows little about the experience of people from minority ethnic "
    "communities; its equality data is incomplete.",
    "QS4": "Home care is hard to buy in the rural east; too many people are placed outside "
    "the area; the market position statement is out of date.",
    "QS5": "Well-run partnerships with the NHS and the voluntary sector, with shared goals "
    "and joint funding that partners praised.",
    "QS6": "Hospital discharge works on most days but transitions from children's services "
    "start late; delays at weekends.",
    "QS7": "Safeguarding enquiries are timely and personal; the safeguarding adults board is "
    "effective and learns from reviews.",
    "QS8": "Leaders are visible and trusted, but performance reports to members lack "
    "waiting-list data and the budget gap is not planned for.",
    "QS9": "Some learning from complaints, but little evaluation of new ways of working and "
    "no co-production of the improvement plan.",
}
EVIDENCE = [
    "Case tracking: six people followed in depth",
    "Staff focus group, day 1",
    "Information return: self-assessment",
    "ASCOF measures 2023-24",
]
PROPOSED_AT_SCORING = ("QS1", "QS2", "QS3", "QS5", "QS7", "QS8")
DECIDED_AT_CALIBRATION = ("QS1", "QS2", "QS3", "QS4", "QS5")
AFTER_CALIBRATION = {
    Stage.READY_FOR_DRAFT,
    Stage.DRAFT_REPORT,
    Stage.FACTUAL_ACCURACY_CHECK,
    Stage.READY_TO_PUBLISH,
    Stage.PUBLISHED,
}


def _person(assessment: Assessment, people: Mapping[str, User], *roles: str) -> User | None:
    for role in roles:
        if role in people:
            return people[role]
    found = assessment.assignments.filter(role__in=roles).select_related("user").first()
    return found.user if found else None


def _categories_for(score: int, codes: list[str]) -> dict[str, int]:
    """Category scores that give ``score`` under the legacy bands (e.g. 2 -> 2, 2, 3, 2)."""
    values = [score] * len(codes)
    if score < 4 and len(values) > 2:
        values[2] = score + 1  # one category a point better: the same QS score, more realistic
    return dict(zip(codes, values, strict=True))


@transaction.atomic
def demo_load(assessment: Assessment, people: Mapping[str, User] | None = None) -> None:
    """Scores proposed, decided and locked through the scoring services, as the team and the
    panel would. The assessment is put at the scoring and calibration stages for those steps
    (the services refuse anything else) and returned to its own stage after."""
    people = people or {}
    stage = Stage(assessment.stage)
    if stage not in {Stage.SCORING, Stage.CALIBRATION, *AFTER_CALIBRATION}:
        return
    if QsScore.objects.filter(assessment=assessment).exists():
        return
    fw = framework_for(assessment)
    inspector = _person(assessment, people, "inspector", "lead_inspector")
    panel = _person(assessment, people, "panel_member") or _person(
        assessment, people, "lead_inspector"
    )
    start: datetime = timezone.now() - timedelta(days=21)

    def at_stage(step: Stage) -> None:
        Assessment.objects.filter(pk=assessment.pk).update(stage=step.value)
        assessment.stage = step.value

    at_stage(Stage.SCORING)
    codes = PROPOSED_AT_SCORING if stage is Stage.SCORING else fw.qs_codes
    for n, code in enumerate(codes):
        score: int | None = SCORES[code]
        categories: dict[str, int] | None = None
        if fw.scoring_method is ScoringMethod.CATEGORY:
            categories = _categories_for(SCORES[code], [c.code for c in fw.categories_for(code)])
            score = None
        services.qs_score_propose(
            assessment=assessment,
            qs_code=code,
            rationale=RATIONALES[code],
            evidence=[{"title": title, "id": None} for title in EVIDENCE[: 2 + n % 3]],
            score=score,
            category_scores=categories,
            by=inspector,
            expected_version=0,
            at=start + timedelta(hours=3 * n),
        )
    if stage is not Stage.SCORING:
        at_stage(Stage.CALIBRATION)
        decided = DECIDED_AT_CALIBRATION if stage is Stage.CALIBRATION else fw.qs_codes
        panel_day = start + timedelta(days=14)
        records = {r.qs_code: r for r in QsScore.objects.filter(assessment=assessment)}
        for n, code in enumerate(decided):
            record = records[code]
            agreed, reason = PANEL_CHANGES.get(code, (record.score, ""))
            services.qs_score_calibrate(
                assessment=assessment,
                qs_code=code,
                agreed_score=agreed,
                reason=reason,
                by=panel,
                expected_version=record.version,
                at=panel_day + timedelta(minutes=20 * n),
            )
        if stage in AFTER_CALIBRATION:
            services.rating_lock(assessment=assessment, by=panel, at=panel_day + timedelta(hours=4))
    at_stage(stage)
