"""Writes for scoring: propose a score, calibrate it, lock the rating.

Each function is atomic. It locks the assessment row first (so a stage change never
interleaves with a score change), then the score row, and refuses a save based on an older
version of that score: two people saving the same score at once, the second is told and
nothing is overwritten. Every change to a score is kept as a :class:`ScoreRevision`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from ascassure.apps.accounts.models import User
from ascassure.apps.assessments.models import Assessment
from ascassure.apps.assessments.services import ServiceRefusal, assessment_event_record
from ascassure.apps.scoring.models import (
    Calibration,
    CalibrationOutcome,
    QsScore,
    RatingLock,
    RevisionKind,
    ScoreRevision,
)
from ascassure.apps.scoring.selectors import (
    CALIBRATION_STAGES,
    SCORING_STAGES,
    framework_for,
)
from ascassure.domain.framework import ScoringMethod
from ascassure.domain.lifecycle import Stage
from ascassure.domain.scoring import qs_score_from_categories, score_assessment

STALE_SCORE = (
    "Someone else saved this score while you were working on it, so your change was not "
    "saved. Their version is shown on this page: read it, then save again if yours should "
    "replace it."
)
RATING_LOCKED = "The rating is locked, so scores can no longer be changed."
SCORING_CLOSED = "Scores can be proposed only while the assessment is being scored."
NOT_WITH_PANEL = "The panel decides on scores only while the assessment is with the panel."
NOT_PROPOSED = "The team has not proposed a score for this quality statement."
CHOOSE_SCORE = "Choose a score from 1 to 4."
SCORE_EVERY_CATEGORY = "Score every evidence category from 1 to 4."
UNKNOWN_QS = "There is no such quality statement in this assessment's framework."
CHANGE_NEEDS_REASON = "Give the panel's reason for changing the score."
NOT_ALL_CALIBRATED = (
    "The panel must agree or change the score of every quality statement before the rating "
    "is locked. Still to decide: {codes}."
)
ALREADY_LOCKED = "The rating is already locked."
TOO_MANY_REFERENCES = "Give at most 50 evidence references."

MAX_REFERENCES = 50


def _locked_assessment(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().get(pk=assessment.pk)


def _refuse_if_locked(assessment: Assessment) -> None:
    if RatingLock.objects.filter(assessment=assessment).exists():
        raise ServiceRefusal(RATING_LOCKED)


def _statement_code(assessment: Assessment, qs_code: str) -> str:
    try:
        return framework_for(assessment).statement(qs_code).code
    except KeyError:
        raise ServiceRefusal(UNKNOWN_QS) from None


def evidence_from_lines(text: str) -> list[dict[str, object]]:
    """One reference per non-empty line (the evidence app may later add an ``id``)."""
    return [{"title": line.strip(), "id": None} for line in text.splitlines() if line.strip()]


@transaction.atomic
def qs_score_propose(
    *,
    assessment: Assessment,
    qs_code: str,
    rationale: str,
    evidence: Sequence[Mapping[str, object]] = (),
    score: int | None = None,
    category_scores: Mapping[str, int] | None = None,
    by: User | None,
    expected_version: int,
    at: datetime | None = None,
) -> QsScore:
    """The team proposes (or revises) the score of one QS.

    Current method: give ``score``. Legacy method: give ``category_scores`` (one per evidence
    category of the QS); the QS score and percentage are computed by the domain.
    ``expected_version`` is the version the person started from (0 for a first score).
    """
    assessment = _locked_assessment(assessment)
    code = _statement_code(assessment, qs_code)
    _refuse_if_locked(assessment)
    if Stage(assessment.stage) not in SCORING_STAGES:
        raise ServiceRefusal(SCORING_CLOSED)
    fw = framework_for(assessment)
    percent: int | None = None
    categories: dict[str, int] = {}
    if fw.scoring_method is ScoringMethod.CATEGORY:
        wanted = [c.code for c in fw.categories_for(code)]
        given = dict(category_scores or {})
        if set(given) != set(wanted) or any(given[c] not in (1, 2, 3, 4) for c in wanted):
            raise ServiceRefusal(SCORE_EVERY_CATEGORY)
        categories = {c: given[c] for c in wanted}
        computed = qs_score_from_categories([categories[c] for c in wanted], framework=fw)
        new_score, percent = computed.score, computed.percent
    else:
        if score not in (1, 2, 3, 4) or isinstance(score, bool):
            raise ServiceRefusal(CHOOSE_SCORE)
        new_score = score
    references = [
        {"title": str(item["title"]).strip(), "id": item.get("id")}
        for item in evidence
        if str(item.get("title", "")).strip()
    ]
    if len(references) > MAX_REFERENCES:
        raise ServiceRefusal(TOO_MANY_REFERENCES)
    record, _ = QsScore.objects.select_for_update().get_or_create(
        assessment=assessment, qs_code=code
    )
    if record.version != expected_version:
        raise ServiceRefusal(STALE_SCORE)
    rationale = rationale.strip()
    unchanged = (
        record.score == new_score
        and record.rationale == rationale
        and record.category_scores == categories
        and record.evidence == references
    )
    if unchanged:
        return record
    now = at or timezone.now()
    ScoreRevision.objects.create(
        qs_score=record,
        assessment=assessment,
        qs_code=code,
        kind=RevisionKind.PROPOSED,
        by=by,
        at=now,
        old_score=record.score,
        new_score=new_score,
        old_rationale=record.rationale,
        new_rationale=rationale,
        old_category_scores=record.category_scores,
        new_category_scores=categories,
        old_evidence=record.evidence,
        new_evidence=references,
    )
    before = record.score
    record.score, record.qs_percent, record.category_scores = new_score, percent, categories
    record.rationale, record.evidence = rationale, references
    record.proposed_by, record.proposed_at = by, now
    record.version += 1
    record.save()
    if before == new_score:
        summary = f"{code} rationale or evidence revised (score {new_score})"
    elif before is None:
        summary = f"{code} score proposed: {new_score}"
    else:
        summary = f"{code} score changed from {before} to {new_score}"
    assessment_event_record(assessment=assessment, actor=by, kind="qs_score", summary=summary)
    return record


@transaction.atomic
def qs_score_calibrate(
    *,
    assessment: Assessment,
    qs_code: str,
    agreed_score: int,
    reason: str,
    by: User | None,
    expected_version: int,
    at: datetime | None = None,
) -> Calibration:
    """The panel agrees the team's score of one QS, or changes it (a reason is then needed).

    The panel may revisit its decision until the rating is locked; every decision is kept.
    """
    assessment = _locked_assessment(assessment)
    code = _statement_code(assessment, qs_code)
    _refuse_if_locked(assessment)
    if Stage(assessment.stage) not in CALIBRATION_STAGES:
        raise ServiceRefusal(NOT_WITH_PANEL)
    record = QsScore.objects.select_for_update().filter(assessment=assessment, qs_code=code).first()
    if record is None or record.score is None:
        raise ServiceRefusal(NOT_PROPOSED)
    if record.version != expected_version:
        raise ServiceRefusal(STALE_SCORE)
    if agreed_score not in (1, 2, 3, 4) or isinstance(agreed_score, bool):
        raise ServiceRefusal(CHOOSE_SCORE)
    previous = Calibration.objects.filter(qs_score=record).first()
    proposed = previous.proposed_score if previous else record.score
    outcome = CalibrationOutcome.AGREED if agreed_score == proposed else CalibrationOutcome.CHANGED
    reason = reason.strip()
    if outcome == CalibrationOutcome.CHANGED and not reason:
        raise ServiceRefusal(CHANGE_NEEDS_REASON)
    now = at or timezone.now()
    ScoreRevision.objects.create(
        qs_score=record,
        assessment=assessment,
        qs_code=code,
        kind=RevisionKind.CALIBRATED,
        by=by,
        at=now,
        old_score=record.score,
        new_score=agreed_score,
        old_rationale=record.rationale,
        new_rationale=record.rationale,
        old_category_scores=record.category_scores,
        new_category_scores=record.category_scores,
        old_evidence=record.evidence,
        new_evidence=record.evidence,
        reason=reason,
    )
    record.score = agreed_score
    record.version += 1
    record.save(update_fields=["score", "version"])
    calibration, _ = Calibration.objects.update_or_create(
        qs_score=record,
        defaults={
            "outcome": outcome,
            "proposed_score": proposed,
            "agreed_score": agreed_score,
            "reason": reason,
            "panel_member": by,
            "at": now,
        },
    )
    if outcome == CalibrationOutcome.AGREED:
        summary = f"Panel agreed {code} at {agreed_score}"
    else:
        summary = f"Panel changed {code} from {proposed} to {agreed_score}"
    assessment_event_record(
        assessment=assessment, actor=by, kind="qs_calibration", summary=summary, reason=reason
    )
    return calibration


@transaction.atomic
def rating_lock(
    *, assessment: Assessment, by: User | None, at: datetime | None = None
) -> RatingLock:
    """Lock the rating once the panel has decided on every QS. Scores then cannot change."""
    assessment = _locked_assessment(assessment)
    if RatingLock.objects.filter(assessment=assessment).exists():
        raise ServiceRefusal(ALREADY_LOCKED)
    if Stage(assessment.stage) not in CALIBRATION_STAGES:
        raise ServiceRefusal(NOT_WITH_PANEL)
    fw = framework_for(assessment)
    records = {
        r.qs_code: r for r in QsScore.objects.select_for_update().filter(assessment=assessment)
    }
    decided = set(
        Calibration.objects.filter(qs_score__assessment=assessment).values_list(
            "qs_score__qs_code", flat=True
        )
    )
    missing = [code for code in fw.qs_codes if code not in decided or code not in records]
    if missing:
        raise ServiceRefusal(NOT_ALL_CALIBRATED.format(codes=", ".join(missing)))
    scores = [records[code].score for code in fw.qs_codes]
    result = score_assessment(scores, framework=fw)
    lock = RatingLock.objects.create(
        assessment=assessment,
        rating_locked_at=at or timezone.now(),
        locked_by=by,
        percent=result.percent,
        rating=str(result.rating),
        scores=dict(zip(fw.qs_codes, scores, strict=True)),
    )
    assessment_event_record(
        assessment=assessment,
        actor=by,
        kind="rating_locked",
        summary=f"Rating locked: {result.rating} ({result.percent}%)",
    )
    return lock
