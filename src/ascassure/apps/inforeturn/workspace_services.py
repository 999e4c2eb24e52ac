"""Answering the information return from the council's workspace (councilspace).

Two writes, each atomic and version-checked like every other answer (see :mod:`.services`):

* :func:`ir_item_answer_from_library`: one or more evidence library items become files of the
  item. The library's stored bytes are copied (checked against the library's SHA-256 on the
  way, so the checksum is kept) and recorded as from the library; or, for a file already sent
  under another item, the item points to that copy instead.
* :func:`ir_self_assessment_submit`: a saved version of the self-assessment is submitted
  (councilspace's ``self_assessment_version_submit``: from then on the assessing body sees
  it), its DOCX and PDF are generated as the item's files, and the item is marked complete.

And one write that is part of another area's transaction:

* :func:`ir_case_list_attach`: the case list the council submits from its case list builder
  (councilspace's ``case_list_draft_submit``) answers the request's ``case_list`` item too:
  the same CSV becomes the item's file and the item is marked complete. It runs inside the
  builder's transaction, so the case list and the answer commit together or not at all.

Files reach their final place only when the transaction commits; on any refusal or failure
nothing is left (no row, no file).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction

from ascassure.apps.accounts.models import User
from ascassure.apps.assessments.services import ServiceRefusal
from ascassure.apps.councilspace import documents as workspace_documents
from ascassure.apps.councilspace import services as workspace_services
from ascassure.apps.councilspace import uploads as library_files
from ascassure.apps.councilspace.models import EvidenceItem, SelfAssessmentVersion
from ascassure.apps.inforeturn import storage
from ascassure.apps.inforeturn.models import (
    IRItem,
    IRUpload,
    ItemKind,
    ItemStatus,
    UploadSource,
)
from ascassure.apps.inforeturn.services import (
    ITEM_COMPLETE_READ_ONLY,
    POINTER_NEEDS_SECTION,
    ir_item_answer,
)
from ascassure.apps.inforeturn.services._common import (
    _discard,
    _locked_item,
    _mark_complete,
    _move_on_commit,
    _receive,
    _Received,
    _record,
    _save_item,
    _store,
)

__all__ = [
    "CASE_LIST_ITEM_KEY",
    "LIBRARY_ALREADY_ATTACHED",
    "LIBRARY_CHOOSE",
    "LIBRARY_FILE_CHANGED",
    "LIBRARY_FILE_MISSING",
    "LIBRARY_NO_FILE",
    "LIBRARY_OTHER_COUNCIL",
    "NOT_A_SELF_ASSESSMENT_ITEM",
    "POINTER_NOT_SENT",
    "POINTER_ONE_ITEM",
    "VERSION_SUBMITTED_ELSEWHERE",
    "CaseListAnswer",
    "LibraryOutcome",
    "ir_case_list_attach",
    "ir_item_answer_from_library",
    "ir_self_assessment_submit",
]

LIBRARY_CHOOSE = "Choose at least one item from your evidence library."
LIBRARY_OTHER_COUNCIL = "Choose items from your own council's evidence library."
LIBRARY_NO_FILE = "“{title}” has no file in the evidence library, so there is nothing to attach."
LIBRARY_FILE_MISSING = (
    "The file of “{title}” is missing from the evidence library. Upload it again there, or "
    "upload it here."
)
LIBRARY_FILE_CHANGED = (
    "The file of “{title}” no longer matches the checksum the evidence library recorded, so it "
    "was not sent. Upload it again in the library."
)
LIBRARY_ALREADY_ATTACHED = "The files you chose are already attached to this item."
POINTER_ONE_ITEM = "To point to a copy already sent, choose one item from your library only."
POINTER_NOT_SENT = (
    "“{title}” has not been sent under another item of this information return yet. Attach a "
    "copy of it instead."
)
NOT_A_SELF_ASSESSMENT_ITEM = "This item does not ask for the self-assessment."
VERSION_SUBMITTED_ELSEWHERE = (
    "Version {number} was submitted for another assessment. Save the self-assessment as a new "
    "version in your workspace, then submit that."
)


@dataclass(frozen=True)
class LibraryOutcome:
    item: IRItem
    attached: tuple[IRUpload, ...]  # new files
    skipped: tuple[str, ...]  # titles already attached to the item
    pointer: IRUpload | None = None


# --- answering from the evidence library ------------------------------------------------------


def _library_file(evidence: EvidenceItem, council) -> Path:
    if not evidence.has_file:
        raise ServiceRefusal(LIBRARY_NO_FILE.format(title=evidence.title))
    path = library_files.stored_path(council.ons_code, evidence.file_sha256)
    if not path.is_file():
        raise ServiceRefusal(LIBRARY_FILE_MISSING.format(title=evidence.title))
    return path


def _copy_from_library(evidence: EvidenceItem, *, council, assessment_pk: int) -> _Received:
    path = _library_file(evidence, council)
    name = storage.clean_filename(evidence.file_name or path.name)
    with path.open("rb") as handle:
        received = _receive(File(handle, name=name), name=name, assessment_pk=assessment_pk)
    if received.incoming.sha256 != evidence.file_sha256:
        _discard([received])
        raise ServiceRefusal(LIBRARY_FILE_CHANGED.format(title=evidence.title))
    return received


def _sent_copy(item: IRItem, evidence: EvidenceItem) -> IRUpload | None:
    """The file of ``evidence`` already sent under another item of the same request."""
    return (
        IRUpload.objects.filter(item__request_id=item.request_id, sha256=evidence.file_sha256)
        .exclude(item=item)
        .select_related("item")
        .order_by("item__position", "uploaded_at", "pk")
        .first()
    )


def ir_item_answer_from_library(
    *,
    item: IRItem,
    evidence: Sequence[EvidenceItem],
    by: User,
    expected_version: int | None,
    as_pointer: bool = False,
    section: str = "",
) -> LibraryOutcome:
    """Answer an item from the council's evidence library: all the files or none.

    Copies: each chosen item's file is copied from the library's store (its SHA-256 checked
    against the library's) and kept as a file of the item, recorded as from the library; a file
    already attached to the item is skipped. Pointer (``as_pointer``): one chosen item whose file
    was already sent under another item; the item points to that copy, at ``section``.
    """
    chosen = list(dict.fromkeys(evidence))
    if not chosen:
        raise ServiceRefusal(LIBRARY_CHOOSE)
    assessment = item.request.assessment
    if any(e.council_id != assessment.council_id for e in chosen):
        raise ServiceRefusal(LIBRARY_OTHER_COUNCIL)
    if as_pointer:
        return _answer_with_pointer(
            item=item, evidence=chosen, by=by, expected_version=expected_version, section=section
        )
    received: dict[int, _Received] = {}
    try:
        for one in chosen:  # copied before the item is locked: a big file never holds it up
            received[one.pk] = _copy_from_library(
                one, council=assessment.council, assessment_pk=assessment.pk
            )
        with transaction.atomic():
            item = _locked_item(item, expected_version)
            if item.is_complete:
                raise ServiceRefusal(ITEM_COMPLETE_READ_ONLY)
            have = set(item.uploads.values_list("sha256", flat=True))
            placed = []
            skipped = []
            for one in chosen:
                if one.file_sha256 in have:
                    skipped.append(one.title)
                    storage.discard(received[one.pk].incoming.path)
                    continue
                have.add(one.file_sha256)
                placed.append(
                    _store(
                        item,
                        received[one.pk],
                        by=by,
                        source=UploadSource.LIBRARY,
                        evidence_item=one,
                    )
                )
            if not placed:
                raise ServiceRefusal(LIBRARY_ALREADY_ATTACHED)
            _save_item(item, [])
            names = ", ".join(upload.original_name for upload, _ in placed)
            _record(
                item,
                actor=by,
                kind="ir_upload",
                summary=f"{item.title}: from the evidence library, {names}",
            )
            _move_on_commit(placed)
    except BaseException:
        _discard(list(received.values()))
        raise
    return LibraryOutcome(
        item=item, attached=tuple(upload for upload, _ in placed), skipped=tuple(skipped)
    )


def _answer_with_pointer(
    *,
    item: IRItem,
    evidence: list[EvidenceItem],
    by: User,
    expected_version: int | None,
    section: str,
) -> LibraryOutcome:
    if len(evidence) != 1:
        raise ServiceRefusal(POINTER_ONE_ITEM)
    (one,) = evidence
    if not one.has_file:
        raise ServiceRefusal(LIBRARY_NO_FILE.format(title=one.title))
    if not section.strip():
        raise ServiceRefusal(POINTER_NEEDS_SECTION)
    copy = _sent_copy(item, one)
    if copy is None:
        raise ServiceRefusal(POINTER_NOT_SENT.format(title=one.title))
    answered = ir_item_answer(
        item=item,
        by=by,
        expected_version=expected_version,
        link=item.link,
        pointer_upload=copy,
        pointer_section=section,
    )
    return LibraryOutcome(item=answered, attached=(), skipped=(), pointer=copy)


# --- submitting the self-assessment -----------------------------------------------------------


def _document_name(version: SelfAssessmentVersion, kind: str) -> str:
    self_assessment = version.self_assessment
    return (
        f"{self_assessment.council.slug}-self-assessment-{self_assessment.year}"
        f"-v{version.number}.{kind}"
    )


def ir_self_assessment_submit(
    *,
    item: IRItem,
    version: SelfAssessmentVersion,
    by: User,
    expected_version: int | None,
    today: date,
    at: datetime | None = None,
) -> IRItem:
    """Submit a saved version of the council's self-assessment as the answer to the item.

    In one transaction: the version is marked submitted for the assessment (the assessing body
    sees it from then on, and never anything else of the workspace), its DOCX and PDF become
    the item's files, and the item is marked complete. Refused for another council's version,
    for an item that does not ask for the self-assessment, for a complete item and for a stale
    page; a version already submitted for another assessment stays with that one.
    """
    assessment = item.request.assessment
    if item.kind != ItemKind.SELF_ASSESSMENT:
        raise ServiceRefusal(NOT_A_SELF_ASSESSMENT_ITEM)
    self_assessment = version.self_assessment
    if self_assessment.council_id != assessment.council_id:
        raise ServiceRefusal(workspace_services.SUBMIT_OTHER_COUNCIL)
    if version.submitted_for_id not in (None, assessment.pk):
        raise ServiceRefusal(VERSION_SUBMITTED_ELSEWHERE.format(number=version.number))
    if item.is_complete:
        raise ServiceRefusal(ITEM_COMPLETE_READ_ONLY)
    doc = workspace_documents.self_assessment_document(
        self_assessment=self_assessment, today=today, version=version
    )
    rendered = {
        "docx": workspace_documents.self_assessment_docx(doc),
        "pdf": workspace_documents.self_assessment_pdf(doc),
    }
    received: list[_Received] = []
    try:
        for kind, data in rendered.items():
            name = _document_name(version, kind)
            received.append(
                _receive(ContentFile(data, name=name), name=name, assessment_pk=assessment.pk)
            )
        with transaction.atomic():
            item = _locked_item(item, expected_version)
            if item.is_complete:
                raise ServiceRefusal(ITEM_COMPLETE_READ_ONLY)
            locked = SelfAssessmentVersion.objects.select_for_update().get(pk=version.pk)
            if locked.submitted_for_id not in (None, assessment.pk):
                raise ServiceRefusal(VERSION_SUBMITTED_ELSEWHERE.format(number=locked.number))
            placed = [
                _store(
                    item,
                    one,
                    by=by,
                    source=UploadSource.SELF_ASSESSMENT,
                    self_assessment_version=locked,
                )
                for one in received
            ]
            workspace_services.self_assessment_version_submit(
                version=locked, assessment=assessment, at=at
            )
            _mark_complete(
                item,
                status=ItemStatus.SUBMITTED,
                note=f"Self-assessment {self_assessment.year}, version {locked.number}, "
                "submitted from the council's workspace.",
                by=by,
                at=at,
                kind="ir_self_assessment",
                summary=f"{item.title}: self-assessment {self_assessment.year} version "
                f"{locked.number} submitted, item marked complete",
            )
            _move_on_commit(placed)
    except BaseException:
        _discard(received)
        raise
    return item


# --- the case list from the case list builder -------------------------------------------------

CASE_LIST_ITEM_KEY = "case_list"


@dataclass(frozen=True)
class CaseListAnswer:
    """What :func:`ir_case_list_attach` did to the information return."""

    item: IRItem | None  # None: no request for the assessment, or no case list item in it
    upload: IRUpload | None = None  # the file attached (None when nothing was attached)
    already_complete: bool = False  # the item was complete before and was left as it was
    _incoming: Path | None = None  # the received copy, until the transaction commits

    @property
    def answered(self) -> bool:
        """The item was marked complete by this submission."""
        return self.item is not None and not self.already_complete

    def discard(self) -> None:
        """For the caller whose transaction failed after this returned: delete the received
        copy, unless its upload was committed (then the copy is, or is moving, in place)."""
        if self._incoming is None or self.upload is None:
            return
        try:
            committed = IRUpload.objects.filter(pk=self.upload.pk).exists()
        except Exception:  # the database cannot say: leave the copy to the incoming sweep
            return
        if not committed:
            storage.discard(self._incoming)


def _case_list_note(cases: int, today: date) -> str:
    return (
        f"Case list of {cases} case{'s' * (cases != 1)} submitted from the case list builder "
        f"on {today.day} {today:%B %Y}."
    )


def ir_case_list_attach(
    *,
    assessment,
    data: bytes,
    filename: str,
    cases: int,
    by: User,
    today: date,
    at: datetime | None = None,
) -> CaseListAnswer:
    """Answer the ``case_list`` item of the assessment's information return with the case list
    just submitted from the case list builder: the CSV becomes the item's file (checked by
    content, checksummed, moved into place when the transaction commits) and the item is marked
    complete, with a note saying so and a record on the timeline.

    Must run inside the transaction that stores the case list, so both commit or neither does;
    on failure here the received copy is deleted and the error is raised for the caller's
    transaction to roll back. Without a request or a case list item nothing happens; an item
    already complete (or not held) is left as it was. The item's version is not checked: the
    person submitting worked on the case list, not on the item.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("ir_case_list_attach must run inside the case list's transaction")
    item = (
        IRItem.objects.select_related("request__assessment__council")
        .filter(request__assessment=assessment, key=CASE_LIST_ITEM_KEY)
        .first()
    )
    if item is None:
        return CaseListAnswer(item=None)
    if item.is_complete:
        return CaseListAnswer(item=item, already_complete=True)
    name = storage.clean_filename(filename)
    received = _receive(ContentFile(data, name=name), name=name, assessment_pk=assessment.pk)
    try:
        with transaction.atomic():
            item = _locked_item(item, None)
            if item.is_complete:  # completed meanwhile
                _discard([received])
                return CaseListAnswer(item=item, already_complete=True)
            upload = None
            if item.uploads.filter(sha256=received.incoming.sha256).exists():
                _discard([received])  # the same list is attached already: not twice
            else:
                upload, incoming = _store(item, received, by=by, source=UploadSource.UPLOAD)
                _move_on_commit([(upload, incoming)])
            _mark_complete(
                item,
                status=ItemStatus.SUBMITTED,
                note=_case_list_note(cases, today),
                by=by,
                at=at,
                kind="ir_case_list",
                summary=f"{item.title}: case list of {cases} case{'s' * (cases != 1)} "
                f"({name}) submitted from the case list builder, item marked complete",
            )
    except BaseException:
        _discard([received])
        raise
    return CaseListAnswer(item=item, upload=upload, _incoming=received.incoming.path)
