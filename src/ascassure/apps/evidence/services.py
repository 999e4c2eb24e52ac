"""Writes for evidence. Each one is atomic, checks against the framework version, and refuses a
save based on an older version of the item (nothing is overwritten silently)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from ascassure.apps.accounts.models import User
from ascassure.apps.assessments.models import Assessment
from ascassure.apps.assessments.services import ServiceRefusal, assessment_event_record
from ascassure.apps.evidence.models import EvidenceItem
from ascassure.apps.evidence.selectors import framework_for, period_for
from ascassure.domain.evidence import Direction, EvidenceSource, check_evidence_date

STALE_ITEM = (
    "Someone else changed this evidence item while you were working on it. Your changes were "
    "not saved. The saved version is shown below: check it, then save again if your changes "
    "should replace it."
)
GONE_ITEM = "This evidence item was removed by someone else while you were working on it."
NO_PERIOD = (
    "Set the assessment's notification date first: the evidence period is counted back from "
    "the information return, which is sent with the notification."
)
CHOOSE_QS = "Choose at least one quality statement"
UNKNOWN_QS = "Choose quality statements of this assessment's framework"
CHOOSE_CATEGORY = "Choose the evidence category"
CATEGORY_NOT_FOR_QS = "{category} is not an evidence category of {qs} in this framework"
CHOOSE_SOURCE = "Choose where the evidence came from"
CHOOSE_DIRECTION = "Choose whether the evidence points to a strength, a shortfall or both"
ENTER_SUMMARY = "Enter a summary of the evidence"


@dataclass(frozen=True)
class EvidenceInput:
    """What a person records about one piece of evidence."""

    category: str
    source: str
    evidence_date: date
    qs_codes: Sequence[str]
    summary: str
    direction: str
    outside_period_reason: str = ""


@dataclass(frozen=True)
class Checked:
    category: str
    source: str
    evidence_date: date
    qs_codes: list[str]
    summary: str
    direction: str
    outside_period_reason: str


def _check(assessment: Assessment, data: EvidenceInput) -> Checked:
    """The input normalised against the framework version, or every reason it is refused."""
    framework = framework_for(assessment)
    reasons: list[str] = []
    codes: list[str] = []
    for code in data.qs_codes:
        try:
            codes.append(framework.statement(code).code)
        except KeyError:
            reasons.append(UNKNOWN_QS)
            break
    if not data.qs_codes:
        reasons.append(CHOOSE_QS)
    codes = [c for c in framework.qs_codes if c in set(codes)]  # framework order, no repeats
    used = {c.code: c for c in framework.used_categories}
    if data.category not in used:
        reasons.append(CHOOSE_CATEGORY)
    else:
        for code in codes:
            if data.category not in {c.code for c in framework.categories_for(code)}:
                reasons.append(
                    CATEGORY_NOT_FOR_QS.format(category=used[data.category].title, qs=code)
                )
    if data.source not in {s.value for s in EvidenceSource}:
        reasons.append(CHOOSE_SOURCE)
    if data.direction not in {d.value for d in Direction}:
        reasons.append(CHOOSE_DIRECTION)
    if not data.summary.strip():
        reasons.append(ENTER_SUMMARY)
    period = period_for(assessment)
    reason = data.outside_period_reason.strip()
    if period is None:
        reasons.append(NO_PERIOD)
    else:
        refusal = check_evidence_date(data.evidence_date, period, reason)
        if refusal:
            reasons.append(refusal)
        if period.includes(data.evidence_date):
            reason = ""  # a reason is kept only for evidence outside the period
    if reasons:
        raise ServiceRefusal(*reasons)
    return Checked(
        category=data.category,
        source=data.source,
        evidence_date=data.evidence_date,
        qs_codes=codes,
        summary=data.summary.strip(),
        direction=data.direction,
        outside_period_reason=reason,
    )


@transaction.atomic
def evidence_item_add(*, assessment: Assessment, data: EvidenceInput, by: User) -> EvidenceItem:
    checked = _check(assessment, data)
    return EvidenceItem.objects.create(
        assessment=assessment,
        recorded_by=by,
        recorded_at=timezone.now(),
        **checked.__dict__,
    )


def _locked(item: EvidenceItem, expected_version: int) -> EvidenceItem:
    current = EvidenceItem.objects.select_for_update().filter(pk=item.pk).first()
    if current is None:
        raise ServiceRefusal(GONE_ITEM)
    if current.version != expected_version:
        raise ServiceRefusal(STALE_ITEM)
    return current


@transaction.atomic
def evidence_item_change(
    *, item: EvidenceItem, data: EvidenceInput, by: User, expected_version: int
) -> EvidenceItem:
    current = _locked(item, expected_version)
    checked = _check(item.assessment, data)
    for name, value in checked.__dict__.items():
        setattr(current, name, value)
    current.changed_by = by
    current.changed_at = timezone.now()
    current.version += 1
    current.save()
    return current


@transaction.atomic
def evidence_item_delete(*, item: EvidenceItem, by: User, expected_version: int) -> None:
    current = _locked(item, expected_version)
    assessment_event_record(
        assessment=item.assessment,
        actor=by,
        kind="evidence_removed",
        summary=f"Evidence item removed: {current.get_source_display().lower()} of "
        f"{current.evidence_date:%d %b %Y} ({', '.join(current.qs_codes)})",
        reason=current.summary,
    )
    current.delete()
