"""Writes for case tracking: the council's upload, the team's choices and notes.

An upload is all or nothing: the file is checked by content, every row is read, and if anything
is wrong nothing is stored (no file, no row) and every problem is reported with its line and
column. A list can be replaced until the team has chosen cases from it. Saves based on an older
version of the list or of the selection are refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from ascassure.apps.accounts.models import User
from ascassure.apps.assessments.models import Assessment
from ascassure.apps.assessments.services import ServiceRefusal, assessment_event_record
from ascassure.apps.casetracking import selectors
from ascassure.apps.casetracking.models import Case, CaseList, CaseNote, NoteKind
from ascassure.domain.casetracking import (
    ATTRIBUTE_LABELS,
    CaseListError,
    ParsedCaseList,
    Problem,
    parse_case_list,
)
from ascassure.files import FileKind, UploadRefused, atomic_write, sha256, sniff_upload

MAX_CASES = 1000
NOT_A_CASE_LIST = "The case list must be a CSV file or an Excel workbook (.xlsx)."
HAS_PROBLEMS = (
    "The case list has {count} problem{s}, listed below. Nothing was saved: correct the file "
    "and upload it again."
)
NO_CASES = "The case list has no cases: put one case on each row under the column headings."
TOO_MANY_CASES = "The case list has {count} cases; a case list can have at most {limit}."
LIST_LOCKED = (
    "The assessment team has already chosen cases from the case list, so it can no longer be "
    "replaced. Contact the lead inspector if it must change."
)
STALE_LIST = (
    "Someone else uploaded a case list while you were working. Yours was not saved: look at "
    "the list now held, then upload yours again if it should replace it."
)
STALE_SELECTION = (
    "Someone else changed the case selection while you were working on it. Your change was "
    "not saved: look at the latest selection and try again."
)
NO_CASE_LIST = "The council has not uploaded its case list yet."
CHOOSE_N = "Choose {wanted} cases: you chose {chosen}."
NOT_IN_LIST = "Choose cases from the case list."
IN_DEPTH_NOT_SELECTED = "Choose the cases to follow in depth from the cases chosen for review."
CHOOSE_KIND = "Choose whether this is a note or a reflective log"
ENTER_TEXT = "Enter the note"
TOO_LONG = "Case {case!r}: the {what} is longer than {limit} characters."

_LENGTHS = {"case_id": 100, "age_band": 100, "primary_support_reason": 200}


class CaseListRefused(ServiceRefusal):
    """An upload refused; ``problems`` lists every row problem found (may be empty)."""

    def __init__(self, *reasons: str, problems: Sequence[Problem] = ()):
        super().__init__(*reasons)
        self.problems = tuple(problems)


# --- the council's upload -------------------------------------------------------------------


def _too_long(parsed: ParsedCaseList) -> list[str]:
    """Values longer than the database keeps (the domain does not limit them)."""
    reasons = []
    for case in parsed.cases:
        for name, limit in _LENGTHS.items():
            if len(getattr(case, name)) > limit:
                reasons.append(
                    TOO_LONG.format(
                        case=case.case_id[:30], what=ATTRIBUTE_LABELS[name], limit=limit
                    )
                )
    return reasons


def case_list_read(*, data: bytes, filename: str) -> tuple[ParsedCaseList, FileKind]:
    """Check an upload without storing anything: the parsed list, or CaseListRefused."""
    try:
        detected = sniff_upload(data, filename)
    except UploadRefused as refused:
        raise CaseListRefused(refused.message) from None
    if detected.kind not in (FileKind.CSV, FileKind.XLSX):
        raise CaseListRefused(NOT_A_CASE_LIST)
    try:
        parsed = parse_case_list(data, filename=filename)
    except CaseListError as error:
        raise CaseListRefused(str(error)) from None
    if parsed.problems:
        count = len(parsed.problems)
        raise CaseListRefused(
            HAS_PROBLEMS.format(count=count, s="" if count == 1 else "s"),
            problems=parsed.problems,
        )
    too_long = _too_long(parsed)
    if too_long:
        raise CaseListRefused(*too_long)
    if not parsed.cases:
        raise CaseListRefused(NO_CASES)
    if len(parsed.cases) > MAX_CASES:
        raise CaseListRefused(TOO_MANY_CASES.format(count=len(parsed.cases), limit=MAX_CASES))
    return parsed, detected.kind


def stored_path(case_list: CaseList) -> Path:
    return Path(settings.MEDIA_ROOT) / case_list.stored_name


def case_list_file_forget(stored_name: str) -> None:
    """For a caller whose own transaction around :func:`case_list_upload` rolled back: delete
    the file the upload stored, unless a committed list refers to it (the same list submitted
    again keeps the same file)."""
    try:
        kept = CaseList.objects.filter(stored_name=stored_name).exists()
    except Exception:  # the database cannot say: keep the file rather than risk a list's
        return
    if not kept:
        (Path(settings.MEDIA_ROOT) / stored_name).unlink(missing_ok=True)


def _store(*, assessment: Assessment, data: bytes, digest: str, kind: FileKind) -> tuple[str, bool]:
    """Write the file under MEDIA_ROOT (never served); its name and whether it is new."""
    relative = f"casetracking/{assessment.pk}/{digest}.{kind.extension}"
    target = Path(settings.MEDIA_ROOT) / relative
    if target.exists():
        return relative, False
    atomic_write(target, data)
    return relative, True


def case_list_upload(
    *,
    assessment: Assessment,
    data: bytes,
    filename: str,
    by: User,
    expected_version: int,
) -> CaseList:
    """Store the council's case list, replacing the current one while that is allowed.

    ``expected_version`` is the version of the list the person saw (0 when there was none).
    """
    parsed, kind = case_list_read(data=data, filename=filename)
    digest = sha256(data)
    relative, created = _store(assessment=assessment, data=data, digest=digest, kind=kind)
    try:
        with transaction.atomic():
            case_list, old_name = _save_list(
                assessment=assessment,
                parsed=parsed,
                data=data,
                filename=filename,
                kind=kind,
                digest=digest,
                relative=relative,
                by=by,
                expected_version=expected_version,
            )
    except BaseException:
        if created:
            (Path(settings.MEDIA_ROOT) / relative).unlink(missing_ok=True)
        raise
    if old_name and old_name != relative:
        old = Path(settings.MEDIA_ROOT) / old_name
        transaction.on_commit(lambda: old.unlink(missing_ok=True))
    return case_list


def _save_list(
    *,
    assessment: Assessment,
    parsed: ParsedCaseList,
    data: bytes,
    filename: str,
    kind: FileKind,
    digest: str,
    relative: str,
    by: User,
    expected_version: int,
) -> tuple[CaseList, str]:
    current = CaseList.objects.select_for_update().filter(assessment=assessment).first()
    old_name = ""
    values = {
        "original_name": Path(filename.replace("\\", "/")).name[:255],
        "sha256": digest,
        "kind": kind.value,
        "size": len(data),
        "stored_name": relative,
        "columns": dict(parsed.columns),
        "extra_columns": list(parsed.extra_columns),
        "uploaded_by": by,
        "uploaded_at": timezone.now(),
    }
    if current is None:
        if expected_version:
            raise CaseListRefused(STALE_LIST)
        try:
            with transaction.atomic():
                case_list = CaseList.objects.create(assessment=assessment, **values)
        except IntegrityError:  # another first upload won the race
            raise CaseListRefused(STALE_LIST) from None
        replaced = False
    else:
        if current.version != expected_version:
            raise CaseListRefused(STALE_LIST)
        if not current.replaceable:
            raise CaseListRefused(LIST_LOCKED)
        old_name = current.stored_name
        current.cases.all().delete()
        for name, value in values.items():
            setattr(current, name, value)
        current.version += 1
        current.save()
        case_list = current
        replaced = True
    Case.objects.bulk_create(
        [
            Case(
                case_list=case_list,
                position=position,
                case_id=case.case_id,
                age_band=case.age_band,
                primary_support_reason=case.primary_support_reason,
                hospital_discharge=case.hospital_discharge,
                transition_from_childrens=case.transition_from_childrens,
                unpaid_carer=case.unpaid_carer,
                safeguarding_enquiry=case.safeguarding_enquiry,
                reablement=case.reablement,
                assessment_date=case.assessment_date,
                review_date=case.review_date,
                attributes=case.extras,
            )
            for position, case in enumerate(parsed.cases, start=1)
        ]
    )
    n = len(parsed.cases)
    assessment_event_record(
        assessment=assessment,
        actor=by,
        kind="case_list",
        summary=f"Case list {'replaced' if replaced else 'uploaded'}: {n} case{'s' * (n != 1)} "
        f"({values['original_name']})",
    )
    return case_list, old_name


# --- the team's choices ---------------------------------------------------------------------


def _locked_list(case_list: CaseList, expected_version: int) -> CaseList:
    current = CaseList.objects.select_for_update().get(pk=case_list.pk)
    if current.version != expected_version:
        raise ServiceRefusal(STALE_SELECTION)
    return current


@dataclass(frozen=True)
class Change:
    added: tuple[str, ...]
    removed: tuple[str, ...]


def _team_reason(by: User, note: str) -> str:
    reason = f"Chosen by {by.display_name} on {timezone.localdate():%-d %B %Y}"
    return f"{reason}: {note.strip()}" if note.strip() else f"{reason}."


@transaction.atomic
def case_selection_save(
    *,
    case_list: CaseList,
    case_ids: Sequence[str],
    by: User,
    expected_version: int,
    note: str = "",
) -> Change:
    """Choose the cases to review in detail (10, or all when the list is shorter).

    A case keeps the reason it was chosen for; a case new to the selection takes the
    proposal's reason when the proposal chose it, else the team's (with the note).
    Cases leaving the selection also leave the in-depth cases.
    """
    current = _locked_list(case_list, expected_version)
    assessment = current.assessment
    cases = selectors.cases_for(case_list=current)
    by_id = {c.case_id: c for c in cases}
    wanted = list(dict.fromkeys(case_ids))
    if any(i not in by_id for i in wanted):
        raise ServiceRefusal(NOT_IN_LIST)
    size = selectors.sample_size(cases)
    if len(wanted) != size:
        raise ServiceRefusal(CHOOSE_N.format(wanted=size, chosen=len(wanted)))
    proposed = {
        choice.case_id: choice.reason
        for choice in selectors.proposal(assessment=assessment, cases=cases).choices
    }
    before = {c.case_id for c in cases if c.selected}
    chosen = set(wanted)
    changed = []
    for case in cases:
        if case.case_id in chosen and not case.selected:
            case.selected = True
            case.selection_reason = proposed.get(case.case_id) or _team_reason(by, note)
            changed.append(case)
        elif case.case_id not in chosen and case.selected:
            case.selected = False
            case.selection_reason = ""
            case.in_depth = False
            case.in_depth_reason = ""
            changed.append(case)
    Case.objects.bulk_update(
        changed, ["selected", "selection_reason", "in_depth", "in_depth_reason"]
    )
    first = current.selection_saved_at is None
    current.selection_saved_at = timezone.now()
    current.selection_saved_by = by
    current.version += 1
    current.save(update_fields=["selection_saved_at", "selection_saved_by", "version"])
    change = Change(added=tuple(sorted(chosen - before)), removed=tuple(sorted(before - chosen)))
    from_proposal = sum(1 for i in chosen if i in proposed)
    summary = (
        f"Case tracking: {len(chosen)} cases chosen for review ({from_proposal} as proposed)"
        if first
        else f"Case tracking: review cases changed (in: {', '.join(change.added) or 'none'}; "
        f"out: {', '.join(change.removed) or 'none'})"
    )
    assessment_event_record(
        assessment=assessment, actor=by, kind="case_selection", summary=summary, reason=note
    )
    return change


@transaction.atomic
def case_in_depth_save(
    *,
    case_list: CaseList,
    case_ids: Sequence[str],
    by: User,
    expected_version: int,
    note: str = "",
) -> Change:
    """Choose the cases to follow in depth (6 of the cases chosen for review)."""
    current = _locked_list(case_list, expected_version)
    assessment = current.assessment
    cases = selectors.cases_for(case_list=current)
    selected = {c.case_id for c in cases if c.selected}
    wanted = list(dict.fromkeys(case_ids))
    if any(i not in selected for i in wanted):
        raise ServiceRefusal(IN_DEPTH_NOT_SELECTED)
    size = selectors.in_depth_size(cases)
    if len(wanted) != size:
        raise ServiceRefusal(CHOOSE_N.format(wanted=size, chosen=len(wanted)))
    proposed = {
        choice.case_id: choice.reason
        for choice in selectors.in_depth_proposal(assessment=assessment, cases=cases).choices
    }
    before = {c.case_id for c in cases if c.in_depth}
    chosen = set(wanted)
    changed = []
    for case in cases:
        if case.case_id in chosen and not case.in_depth:
            case.in_depth = True
            case.in_depth_reason = proposed.get(case.case_id) or _team_reason(by, note)
            changed.append(case)
        elif case.case_id not in chosen and case.in_depth:
            case.in_depth = False
            case.in_depth_reason = ""
            changed.append(case)
    Case.objects.bulk_update(changed, ["in_depth", "in_depth_reason"])
    current.in_depth_saved_at = timezone.now()
    current.in_depth_saved_by = by
    current.version += 1
    current.save(update_fields=["in_depth_saved_at", "in_depth_saved_by", "version"])
    change = Change(added=tuple(sorted(chosen - before)), removed=tuple(sorted(before - chosen)))
    assessment_event_record(
        assessment=assessment,
        actor=by,
        kind="case_in_depth",
        summary=f"Case tracking: {len(chosen)} cases to follow in depth "
        f"({', '.join(sorted(chosen))})",
        reason=note,
    )
    return change


@transaction.atomic
def case_note_add(*, case: Case, by: User, kind: str, text: str) -> CaseNote:
    reasons = []
    if kind not in NoteKind.values:
        reasons.append(CHOOSE_KIND)
    if not text.strip():
        reasons.append(ENTER_TEXT)
    if reasons:
        raise ServiceRefusal(*reasons)
    return CaseNote.objects.create(
        case=case, author=by, kind=kind, text=text.strip(), at=timezone.now()
    )
