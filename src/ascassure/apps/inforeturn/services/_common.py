"""Shared by the information return's writes: refusal messages, item locking and versioning,
timeline records and e-mail helpers.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date

from django.core.mail import EmailMessage, get_connection
from django.db import transaction

from ascassure.apps.accounts.models import CouncilMembership, CouncilRole, User
from ascassure.apps.assessments.models import Assessment, TeamRole
from ascassure.apps.assessments.services import (
    ServiceRefusal,
    assessment_event_record,
)
from ascassure.apps.inforeturn.models import (
    IRItem,
    IRRequest,
    ItemKind,
)
from ascassure.domain import inforeturn as domain
from ascassure.domain.lifecycle import Stage

logger = logging.getLogger(__name__)

ITEM_STALE = (
    "Someone else changed this item while you were working on it. "
    "Your change was not saved: look at the latest version and try again."
)
NOT_YET_NOTIFIED = "Notify the council before sending the information return request."
ASSESSMENT_FINISHED = "This assessment is finished: its information return cannot change."
ALREADY_ISSUED = "The information return request has already been sent for this assessment."
UNKNOWN_TEMPLATE = "Choose a template for the request."
DUE_CHANGE_NEEDS_REASON = "Give a reason for changing the due date."
DUE_DATE_BEFORE_SENT = "The due date cannot be before the day the request was sent."
ITEM_ANSWERED = (
    "The council has already answered this item, so it cannot be removed. "
    "Change its due date instead, or ask the council to mark it as not held."
)
ITEM_COMPLETE_READ_ONLY = (
    "This item is marked complete. Mark it as not complete before you change it."
)
NOTHING_SENT = "Send a file, a link or a pointer to a document before marking this item complete."
NOT_HELD_NEEDS_NOTE = "Say why you do not hold this information."
POINTER_NEEDS_DOCUMENT = "Choose the document that has the section."
POINTER_NEEDS_SECTION = "Say which section, page or paragraph of the document answers this item."
UPLOAD_POINTED_TO = (
    "Another item points to this file. Change that item's pointer before removing the file."
)
EXTENSION_ALREADY_PENDING = (
    "You have already asked for more time on this item. Wait for the decision."
)
EXTENSION_NOT_NEEDED = "This item is complete, so it needs no extension."
EXTENSION_ALREADY_DECIDED = "Someone has already decided this extension request."

DEFAULT_REMINDER_WORKING_DAYS = (3, 1)


# --- helpers --------------------------------------------------------------------------------


def _refuse_if_finished(assessment: Assessment) -> None:
    if Stage(assessment.stage).is_final:
        raise ServiceRefusal(ASSESSMENT_FINISHED)


def _locked_item(item: IRItem, expected_version: int | None) -> IRItem:
    """The item row, locked for this transaction, refusing a stale version."""
    current = (
        IRItem.objects.select_for_update()
        .select_related("request__assessment__council")
        .get(pk=item.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise ServiceRefusal(ITEM_STALE)
    _refuse_if_finished(current.request.assessment)
    return current


def _save_item(item: IRItem, fields: Sequence[str]) -> None:
    item.version += 1
    item.save(update_fields=[*fields, "version", "updated_at"])


def _record(
    item_or_request: IRItem | IRRequest,
    *,
    actor: User | None,
    kind: str,
    summary: str,
    reason: str = "",
) -> None:
    request = item_or_request.request if isinstance(item_or_request, IRItem) else item_or_request
    assessment_event_record(
        assessment=request.assessment,
        actor=actor,
        kind=kind,
        summary=summary[:300],
        reason=reason,
    )


def _as_domain_item(item: IRItem) -> domain.RequestItem:
    return domain.RequestItem(
        key=item.key,
        title=item.title,
        description=item.description,
        kind=domain.ItemKind.DATA if item.kind == ItemKind.DATA else domain.ItemKind.DOCUMENT,
        qs_codes=tuple(item.qs_codes),
        due=item.due_date,
    )


def _council_editor_emails(assessment: Assessment) -> list[str]:
    return sorted(
        set(
            CouncilMembership.objects.filter(
                council_id=assessment.council_id, role=CouncilRole.EDITOR, user__is_active=True
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def _lead_emails(assessment: Assessment) -> list[str]:
    return sorted(
        set(
            assessment.assignments.filter(role=TeamRole.LEAD_INSPECTOR, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def _messages(recipients: Sequence[str], subject: str, body: str) -> list[EmailMessage]:
    """One message per person: nobody sees who else received it."""
    return [EmailMessage(subject=subject, body=body, to=[to]) for to in recipients]


def _send_after_commit(recipients: Sequence[str], subject: str, body: str) -> None:
    """E-mail once the change is committed; a mail failure is logged, never undoes the change."""
    if not recipients:
        return
    messages = _messages(recipients, subject, body)
    transaction.on_commit(lambda: get_connection().send_messages(messages), robust=True)


def _size_text(limit: int) -> str:
    mib = limit / (1024 * 1024)
    return f"{mib:g} MB" if mib >= 1 else f"{limit} bytes"


def _fmt(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"
