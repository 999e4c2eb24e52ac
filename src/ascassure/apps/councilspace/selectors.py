"""Reads for the council workspace, each scoped to one council the person belongs to.

Only members of a council see its workspace (never 403 for a stranger: 404, so a refusal does
not confirm that a council has a draft). The assessing body sees a self-assessment only through
:func:`self_assessment_for_assessing_body`, once the council has submitted a version.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from ascassure.apps.accounts.models import CouncilMembership, CouncilRole, User
from ascassure.apps.councils.models import Council
from ascassure.apps.councilspace.models import (
    CaseListDraft,
    EvidenceItem,
    EvidenceQs,
    ImprovementAction,
    QsComment,
    QsRevision,
    SelfAssessment,
    SelfAssessmentVersion,
    WorkspaceState,
)
from ascassure.domain.framework import EvidenceCategory, Framework, QualityStatement
from ascassure.domain.scoring import OverallResult
from ascassure.domain.selfassessment import (
    Completeness,
    FieldChange,
    Levers,
    ScoreMove,
    category_gaps,
    entry_completeness,
    entry_diff,
    is_overdue,
    is_stale,
    levers,
    predicted_result,
    score_moves,
    split_areas,
    stale_before,
)

NOT_FOUND = "No workspace here that you can see."


# --- whose workspace --------------------------------------------------------------------------


@dataclass(frozen=True)
class Workspace:
    """One council's workspace as one person sees it."""

    council: Council
    role: str
    version: int = 0  # raised by every change (WorkspaceState): a key for cached pages

    @property
    def can_edit(self) -> bool:
        return self.role == CouncilRole.EDITOR


def workspace_memberships(*, user: User) -> list[CouncilMembership]:
    if not user.is_authenticated:
        return []
    return list(
        CouncilMembership.objects.filter(user=user)
        .select_related("council")
        .order_by("council__name")
    )


def workspace_for(*, user: User, slug: str) -> Workspace:
    """The workspace of the council with this slug, or 404 if the person is not a member."""
    if not user.is_authenticated:
        raise Http404(NOT_FOUND)
    membership = (
        CouncilMembership.objects.filter(user=user, council__slug=slug)
        .select_related("council", "council__workspace_state")
        .first()
    )
    if membership is None:
        raise Http404(NOT_FOUND)
    try:
        version = membership.council.workspace_state.version
    except WorkspaceState.DoesNotExist:
        version = 0
    return Workspace(council=membership.council, role=membership.role, version=version)


# --- self-assessments and their revisions -----------------------------------------------------


def self_assessments(*, council: Council) -> QuerySet[SelfAssessment]:
    return SelfAssessment.objects.filter(council=council).order_by("-year")


def current_self_assessment(*, council: Council) -> SelfAssessment | None:
    return self_assessments(council=council).first()


def latest_revisions(*, self_assessment: SelfAssessment) -> dict[str, QsRevision]:
    """The current revision of every QS that has one (one query)."""
    newest = (
        QsRevision.objects.filter(self_assessment=self_assessment, qs_code=OuterRef("qs_code"))
        .order_by("-number")
        .values("number")[:1]
    )
    rows = QsRevision.objects.filter(
        self_assessment=self_assessment, number=Subquery(newest)
    ).select_related("created_by")
    return {r.qs_code: r for r in rows}


def revision_stamp(*, self_assessment: SelfAssessment) -> int:
    """Changes whenever any QS is saved: the newest revision's id (0 before the first)."""
    newest = (
        QsRevision.objects.filter(self_assessment=self_assessment)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return newest or 0


def qs_revisions(*, self_assessment: SelfAssessment, qs_code: str) -> list[QsRevision]:
    return list(
        QsRevision.objects.filter(self_assessment=self_assessment, qs_code=qs_code)
        .select_related("created_by")
        .order_by("-number")
    )


def qs_comments(*, self_assessment: SelfAssessment, qs_code: str) -> QuerySet[QsComment]:
    comments = QsComment.objects.filter(self_assessment=self_assessment, qs_code=qs_code)
    return comments.select_related("author")


def statement_or_404(*, framework: Framework, qs_code: str) -> QualityStatement:
    if qs_code not in framework.qs_codes:
        raise Http404(NOT_FOUND)
    return framework.statement(qs_code)


def versions(*, self_assessment: SelfAssessment) -> QuerySet[SelfAssessmentVersion]:
    return self_assessment.versions.select_related("created_by", "submitted_for").order_by(
        "-number"
    )


def version_get(*, self_assessment: SelfAssessment, number: int) -> SelfAssessmentVersion:
    found = self_assessment.versions.filter(number=number).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def version_revisions(*, version: SelfAssessmentVersion) -> dict[str, QsRevision]:
    return {r.qs_code: r for r in version.revisions.select_related("created_by")}


def self_assessment_for_assessing_body(*, assessment) -> SelfAssessmentVersion | None:
    """The self-assessment version the council submitted in this assessment's information
    return (the latest, if it submitted more than one), or None: drafts are never shown."""
    return (
        SelfAssessmentVersion.objects.filter(
            submitted_for=assessment,
            submitted_at__isnull=False,
            self_assessment__council_id=assessment.council_id,
        )
        .select_related("self_assessment", "self_assessment__council")
        .order_by("-submitted_at", "-number")
        .first()
    )


def scores_of(revisions: dict[str, QsRevision]) -> dict[str, int | None]:
    return {code: r.self_score for code, r in revisions.items()}


# --- evidence library -------------------------------------------------------------------------


@dataclass
class EvidenceSummary:
    count: int = 0
    stale: int = 0
    categories: set[str] = field(default_factory=set)


def evidence_summary_by_qs(*, council: Council, today: date) -> dict[str, EvidenceSummary]:
    """Per QS: how many items support it, how many are stale, which categories they cover."""
    cutoff = stale_before(today)
    out: dict[str, EvidenceSummary] = defaultdict(EvidenceSummary)
    rows = EvidenceQs.objects.filter(item__council=council).values_list(
        "qs_code", "item__category", "item__evidence_date"
    )
    for qs_code, category, evidence_date in rows:
        summary = out[qs_code]
        summary.count += 1
        summary.stale += evidence_date < cutoff
        summary.categories.add(category)
    return out


def _annotate_items(items: list[EvidenceItem], today: date) -> list[EvidenceItem]:
    links: dict[int, list[str]] = defaultdict(list)
    for item_id, code in EvidenceQs.objects.filter(item__in=[i.pk for i in items]).values_list(
        "item_id", "qs_code"
    ):
        links[item_id].append(code)
    for item in items:
        item.qs_codes = sorted(links[item.pk], key=lambda c: (len(c), c))
        item.stale = is_stale(item.evidence_date, today=today)
    return items


def evidence_list(
    *,
    council: Council,
    today: date,
    qs_code: str = "",
    category: str = "",
    stale_only: bool = False,
) -> list[EvidenceItem]:
    items = EvidenceItem.objects.filter(council=council)
    if qs_code:
        items = items.filter(qs_links__qs_code=qs_code)
    if category:
        items = items.filter(category=category)
    if stale_only:
        items = items.filter(evidence_date__lt=stale_before(today))
    return _annotate_items(list(items.order_by("-evidence_date", "title")), today)


def evidence_item_get(*, council: Council, pk: int, today: date) -> EvidenceItem:
    item = EvidenceItem.objects.filter(council=council, pk=pk).first()
    if item is None:
        raise Http404(NOT_FOUND)
    return _annotate_items([item], today)[0]


# --- improvement plan -------------------------------------------------------------------------


def actions_list(
    *, council: Council, today: date, qs_code: str = "", status: str = ""
) -> list[ImprovementAction]:
    actions = ImprovementAction.objects.filter(council=council)
    if qs_code:
        actions = actions.filter(qs_code=qs_code)
    if status:
        actions = actions.filter(status=status)
    out = list(actions.order_by("due_date", "pk"))
    for action in out:
        action.overdue = is_overdue(action.due_date, action.status, today=today)
    return out


def action_get(*, council: Council, pk: int) -> ImprovementAction:
    action = ImprovementAction.objects.filter(council=council, pk=pk).first()
    if action is None:
        raise Http404(NOT_FOUND)
    return action


@dataclass(frozen=True)
class OpenArea:
    qs_code: str
    text: str


def areas_without_action(*, self_assessment: SelfAssessment) -> list[OpenArea]:
    """Areas for development (one per line of each QS's current entry) with no action yet."""
    taken = set(
        ImprovementAction.objects.filter(council=self_assessment.council_id).values_list(
            "qs_code", "source_area"
        )
    )
    latest = latest_revisions(self_assessment=self_assessment)
    out = []
    for code in self_assessment.framework.qs_codes:
        revision = latest.get(code)
        if revision is None:
            continue
        for area in split_areas(revision.areas_for_development):
            if (code, area) not in taken:
                out.append(OpenArea(code, area))
    return out


# --- readiness --------------------------------------------------------------------------------


@dataclass(frozen=True)
class QsRow:
    statement: QualityStatement
    revision: QsRevision | None
    completeness: Completeness
    evidence: EvidenceSummary
    gaps: tuple[EvidenceCategory, ...]


@dataclass(frozen=True)
class Readiness:
    framework: Framework
    rows: list[QsRow]
    predicted: OverallResult | None
    levers: Levers | None
    stale_items: list[EvidenceItem]
    previous: SelfAssessmentVersion | None
    previous_result: OverallResult | None
    moves: tuple[ScoreMove, ...]

    @property
    def scored(self) -> int:
        return sum(1 for r in self.rows if r.revision and r.revision.self_score is not None)

    @property
    def complete_percent(self) -> int:
        done = sum(r.completeness.done for r in self.rows)
        total = sum(r.completeness.total for r in self.rows)
        return 100 * done // total if total else 0

    @property
    def signed_off(self) -> int:
        return sum(1 for r in self.rows if r.revision and r.revision.status == "signed_off")


def qs_rows(
    *,
    self_assessment: SelfAssessment,
    today: date,
    revisions: dict[str, QsRevision] | None = None,
) -> list[QsRow]:
    fw = self_assessment.framework
    latest = (
        revisions if revisions is not None else latest_revisions(self_assessment=self_assessment)
    )
    evidence = evidence_summary_by_qs(council=self_assessment.council, today=today)
    rows = []
    for statement in fw.statements:
        revision = latest.get(statement.code)
        summary = evidence.get(statement.code, EvidenceSummary())
        rows.append(
            QsRow(
                statement=statement,
                revision=revision,
                completeness=entry_completeness(
                    revision.entry if revision else None,
                    evidence_count=summary.count,
                    i_statement_count=len(statement.i_summaries),
                ),
                evidence=summary,
                gaps=category_gaps(summary.categories, fw.categories_for(statement.code)),
            )
        )
    return rows


def readiness(*, self_assessment: SelfAssessment, today: date) -> Readiness:
    fw = self_assessment.framework
    latest = latest_revisions(self_assessment=self_assessment)
    scores = scores_of(latest)
    previous = versions(self_assessment=self_assessment).first()
    before = scores_of(version_revisions(version=previous)) if previous else {}
    stale = evidence_list(council=self_assessment.council, today=today, stale_only=True)
    return Readiness(
        framework=fw,
        rows=qs_rows(self_assessment=self_assessment, today=today, revisions=latest),
        predicted=predicted_result(scores, fw),
        levers=levers(scores, fw),
        stale_items=stale,
        previous=previous,
        previous_result=predicted_result(before, fw) if previous else None,
        moves=score_moves(before, scores, fw) if previous else (),
    )


# --- the council's current assessment (for dates in the briefing) ----------------------------


def current_assessment(*, council: Council):
    """The council's assessment under way, as the council sees it (notified, not finished)."""
    from ascassure.apps.assessments.models import Assessment
    from ascassure.domain.lifecycle import Stage

    return (
        Assessment.objects.filter(council=council)
        .exclude(stage__in=[Stage.PLANNED.value, Stage.WITHDRAWN.value, Stage.PUBLISHED.value])
        .prefetch_related("milestones")
        .order_by("-created_at")
        .first()
    )


# --- comparing two states of a self-assessment ------------------------------------------------


@dataclass(frozen=True)
class QsComparison:
    statement: QualityStatement
    before: QsRevision | None
    after: QsRevision | None
    changes: tuple[FieldChange, ...]

    @property
    def changed(self) -> tuple[FieldChange, ...]:
        return tuple(c for c in self.changes if c.changed)

    @property
    def unchanged_labels(self) -> list[str]:
        return [c.label for c in self.changes if not c.changed]


def compare_sets(
    before: dict[str, QsRevision], after: dict[str, QsRevision], fw: Framework
) -> list[QsComparison]:
    """Every QS of the framework, field by field, from one set of revisions to another."""
    out = []
    for statement in fw.statements:
        a, b = before.get(statement.code), after.get(statement.code)
        out.append(
            QsComparison(
                statement=statement,
                before=a,
                after=b,
                changes=entry_diff(a.entry if a else None, b.entry if b else None, statement, fw),
            )
        )
    return out


def compare_revisions(
    *, before: QsRevision | None, after: QsRevision | None, statement: QualityStatement, fw
) -> QsComparison:
    return QsComparison(
        statement=statement,
        before=before,
        after=after,
        changes=entry_diff(
            before.entry if before else None, after.entry if after else None, statement, fw
        ),
    )


def current_assessment_stamp(*, council: Council) -> str:
    """Changes whenever the council's assessments change (their stage, dates or team): the
    briefing's dates come from there."""
    from ascassure.apps.assessments.models import Assessment

    rows = Assessment.objects.filter(council=council).values_list("pk", "version", "stage")
    return ";".join(f"{pk}.{version}.{stage}" for pk, version, stage in rows.order_by("pk"))


# --- preparing the open assessment's information return --------------------------------------


@dataclass(frozen=True)
class Preparation:
    """The council's open assessment and how far its preparation has got (for the home)."""

    assessment: object
    submitted: SelfAssessmentVersion | None  # the self-assessment version submitted for it
    chosen: int  # cases chosen in the case list builder
    list_submitted: bool  # the builder's cases were submitted to this assessment


def preparation(*, council: Council) -> Preparation | None:
    assessment = current_assessment(council=council)
    if assessment is None:
        return None
    draft = (
        CaseListDraft.objects.filter(council=council)
        .only("chosen", "submitted_for_id", "submitted_at")
        .first()
    )
    return Preparation(
        assessment=assessment,
        submitted=self_assessment_for_assessing_body(assessment=assessment),
        chosen=len(draft.chosen) if draft else 0,
        list_submitted=bool(draft and draft.submitted_for_id == assessment.pk),
    )
