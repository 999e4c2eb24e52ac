"""Reads for the case list builder: the council's draft, filtered, with its coverage, and where
the chosen cases can go (the council's open assessment and the case list it holds)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ascassure.apps.casetracking import selectors as casetracking
from ascassure.apps.casetracking.models import CaseList
from ascassure.apps.councils.models import Council
from ascassure.apps.councilspace.models import CaseListDraft
from ascassure.apps.councilspace.selectors import current_assessment
from ascassure.domain.casebuilder import (
    LIST_SIZE,
    BuilderFilter,
    coverage,
    filter_cases,
    record_from_json,
)
from ascassure.domain.casetracking import DEFAULT_CRITERIA, CaseRecord, CriteriaSet

MAX_SHOWN = 200  # rows of the filtered table on one page; narrow the filter to see others


def case_list_draft(*, council: Council) -> CaseListDraft | None:
    return CaseListDraft.objects.filter(council=council).select_related("imported_by").first()


def draft_records(draft: CaseListDraft) -> list[CaseRecord]:
    return [record_from_json(values) for values in draft.cases]


def criteria_for(*, assessment) -> CriteriaSet:
    """The criteria of the open assessment's case tracking (the default without one)."""
    return casetracking.criteria_for(assessment) if assessment is not None else DEFAULT_CRITERIA


@dataclass(frozen=True)
class ProblemRow:
    line: int
    column: str
    message: str


@dataclass
class BuilderPage:
    """Everything the builder's page shows about the draft."""

    draft: CaseListDraft
    criteria: CriteriaSet
    wanted: BuilderFilter
    cases: list[CaseRecord]
    filtered: list[CaseRecord]

    @cached_property
    def chosen(self) -> set[str]:
        return set(self.draft.chosen)

    @property
    def shown(self) -> list[CaseRecord]:
        return self.filtered[:MAX_SHOWN]

    @property
    def more_than_shown(self) -> bool:
        return len(self.filtered) > MAX_SHOWN

    @property
    def chosen_records(self) -> list[CaseRecord]:
        return [c for c in self.cases if c.case_id in self.chosen]

    @property
    def filtered_not_chosen(self) -> int:
        return sum(1 for c in self.filtered if c.case_id not in self.chosen)

    @property
    def list_size(self) -> int:
        return LIST_SIZE

    @cached_property
    def coverage(self) -> list[casetracking.Coverage]:
        return [
            casetracking.Coverage(
                label=c.title,
                minimum=c.minimum,
                in_list=c.in_list,
                in_chosen=c.in_sample,
            )
            for c in coverage(self.cases, self.chosen, self.criteria)
        ]

    @property
    def problems(self) -> list[ProblemRow]:
        return [ProblemRow(*p) for p in self.draft.problems]

    @property
    def rows_left_out(self) -> int:
        return len({p[0] for p in self.draft.problems})

    def _labels(self, case: CaseRecord) -> list[str]:
        return [c.title for c in self.criteria if c.matches(case)]

    @property
    def shown_rows(self) -> list[tuple[CaseRecord, list[str]]]:
        """The cases on the page, each with the criteria it meets, in words."""
        return [(case, self._labels(case)) for case in self.shown]

    @property
    def chosen_rows(self) -> list[tuple[CaseRecord, list[str]]]:
        return [(case, self._labels(case)) for case in self.chosen_records]

    @property
    def unmet(self) -> list[casetracking.Coverage]:
        return [c for c in self.coverage if not c.met]


def builder_page(
    *,
    draft: CaseListDraft,
    wanted: BuilderFilter,
    criteria: CriteriaSet,
    cases: list[CaseRecord] | None = None,
) -> BuilderPage:
    """The draft filtered; ``cases`` are its records when the caller has read them already."""
    cases = draft_records(draft) if cases is None else cases
    return BuilderPage(
        draft=draft,
        criteria=criteria,
        wanted=wanted,
        cases=cases,
        filtered=filter_cases(cases, wanted, criteria),
    )


@dataclass(frozen=True)
class Destination:
    """Where the chosen cases go: the council's open assessment and the list it holds now."""

    assessment: object
    case_list: CaseList | None

    @property
    def list_version(self) -> int:
        return self.case_list.version if self.case_list else 0

    @property
    def locked(self) -> bool:
        return self.case_list is not None and not self.case_list.replaceable


def destination(*, council: Council) -> Destination | None:
    assessment = current_assessment(council=council)
    if assessment is None:
        return None
    return Destination(
        assessment=assessment, case_list=casetracking.case_list_for(assessment=assessment)
    )
