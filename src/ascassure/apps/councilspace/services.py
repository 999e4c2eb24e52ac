"""Writes for the council workspace. Each one is atomic; a refusal changes nothing.

Two people editing the same thing never overwrite each other silently: a QS entry is saved
against the revision number it was edited from, evidence and actions against their version.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ascassure.apps.accounts.models import User
from ascassure.apps.assessments.services import ServiceRefusal
from ascassure.apps.councils.models import Council
from ascassure.apps.councilspace import uploads
from ascassure.apps.councilspace.models import (
    EvidenceItem,
    EvidenceQs,
    ImprovementAction,
    QsComment,
    QsRevision,
    SelfAssessment,
    SelfAssessmentVersion,
    WorkspaceState,
)
from ascassure.apps.councilspace.selectors import latest_revisions, revision_stamp
from ascassure.domain.framework import DEFAULT_VERSION
from ascassure.domain.selfassessment import Entry, EntryStatus, ImportProblem, sign_off_refusals

__all__ = [
    "ServiceRefusal",
    "StaleEntry",
    "UploadProblem",
    "action_create",
    "action_update",
    "evidence_item_create",
    "evidence_item_update",
    "qs_comment_add",
    "qs_entry_save",
    "self_assessment_import",
    "self_assessment_start",
    "self_assessment_version_create",
    "self_assessment_version_submit",
]

STALE_ENTRY = (
    "{who} saved {qs} at {when} while you were editing it. Your changes are not saved yet: "
    "they are still in the form below. Compare them with the latest version, then save again."
)
STALE_ITEM = (
    "Someone else changed this {what} while you were working on it. Your change was not saved: "
    "look at the latest version and try again."
)
STALE_IMPORT = (
    "Someone saved a quality statement after you opened this page, so nothing was imported. "
    "Open the page again to see the latest version, then import the file again."
)
YEAR_TAKEN = "There is already a self-assessment for {year}"
START_FROM_OTHER_COUNCIL = "Start only from your own council's self-assessment"
SUBMIT_OTHER_COUNCIL = "A self-assessment can be submitted only for its own council's assessment"
COMMENT_EMPTY = "Enter a comment"
NOTHING_CHANGED = "Nothing has changed since the last version"


class StaleEntry(ServiceRefusal):
    """Someone saved the QS after the editor opened it; carries the latest revision."""

    def __init__(self, latest: QsRevision):
        self.latest = latest
        who = latest.created_by.display_name if latest.created_by else "Someone"
        when = timezone.localtime(latest.created_at).strftime("%H:%M on %d %B %Y")
        super().__init__(STALE_ENTRY.format(who=who, qs=latest.qs_code, when=when))


class UploadProblem(ServiceRefusal):
    """The uploaded file is not accepted (type, size); the message is for the file field."""


class ImportRefused(ServiceRefusal):
    def __init__(self, problems: Iterable[ImportProblem]):
        self.problems = tuple(problems)
        super().__init__(*(str(p) for p in self.problems))


def _touch(council_id: int) -> None:
    """Raise the workspace's version: cached pages of the council are rendered afresh."""
    updated = WorkspaceState.objects.filter(council_id=council_id).update(version=F("version") + 1)
    if not updated:
        WorkspaceState.objects.get_or_create(council_id=council_id, defaults={"version": 1})


# --- self-assessments -------------------------------------------------------------------------


def _entry_fields(entry: Entry) -> dict[str, object]:
    values = {f.name: getattr(entry, f.name) for f in fields(entry)}
    values["i_statements"] = list(entry.i_statements)
    values["confidence"] = entry.confidence.value if entry.confidence else ""
    values["status"] = entry.status.value
    return values


@transaction.atomic
def self_assessment_start(
    *,
    council: Council,
    year: int,
    by: User | None,
    from_previous: SelfAssessment | None = None,
    framework_version: str | None = None,
) -> SelfAssessment:
    """Start a year's self-assessment, empty or from an earlier year's (every QS carried over as
    a draft, so it is reviewed again before sign-off)."""
    if from_previous is not None and from_previous.council_id != council.pk:
        raise ServiceRefusal(START_FROM_OTHER_COUNCIL)
    if SelfAssessment.objects.filter(council=council, year=year).exists():
        raise ServiceRefusal(YEAR_TAKEN.format(year=year))
    version = framework_version or (
        from_previous.framework_version if from_previous else DEFAULT_VERSION
    )
    try:
        with transaction.atomic():
            self_assessment = SelfAssessment.objects.create(
                council=council,
                year=year,
                framework_version=version,
                started_from=from_previous,
                created_by=by,
            )
    except IntegrityError:
        raise ServiceRefusal(YEAR_TAKEN.format(year=year)) from None
    if from_previous is not None:
        codes = set(self_assessment.framework.qs_codes)
        for code, revision in latest_revisions(self_assessment=from_previous).items():
            if code not in codes:
                continue
            values = _entry_fields(revision.entry)
            values["status"] = EntryStatus.DRAFT.value
            QsRevision.objects.create(
                self_assessment=self_assessment,
                qs_code=code,
                number=1,
                note=f"Carried over from {from_previous.year}",
                created_by=by,
                **values,
            )
    _touch(council.pk)
    return self_assessment


def _locked(self_assessment: SelfAssessment) -> SelfAssessment:
    """Lock the self-assessment row: saves of one self-assessment happen one at a time."""
    return SelfAssessment.objects.select_for_update().get(pk=self_assessment.pk)


@dataclass(frozen=True)
class SaveOutcome:
    revision: QsRevision
    created: bool  # False when nothing had changed, so no revision was added


@transaction.atomic
def qs_entry_save(
    *,
    self_assessment: SelfAssessment,
    qs_code: str,
    entry: Entry,
    by: User,
    base_number: int,
    note: str = "",
) -> SaveOutcome:
    """Save one QS entry as its next revision.

    ``base_number`` is the revision the editor started from (0 for none). If someone saved
    since, the save is refused with :class:`StaleEntry`. Signing off needs a complete entry.
    """
    if qs_code not in self_assessment.framework.qs_codes:
        raise ServiceRefusal(f"{qs_code} is not a quality statement of this framework")
    refusals = sign_off_refusals(entry)
    if refusals:
        raise ServiceRefusal(*refusals)
    _locked(self_assessment)
    latest = (
        QsRevision.objects.filter(self_assessment=self_assessment, qs_code=qs_code)
        .select_related("created_by")
        .order_by("-number")
        .first()
    )
    current = latest.number if latest else 0
    if current != base_number:
        if latest is None:  # pragma: no cover - a revision is never deleted
            raise ServiceRefusal("This quality statement changed: open it again.")
        raise StaleEntry(latest)
    if latest is not None and latest.entry == entry:
        return SaveOutcome(revision=latest, created=False)
    try:
        with transaction.atomic():
            revision = QsRevision.objects.create(
                self_assessment=self_assessment,
                qs_code=qs_code,
                number=current + 1,
                note=note,
                created_by=by,
                **_entry_fields(entry),
            )
    except IntegrityError:  # a concurrent save took this number first
        latest = QsRevision.objects.filter(self_assessment=self_assessment, qs_code=qs_code).latest(
            "number"
        )
        raise StaleEntry(latest) from None
    _touch(self_assessment.council_id)
    return SaveOutcome(revision=revision, created=True)


def qs_comment_add(
    *, self_assessment: SelfAssessment, qs_code: str, body: str, by: User
) -> QsComment:
    if not body.strip():
        raise ServiceRefusal(COMMENT_EMPTY)
    latest = (
        QsRevision.objects.filter(self_assessment=self_assessment, qs_code=qs_code)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    comment = QsComment.objects.create(
        self_assessment=self_assessment,
        qs_code=qs_code,
        revision_number=latest or 0,
        author=by,
        body=body.strip(),
    )
    _touch(self_assessment.council_id)
    return comment


@transaction.atomic
def self_assessment_version_create(
    *, self_assessment: SelfAssessment, note: str, by: User | None, at: datetime | None = None
) -> SelfAssessmentVersion:
    """Keep the current revision of every QS as the next numbered version."""
    _locked(self_assessment)
    revisions = latest_revisions(self_assessment=self_assessment)
    previous = self_assessment.versions.order_by("-number").first()
    if previous is not None:
        pinned = set(previous.revisions.values_list("pk", flat=True))
        if pinned == {r.pk for r in revisions.values()}:
            raise ServiceRefusal(NOTHING_CHANGED)
    version = SelfAssessmentVersion.objects.create(
        self_assessment=self_assessment,
        number=(previous.number if previous else 0) + 1,
        note=note.strip(),
        created_by=by,
        created_at=at or timezone.now(),
    )
    version.revisions.set(revisions.values())
    _touch(self_assessment.council_id)
    return version


@transaction.atomic
def self_assessment_version_submit(
    *, version: SelfAssessmentVersion, assessment, at: datetime | None = None
) -> SelfAssessmentVersion:
    """Mark a version as submitted in an assessment's information return.

    From then on the assessing body sees it (``selectors.self_assessment_for_assessing_body``).
    Called by the information return when the council submits it.
    """
    if version.self_assessment.council_id != assessment.council_id:
        raise ServiceRefusal(SUBMIT_OTHER_COUNCIL)
    version.submitted_at = at or timezone.now()
    version.submitted_for = assessment
    version.save(update_fields=["submitted_at", "submitted_for"])
    _touch(assessment.council_id)
    return version


@dataclass(frozen=True)
class ImportOutcome:
    changed: tuple[str, ...]
    unchanged: tuple[str, ...]


@transaction.atomic
def self_assessment_import(
    *,
    self_assessment: SelfAssessment,
    entries: Mapping[str, Entry],
    by: User,
    file_name: str,
    expected_stamp: int | None,
) -> ImportOutcome:
    """Save imported entries (already checked by the domain's ``parse_import``) as new
    revisions of the QS they change. Refused as a whole if anyone saved after ``expected_stamp``.
    """
    _locked(self_assessment)
    if expected_stamp is not None and revision_stamp(self_assessment=self_assessment) != (
        expected_stamp
    ):
        raise ServiceRefusal(STALE_IMPORT)
    latest = latest_revisions(self_assessment=self_assessment)
    changed, unchanged = [], []
    for code in self_assessment.framework.qs_codes:
        if code not in entries:
            continue
        entry = entries[code]
        previous = latest.get(code)
        if previous is not None and previous.entry == entry:
            unchanged.append(code)
            continue
        QsRevision.objects.create(
            self_assessment=self_assessment,
            qs_code=code,
            number=(previous.number if previous else 0) + 1,
            note=f"Imported from {uploads.clean_name(file_name)}"[:200],
            created_by=by,
            **_entry_fields(entry),
        )
        changed.append(code)
    if changed:
        _touch(self_assessment.council_id)
    return ImportOutcome(changed=tuple(changed), unchanged=tuple(unchanged))


# --- evidence library -------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceData:
    title: str
    kind: str
    category: str
    owner: str
    evidence_date: date
    qs_codes: tuple[str, ...]
    description: str = ""
    link: str = ""


def _apply(item: EvidenceItem, data: EvidenceData) -> None:
    for name in ("title", "kind", "category", "owner", "evidence_date", "description", "link"):
        setattr(item, name, getattr(data, name))


def _set_links(item: EvidenceItem, qs_codes: Iterable[str]) -> None:
    wanted = set(qs_codes)
    item.qs_links.exclude(qs_code__in=wanted).delete()
    have = set(item.qs_links.values_list("qs_code", flat=True))
    EvidenceQs.objects.bulk_create(
        [EvidenceQs(item=item, qs_code=code) for code in sorted(wanted - have)]
    )


def _attach(item: EvidenceItem, upload, council: Council) -> None:
    try:
        stored = uploads.store_upload(upload, ons_code=council.ons_code)
    except uploads.UploadRefused as refusal:
        raise UploadProblem(str(refusal)) from None
    item.file_name = stored.name
    item.file_type = stored.kind
    item.file_size = stored.size
    item.file_sha256 = stored.sha256


@transaction.atomic
def evidence_item_create(
    *, council: Council, data: EvidenceData, by: User, upload=None
) -> EvidenceItem:
    item = EvidenceItem(council=council, created_by=by, updated_by=by)
    _apply(item, data)
    if upload is not None:
        _attach(item, upload, council)
    item.save()
    _set_links(item, data.qs_codes)
    _touch(council.pk)
    return item


@transaction.atomic
def evidence_item_update(
    *, item: EvidenceItem, data: EvidenceData, by: User, expected_version: int, upload=None
) -> EvidenceItem:
    current = EvidenceItem.objects.select_for_update().get(pk=item.pk)
    if current.version != expected_version:
        raise ServiceRefusal(STALE_ITEM.format(what="evidence item"))
    _apply(current, data)
    if upload is not None:
        _attach(current, upload, current.council)
    current.version += 1
    current.updated_by = by
    current.updated_at = timezone.now()
    current.save()
    _set_links(current, data.qs_codes)
    _touch(current.council_id)
    return current


# --- improvement plan -------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionData:
    title: str
    qs_code: str
    owner: str
    due_date: date
    status: str
    detail: str = ""
    source_area: str = ""


@transaction.atomic
def action_create(
    *,
    council: Council,
    data: ActionData,
    by: User,
    self_assessment: SelfAssessment | None = None,
) -> ImprovementAction:
    action = ImprovementAction.objects.create(
        council=council,
        self_assessment=self_assessment,
        created_by=by,
        **{f.name: getattr(data, f.name) for f in fields(data)},
    )
    _touch(council.pk)
    return action


@transaction.atomic
def action_update(
    *, action: ImprovementAction, data: ActionData, by: User, expected_version: int
) -> ImprovementAction:
    current = ImprovementAction.objects.select_for_update().get(pk=action.pk)
    if current.version != expected_version:
        raise ServiceRefusal(STALE_ITEM.format(what="action"))
    for f in fields(data):
        setattr(current, f.name, getattr(data, f.name))
    current.version += 1
    current.updated_at = timezone.now()
    current.save()
    _touch(current.council_id)
    return current
