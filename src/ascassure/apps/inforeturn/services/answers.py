"""Answering the information return (the council): files, links, pointers, completion."""

from __future__ import annotations

from django.core.files import File
from django.db import transaction

from ascassure.apps.accounts.models import User
from ascassure.apps.assessments.services import (
    ServiceRefusal,
)
from ascassure.apps.inforeturn import storage
from ascassure.apps.inforeturn.models import (
    IRItem,
    IRUpload,
    ItemStatus,
)
from ascassure.apps.inforeturn.services._common import (
    ITEM_COMPLETE_READ_ONLY,
    NOT_HELD_NEEDS_NOTE,
    NOTHING_SENT,
    POINTER_NEEDS_DOCUMENT,
    POINTER_NEEDS_SECTION,
    UPLOAD_POINTED_TO,
    _discard,
    _locked_item,
    _mark_complete,
    _move_on_commit,
    _receive,
    _record,
    _save_item,
    _size_text,
    _store,
)
from ascassure.files import FILE_TOO_BIG, MAX_UPLOAD_BYTES

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
    received = _receive(upload, name=original_name, assessment_pk=item.request.assessment_id)
    try:
        with transaction.atomic():
            item = _locked_item(item, expected_version)
            if item.is_complete:
                raise ServiceRefusal(ITEM_COMPLETE_READ_ONLY)
            stored, incoming = _store(item, received, by=by)
            _save_item(item, [])
            _record(
                item, actor=by, kind="ir_upload", summary=f"{item.title}: file {original_name} sent"
            )
            _move_on_commit([(stored, incoming)])
    except BaseException:
        _discard([received])
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
    _mark_complete(
        item,
        status=wanted,
        note=note.strip(),
        by=by,
        kind="ir_complete",
        summary=f"{item.title}: marked {wanted.label.lower()}",
        reason=note.strip(),
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
