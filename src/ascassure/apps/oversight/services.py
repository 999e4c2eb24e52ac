"""Writes for oversight: serious risks create a follow-up; notices to the Secretary of State."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from ascassure.apps.accounts.models import User
from ascassure.apps.assessments.models import Assessment, AssessmentKind
from ascassure.apps.assessments.services import (
    ServiceRefusal,
    assessment_create,
    assessment_event_record,
)
from ascassure.apps.oversight.models import SecretaryOfStateNotice, SeriousRiskFinding

RISKS_NEED_SUMMARY = "Describe the serious risks found."
NOTICE_NEEDS_CONTENT = "Write what is reported to the Secretary of State."
FOLLOW_UP_OF_FOLLOW_UP = (
    "This is already a follow-up assessment: record serious risks on the original one, "
    "or create a new assessment."
)


@transaction.atomic
def serious_risks_mark(
    *, assessment: Assessment, summary: str, found_on: date, by: User
) -> SeriousRiskFinding:
    """Record serious risks and create the follow-up assessment that checks them."""
    if not summary.strip():
        raise ServiceRefusal(RISKS_NEED_SUMMARY)
    if assessment.kind == AssessmentKind.FOLLOW_UP:
        raise ServiceRefusal(FOLLOW_UP_OF_FOLLOW_UP)
    follow_up = assessment_create(
        council=assessment.council,
        kind=AssessmentKind.FOLLOW_UP,
        framework_version=assessment.framework_version,
        notification_date=None,
        created_by=by,
        follows=assessment,
    )
    finding = SeriousRiskFinding.objects.create(
        assessment=assessment,
        found_on=found_on,
        summary=summary.strip(),
        follow_up=follow_up,
        recorded_by=by,
    )
    assessment_event_record(
        assessment=assessment,
        actor=by,
        kind="serious_risks",
        summary=f"Serious risks recorded; follow-up assessment {follow_up.pk} created",
        reason=summary.strip(),
    )
    assessment_event_record(
        assessment=follow_up,
        actor=by,
        kind="follows",
        summary=f"Follows up the serious risks found by assessment {assessment.pk}",
    )
    return finding


@transaction.atomic
def secretary_of_state_notify(
    *, assessment: Assessment, sent_on: date, intervention_stage: str, content: str, by: User
) -> SecretaryOfStateNotice:
    if not content.strip():
        raise ServiceRefusal(NOTICE_NEEDS_CONTENT)
    notice = SecretaryOfStateNotice.objects.create(
        assessment=assessment,
        sent_on=sent_on,
        intervention_stage=intervention_stage,
        content=content.strip(),
        recorded_by=by,
    )
    assessment_event_record(
        assessment=assessment,
        actor=by,
        kind="secretary_of_state",
        summary=f"Secretary of State notified ({notice.get_intervention_stage_display().lower()})",
    )
    return notice
