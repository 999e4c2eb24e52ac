"""Shared by the information return's writes: refusal messages, item locking and versioning,
marking an item complete, timeline records, receiving and storing files, and e-mail helpers.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from ascassure.apps.accounts.models import CouncilMembership, CouncilRole, User
from ascassure.apps.assessments.models import Assessment, TeamRole
from ascassure.apps.assessments.services import (
    ServiceRefusal,
    assessment_event_record,
)
from ascassure.apps.inforeturn import storage
from ascassure.apps.inforeturn.models import (
    IRItem,
    IRRequest,
    IRUpload,
    ItemStatus,
)
from ascassure.domain.lifecycle import Stage
from ascassure.files import MAX_UPLOAD_BYTES, UploadRefused, sniff_upload

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
        summary=summary,
        reason=reason,
    )


def _mark_complete(
    item: IRItem,
    *,
    status: ItemStatus,
    note: str,
    by: User | None,
    kind: str,
    summary: str,
    reason: str = "",
    at: datetime | None = None,
) -> None:
    """Mark the (locked) item complete or not held, save it and record it on the timeline."""
    item.status = status.value
    item.council_note = note
    item.completed_by = by
    item.completed_at = at or timezone.now()
    _save_item(item, ["status", "council_note", "completed_by", "completed_at"])
    _record(item, actor=by, kind=kind, summary=summary, reason=reason)


# --- receiving and storing files --------------------------------------------------------------


@dataclass(frozen=True)
class _Received:
    incoming: storage.Incoming
    name: str
    kind: str
    mime: str


def _receive(handle, *, name: str, assessment_pk: int) -> _Received:
    """Check a file by its content and copy it next to its final place (checksummed)."""
    try:
        detected = sniff_upload(handle, name, max_bytes=MAX_UPLOAD_BYTES)
    except UploadRefused as refused:
        raise ServiceRefusal(refused.message) from None
    incoming = storage.receive(handle, assessment_pk=assessment_pk)
    return _Received(incoming=incoming, name=name, kind=detected.kind.value, mime=detected.mime)


def _discard(received: Sequence[_Received]) -> None:
    for one in received:
        storage.discard(one.incoming.path)


def _store(
    item: IRItem, received: _Received, *, by: User | None, **source
) -> tuple[IRUpload, Path]:
    stored = IRUpload.objects.create(
        item=item,
        stored_name=storage.new_stored_name(item.request.assessment_id, received.kind),
        original_name=received.name,
        file_kind=received.kind,
        content_type=received.mime,
        size=received.incoming.size,
        sha256=received.incoming.sha256,
        uploaded_by=by,
        uploaded_at=timezone.now(),
        **source,
    )
    return stored, received.incoming.path


def _move_on_commit(placed: Sequence[tuple[IRUpload, Path]]) -> None:
    def move() -> None:
        for upload, incoming in placed:
            storage.move_into_place(incoming, upload.stored_name)

    transaction.on_commit(move)


# --- e-mail -----------------------------------------------------------------------------------


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
