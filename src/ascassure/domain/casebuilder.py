"""The council's case list builder: from its case-system export to the list it submits.

A council's case system exports far more cases than the assessing body asks for. The builder
reads the export with :func:`ascassure.domain.casetracking.parse_case_list` (any other columns
are kept), filters it by the criteria, age band and primary support reason, counts how many
cases meet each criterion in the export and in the cases chosen, and keeps at most
:data:`LIST_SIZE` chosen cases. :func:`write_case_list` writes the chosen cases as a CSV that
``parse_case_list`` reads back to the same records, so the submitted list goes through case
tracking's own checks unchanged.

Plain Python: no Django, no clock.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ascassure.domain.casetracking import (
    FLAG_FIELDS,
    CaseRecord,
    CriteriaSet,
    CriterionCoverage,
    natural_key,
)

__all__ = [
    "LIST_SIZE",
    "TOO_MANY_CHOSEN",
    "UNKNOWN_CASES",
    "WRITTEN_COLUMNS",
    "BuilderFilter",
    "ChoiceRefused",
    "choose",
    "coverage",
    "filter_cases",
    "record_from_json",
    "record_to_json",
    "values_of",
    "write_case_list",
]

LIST_SIZE = 50  # the cases a council lists for case tracking (domain brief §4 step 6)

TOO_MANY_CHOSEN = (
    "A case list has at most {limit} cases: this would make {count}. Untick some cases, or "
    "narrow the filter and choose again."
)
UNKNOWN_CASES = "Choose cases from your imported export."

# The columns written, in order: the names parse_case_list knows first, then the export's own.
WRITTEN_COLUMNS: tuple[str, ...] = (
    "case_id",
    "age_band",
    "primary_support_reason",
    *FLAG_FIELDS,
    "assessment_date",
    "review_date",
)


class ChoiceRefused(ValueError):
    """A change to the chosen cases that cannot be made; the message says why."""


# --- keeping records --------------------------------------------------------------------------


def record_to_json(case: CaseRecord) -> dict[str, Any]:
    """A record as JSON-ready values (dates as ISO text, other columns as [heading, value])."""
    return {
        "case_id": case.case_id,
        "age_band": case.age_band,
        "primary_support_reason": case.primary_support_reason,
        **{flag: case.flag(flag) for flag in FLAG_FIELDS},
        "assessment_date": case.assessment_date.isoformat() if case.assessment_date else None,
        "review_date": case.review_date.isoformat() if case.review_date else None,
        "extra": [[heading, value] for heading, value in case.extra],
    }


def record_from_json(values: Mapping[str, Any]) -> CaseRecord:
    def day(text: str | None) -> date | None:
        return date.fromisoformat(text) if text else None

    return CaseRecord(
        case_id=values["case_id"],
        age_band=values.get("age_band", ""),
        primary_support_reason=values.get("primary_support_reason", ""),
        **{flag: bool(values.get(flag)) for flag in FLAG_FIELDS},
        assessment_date=day(values.get("assessment_date")),
        review_date=day(values.get("review_date")),
        extra=tuple((str(h), str(v)) for h, v in values.get("extra", ())),
    )


# --- filtering --------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuilderFilter:
    """Which cases to show: meeting any of ``criteria`` (keys), in an age band, with a primary
    support reason. An empty part does not filter."""

    criteria: tuple[str, ...] = ()
    age_band: str = ""
    primary_support_reason: str = ""

    @property
    def active(self) -> bool:
        return bool(self.criteria or self.age_band or self.primary_support_reason)


def filter_cases(
    cases: Iterable[CaseRecord], wanted: BuilderFilter, criteria: CriteriaSet
) -> list[CaseRecord]:
    """The cases that pass the filter, in the export's order."""
    chosen_criteria = [c for c in criteria if c.key in set(wanted.criteria)]
    out = []
    for case in cases:
        if wanted.age_band and case.age_band != wanted.age_band:
            continue
        if wanted.primary_support_reason and (
            case.primary_support_reason != wanted.primary_support_reason
        ):
            continue
        if chosen_criteria and not any(c.matches(case) for c in chosen_criteria):
            continue
        out.append(case)
    return out


def values_of(cases: Iterable[CaseRecord], attribute: str) -> list[tuple[str, int]]:
    """The recorded values of ``age_band`` or ``primary_support_reason`` with their counts,
    in natural order (so "18-25" comes before "65-74", "C2" before "C10")."""
    if attribute not in ("age_band", "primary_support_reason"):
        raise KeyError(attribute)
    counts = Counter(getattr(c, attribute) for c in cases if getattr(c, attribute))
    return [(value, counts[value]) for value in sorted(counts, key=natural_key)]


def coverage(
    cases: Sequence[CaseRecord], chosen: Iterable[str], criteria: CriteriaSet
) -> tuple[CriterionCoverage, ...]:
    """Per criterion: how many cases of the export and of the chosen cases meet it."""
    wanted = set(chosen)
    return tuple(
        CriterionCoverage(
            key=criterion.key,
            label=criterion.label,
            minimum=criterion.minimum,
            in_list=sum(1 for c in cases if criterion.matches(c)),
            in_sample=sum(1 for c in cases if c.case_id in wanted and criterion.matches(c)),
        )
        for criterion in criteria
    )


# --- choosing ---------------------------------------------------------------------------------


def choose(
    current: Iterable[str],
    *,
    order: Sequence[str],
    add: Iterable[str] = (),
    remove: Iterable[str] = (),
    limit: int = LIST_SIZE,
) -> tuple[str, ...]:
    """The chosen case IDs after removing ``remove`` and adding ``add``, in the export's
    ``order``. :class:`ChoiceRefused` for an ID not in the export or more than ``limit``."""
    known = set(order)
    adding, removing = set(add), set(remove)
    if not (adding | removing) <= known:
        raise ChoiceRefused(UNKNOWN_CASES)
    chosen = (set(current) & known) - removing | adding
    if len(chosen) > limit:
        raise ChoiceRefused(TOO_MANY_CHOSEN.format(limit=limit, count=len(chosen)))
    return tuple(case_id for case_id in order if case_id in chosen)


# --- writing the list -------------------------------------------------------------------------


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def write_case_list(cases: Sequence[CaseRecord], extra_columns: Sequence[str] = ()) -> bytes:
    """The cases as a CSV file (UTF-8 with a byte order mark, so Excel opens it as such).

    The columns are :data:`WRITTEN_COLUMNS`, then ``extra_columns`` (the export's other
    headings, in its order; every record's ``extra`` holds one value for each).
    ``parse_case_list`` reads the file back to the same records.
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*WRITTEN_COLUMNS, *extra_columns])
    for case in cases:
        extras = [value for _, value in case.extra]
        if len(extras) != len(extra_columns):
            raise ValueError(
                f"case {case.case_id!r} has {len(extras)} other values for "
                f"{len(extra_columns)} other columns"
            )
        writer.writerow([_cell(getattr(case, name)) for name in WRITTEN_COLUMNS] + extras)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
