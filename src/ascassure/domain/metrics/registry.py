"""What the platform knows about ASCOF measures beyond what a year's file says.

The list of measures is read from each file (:func:`ascassure.domain.metrics.parse_ascof`).
This module keeps the hand-maintained configuration, as CSV files in ``data/`` (see its
README): the old→new code crosswalk, each measure's direction (higher or lower is better) and
the mapping of indicators to CQC quality statements and evidence categories. Each loader checks
its file and raises :class:`RegistryDataError` naming the file, line and column of any problem;
:func:`check_registry` checks the files against each other.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

__all__ = [
    "DISAGGREGATION_SUFFIXES",
    "EVIDENCE_CATEGORIES",
    "CrosswalkEntry",
    "Direction",
    "Framework",
    "MeasureDirection",
    "QsMappingEntry",
    "RegistryDataError",
    "check_registry",
    "direction_for",
    "is_measure_code",
    "load_crosswalk",
    "load_directions",
    "load_qs_mapping",
    "new_code_for",
    "qs_for_measure",
    "split_measure_code",
]

Framework = Literal["old", "new"]
"""``old``: codes of 2014-15 to 2022-23; ``new``: the refreshed framework from 2023-24."""

_FRAMEWORKS: tuple[Framework, ...] = ("old", "new")
_STATUSES = ("VERIFIED", "UNVERIFIED")
_CODE = re.compile(r"[1-6][A-J](?:[12][AB]?)?")
_PART = re.compile(r"[12][ab]?")
_YEAR = re.compile(r"20\d\d-\d\d")
_QS = re.compile(r"QS[1-9]")

EVIDENCE_CATEGORIES: tuple[str, ...] = (
    "people",
    "staff_leaders",
    "partners",
    "processes",
    "outcomes",
    "observation",
)
"""The six evidence categories of CQC's single assessment framework (four used for councils),
by the codes the framework files use (``framework/data/*.toml``, ``[[categories]] code``)."""

DISAGGREGATION_SUFFIXES: dict[str, str] = {
    "1864": "18-64",
    "65OV": "65 and over",
    "64U": "64 and under",
    "6584": "65-84",
    "85OV": "85 and over",
    "6574": "65-74",
    "7584": "75-84",
    "M": "Male",
    "F": "Female",
}
"""Suffixes NHS Digital appends to a measure group code (``1A1864``), and the breakdown each
means. No suffix means ``Total``."""


class Direction(StrEnum):
    """Which way is better for a measure."""

    HIGHER = "higher"
    LOWER = "lower"

    @property
    def higher_is_better(self) -> bool:
        return self is Direction.HIGHER


class RegistryDataError(ValueError):
    """A registry data file is malformed; the message names the file, line and column."""


@dataclass(frozen=True, slots=True)
class CrosswalkEntry:
    old_code: str
    new_code: str | None
    new_part: str | None
    series_break_from: str | None
    status: str
    note: str


@dataclass(frozen=True, slots=True)
class MeasureDirection:
    framework: Framework
    code: str
    direction: Direction
    name: str
    status: str


@dataclass(frozen=True, slots=True)
class QsMappingEntry:
    qs: str
    evidence_category: str | None
    indicator: str
    source: str
    framework: Framework | None
    ascof_code: str | None
    status: str


def is_measure_code(code: str) -> bool:
    """Whether ``code`` is a well-formed ASCOF measure group code (``1A``, ``2A2``, ``1C1A``)."""
    return _CODE.fullmatch(code) is not None


def split_measure_code(code: str) -> tuple[str, str]:
    """A measure code's group and disaggregation: ``"2B185OV"`` → ``("2B1", "85 and over")``.

    The longest known suffix whose removal leaves a well-formed group code is taken; a code
    with no such suffix is its own group (``Total``). Raises ``ValueError`` for a code that is
    not a group code with or without a suffix.
    """
    for suffix in sorted(DISAGGREGATION_SUFFIXES, key=len, reverse=True):
        if code.endswith(suffix) and is_measure_code(code[: -len(suffix)]):
            return code[: -len(suffix)], DISAGGREGATION_SUFFIXES[suffix]
    if is_measure_code(code):
        return code, "Total"
    raise ValueError(f"{code!r} is not an ASCOF measure code")


# --- reading the files -------------------------------------------------------------------------


class _Rows:
    """The rows of one data file with helpers that fail naming the file, line and column."""

    def __init__(self, name: str, text: str, columns: Sequence[str]) -> None:
        self.name = name
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, None)
        if header is None or tuple(header) != tuple(columns):
            raise RegistryDataError(
                f"{name}: the header must be {','.join(columns)} (found {header!r})"
            )
        self.columns = tuple(columns)
        self.reader = reader

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        for row in self.reader:
            line = self.reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(self.columns):
                self.fail(line, None, f"expected {len(self.columns)} fields, found {len(row)}")
            yield line, {c: cell.strip() for c, cell in zip(self.columns, row, strict=True)}

    def fail(self, line: int, column: str | None, message: str) -> None:
        where = f"line {line}" + (f", column {column!r}" if column else "")
        raise RegistryDataError(f"{self.name}: {where}: {message}")

    def code(self, line: int, row: dict[str, str], column: str, *, optional: bool = False) -> str:
        value = row[column]
        if not value and optional:
            return ""
        if not _CODE.fullmatch(value):
            self.fail(line, column, f"{value!r} is not a well-formed measure code")
        return value

    def choice(self, line: int, row: dict[str, str], column: str, allowed: Sequence[str]) -> str:
        value = row[column]
        if value not in allowed:
            self.fail(line, column, f"{value!r} is not one of {', '.join(allowed)}")
        return value

    def text(self, line: int, row: dict[str, str], column: str) -> str:
        if not row[column]:
            self.fail(line, column, "is empty")
        return row[column]

    def once(self, seen: dict[object, int], key: object, line: int, what: str) -> None:
        if key in seen:
            self.fail(line, None, f"{what} already given on line {seen[key]}")
        seen[key] = line


def _read(path: Path | None, default: str) -> tuple[str, str]:
    if path is not None:
        return str(path), Path(path).read_text(encoding="utf-8")
    resource = resources.files("ascassure.domain.metrics").joinpath("data", default)
    return f"metrics/data/{default}", resource.read_text(encoding="utf-8")


def _framework(value: str) -> Framework:
    return "old" if value == "old" else "new"


def load_crosswalk(path: Path | None = None) -> tuple[CrosswalkEntry, ...]:
    """The old→new code crosswalk (``data/crosswalk.csv`` unless ``path`` is given)."""
    if path is None:
        return _shipped_crosswalk()
    return _load_crosswalk(*_read(path, "crosswalk.csv"))


def load_directions(path: Path | None = None) -> tuple[MeasureDirection, ...]:
    """Each measure's direction, old and new codes (``data/directions.csv`` by default)."""
    if path is None:
        return _shipped_directions()
    return _load_directions(*_read(path, "directions.csv"))


def load_qs_mapping(path: Path | None = None) -> tuple[QsMappingEntry, ...]:
    """Indicators → quality statements → evidence categories (``data/qs_mapping.csv``)."""
    if path is None:
        return _shipped_qs_mapping()
    return _load_qs_mapping(*_read(path, "qs_mapping.csv"))


@cache
def _shipped_crosswalk() -> tuple[CrosswalkEntry, ...]:
    return _load_crosswalk(*_read(None, "crosswalk.csv"))


@cache
def _shipped_directions() -> tuple[MeasureDirection, ...]:
    return _load_directions(*_read(None, "directions.csv"))


@cache
def _shipped_qs_mapping() -> tuple[QsMappingEntry, ...]:
    return _load_qs_mapping(*_read(None, "qs_mapping.csv"))


def _load_crosswalk(name: str, text: str) -> tuple[CrosswalkEntry, ...]:
    rows = _Rows(
        name, text, ("old_code", "new_code", "new_part", "series_break_from", "status", "note")
    )
    seen: dict[object, int] = {}
    out: list[CrosswalkEntry] = []
    for line, row in rows:
        old = rows.code(line, row, "old_code")
        rows.once(seen, old, line, f"old code {old!r}")
        new = rows.code(line, row, "new_code", optional=True)
        part = row["new_part"]
        if part and not _PART.fullmatch(part):
            rows.fail(line, "new_part", f"{part!r} is not a part such as 1, 2, 1a or 2b")
        if part and not new:
            rows.fail(line, "new_part", "a part needs a new code")
        since = row["series_break_from"]
        if since and not _YEAR.fullmatch(since):
            rows.fail(line, "series_break_from", f"{since!r} is not a year such as 2024-25")
        status = rows.choice(line, row, "status", _STATUSES)
        out.append(
            CrosswalkEntry(old, new or None, part or None, since or None, status, row["note"])
        )
    return tuple(out)


def _load_directions(name: str, text: str) -> tuple[MeasureDirection, ...]:
    rows = _Rows(name, text, ("framework", "code", "direction", "name", "status"))
    seen: dict[object, int] = {}
    out: list[MeasureDirection] = []
    for line, row in rows:
        framework = _framework(rows.choice(line, row, "framework", _FRAMEWORKS))
        code = rows.code(line, row, "code")
        rows.once(seen, (framework, code), line, f"{framework} code {code!r}")
        direction = Direction(rows.choice(line, row, "direction", tuple(Direction)))
        out.append(
            MeasureDirection(
                framework,
                code,
                direction,
                rows.text(line, row, "name"),
                rows.choice(line, row, "status", _STATUSES),
            )
        )
    return tuple(out)


def _load_qs_mapping(name: str, text: str) -> tuple[QsMappingEntry, ...]:
    columns = ("qs", "evidence_category", "indicator", "source", "framework", "ascof_code")
    rows = _Rows(name, text, (*columns, "status"))
    seen: dict[object, int] = {}
    out: list[QsMappingEntry] = []
    for line, row in rows:
        qs = row["qs"]
        if not _QS.fullmatch(qs):
            rows.fail(line, "qs", f"{qs!r} is not a quality statement code QS1 to QS9")
        category = row["evidence_category"]
        if category:
            rows.choice(line, row, "evidence_category", EVIDENCE_CATEGORIES)
        indicator = rows.text(line, row, "indicator")
        rows.once(seen, (qs, indicator), line, f"indicator {indicator!r} for {qs}")
        code = rows.code(line, row, "ascof_code", optional=True)
        framework_text = row["framework"]
        if code and not framework_text:
            rows.fail(line, "framework", "an ASCOF code needs its framework (old or new)")
        if framework_text and not code:
            rows.fail(line, "ascof_code", "a framework is given without an ASCOF code")
        framework = (
            _framework(rows.choice(line, row, "framework", _FRAMEWORKS)) if framework_text else None
        )
        out.append(
            QsMappingEntry(
                qs,
                category or None,
                indicator,
                rows.text(line, row, "source"),
                framework,
                code or None,
                rows.choice(line, row, "status", _STATUSES),
            )
        )
    return tuple(out)


# --- using them ----------------------------------------------------------------------------------


def check_registry(
    crosswalk: Sequence[CrosswalkEntry],
    directions: Sequence[MeasureDirection],
    qs_mapping: Sequence[QsMappingEntry],
) -> list[str]:
    """Problems between the files: codes without a direction, old→new pairs whose direction
    differs, quality-statement rows naming a code that has no direction. Empty when consistent.
    """
    known = {(d.framework, d.code): d.direction for d in directions}
    problems: list[str] = []
    for entry in crosswalk:
        old = known.get(("old", entry.old_code))
        if old is None:
            problems.append(f"crosswalk: old code {entry.old_code!r} has no direction")
        if entry.new_code is None:
            continue
        new = known.get(("new", entry.new_code))
        if new is None:
            problems.append(f"crosswalk: new code {entry.new_code!r} has no direction")
        elif old is not None and old is not new:
            problems.append(
                f"crosswalk: {entry.old_code} ({old}) → {entry.new_code} ({new}) changes direction"
            )
    for mapping in qs_mapping:
        code, framework = mapping.ascof_code, mapping.framework
        if code is not None and framework is not None and (framework, code) not in known:
            problems.append(
                f"qs mapping: {framework} code {code!r} "
                f"({mapping.qs}, {mapping.indicator!r}) has no direction"
            )
    return problems


def direction_for(code: str, framework: Framework = "new") -> Direction:
    """The direction of a measure group code, or of a code with a disaggregation suffix."""
    table = {(d.framework, d.code): d.direction for d in load_directions()}
    found = table.get((framework, code))
    if found is None:
        group, _ = split_measure_code(code)
        found = table.get((framework, group))
    if found is None:
        raise KeyError(f"no direction recorded for {framework} ASCOF code {code!r}")
    return found


def new_code_for(old_code: str) -> CrosswalkEntry | None:
    """The crosswalk entry for an old group code (``None`` if the code is not in it)."""
    return next((e for e in load_crosswalk() if e.old_code == old_code), None)


def qs_for_measure(code: str, framework: Framework = "new") -> tuple[QsMappingEntry, ...]:
    """The quality-statement rows that name an ASCOF code."""
    return tuple(m for m in load_qs_mapping() if m.ascof_code == code and m.framework == framework)
