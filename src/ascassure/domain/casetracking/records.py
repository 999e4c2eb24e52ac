"""The case record, reading single values (yes/no, dates, text) and the column headings."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

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
