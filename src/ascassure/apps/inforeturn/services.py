"""Writes for the information return. Each one is atomic and records itself on the timeline.

Item changes carry the version the person saw: a save based on an older version is refused
(:data:`ITEM_STALE`) and nothing is overwritten. Refusals are :class:`ServiceRefusal` with
messages in the user's words, asserted by the tests.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from datetime import date

from django.conf import settings
from django.core.files import File
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from ascassure.apps.accounts.models import CouncilMembership, CouncilRole, User
from ascassure.apps.assessments.models import Assessment, TeamRole
from ascassure.apps.assessments.services import (
    ServiceRefusal,
    assessment_event_record,
    assessment_transition,
)
from ascassure.apps.inforeturn import storage
from ascassure.apps.inforeturn.models import (
    ExtensionRequest,
    ExtensionStatus,
    IRItem,
    IRRequest,
    IRUpload,
    ItemKind,
    ItemStatus,
    ReminderKind,
    ReminderSent,
)
from ascassure.domain import inforeturn as domain
from ascassure.domain.framework import load_framework
from ascassure.domain.lifecycle import NO_IR_ITEMS, Event, Stage
from ascassure.files import FILE_TOO_BIG, MAX_UPLOAD_BYTES, UploadRefused, sniff_upload

logger = logging.getLogger(__name__)

__all__ = [
    "ALREADY_ISSUED",
    "ASSESSMENT_FINISHED",
    "DUE_CHANGE_NEEDS_REASON",
    "EXTENSION_ALREADY_DECIDED",
    "EXTENSION_ALREADY_PENDING",
    "EXTENSION_NOT_NEEDED",
    "ITEM_ANSWERED",
    "ITEM_COMPLETE_READ_ONLY",
    "ITEM_STALE",
    "NOTHING_SENT",
    "NOT_HELD_NEEDS_NOTE",
    "NOT_YET_NOTIFIED",
    "POINTER_NEEDS_DOCUMENT",
    "POINTER_NEEDS_SECTION",
    "UPLOAD_POINTED_TO",
    "ServiceRefusal",
    "ir_extension_decide",
    "ir_extension_request",
    "ir_item_add",
    "ir_item_answer",
    "ir_item_complete",
    "ir_item_due_date_set",
    "ir_item_remove",
    "ir_item_reopen",
    "ir_reminders_send",
    "ir_request_issue",
    "ir_upload_remove",
    "ir_upload_store",
]

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


# --- issuing and editing the request (the team) ---------------------------------------------


@transaction.atomic
def ir_request_issue(
    *,
    assessment: Assessment,
    template: str,
    sent: date,
    by: User,
    today: date,
    keys: Collection[str] | None = None,
) -> IRRequest:
    """Send the council its request: the template's items (or those chosen), due from ``sent``.

    Allowed once the council is notified. At the "Council notified" stage this also takes the
    assessment's step "Send the information return request" (so its stage reads "Information
    return open"), with the lifecycle's own guard.
    """
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _refuse_if_finished(assessment)
    if assessment.stage == Stage.PLANNED:
        raise ServiceRefusal(NOT_YET_NOTIFIED)
    if IRRequest.objects.filter(assessment=assessment).exists():
        raise ServiceRefusal(ALREADY_ISSUED)
    try:
        chosen_template = domain.load_template(template)
    except domain.TemplateError:
        raise ServiceRefusal(UNKNOWN_TEMPLATE) from None
    items = domain.build_request(chosen_template, sent=sent)
    if keys is not None:
        wanted = set(keys)
        items = tuple(item for item in items if item.key in wanted)
    if not items:
        raise ServiceRefusal(NO_IR_ITEMS)
    request = IRRequest.objects.create(
        assessment=assessment,
        template_name=chosen_template.name,
        template_title=chosen_template.title,
        sent_on=sent,
        issued_by=by,
        issued_at=timezone.now(),
    )
    IRItem.objects.bulk_create(
        [
            IRItem(
                request=request,
                key=item.key,
                position=position,
                title=item.title,
                description=item.description,
                kind=ItemKind.SELF_ASSESSMENT
                if item.key == "self_assessment"
                else ItemKind(item.kind.value),
                qs_codes=list(item.qs_codes),
                due_date=item.due,
                original_due_date=item.due,
            )
            for position, item in enumerate(items)
        ]
    )
    last_due = max(item.due for item in items)
    _record(
        request,
        actor=by,
        kind="ir_issued",
        summary=f"Information return request sent: {len(items)} items, due by {last_due:%d %b %Y}",
    )
    if assessment.stage == Stage.NOTIFIED:
        assessment_transition(assessment=assessment, event=Event.OPEN_IR.value, by=by, today=today)
    first_due = min(item.due for item in items)
    _send_after_commit(
        _council_editor_emails(assessment),
        f"Information return request: {assessment.council.name}",
        f"The assessing body has sent {assessment.council.name} its information return "
        f"request: {len(items)} items. The first are due on {_fmt(first_due)}, the rest by "
        f"{_fmt(last_due)}.\n\nSign in to see the items and send your answers.\n",
    )
    return request


@transaction.atomic
def ir_item_add(
    *,
    request: IRRequest,
    title: str,
    description: str,
    kind: str,
    qs_codes: Sequence[str],
    due_date: date,
    by: User,
) -> IRItem:
    """A further item asked for after the request went out ("CQC may ask for more later")."""
    request = IRRequest.objects.select_related("assessment").get(pk=request.pk)
    _refuse_if_finished(request.assessment)
    if due_date < request.sent_on:
        raise ServiceRefusal(DUE_DATE_BEFORE_SENT)
    framework = load_framework(request.assessment.framework_version)
    codes = list(dict.fromkeys(framework.statement(code).code for code in qs_codes))
    base = slugify(title).replace("-", "_")[:50] or "item"
    taken = set(request.items.values_list("key", flat=True))
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    position = (
        request.items.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    item = IRItem.objects.create(
        request=request,
        key=key,
        position=position,
        title=title.strip(),
        description=description.strip(),
        kind=ItemKind(kind),
        qs_codes=codes,
        due_date=due_date,
        original_due_date=due_date,
    )
    _record(
        item, actor=by, kind="ir_item_added", summary=f"Information return item added: {item.title}"
    )
    _send_after_commit(
        _council_editor_emails(request.assessment),
        f"New information return item: {item.title}",
        f"The assessing body has asked for one more item: {item.title}, due on "
        f"{_fmt(due_date)}.\n\n{item.description}\n",
    )
    return item


@transaction.atomic
def ir_item_remove(*, item: IRItem, by: User, expected_version: int | None) -> None:
    item = _locked_item(item, expected_version)
    if item.is_complete or item.link or item.pointer_upload_id or item.uploads.exists():
        raise ServiceRefusal(ITEM_ANSWERED)
    _record(
        item,
        actor=by,
        kind="ir_item_removed",
        summary=f"Information return item removed: {item.title}",
    )
    item.delete()


@transaction.atomic
def ir_item_due_date_set(
    *, item: IRItem, due_date: date, reason: str, by: User, expected_version: int | None
) -> IRItem:
    """The team moves one item's due date (earlier or later), saying why."""
    if not reason.strip():
        raise ServiceRefusal(DUE_CHANGE_NEEDS_REASON)
    item = _locked_item(item, expected_version)
    if due_date < item.request.sent_on:
        raise ServiceRefusal(DUE_DATE_BEFORE_SENT)
    before = item.due_date
    item.due_date = due_date
    _save_item(item, ["due_date"])
    _record(
        item,
        actor=by,
        kind="ir_due_date",
        summary=f"{item.title}: due date moved from {before:%d %b %Y} to {due_date:%d %b %Y}",
        reason=reason.strip(),
    )
    return item


# --- answering (the council) ----------------------------------------------------------------


def ir_upload_store(
    *, item: IRItem, upload: File, by: User, expected_version: int | None
) -> IRUpload:
    """Store one file for an item: type read from the content, checksummed, all or nothing.

    The file is refused (:class:`ServiceRefusal` with the reason from
    :func:`ascassure.files.sniff_upload`) when it is too big, empty, of a type not accepted, or
    named as another type. It is copied to an incoming file first and moved to its random final
    name when the transaction commits; on any failure the incoming file is deleted, so no row
    and no file are left.
    """
    original_name = storage.clean_filename(upload.name or "")
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ServiceRefusal(FILE_TOO_BIG.format(limit=_size_text(MAX_UPLOAD_BYTES)))
    try:
        detected = sniff_upload(upload, original_name, max_bytes=MAX_UPLOAD_BYTES)
    except UploadRefused as refused:
        raise ServiceRefusal(refused.message) from None
    incoming = storage.receive(upload, assessment_pk=item.request.assessment_id)
    try:
        with transaction.atomic():
            item = _locked_item(item, expected_version)
            if item.is_complete:
                raise ServiceRefusal(ITEM_COMPLETE_READ_ONLY)
            stored = IRUpload.objects.create(
                item=item,
                stored_name=storage.new_stored_name(
                    item.request.assessment_id, detected.kind.extension
                ),
                original_name=original_name,
                file_kind=detected.kind.value,
                content_type=detected.mime,
                size=incoming.size,
                sha256=incoming.sha256,
                uploaded_by=by,
                uploaded_at=timezone.now(),
            )
            _save_item(item, [])
            _record(
                item, actor=by, kind="ir_upload", summary=f"{item.title}: file {original_name} sent"
            )
            transaction.on_commit(
                lambda: storage.move_into_place(incoming.path, stored.stored_name)
            )
    except BaseException:
        storage.discard(incoming.path)
        raise
    return stored


@transaction.atomic
def ir_upload_remove(*, upload: IRUpload, by: User, expected_version: int | None) -> None:
    """Remove a file sent by mistake; the file leaves the disk when the removal commits."""
    item = _locked_item(upload.item, expected_version)
    upload = IRUpload.objects.get(pk=upload.pk)
    if item.is_complete:
        raise ServiceRefusal(ITEM_COMPLETE_READ_ONLY)
    if upload.pointed_from.exists():
        raise ServiceRefusal(UPLOAD_POINTED_TO)
    stored_name = upload.stored_name
    upload.delete()
    _save_item(item, [])
    _record(
        item,
        actor=by,
        kind="ir_upload_removed",
        summary=f"{item.title}: file {upload.original_name} removed",
    )
    transaction.on_commit(lambda: storage.delete_stored(stored_name))


@transaction.atomic
def ir_item_answer(
    *,
    item: IRItem,
    by: User,
    expected_version: int | None,
    link: str = "",
    pointer_upload: IRUpload | None = None,
    pointer_section: str = "",
) -> IRItem:
    """Set (or clear) the item's link and its pointer to a section of a document already sent."""
    section = pointer_section.strip()
    problems = []
    if section and pointer_upload is None:
        problems.append(POINTER_NEEDS_DOCUMENT)
    if pointer_upload is not None and not section:
        problems.append(POINTER_NEEDS_SECTION)
    if problems:
        raise ServiceRefusal(*problems)
    item = _locked_item(item, expected_version)
    if item.is_complete:
        raise ServiceRefusal(ITEM_COMPLETE_READ_ONLY)
    if pointer_upload is not None and (
        pointer_upload.item.request_id != item.request_id or pointer_upload.item_id == item.pk
    ):
        raise ServiceRefusal(POINTER_NEEDS_DOCUMENT)
    item.link = link.strip()
    item.pointer_upload = pointer_upload
    item.pointer_section = section
    _save_item(item, ["link", "pointer_upload", "pointer_section"])
    parts = []
    if item.link:
        parts.append("a link")
    if pointer_upload is not None:
        parts.append(f"a pointer to {pointer_upload.original_name}, {section}")
    _record(
        item,
        actor=by,
        kind="ir_answer",
        summary=f"{item.title}: "
        + (" and ".join(parts) + " given" if parts else "link and pointer cleared"),
    )
    return item


@transaction.atomic
def ir_item_complete(
    *, item: IRItem, status: str, note: str, by: User, expected_version: int | None
) -> IRItem:
    """Mark an item complete (everything sent) or not held (with a note saying why)."""
    wanted = ItemStatus(status)
    if wanted == ItemStatus.OUTSTANDING:
        raise ValueError("use ir_item_reopen to mark an item as not complete")
    item = _locked_item(item, expected_version)
    if wanted == ItemStatus.SUBMITTED and not (
        item.link or item.pointer_upload_id or item.uploads.exists()
    ):
        raise ServiceRefusal(NOTHING_SENT)
    if wanted == ItemStatus.NOT_HELD and not note.strip():
        raise ServiceRefusal(NOT_HELD_NEEDS_NOTE)
    item.status = wanted.value
    item.council_note = note.strip()
    item.completed_by = by
    item.completed_at = timezone.now()
    _save_item(item, ["status", "council_note", "completed_by", "completed_at"])
    _record(
        item,
        actor=by,
        kind="ir_complete",
        summary=f"{item.title}: marked {wanted.label.lower()}",
        reason=item.council_note,
    )
    return item


@transaction.atomic
def ir_item_reopen(*, item: IRItem, by: User, expected_version: int | None) -> IRItem:
    item = _locked_item(item, expected_version)
    item.status = ItemStatus.OUTSTANDING.value
    item.completed_by = None
    item.completed_at = None
    _save_item(item, ["status", "completed_by", "completed_at"])
    _record(item, actor=by, kind="ir_reopen", summary=f"{item.title}: marked as not complete")
    return item


# --- extensions -----------------------------------------------------------------------------


@transaction.atomic
def ir_extension_request(
    *, item: IRItem, requested_due: date, reason: str, by: User, expected_version: int | None
) -> ExtensionRequest:
    """The council asks for more time on one item: a reason and a later date."""
    item = _locked_item(item, expected_version)
    if item.is_complete:
        raise ServiceRefusal(EXTENSION_NOT_NEEDED)
    try:
        asked = domain.request_extension(
            _as_domain_item(item), requested_due=requested_due, reason=reason
        )
    except domain.ExtensionError as error:
        raise ServiceRefusal(*error.reasons) from None
    if item.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise ServiceRefusal(EXTENSION_ALREADY_PENDING)
    extension = ExtensionRequest.objects.create(
        item=item,
        current_due=asked.current_due,
        requested_due=asked.requested_due,
        reason=asked.reason,
        requested_by=by,
        requested_at=timezone.now(),
    )
    _save_item(item, [])
    _record(
        item,
        actor=by,
        kind="ir_extension_requested",
        summary=f"{item.title}: extension asked for, to {requested_due:%d %b %Y}",
        reason=asked.reason,
    )
    assessment = item.request.assessment
    _send_after_commit(
        _lead_emails(assessment),
        f"Extension asked for: {item.title} ({assessment.council.name})",
        f"{by.display_name} of {assessment.council.name} asks for more time on "
        f"“{item.title}”: from {_fmt(asked.current_due)} to {_fmt(asked.requested_due)}.\n\n"
        f"Their reason: {asked.reason}\n\nSign in to grant or refuse it.\n",
    )
    return extension


@transaction.atomic
def ir_extension_decide(
    *,
    extension: ExtensionRequest,
    grant: bool,
    reason: str,
    by: User,
    new_due: date | None = None,
) -> ExtensionRequest:
    """Grant (by default to the date asked for) or refuse (with a reason) an extension."""
    extension = ExtensionRequest.objects.select_for_update().get(pk=extension.pk)
    if extension.status != ExtensionStatus.PENDING:
        raise ServiceRefusal(EXTENSION_ALREADY_DECIDED)
    item = _locked_item(extension.item, None)
    asked = domain.ExtensionRequest(
        item_key=item.key,
        current_due=item.due_date,
        requested_due=extension.requested_due,
        reason=extension.reason,
    )
    try:
        if grant:
            decision = domain.grant_extension(asked, new_due=new_due, reason=reason)
        else:
            decision = domain.refuse_extension(asked, reason=reason)
    except domain.ExtensionError as error:
        raise ServiceRefusal(*error.reasons) from None
    extension.status = ExtensionStatus.GRANTED if decision.granted else ExtensionStatus.REFUSED
    extension.decided_by = by
    extension.decided_at = timezone.now()
    extension.decision_reason = decision.reason
    extension.new_due = decision.new_due
    extension.save()
    if decision.granted and decision.new_due is not None:
        item.due_date = decision.new_due
        _save_item(item, ["due_date"])
        outcome = f"granted: now due {decision.new_due:%d %b %Y}"
        told = f"granted: the item is now due on {_fmt(decision.new_due)}."
    else:
        _save_item(item, [])
        outcome = "refused"
        told = f"refused. The item is still due on {_fmt(item.due_date)}."
    _record(
        item,
        actor=by,
        kind="ir_extension_decided",
        summary=f"{item.title}: extension {outcome}",
        reason=decision.reason,
    )
    assessment = item.request.assessment
    recipients = set(_council_editor_emails(assessment))
    if extension.requested_by and extension.requested_by.email:
        recipients.add(extension.requested_by.email)
    _send_after_commit(
        sorted(recipients),
        f"Extension {'granted' if decision.granted else 'refused'}: {item.title}",
        f"Your request for more time on “{item.title}” was {told}"
        + (f"\n\nThe reason: {decision.reason}" if decision.reason else "")
        + "\n",
    )
    return extension


# --- reminders ------------------------------------------------------------------------------


def reminder_working_days() -> tuple[int, ...]:
    """Working days before a due date when reminders go out: ``IR_REMINDER_WORKING_DAYS``."""
    days = getattr(settings, "IR_REMINDER_WORKING_DAYS", DEFAULT_REMINDER_WORKING_DAYS)
    return tuple(sorted({int(d) for d in days if int(d) >= 0}, reverse=True))


def ir_reminders_send(*, today: date) -> dict[str, int]:
    """Send every reminder and overdue notice due ``today``; each goes once only.

    One e-mail per assessment and person lists that assessment's items. For each assessment
    the reminders are recorded and the e-mails sent in one transaction: if sending fails, the
    records roll back and the next run tries again; a reminder already recorded is never sent
    again (a unique constraint holds it, even for two runs at once).
    """
    from ascassure.apps.inforeturn.selectors import reminders_due

    due = reminders_due(today=today, working_days=reminder_working_days())
    by_assessment: dict[int, list] = {}
    for reminder in due:
        by_assessment.setdefault(reminder.item.request.assessment_id, []).append(reminder)
    sent_items = 0
    sent_emails = 0
    for reminders in by_assessment.values():
        try:
            items, emails = _send_for_assessment(reminders, today=today)
        except IntegrityError:
            continue  # another run recorded them first: it sends them
        sent_items += items
        sent_emails += emails
    return {"items": sent_items, "emails": sent_emails}


@transaction.atomic
def _send_for_assessment(reminders: list, *, today: date) -> tuple[int, int]:
    assessment = reminders[0].item.request.assessment
    locked = {
        item.pk: item
        for item in IRItem.objects.select_for_update().filter(pk__in=[r.item.pk for r in reminders])
    }
    fresh = []
    for reminder in reminders:
        item = locked.get(reminder.item.pk)
        if item is None or item.is_complete or item.due_date != reminder.item.due_date:
            continue
        exists = ReminderSent.objects.filter(
            item=item, kind=reminder.kind, days_before=reminder.days_before, due_date=item.due_date
        ).exists()
        if not exists:
            fresh.append(reminder)
    if not fresh:
        return 0, 0
    recipients = _council_editor_emails(assessment)
    overdue = [r for r in fresh if r.kind == ReminderKind.OVERDUE]
    coming = [r for r in fresh if r.kind == ReminderKind.BEFORE_DUE]
    now = timezone.now()
    ReminderSent.objects.bulk_create(
        [
            ReminderSent(
                item=r.item,
                kind=r.kind,
                days_before=r.days_before,
                due_date=r.item.due_date,
                sent_at=now,
                recipients=len(recipients),
            )
            for r in fresh
        ]
    )
    lines = []
    if coming:
        lines.append("Due soon:")
        lines += [f"  • {r.item.title}: due on {_fmt(r.item.due_date)}" for r in coming]
    if overdue:
        if lines:
            lines.append("")
        lines.append("Overdue:")
        lines += [f"  • {r.item.title}: was due on {_fmt(r.item.due_date)}" for r in overdue]
    council = assessment.council.name
    subject = (
        f"Information return overdue: {council}"
        if overdue
        else f"Information return reminder: {council}"
    )
    body = (
        f"Information return for {council}, as of {_fmt(today)}.\n\n"
        + "\n".join(lines)
        + "\n\nSign in to send your answers, or to ask for more time.\n"
    )
    messages = _messages(recipients, subject, body)
    if overdue:
        leads = [e for e in _lead_emails(assessment) if e not in recipients]
        team_body = (
            f"Items of {council}'s information return are overdue as of {_fmt(today)}:\n\n"
            + "\n".join(f"  • {r.item.title}: was due on {_fmt(r.item.due_date)}" for r in overdue)
            + "\n"
        )
        messages += _messages(leads, f"Information return overdue: {council}", team_body)
    if messages:
        get_connection().send_messages(messages)
    return len(fresh), len(messages)
