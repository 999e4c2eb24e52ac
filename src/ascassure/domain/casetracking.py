"""Case tracking: the council's list of people's cases, and the samples chosen from it.

The council lists (by default) 50 cases that meet the assessing body's criteria; the
assessing body picks 10 for detailed review and follows 6 of those in depth. This module
reads the list (CSV or Excel), checks it line by line, proposes the two samples and says how
representative a sample is.

**How a sample is proposed** (deterministic: no randomness, the order of the list does not
matter, and ties are broken by case ID in natural order, so ``C2`` comes before ``C10``):

1. *Cover the criteria.* While a criterion has fewer chosen cases than its minimum, take the
   case that meets the most such criteria; ties go to the case that adds more age bands and
   primary support reasons not yet in the sample, then to the case meeting more criteria in
   all, then to the lower case ID. This is the greedy method for set cover: it is not
   guaranteed to be the smallest cover, but it is simple to explain and to check by hand.
   A criterion no remaining case meets is reported as unmet.
2. *Spread.* Fill the remaining places with the case that adds the most age bands and primary
   support reasons not yet in the sample (0, 1 or 2). When no case adds a new value, take the
   case whose age band and primary support reason have the fewest chosen cases so far, so the
   sample does not pile up in one group. Ties as above.

A blank age band or primary support reason is "not recorded": it never counts as a value.
"""

from __future__ import annotations

import csv
import importlib
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from os import PathLike
from pathlib import Path
from typing import Any

from ascassure.domain.framework import Rounding

__all__ = [
    "ATTRIBUTE_LABELS",
    "COLUMN_ALIASES",
    "DEFAULT_CRITERIA",
    "FLAG_FIELDS",
    "REQUIRED_COLUMNS",
    "AttributeShares",
    "CaseListError",
    "CaseRecord",
    "Choice",
    "CriteriaSet",
    "Criterion",
    "CriterionCoverage",
    "ParsedCaseList",
    "Problem",
    "Representativeness",
    "Sample",
    "Share",
    "parse_bool",
    "parse_case_list",
    "parse_date",
    "propose_in_depth",
    "propose_sample",
    "representativeness",
]

FLAG_FIELDS: tuple[str, ...] = (
    "hospital_discharge",
    "transition_from_childrens",
    "unpaid_carer",
    "safeguarding_enquiry",
    "reablement",
)

ATTRIBUTE_LABELS: dict[str, str] = {
    "case_id": "case ID",
    "age_band": "age band",
    "primary_support_reason": "primary support reason",
    "hospital_discharge": "hospital discharge",
    "transition_from_childrens": "transition from children's services",
    "unpaid_carer": "unpaid carer",
    "safeguarding_enquiry": "safeguarding enquiry",
    "reablement": "reablement",
    "assessment_date": "assessment date",
    "review_date": "review date",
}

SPREAD_ATTRIBUTES: tuple[str, ...] = ("age_band", "primary_support_reason")
SIMILAR_WITHIN_POINTS = 10  # a sample share within this many points of the list's is "similar"


# --- the record -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseRecord:
    """One person's case, under a pseudonymous ID; ``extra`` keeps any other columns."""

    case_id: str
    age_band: str = ""
    primary_support_reason: str = ""
    hospital_discharge: bool = False
    transition_from_childrens: bool = False
    unpaid_carer: bool = False
    safeguarding_enquiry: bool = False
    reablement: bool = False
    assessment_date: date | None = None
    review_date: date | None = None
    extra: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if not self.case_id.strip():
            raise ValueError("a case needs a case ID")

    @property
    def extras(self) -> dict[str, str]:
        return dict(self.extra)

    def flag(self, name: str) -> bool:
        if name not in FLAG_FIELDS:
            raise KeyError(f"{name!r} is not one of the case flags ({', '.join(FLAG_FIELDS)})")
        return bool(getattr(self, name))


# --- reading values -------------------------------------------------------------------------

_TRUE = frozenset({"yes", "y", "true", "t", "1"})
_FALSE = frozenset({"no", "n", "false", "f", "0", ""})
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_bool(value: object) -> bool:
    """yes/no, y/n, true/false, 1/0 (any case); blank is no. ``ValueError`` otherwise."""
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = str(value).strip().casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"{str(value).strip()!r} is not yes or no")


def parse_date(value: object) -> date | None:
    """An ISO date (2026-03-31) or a UK one (31/03/2026); blank is None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        if m := _ISO.fullmatch(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DMY.fullmatch(text):
            return date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        pass
    raise ValueError(f"{text!r} is not a date (write it as 2026-03-31 or 31/03/2026)")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


# --- columns --------------------------------------------------------------------------------

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "case_id": (
        "case id",
        "case ref",
        "case reference",
        "case number",
        "case no",
        "reference",
        "ref",
        "id",
        "person id",
        "pseudonymous id",
        "pseudonym",
    ),
    "age_band": ("age band", "age group", "age range", "age"),
    "primary_support_reason": ("primary support reason", "psr", "support reason"),
    "hospital_discharge": ("hospital discharge", "discharge from hospital", "discharge"),
    "transition_from_childrens": (
        "transition from childrens",
        "transition from childrens services",
        "transition",
        "transitions",
        "preparing for adulthood",
    ),
    "unpaid_carer": ("unpaid carer", "carer", "has unpaid carer", "carer involved"),
    "safeguarding_enquiry": (
        "safeguarding enquiry",
        "safeguarding",
        "section 42 enquiry",
        "s42 enquiry",
        "s42",
    ),
    "reablement": ("reablement",),
    "assessment_date": ("assessment date", "date of assessment"),
    "review_date": ("review date", "date of review", "last review date", "last review"),
}
REQUIRED_COLUMNS: tuple[str, ...] = ("case_id", "age_band", "primary_support_reason", *FLAG_FIELDS)
_HEADER_SEARCH_ROWS = 10  # a title or notes may sit above the headings


def _norm_header(text: str) -> str:
    text = re.sub(r"\([^)]*\)", " ", text.casefold())  # "Hospital discharge (Y/N)"
    text = text.replace("'", "").replace("\u2019", "")  # children's -> childrens
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


_ALIAS_TO_FIELD: dict[str, str] = {
    _norm_header(alias): name
    for name, aliases in COLUMN_ALIASES.items()
    for alias in (name, *aliases)
}


class CaseListError(ValueError):
    """The file cannot be read as a case list at all; the message says why in plain words."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One cell (or row) that could not be read; the row is left out of the cases."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column!r}: {self.message}"


@dataclass(frozen=True, slots=True)
class ParsedCaseList:
    """The cases read, every problem found, and which heading gave which field."""

    cases: tuple[CaseRecord, ...]
    problems: tuple[Problem, ...]
    columns: Mapping[str, str] = field(default_factory=dict)  # field -> heading in the file
    extra_columns: tuple[str, ...] = ()


# --- reading files --------------------------------------------------------------------------

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise CaseListError(
            "The file is not readable text. Save the case list as CSV (UTF-8) or Excel (.xlsx)."
        ) from exc


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[object]]]:
    text = _decode(data)
    if "\x00" in text:
        raise CaseListError(
            "The file is not readable text. Save the case list as CSV (UTF-8) or Excel (.xlsx)."
        )
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    for row in reader:
        yield start, list(row)
        start = reader.line_num + 1


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[object]]]:
    # Typed Any: openpyxl ships no type information.
    openpyxl: Any = importlib.import_module("openpyxl")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged archive
        raise CaseListError("The Excel file could not be opened; it may be damaged.") from exc
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(row)
    finally:
        workbook.close()


def _blank(row: Sequence[object]) -> bool:
    return all(_text(v) == "" for v in row)


def parse_case_list(source: bytes | str | PathLike[str], *, filename: str = "") -> ParsedCaseList:
    """Read a case list from CSV (UTF-8, UTF-8 with BOM or Windows-1252) or Excel (.xlsx).

    ``source`` is the file's bytes or a path. The content decides the format, not the name;
    ``filename`` is used in messages only. Headings are matched ignoring case, spaces,
    underscores, apostrophes and anything in brackets; see :data:`COLUMN_ALIASES`. Columns
    not recognised are kept as each case's ``extra`` attributes.

    Whole-file problems (unreadable, no headings, missing required columns) raise
    :class:`CaseListError`. Cell problems are listed in ``problems`` with their line (the
    CSV line, or the spreadsheet row) and heading, and that row is left out of ``cases``.
    """
    if isinstance(source, bytes):
        data = source
    else:
        path = Path(source)
        data = path.read_bytes()
        filename = filename or path.name
    name = f" {filename!r}" if filename else ""
    if not data.strip():
        raise CaseListError(f"The case list{name} is empty.")
    if data.startswith(_OLE_MAGIC):
        raise CaseListError(
            f"The case list{name} is an old-style Excel file (.xls) or is password-protected. "
            "Save it as Excel (.xlsx) or CSV without a password."
        )
    rows = _xlsx_rows(data) if data.startswith(_ZIP_MAGIC) else _csv_rows(data)
    return _read_rows(rows, name)


def _find_header(
    rows: Iterator[tuple[int, list[object]]], name: str
) -> tuple[int, list[str], dict[str, int]]:
    first_seen: list[str] | None = None
    looked = 0
    for line, row in rows:
        if _blank(row):
            continue
        headings = [_text(v) for v in row]
        first_seen = first_seen if first_seen is not None else headings
        found: dict[str, int] = {}
        for index, heading in enumerate(headings):
            wanted = _ALIAS_TO_FIELD.get(_norm_header(heading))
            if wanted is None:
                continue
            if wanted in found:
                raise CaseListError(
                    f"The columns {headings[found[wanted]]!r} and {heading!r} both give the "
                    f"{ATTRIBUTE_LABELS[wanted]}. Keep one of them."
                )
            found[wanted] = index
        if "case_id" in found:
            return line, headings, found
        looked += 1
        if looked >= _HEADER_SEARCH_ROWS:
            break
    if first_seen is None:
        raise CaseListError(f"The case list{name} is empty.")
    raise CaseListError(
        f"The case list{name} has no case ID column. The first row should hold the column "
        f"headings, one of them 'case_id' (found: {', '.join(repr(h) for h in first_seen)})."
    )


def _read_rows(rows: Iterator[tuple[int, list[object]]], name: str) -> ParsedCaseList:
    _, headings, found = _find_header(rows, name)
    missing = [c for c in REQUIRED_COLUMNS if c not in found]
    if missing:
        raise CaseListError(
            f"The case list{name} is missing these columns: "
            + ", ".join(repr(c) for c in missing)
            + "."
        )
    extra_index = [(i, h) for i, h in enumerate(headings) if h and i not in set(found.values())]
    cases: list[CaseRecord] = []
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for line, row in rows:
        if _blank(row):
            continue

        def cell(field_name: str, row: list[object] = row) -> object:
            index = found.get(field_name)
            return row[index] if index is not None and index < len(row) else None

        row_problems: list[Problem] = []
        values: dict[str, Any] = {}
        case_id = _text(cell("case_id"))
        if not case_id:
            row_problems.append(Problem(line, headings[found["case_id"]], "the case ID is blank"))
        elif case_id in first_line:
            row_problems.append(
                Problem(
                    line,
                    headings[found["case_id"]],
                    f"{case_id!r} is already on line {first_line[case_id]}",
                )
            )
        for text_field in ("age_band", "primary_support_reason"):
            values[text_field] = _text(cell(text_field))
        for flag in FLAG_FIELDS:
            try:
                values[flag] = parse_bool(cell(flag))
            except ValueError as exc:
                row_problems.append(Problem(line, headings[found[flag]], str(exc)))
        for date_field in ("assessment_date", "review_date"):
            if date_field not in found:
                continue
            try:
                values[date_field] = parse_date(cell(date_field))
            except ValueError as exc:
                row_problems.append(Problem(line, headings[found[date_field]], str(exc)))
        if row_problems:
            problems += row_problems
            continue
        extra = tuple(
            (heading, _text(row[i] if i < len(row) else None)) for i, heading in extra_index
        )
        first_line[case_id] = line
        cases.append(CaseRecord(case_id=case_id, extra=extra, **values))
    return ParsedCaseList(
        cases=tuple(cases),
        problems=tuple(problems),
        columns={f: headings[i] for f, i in found.items()},
        extra_columns=tuple(h for _, h in extra_index),
    )


# --- criteria -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Criterion:
    """A kind of case the sample must include at least ``minimum`` times.

    ``key`` is one of :data:`FLAG_FIELDS`, or the heading of an extra yes/no column.
    """

    key: str
    label: str
    minimum: int = 1

    def __post_init__(self) -> None:
        if self.minimum < 0:
            raise ValueError(f"the minimum for {self.label} cannot be negative")

    def matches(self, case: CaseRecord) -> bool:
        if self.key in FLAG_FIELDS:
            return case.flag(self.key)
        wanted = _norm_header(self.key)
        for heading, value in case.extra:
            if _norm_header(heading) == wanted:
                try:
                    return parse_bool(value)
                except ValueError:
                    return False
        return False


@dataclass(frozen=True, slots=True)
class CriteriaSet:
    """The criteria a sample must meet; by default each of the five flags at least once."""

    criteria: tuple[Criterion, ...]

    def __post_init__(self) -> None:
        keys = [c.key for c in self.criteria]
        if len(set(keys)) != len(keys):
            raise ValueError("each criterion can appear only once")

    def __iter__(self) -> Iterator[Criterion]:
        return iter(self.criteria)

    def with_minimums(self, minimums: Mapping[str, int]) -> CriteriaSet:
        """The same criteria with some minimums changed (keys must be known)."""
        unknown = set(minimums) - {c.key for c in self.criteria}
        if unknown:
            raise KeyError(f"no criteria called {', '.join(sorted(unknown))}")
        return CriteriaSet(
            tuple(Criterion(c.key, c.label, minimums.get(c.key, c.minimum)) for c in self.criteria)
        )


DEFAULT_CRITERIA = CriteriaSet(tuple(Criterion(f, ATTRIBUTE_LABELS[f]) for f in FLAG_FIELDS))


# --- samples --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Choice:
    """One chosen case and why: the criteria it helped meet and the values it added."""

    case_id: str
    covers: tuple[str, ...]  # labels of criteria still short when it was chosen
    adds: tuple[str, ...]  # e.g. "age band '85+'"
    reason: str


@dataclass(frozen=True, slots=True)
class CriterionCoverage:
    key: str
    label: str
    minimum: int
    in_list: int
    in_sample: int

    @property
    def met(self) -> bool:
        return self.in_sample >= self.minimum


@dataclass(frozen=True, slots=True)
class Sample:
    """A proposed sample: the chosen case IDs in the order chosen, and why each one."""

    case_ids: tuple[str, ...]
    choices: tuple[Choice, ...]
    coverage: tuple[CriterionCoverage, ...]
    unmet: tuple[CriterionCoverage, ...]
    notes: tuple[str, ...]


_NUMBERS = re.compile(r"(\d+)")


def _natural(case_id: str) -> tuple[tuple[object, ...], str]:
    parts = _NUMBERS.split(case_id.casefold())
    key = tuple(int(p) if i % 2 else p for i, p in enumerate(parts))
    return key, case_id


def _values(case: CaseRecord) -> list[tuple[str, str]]:
    return [(a, getattr(case, a)) for a in SPREAD_ATTRIBUTES if getattr(case, a)]


def _describe(values: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    return tuple(f"{ATTRIBUTE_LABELS[a]} {v!r}" for a, v in values)


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _check_unique(cases: Sequence[CaseRecord]) -> None:
    seen: set[str] = set()
    for case in cases:
        if case.case_id in seen:
            raise ValueError(f"case ID {case.case_id!r} appears more than once")
        seen.add(case.case_id)


def _select(pool: Sequence[CaseRecord], size: int, criteria: CriteriaSet, what: str) -> Sample:
    if size < 0:
        raise ValueError("the sample size cannot be negative")
    _check_unique(pool)
    remaining = sorted(pool, key=lambda c: _natural(c.case_id))
    matches = {c.case_id: frozenset(k.key for k in criteria if k.matches(c)) for c in remaining}
    labels = {k.key: k.label for k in criteria}
    counts: Counter[str] = Counter()
    seen_values: Counter[tuple[str, str]] = Counter()
    choices: list[Choice] = []

    def new_values(case: CaseRecord) -> list[tuple[str, str]]:
        return [v for v in _values(case) if seen_values[v] == 0]

    def take(case: CaseRecord, covers: tuple[str, ...], reason: str) -> None:
        adds = _describe(new_values(case))
        remaining.remove(case)
        counts.update(matches[case.case_id])
        seen_values.update(_values(case))
        choices.append(Choice(case.case_id, covers, adds, reason))

    # 1. cover the criteria
    while len(choices) < size and remaining:
        short = {k.key for k in criteria if counts[k.key] < k.minimum}
        if not short:
            break
        best = min(
            remaining,
            key=lambda c: (
                -len(matches[c.case_id] & short),
                -len(new_values(c)),
                -len(matches[c.case_id]),
                _natural(c.case_id),
            ),
        )
        helped = tuple(labels[k.key] for k in criteria if k.key in matches[best.case_id] & short)
        if not helped:
            break
        adds = _describe(new_values(best))
        reason = f"Chosen to cover {_and(helped)}"
        reason += f"; it also adds {_and(adds)}." if adds else "."
        take(best, helped, reason)

    # 2. spread across age band and primary support reason
    while len(choices) < size and remaining:
        best = min(
            remaining,
            key=lambda c: (
                -len(new_values(c)),
                sum(seen_values[v] for v in _values(c)),
                -len(matches[c.case_id]),
                _natural(c.case_id),
            ),
        )
        adds = _describe(new_values(best))
        if adds:
            reason = f"Chosen for spread: adds {_and(adds)}."
        elif _values(best):
            groups = _and(_describe(_values(best)))
            reason = f"Chosen for balance: {groups} have the fewest cases chosen so far."
        else:
            reason = "Chosen to fill the sample (no age band or support reason recorded)."
        take(best, (), reason)

    coverage = tuple(
        CriterionCoverage(
            key=k.key,
            label=k.label,
            minimum=k.minimum,
            in_list=sum(1 for c in pool if k.key in matches[c.case_id]),
            in_sample=counts[k.key],
        )
        for k in criteria
    )
    unmet = tuple(c for c in coverage if not c.met)
    notes: list[str] = []
    if size > len(pool):
        notes.append(
            f"The {what} has only {len(pool)} cases, fewer than the {size} wanted: "
            "all of them are chosen."
        )
    for c in unmet:
        if c.in_list < c.minimum:
            have = "no case" if c.in_list == 0 else f"only {c.in_list} cases"
            notes.append(
                f"The {what} has {have} of {c.label}; the sample needs at least {c.minimum}."
            )
        else:
            notes.append(
                f"The sample of {size} is too small to include {c.minimum} cases of {c.label} "
                "as well as the other criteria."
            )
    return Sample(
        case_ids=tuple(ch.case_id for ch in choices),
        choices=tuple(choices),
        coverage=coverage,
        unmet=unmet,
        notes=tuple(notes),
    )


def propose_sample(
    cases: Sequence[CaseRecord], *, size: int = 10, criteria: CriteriaSet = DEFAULT_CRITERIA
) -> Sample:
    """The cases to review in detail (by default 10), chosen as the module docstring says."""
    return _select(cases, size, criteria, "list")


def propose_in_depth(
    cases: Sequence[CaseRecord],
    sample: Sample | Sequence[str],
    *,
    size: int = 6,
    criteria: CriteriaSet = DEFAULT_CRITERIA,
) -> Sample:
    """The cases to follow in depth (by default 6), chosen the same way from ``sample``."""
    wanted = set(sample.case_ids if isinstance(sample, Sample) else sample)
    by_id = {c.case_id: c for c in cases}
    unknown = wanted - set(by_id)
    if unknown:
        raise ValueError(f"the sample names cases not in the list: {', '.join(sorted(unknown))}")
    return _select([by_id[i] for i in wanted], size, criteria, "sample")


# --- representativeness ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Share:
    """How many cases have ``value``, in the whole list and in the sample."""

    value: str
    in_list: int
    list_total: int
    in_sample: int
    sample_total: int

    @property
    def list_percent(self) -> int | None:
        return _percent(self.in_list, self.list_total)

    @property
    def sample_percent(self) -> int | None:
        return _percent(self.in_sample, self.sample_total)


def _percent(part: int, whole: int) -> int | None:
    return Rounding.HALF_UP.divide(100 * part, whole) if whole else None


@dataclass(frozen=True, slots=True)
class AttributeShares:
    attribute: str
    label: str
    shares: tuple[Share, ...]


@dataclass(frozen=True, slots=True)
class Representativeness:
    attributes: tuple[AttributeShares, ...]
    summary: tuple[str, ...]

    def attribute(self, name: str) -> AttributeShares:
        for found in self.attributes:
            if found.attribute == name:
                return found
        raise KeyError(name)


NOT_RECORDED = "not recorded"


def representativeness(
    cases: Sequence[CaseRecord], chosen: Sample | Iterable[str]
) -> Representativeness:
    """Each attribute's share in the whole list against its share in the chosen cases.

    Age band and primary support reason get one row per value (blank shows as "not
    recorded"), most common in the list first; each flag gets one row, the share of "yes".
    """
    _check_unique(cases)
    ids = set(chosen.case_ids if isinstance(chosen, Sample) else chosen)
    unknown = ids - {c.case_id for c in cases}
    if unknown:
        raise ValueError(f"chosen cases not in the list: {', '.join(sorted(unknown))}")
    picked = [c for c in cases if c.case_id in ids]
    n, k = len(cases), len(picked)
    attributes: list[AttributeShares] = []
    summary: list[str] = []
    for attribute in SPREAD_ATTRIBUTES:
        in_list = Counter(getattr(c, attribute) or NOT_RECORDED for c in cases)
        in_sample = Counter(getattr(c, attribute) or NOT_RECORDED for c in picked)
        shares = tuple(
            Share(value, in_list[value], n, in_sample[value], k)
            for value in sorted(in_list, key=lambda v: (-in_list[v], v))
        )
        attributes.append(AttributeShares(attribute, ATTRIBUTE_LABELS[attribute], shares))
        label = ATTRIBUTE_LABELS[attribute].capitalize()
        absent = [s for s in shares if s.in_sample == 0 and s.value != NOT_RECORDED]
        present = [s for s in shares if s.value != NOT_RECORDED]
        if not absent:
            summary.append(f"{label}: every value in the list is in the sample.")
        else:
            listed = ", ".join(f"{s.value!r} ({s.list_percent}% of the list)" for s in absent)
            summary.append(
                f"{label}: {len(absent)} of {len(present)} values in the list have no case "
                f"in the sample: {listed}."
            )
    for flag in FLAG_FIELDS:
        share = Share(
            "yes", sum(c.flag(flag) for c in cases), n, sum(c.flag(flag) for c in picked), k
        )
        attributes.append(AttributeShares(flag, ATTRIBUTE_LABELS[flag], (share,)))
        summary.append(_flag_sentence(ATTRIBUTE_LABELS[flag], share))
    return Representativeness(tuple(attributes), tuple(summary))


def _flag_sentence(label: str, share: Share) -> str:
    lp, sp = share.list_percent, share.sample_percent
    head = f"{label[0].upper()}{label[1:]}: {lp}% of the list"
    if lp is None or sp is None:
        return f"{label[0].upper()}{label[1:]}: no cases to compare."
    if abs(sp - lp) <= SIMILAR_WITHIN_POINTS:
        how = "similar"
    elif sp > lp:
        how = "more in the sample than in the list"
    else:
        how = "fewer in the sample than in the list"
    return f"{head}, {sp}% of the sample ({how})."
