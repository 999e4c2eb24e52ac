"""Writes for the case list builder: import the council's case-system export, choose cases, and
submit them to the open assessment.

The builder's draft is the council's own (one per council, in the workspace). Submitting goes
through case tracking's :func:`~ascassure.apps.casetracking.services.case_list_upload`, so the
list meets exactly the checks of an uploaded one, all or nothing, and is refused with case
tracking's own message once the assessment team has chosen cases from the list it holds. In
the same transaction the list answers the information return's case list item, if there is
one still to answer (the information return's ``ir_case_list_attach``).
Every change carries the draft's version: a change based on an older one is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from ascassure.apps.accounts.models import User
from ascassure.apps.assessments.services import ServiceRefusal
from ascassure.apps.casetracking import services as casetracking
from ascassure.apps.casetracking.models import CaseList
from ascassure.apps.councils.models import Council
from ascassure.apps.councilspace.caselist_selectors import draft_records
from ascassure.apps.councilspace.models import CaseListDraft
from ascassure.apps.inforeturn.workspace_services import CaseListAnswer, ir_case_list_attach
from ascassure.domain.casebuilder import (
    LIST_SIZE,
    ChoiceRefused,
    choose,
    record_to_json,
    write_case_list,
)
from ascassure.domain.casetracking import CaseListError, Problem, parse_case_list
from ascassure.domain.lifecycle import Stage
from ascassure.files import FileKind, UploadRefused, sha256, sniff_upload

__all__ = [
    "EXPORT_MAX_CASES",
    "EXPORT_NOT_READ",
    "EXPORT_NO_CASES",
    "EXPORT_TOO_BIG",
    "NOTHING_CHOSEN",
    "NOTHING_IMPORTED",
    "NOT_AN_EXPORT",
    "NO_OPEN_ASSESSMENT",
    "STALE_DRAFT",
    "ExportRefused",
    "ImportOutcome",
    "SubmitOutcome",
    "case_list_draft_choose",
    "case_list_draft_import",
    "case_list_draft_submit",
    "case_list_draft_submit_and_answer",
]

EXPORT_MAX_CASES = 20_000
NOT_AN_EXPORT = "The export must be a CSV file or an Excel workbook (.xlsx)."
EXPORT_TOO_BIG = (
    "The export has {count} cases; the builder reads at most {limit}. Export fewer (for example "
    "the last 12 months) and import it again."
)
EXPORT_NOT_READ = (
    "No row of the export could be read: {count} problem{s}, listed below. Nothing was "
    "imported: correct the export and import it again."
)
EXPORT_NO_CASES = "The export has no cases: put one case on each row under the column headings."
STALE_DRAFT = (
    "Someone else changed the case list builder while you were working on it. Your change was "
    "not saved: look at the latest state and try again."
)
NOTHING_IMPORTED = "Import your case-system export first."
NOTHING_CHOSEN = "Choose the cases to submit first."
NO_OPEN_ASSESSMENT = "Your council has no assessment open to submit the case list to."
OPEN_STAGES = frozenset(Stage) - {Stage.PLANNED, Stage.WITHDRAWN, Stage.PUBLISHED}


class ExportRefused(ServiceRefusal):
    """An import refused; ``problems`` lists the rows that could not be read (may be empty)."""

    def __init__(self, *reasons: str, problems: Iterable[Problem] = ()):
        super().__init__(*reasons)
        self.problems = tuple(problems)


def _locked(council: Council, expected_version: int) -> CaseListDraft | None:
    draft = CaseListDraft.objects.select_for_update().filter(council=council).first()
    if (draft.version if draft else 0) != expected_version:
        raise ServiceRefusal(STALE_DRAFT)
    return draft


# --- importing the export ---------------------------------------------------------------------


@dataclass(frozen=True)
class ImportOutcome:
    draft: CaseListDraft
    cases: int
    rows_left_out: int  # rows with a problem (listed on the draft)
    kept: int  # cases chosen before that are in the new export too
    dropped: int  # cases chosen before that are not


def _read(data: bytes, filename: str):
    try:
        detected = sniff_upload(data, filename)
    except UploadRefused as refused:
        raise ExportRefused(refused.message) from None
    if detected.kind not in (FileKind.CSV, FileKind.XLSX):
        raise ExportRefused(NOT_AN_EXPORT)
    try:
        parsed = parse_case_list(data, filename=filename)
    except CaseListError as error:
        raise ExportRefused(str(error)) from None
    if not parsed.cases:
        if parsed.problems:
            count = len(parsed.problems)
            raise ExportRefused(
                EXPORT_NOT_READ.format(count=count, s="" if count == 1 else "s"),
                problems=parsed.problems,
            )
        raise ExportRefused(EXPORT_NO_CASES)
    if len(parsed.cases) > EXPORT_MAX_CASES:
        raise ExportRefused(EXPORT_TOO_BIG.format(count=len(parsed.cases), limit=EXPORT_MAX_CASES))
    return parsed, detected.kind


@transaction.atomic
def case_list_draft_import(
    *, council: Council, data: bytes, filename: str, by: User, expected_version: int
) -> ImportOutcome:
    """Read the council's case-system export (CSV or XLSX) into its builder, replacing the one
    imported before. Rows with a problem are left out and listed; the other columns are kept.
    Cases chosen before stay chosen when the new export has them.

    ``expected_version`` is the draft's version the person saw (0 when there was none).
    """
    parsed, kind = _read(data, filename)
    draft = _locked(council, expected_version)
    ids = [case.case_id for case in parsed.cases]
    before = list(draft.chosen) if draft else []
    kept = choose(before, order=ids, limit=max(LIST_SIZE, len(before)))
    now = timezone.now()
    values = {
        "source_name": Path(filename.replace("\\", "/")).name[:255] or "export",
        "source_sha256": sha256(data),
        "source_kind": kind.value,
        "source_size": len(data),
        "columns": dict(parsed.columns),
        "extra_columns": list(parsed.extra_columns),
        "cases": [record_to_json(case) for case in parsed.cases],
        "problems": [[p.line, p.column, p.message] for p in parsed.problems],
        "chosen": list(kept),
        "imported_by": by,
        "imported_at": now,
        "updated_at": now,
    }
    if draft is None:
        try:
            with transaction.atomic():
                draft = CaseListDraft.objects.create(council=council, **values)
        except IntegrityError:  # another first import won the race
            raise ServiceRefusal(STALE_DRAFT) from None
    else:
        for name, value in values.items():
            setattr(draft, name, value)
        draft.version += 1
        draft.save()
    return ImportOutcome(
        draft=draft,
        cases=len(parsed.cases),
        rows_left_out=len({p.line for p in parsed.problems}),
        kept=len(kept),
        dropped=len(before) - len(kept),
    )


# --- choosing ---------------------------------------------------------------------------------


@transaction.atomic
def case_list_draft_choose(
    *,
    council: Council,
    by: User,
    expected_version: int,
    add: Iterable[str] = (),
    remove: Iterable[str] = (),
) -> CaseListDraft:
    """Add and remove chosen cases (at most :data:`LIST_SIZE` chosen)."""
    draft = _locked(council, expected_version)
    if draft is None:
        raise ServiceRefusal(NOTHING_IMPORTED)
    order = [values["case_id"] for values in draft.cases]
    try:
        chosen = choose(draft.chosen, order=order, add=add, remove=remove)
    except ChoiceRefused as refused:
        raise ServiceRefusal(str(refused)) from None
    draft.chosen = list(chosen)
    draft.version += 1
    draft.updated_at = timezone.now()
    draft.save(update_fields=["chosen", "version", "updated_at"])
    return draft


# --- submitting -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SubmitOutcome:
    case_list: CaseList
    information_return: CaseListAnswer  # what happened to the IR's case list item


def case_list_draft_submit(
    *,
    council: Council,
    assessment,
    by: User,
    expected_version: int,
    expected_list_version: int,
    today: date,
) -> CaseList:
    """:func:`case_list_draft_submit_and_answer`, for a caller that needs only the case list."""
    return case_list_draft_submit_and_answer(
        council=council,
        assessment=assessment,
        by=by,
        expected_version=expected_version,
        expected_list_version=expected_list_version,
        today=today,
    ).case_list


def case_list_draft_submit_and_answer(
    *,
    council: Council,
    assessment,
    by: User,
    expected_version: int,
    expected_list_version: int,
    today: date,
) -> SubmitOutcome:
    """Submit the chosen cases as the case list of the council's open assessment, and answer
    the information return's case list item with it.

    The list is written as a CSV (the export's other columns kept) and goes through case
    tracking's upload: its checks, its refusal once the team has chosen cases
    (``LIST_LOCKED``) or when someone uploaded a list meanwhile (``expected_list_version``: the
    version of the list the person saw, 0 for none). The same CSV then answers the request's
    ``case_list`` item (:func:`~ascassure.apps.inforeturn.workspace_services.
    ir_case_list_attach`): its file, the item marked complete. Without a request or such an
    item only the list is submitted; an item already complete is left as it was.

    All or nothing: one transaction holds both writes, and on any failure (including the
    commit) the files written for it are deleted, so neither the list nor the item changes.
    """
    case_list: CaseList | None = None
    answer: CaseListAnswer | None = None
    try:
        with transaction.atomic():
            draft = _locked(council, expected_version)
            if draft is None:
                raise ServiceRefusal(NOTHING_IMPORTED)
            if assessment.council_id != council.pk or Stage(assessment.stage) not in OPEN_STAGES:
                raise ServiceRefusal(NO_OPEN_ASSESSMENT)
            chosen = set(draft.chosen)
            records = [case for case in draft_records(draft) if case.case_id in chosen]
            if not records:
                raise ServiceRefusal(NOTHING_CHOSEN)
            data = write_case_list(records, draft.extra_columns)
            filename = f"{council.slug}-case-list-{today:%Y-%m-%d}.csv"
            case_list = casetracking.case_list_upload(
                assessment=assessment,
                data=data,
                filename=filename,
                by=by,
                expected_version=expected_list_version,
            )
            draft.submitted_for = assessment
            draft.submitted_at = timezone.now()
            draft.submitted_count = len(records)
            draft.save(update_fields=["submitted_for", "submitted_at", "submitted_count"])
            answer = ir_case_list_attach(
                assessment=assessment,
                data=data,
                filename=filename,
                cases=len(records),
                by=by,
                today=today,
            )
    except BaseException:
        if answer is not None:
            answer.discard()
        if case_list is not None:
            casetracking.case_list_file_forget(case_list.stored_name)
        raise
    return SubmitOutcome(case_list=case_list, information_return=answer)
