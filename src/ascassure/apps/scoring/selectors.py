"""Reads for scoring: the nine QS rows, the live summary, the history, and who may do what.

Callers fetch the assessment through the core's scoped selector (``assessment_for_team``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from ascassure.apps.accounts.models import User
from ascassure.apps.assessments.models import Assessment, TeamRole
from ascassure.apps.assessments.selectors import is_national
from ascassure.apps.scoring.models import Calibration, QsScore, RatingLock, ScoreRevision
from ascassure.domain.framework import (
    Framework,
    QualityStatement,
    ScoreMeaning,
    ScoringMethod,
    Theme,
    load_framework,
)
from ascassure.domain.lifecycle import QsJudgement, Stage
from ascassure.domain.scoring import (
    OverallResult,
    ScoringError,
    WhatIf,
    qs_score_from_categories,
    score_assessment,
    what_if,
)

SCORERS = {TeamRole.LEAD_INSPECTOR, TeamRole.INSPECTOR}
SCORING_STAGES = frozenset({Stage.SCORING})
CALIBRATION_STAGES = frozenset({Stage.CALIBRATION})


# --- who may do what ------------------------------------------------------------------------


def can_score(user: User, assessment: Assessment) -> bool:
    """The national lead, and the inspectors on the team (lead inspector included)."""
    if is_national(user):
        return True
    return assessment.assignments.filter(user=user, role__in=SCORERS).exists()


def can_calibrate(user: User, assessment: Assessment) -> bool:
    """The national lead, and the calibration panel members named on the assessment."""
    if is_national(user):
        return True
    return assessment.assignments.filter(user=user, role=TeamRole.PANEL_MEMBER).exists()


def scoring_open(assessment: Assessment) -> bool:
    return Stage(assessment.stage) in SCORING_STAGES


def calibration_open(assessment: Assessment) -> bool:
    return Stage(assessment.stage) in CALIBRATION_STAGES


# --- the sheet: one row per QS --------------------------------------------------------------


@dataclass(frozen=True)
class QsRow:
    statement: QualityStatement
    record: QsScore | None
    meaning: ScoreMeaning | None

    @property
    def score(self) -> int | None:
        return self.record.score if self.record else None

    @property
    def version(self) -> int:
        return self.record.version if self.record else 0

    @property
    def calibration(self) -> Calibration | None:
        if self.record is None:
            return None
        try:
            return self.record.calibration
        except Calibration.DoesNotExist:
            return None

    @property
    def status(self) -> str:
        calibration = self.calibration
        if calibration is not None:
            return (
                "Agreed by the panel" if calibration.outcome == "agreed" else "Changed by the panel"
            )
        return "Proposed" if self.score is not None else "Not scored"


@dataclass(frozen=True)
class ThemeRows:
    theme: Theme
    rows: list[QsRow]


@dataclass(frozen=True)
class Summary:
    """The overall result of the scores so far, and what would move it a band up or down."""

    total: int
    scored: int
    result: OverallResult | None
    up: WhatIf | None
    down: WhatIf | None

    @property
    def complete(self) -> bool:
        return self.scored == self.total

    def as_json(self) -> dict[str, Any]:
        r = self.result
        return {
            "scored": self.scored,
            "total": self.total,
            "percent": r.percent if r else None,
            "rating": str(r.rating) if r else None,
            "position": r.position_words if r else None,
            "points_to_next_band": r.points_to_next_band if r else None,
            "points_to_drop_band": r.points_to_drop_band if r else None,
            "what_if_up": self.up.describe() if self.up else None,
            "what_if_down": self.down.describe() if self.down else None,
        }


@dataclass(frozen=True)
class ScoringSheet:
    framework: Framework
    themes: list[ThemeRows]
    rows: list[QsRow]
    summary: Summary
    lock: RatingLock | None

    @property
    def legacy(self) -> bool:
        return self.framework.scoring_method is ScoringMethod.CATEGORY

    @property
    def calibrated(self) -> int:
        return sum(1 for row in self.rows if row.calibration is not None)

    @property
    def all_calibrated(self) -> bool:
        return self.calibrated == len(self.rows)

    @property
    def rationales_missing(self) -> list[str]:
        return [
            row.statement.code
            for row in self.rows
            if row.score is not None and not (row.record and row.record.rationale.strip())
        ]


def framework_for(assessment: Assessment) -> Framework:
    return load_framework(assessment.framework_version)


def summarise(scores: Sequence[int | None], framework: Framework) -> Summary:
    scored = sum(1 for s in scores if s is not None)
    if not scored:
        return Summary(total=len(scores), scored=0, result=None, up=None, down=None)
    result = score_assessment(scores, framework=framework)
    up = what_if(scores, result.next_rating, framework=framework) if result.next_rating else None
    down = (
        what_if(scores, result.previous_rating, framework=framework)
        if result.previous_rating
        else None
    )
    return Summary(total=len(scores), scored=scored, result=result, up=up, down=down)


def score_records(*, assessment: Assessment) -> dict[str, QsScore]:
    """The saved QS scores by code, with their calibration, in one query."""
    records = QsScore.objects.filter(assessment=assessment).select_related(
        "proposed_by", "calibration", "calibration__panel_member"
    )
    return {record.qs_code: record for record in records}


def rating_lock_for(*, assessment: Assessment) -> RatingLock | None:
    return RatingLock.objects.filter(assessment=assessment).select_related("locked_by").first()


def scoring_sheet(*, assessment: Assessment) -> ScoringSheet:
    """Everything the scoring pages show, in a fixed number of queries."""
    fw = framework_for(assessment)
    records = score_records(assessment=assessment)
    rows = []
    for qs in fw.statements:
        record = records.get(qs.code)
        score = record.score if record else None
        rows.append(
            QsRow(
                statement=qs,
                record=record,
                meaning=fw.score_meaning(score) if score is not None else None,
            )
        )
    themes = [
        ThemeRows(theme=theme, rows=[r for r in rows if r.statement.theme == theme.code])
        for theme in fw.themes
    ]
    return ScoringSheet(
        framework=fw,
        themes=themes,
        rows=rows,
        summary=summarise([r.score for r in rows], fw),
        lock=rating_lock_for(assessment=assessment),
    )


def hypothetical_summary(
    *, assessment: Assessment, qs_code: str, values: Mapping[str, str]
) -> tuple[Summary, int | None, int | None]:
    """The summary if one QS took the score given in ``values`` (form fields, unsaved).

    Returns the summary, the QS score and (legacy method) the QS percentage.
    """
    fw = framework_for(assessment)
    qs = fw.statement(qs_code)
    records = score_records(assessment=assessment)
    scores = [records[c].score if c in records else None for c in fw.qs_codes]
    new: int | None = None
    percent: int | None = None
    try:
        if fw.scoring_method is ScoringMethod.CATEGORY:
            cats = [int(values[f"cat_{c.code}"]) for c in fw.categories_for(qs.code)]
            computed = qs_score_from_categories(cats, framework=fw)
            new, percent = computed.score, computed.percent
        else:
            new = int(values["score"])
            if new not in (1, 2, 3, 4):
                new = None
    except (KeyError, ValueError, ScoringError):
        new = None
    if new is not None:
        scores[fw.qs_codes.index(qs.code)] = new
    return summarise(scores, fw), new, percent


def score_history(*, assessment: Assessment, qs_code: str = "") -> QuerySet[ScoreRevision]:
    revisions = ScoreRevision.objects.filter(assessment=assessment).select_related("by")
    if qs_code:
        revisions = revisions.filter(qs_code=qs_code)
    return revisions.order_by("-at", "-pk")


# --- for the core: facts for the stage rules, and the API summary ---------------------------


def scoring_facts(assessment: Assessment) -> dict[str, Any]:
    """The judgements (every scored QS), the QS the panel decided, and whether the rating is
    locked: the core's "calibrate" step needs every QS decided and the lock."""
    records = score_records(assessment=assessment)
    judgements = tuple(
        QsJudgement(qs_code=code, score=record.score, rationale=record.rationale)
        for code, record in sorted(records.items())
        if record.score is not None
    )
    agreed = frozenset(code for code, record in records.items() if hasattr(record, "calibration"))
    return {
        "judgements": judgements,
        "calibration_agreed": agreed,
        "rating_locked": RatingLock.objects.filter(assessment=assessment).exists(),
    }


def scoring_summary(assessment: Assessment) -> dict[str, Any]:
    sheet = scoring_sheet(assessment=assessment)
    return {
        "scores": {row.statement.code: row.score for row in sheet.rows},
        "locked": sheet.lock is not None,
        **sheet.summary.as_json(),
    }
