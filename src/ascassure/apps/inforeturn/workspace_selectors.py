"""Reads for answering the information return from the council's workspace, and the team's
view of the self-assessment the council submitted.

The council's side takes an item it may already see (``ir_item_for_council_user``). The team's
side goes through :func:`~ascassure.apps.councilspace.selectors.
self_assessment_for_assessing_body` only: a version submitted for this assessment, never a
draft, never another page of the workspace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet

from ascassure.apps.assessments.models import Assessment
from ascassure.apps.councilspace import documents as workspace_documents
from ascassure.apps.councilspace import selectors as workspace
from ascassure.apps.councilspace.models import EvidenceItem, SelfAssessmentVersion
from ascassure.apps.inforeturn.models import IRItem, IRUpload, ItemKind, UploadSource

# --- the evidence library, for one item -------------------------------------------------------


@dataclass(frozen=True)
class LibraryChoice:
    evidence: EvidenceItem
    matches: bool  # supports one of the QS the item informs
    attached: bool  # its file is already a file of this item
    sent_under: str  # the title of another item its file was sent under ("" if none)

    @property
    def value(self) -> str:
        return str(self.evidence.pk)


@dataclass
class LibraryChoices:
    matching: list[LibraryChoice] = field(default_factory=list)
    others: list[LibraryChoice] = field(default_factory=list)
    without_file: int = 0  # library items with a link only: nothing to attach

    @property
    def all(self) -> list[LibraryChoice]:
        return [*self.matching, *self.others]

    @property
    def matching_values(self) -> set[str]:
        return {c.value for c in self.matching}

    def evidence_for(self, values: list[str]) -> list[EvidenceItem]:
        by_value = {c.value: c.evidence for c in self.all}
        return [by_value[v] for v in values if v in by_value]


def library_choices(*, item: IRItem, today: date) -> LibraryChoices:
    """The council's library items with a file: those supporting the item's QS first, then
    all the others; each says whether its file is already attached or sent elsewhere."""
    council = item.request.assessment.council
    items = workspace.evidence_list(council=council, today=today)
    codes = set(item.qs_codes)
    sent: dict[str, str] = {}
    for sha256, title in (
        IRUpload.objects.filter(item__request_id=item.request_id)
        .exclude(item=item)
        .order_by("item__position", "uploaded_at", "pk")
        .values_list("sha256", "item__title")
    ):
        sent.setdefault(sha256, title)
    attached = set(item.uploads.values_list("sha256", flat=True))
    out = LibraryChoices()
    for evidence in items:
        if not evidence.has_file:
            out.without_file += 1
            continue
        choice = LibraryChoice(
            evidence=evidence,
            matches=bool(codes & set(evidence.qs_codes)),
            attached=evidence.file_sha256 in attached,
            sent_under=sent.get(evidence.file_sha256, ""),
        )
        (out.matching if choice.matches else out.others).append(choice)
    return out


# --- the self-assessment item -----------------------------------------------------------------


def self_assessment_item(*, assessment: Assessment) -> IRItem | None:
    """The item of the assessment's request that asks for the self-assessment, if any."""
    return (
        IRItem.objects.filter(request__assessment=assessment, kind=ItemKind.SELF_ASSESSMENT)
        .order_by("position", "pk")
        .first()
    )


def submittable_versions(*, assessment: Assessment) -> QuerySet[SelfAssessmentVersion]:
    """The council's saved versions, newest year and version first, that may be submitted for
    this assessment (not those already submitted for another one)."""
    return (
        SelfAssessmentVersion.objects.filter(self_assessment__council_id=assessment.council_id)
        .filter(Q(submitted_for__isnull=True) | Q(submitted_for=assessment))
        .select_related("self_assessment", "created_by")
        .order_by("-self_assessment__year", "-number")
    )


# --- the team's view --------------------------------------------------------------------------


@dataclass(frozen=True)
class SubmittedSelfAssessment:
    """What the team sees: the version the council submitted, per QS, and its documents."""

    version: SelfAssessmentVersion
    document: workspace_documents.SelfAssessmentDocument
    files: list[IRUpload]


def submitted_self_assessment(
    *, assessment: Assessment, today: date
) -> SubmittedSelfAssessment | None:
    """The self-assessment the council submitted in this assessment's information return, or
    None before it submits one. Only the version's own revisions are read: no draft, and not
    the library as it is now (the documents sent at submission list the evidence then)."""
    version = workspace.self_assessment_for_assessing_body(assessment=assessment)
    if version is None:
        return None
    document = workspace_documents.self_assessment_document(
        self_assessment=version.self_assessment, today=today, version=version, with_evidence=False
    )
    files = list(
        IRUpload.objects.filter(
            item__request__assessment=assessment,
            source=UploadSource.SELF_ASSESSMENT,
            self_assessment_version=version,
        ).order_by("file_kind", "pk")
    )
    return SubmittedSelfAssessment(version=version, document=document, files=files)
