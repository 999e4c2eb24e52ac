"""Reads for case tracking. Each takes an assessment the caller was already allowed to see,
or does the scoping itself (the download, which both sides use)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404

from ascassure.apps.accounts.models import User
from ascassure.apps.assessments.models import Assessment
from ascassure.apps.assessments.selectors import (
    assessment_for_council_user,
    assessments_for_team,
    is_council_editor,
    on_working_team,
)
from ascassure.apps.casetracking.models import Case, CaseList
from ascassure.domain.casetracking import (
    DEFAULT_CRITERIA,
    FLAG_FIELDS,
    CaseRecord,
    CriteriaSet,
    Sample,
    propose_in_depth,
    propose_sample,
    representativeness,
)

SAMPLE_SIZE = 10
IN_DEPTH_SIZE = 6
COUNCIL_EDITORS_ONLY = "Only the council's editors see and upload the case list."


def criteria_for(assessment: Assessment) -> CriteriaSet:
    """The criteria the sample must meet (the domain's default today; kept in one place)."""
    return DEFAULT_CRITERIA


def case_list_for(*, assessment: Assessment) -> CaseList | None:
    return CaseList.objects.filter(assessment=assessment).select_related("uploaded_by").first()


def cases_for(*, case_list: CaseList) -> list[Case]:
    """Every case of the list in file order, with its number of notes (one query)."""
    return list(case_list.cases.annotate(note_count=Count("notes")).order_by("position"))


def council_cases_for(*, case_list: CaseList) -> list[Case]:
    """The cases as the council sees them: without the team's selection or notes."""
    return list(
        case_list.cases.order_by("position").defer(
            "selected", "selection_reason", "in_depth", "in_depth_reason"
        )
    )


def case_for(*, case_list: CaseList, case_pk: int) -> Case:
    try:
        return case_list.cases.get(pk=case_pk)
    except Case.DoesNotExist:
        raise Http404("No case here that you can see.") from None


def can_track_cases(*, user: User, assessment: Assessment) -> bool:
    """The national lead and the assessment's team (not the calibration panel) choose cases
    and write notes."""
    return on_working_team(user, assessment)


def assessment_for_council_editor(*, user: User, pk: int) -> Assessment:
    """The council's side: 404 outside the council, 403 for a council viewer."""
    assessment = assessment_for_council_user(user=user, pk=pk)
    if not is_council_editor(user=user, assessment=assessment):
        raise PermissionDenied(COUNCIL_EDITORS_ONLY)
    return assessment


def assessment_for_download(*, user: User, pk: int) -> Assessment:
    """The team that sees the assessment, or an editor of its council; 404/403 otherwise."""
    found = assessments_for_team(user=user).filter(pk=pk).first()
    if found is not None:
        return found
    return assessment_for_council_editor(user=user, pk=pk)


# --- samples -------------------------------------------------------------------------------


def records(cases: Iterable[Case]) -> list[CaseRecord]:
    return [case.record() for case in cases]


def sample_size(cases: Sequence[Case]) -> int:
    return min(SAMPLE_SIZE, len(cases))


def in_depth_size(cases: Sequence[Case]) -> int:
    return min(IN_DEPTH_SIZE, sum(1 for c in cases if c.selected))


def proposal(*, assessment: Assessment, cases: Sequence[Case]) -> Sample:
    return propose_sample(records(cases), size=SAMPLE_SIZE, criteria=criteria_for(assessment))


def in_depth_proposal(*, assessment: Assessment, cases: Sequence[Case]) -> Sample:
    chosen = [c.case_id for c in cases if c.selected]
    return propose_in_depth(
        records(cases), chosen, size=IN_DEPTH_SIZE, criteria=criteria_for(assessment)
    )


@dataclass(frozen=True)
class Coverage:
    label: str
    minimum: int
    in_list: int
    in_chosen: int

    @property
    def met(self) -> bool:
        return self.in_chosen >= self.minimum


def coverage(
    *, assessment: Assessment, cases: Sequence[Case], chosen: Iterable[str]
) -> list[Coverage]:
    """How many cases of each criterion are in the list and among ``chosen``."""
    wanted = set(chosen)
    recs = records(cases)
    return [
        Coverage(
            label=criterion.title,
            minimum=criterion.minimum,
            in_list=sum(1 for r in recs if criterion.matches(r)),
            in_chosen=sum(1 for r in recs if r.case_id in wanted and criterion.matches(r)),
        )
        for criterion in criteria_for(assessment)
    ]


@dataclass(frozen=True)
class ShareRow:
    attribute: str
    value: str
    in_list: int
    list_percent: int | None
    in_selected: int
    selected_percent: int | None
    in_depth: int
    in_depth_percent: int | None


@dataclass(frozen=True)
class RepresentativenessTable:
    rows: tuple[ShareRow, ...]
    summary: tuple[str, ...]
    selected_total: int
    in_depth_total: int


def representativeness_table(*, cases: Sequence[Case]) -> RepresentativenessTable:
    """Each attribute's share in the list, in the cases chosen for review and in depth."""
    recs = records(cases)
    selected = representativeness(recs, [c.case_id for c in cases if c.selected])
    deep = representativeness(recs, [c.case_id for c in cases if c.in_depth])
    rows = []
    for attribute in selected.attributes:
        deep_shares = {s.value: s for s in deep.attribute(attribute.attribute).shares}
        for share in attribute.shares:
            other = deep_shares[share.value]
            label = attribute.label[:1].upper() + attribute.label[1:]
            rows.append(
                ShareRow(
                    attribute=label,
                    value=share.value if attribute.attribute not in FLAG_FIELDS else "Yes",
                    in_list=share.in_list,
                    list_percent=share.list_percent,
                    in_selected=share.in_sample,
                    selected_percent=share.sample_percent,
                    in_depth=other.in_sample,
                    in_depth_percent=other.sample_percent,
                )
            )
    return RepresentativenessTable(
        rows=tuple(rows),
        summary=selected.summary,
        selected_total=sum(1 for c in cases if c.selected),
        in_depth_total=sum(1 for c in cases if c.in_depth),
    )


def case_tracking_summary(assessment: Assessment) -> dict[str, Any]:
    """For the API: whether the list is in, how many cases, how many chosen (one query)."""
    row = (
        CaseList.objects.filter(assessment=assessment)
        .annotate(
            n=Count("cases"),
            n_selected=Count("cases", filter=Q(cases__selected=True)),
            n_in_depth=Count("cases", filter=Q(cases__in_depth=True)),
        )
        .values("n", "n_selected", "n_in_depth", "uploaded_at")
        .first()
    )
    if row is None:
        return {"case_list": False, "cases": 0, "selected": 0, "in_depth": 0}
    return {
        "case_list": True,
        "uploaded_at": row["uploaded_at"].isoformat(),
        "cases": row["n"],
        "selected": row["n_selected"],
        "in_depth": row["n_in_depth"],
    }


@dataclass(frozen=True)
class ProposedRow:
    case: Case
    reason: str


def _proposed_rows(sample: Sample, cases: Sequence[Case]) -> list[ProposedRow]:
    by_id = {c.case_id: c for c in cases}
    return [ProposedRow(by_id[ch.case_id], ch.reason) for ch in sample.choices]


def team_overview(*, assessment: Assessment, case_list: CaseList) -> dict[str, Any]:
    """Everything the team's case-tracking page shows, from three queries at most."""
    cases = cases_for(case_list=case_list)
    selected = [c for c in cases if c.selected]
    in_depth = [c for c in cases if c.in_depth]
    view: dict[str, Any] = {
        "cases": cases,
        "selected": selected,
        "in_depth": in_depth,
        "selected_rows": [ProposedRow(c, c.selection_reason) for c in selected],
        "in_depth_rows": [ProposedRow(c, c.in_depth_reason) for c in in_depth],
        "sample_size": sample_size(cases),
        "in_depth_size": in_depth_size(cases),
    }
    if case_list.selection_saved_at is None:
        sample = proposal(assessment=assessment, cases=cases)
        view["proposal"] = _proposed_rows(sample, cases)
        view["proposal_notes"] = sample.notes
        view["coverage"] = coverage(assessment=assessment, cases=cases, chosen=sample.case_ids)
        return view
    view["coverage"] = coverage(
        assessment=assessment, cases=cases, chosen=[c.case_id for c in selected]
    )
    if case_list.in_depth_saved_at is None and selected:
        deep = in_depth_proposal(assessment=assessment, cases=cases)
        view["in_depth_proposal"] = _proposed_rows(deep, cases)
        view["in_depth_notes"] = deep.notes
    view["in_depth_coverage"] = coverage(
        assessment=assessment,
        cases=cases,
        chosen=[c.case_id for c in in_depth]
        if case_list.in_depth_saved_at
        else [r.case.case_id for r in view.get("in_depth_proposal", [])],
    )
    view["representativeness"] = representativeness_table(cases=cases)
    return view
