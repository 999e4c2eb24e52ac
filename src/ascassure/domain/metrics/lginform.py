"""Parsing an LG Inform API extract and the generic long measure file."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ascassure.domain.metrics._common import (
    SUPPRESSION_MARKERS,
    LgInformFormatError,
    LongCsvFormatError,
    _finish,
    _Values,
    financial_year,
)
from ascassure.domain.metrics._source import (
    Column,
    ParseProblem,
    Problems,
    Source,
    match_columns,
    open_table,
    with_progress,
)

# --- LG Inform -------------------------------------------------------------------------------

_LGINFORM_COLUMNS = (
    Column("area_code", "area_code", ()),
    Column("area_name", "area_name", ()),
    Column("period", "period", ()),
    Column("indicator", "indicator", ()),
    Column("measure", "measure", ()),
    Column("unit", "unit", ()),
    Column("value", "value", ()),
)
_LGINFORM_MISSING = frozenset({"NA", ""})
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_PERIOD = re.compile(r"([a-z]+) (\d{4})")


def month_of(period: str) -> str | None:
    """``"2023-11"`` for a monthly period written ``Nov 2023`` or ``November 2023``."""
    match = _MONTH_PERIOD.fullmatch(" ".join(period.split()).casefold())
    if match is None or match[1] not in _MONTHS:
        return None
    return f"{match[2]}-{_MONTHS[match[1]]:02d}"


@dataclass(frozen=True, slots=True)
class LgInformRow:
    """One value of an LG Inform extract.

    ``period`` is as written; ``financial_year`` (``"2020-21"``) or ``month`` (``"2023-11"``)
    is filled when the period is one. ``value`` is ``None`` exactly when the file says ``NA``
    (or leaves it blank); the marker is kept in ``missing``.
    """

    area_code: str
    area_name: str
    period: str
    financial_year: str | None
    month: str | None
    indicator: str
    measure: str
    unit: str
    value: float | None
    missing: str | None
    line: int


@dataclass(frozen=True, slots=True)
class LgInformParseResult:
    source: str
    format: Literal["csv", "xlsx"]
    encoding: str | None
    rows: tuple[LgInformRow, ...]
    errors: tuple[ParseProblem, ...]
    error_count: int
    ignored_columns: tuple[str, ...]

    def find(self, area_code: str, period: str) -> tuple[LgInformRow, ...]:
        """The rows of one area for one period (given as written or as ``2020-21``)."""
        wanted = financial_year(period) or period
        return tuple(
            row
            for row in self.rows
            if row.area_code == area_code and wanted in (row.period, row.financial_year)
        )


def parse_lginform(
    source: Source,
    *,
    collect_errors: bool = False,
    max_errors: int = 100,
    progress: Callable[[int], None] | None = None,
) -> LgInformParseResult:
    """Read an LG Inform extract (``area_code,area_name,period,indicator,measure,unit,value``).

    Checks: codes, names, periods, indicators and measures are not empty; a value is a number
    or ``NA``/blank; an area, period, indicator, measure and unit appear together once.
    ``progress`` as for :func:`parse_ascof`.
    """
    problems = Problems(max_errors)
    table = open_table(source, LgInformFormatError, problems)
    index, header_problems, ignored = match_columns(
        table.header, _LGINFORM_COLUMNS, table.header_line
    )
    if header_problems:
        raise LgInformFormatError(table.name, header_problems)
    header = table.header
    values = _Values(_LGINFORM_MISSING)
    seen: dict[tuple[str, str, str, str, str], int] = {}
    rows: list[LgInformRow] = []
    fields = ("area_code", "area_name", "period", "indicator", "measure", "unit")
    for line, raw_cells in with_progress(table.rows, progress):
        cells = [cell.strip() for cell in raw_cells]
        if not any(cells):
            continue
        before = problems.total
        code, name, period, indicator, measure, unit = (cells[index[f]] for f in fields)
        for field, text in zip(fields[:5], (code, name, period, indicator, measure), strict=True):
            if not text:
                problems.add(line, header[index[field]], "is empty")
        raw = cells[index["value"]]
        read = values.read(raw)
        if read is None:
            problems.add(line, header[index["value"]], f"{raw!r} is not a number, 'NA' or blank")
        if problems.total != before:
            continue
        assert read is not None
        key = (code, period, indicator, measure, unit)
        first = seen.get(key)
        if first is not None:
            problems.add(line, None, f"repeats line {first} (area {code!r}, period {period!r})")
            continue
        seen[key] = line
        rows.append(
            LgInformRow(
                code,
                name,
                period,
                financial_year(period),
                month_of(period),
                indicator,
                measure,
                unit,
                read[0],
                read[1],
                line,
            )
        )
    _finish(problems, LgInformFormatError, table.name, collect_errors)
    return LgInformParseResult(
        source=table.name,
        format=table.kind,
        encoding=table.encoding,
        rows=tuple(rows),
        errors=tuple(problems.kept),
        error_count=problems.total,
        ignored_columns=ignored,
    )


# --- Generic long file -----------------------------------------------------------------------

_LONG_COLUMNS = (
    Column("council", "council", ()),
    Column("period", "period", ()),
    Column("measure", "measure", ()),
    Column("value", "value", ()),
    Column("numerator", "numerator", (), required=False),
    Column("denominator", "denominator", (), required=False),
)
_LONG_MARKERS = SUPPRESSION_MARKERS | {"NA"}


@dataclass(frozen=True, slots=True)
class LongRow:
    """One value of a generic long file; ``value`` is ``None`` exactly when suppressed."""

    council: str
    period: str
    financial_year: str | None
    measure: str
    value: float | None
    suppression: str | None
    numerator: float | None
    denominator: float | None
    line: int


@dataclass(frozen=True, slots=True)
class LongParseResult:
    source: str
    format: Literal["csv", "xlsx"]
    encoding: str | None
    rows: tuple[LongRow, ...]
    errors: tuple[ParseProblem, ...]
    error_count: int
    ignored_columns: tuple[str, ...]


def parse_long_csv(
    source: Source,
    *,
    collect_errors: bool = False,
    max_errors: int = 100,
    progress: Callable[[int], None] | None = None,
) -> LongParseResult:
    """Read a generic long file: ``council, period, measure, value[, numerator, denominator]``.

    ``value`` is a number or a suppression marker (:data:`SUPPRESSION_MARKERS` or ``NA``);
    ``numerator`` and ``denominator``, when present, are numbers or blank/marker (``None``).
    A denominator must not be negative, and a council, period and measure appear together once.
    XLSX is read too. ``progress`` as for :func:`parse_ascof`.
    """
    problems = Problems(max_errors)
    table = open_table(source, LongCsvFormatError, problems)
    index, header_problems, ignored = match_columns(table.header, _LONG_COLUMNS, table.header_line)
    if header_problems:
        raise LongCsvFormatError(table.name, header_problems)
    header = table.header
    values = _Values(_LONG_MARKERS)
    seen: dict[tuple[str, str, str], int] = {}
    rows: list[LongRow] = []
    i_num, i_den = index.get("numerator"), index.get("denominator")
    for line, raw_cells in with_progress(table.rows, progress):
        cells = [cell.strip() for cell in raw_cells]
        if not any(cells):
            continue
        before = problems.total
        council, period, measure = (cells[index[f]] for f in ("council", "period", "measure"))
        for field, text in (("council", council), ("period", period), ("measure", measure)):
            if not text:
                problems.add(line, header[index[field]], "is empty")
        raw = cells[index["value"]]
        read = values.read(raw)
        if read is None:
            problems.add(
                line,
                header[index["value"]],
                f"{raw!r} is not a number or a known suppression marker",
            )
        parts: list[float | None] = []
        for column in (i_num, i_den):
            if column is None:
                parts.append(None)
                continue
            part = values.read(cells[column])
            if part is None:
                problems.add(line, header[column], f"{cells[column]!r} is not a number")
                parts.append(None)
            else:
                parts.append(part[0])
        numerator, denominator = parts
        if denominator is not None and denominator < 0 and i_den is not None:
            problems.add(line, header[i_den], f"{cells[i_den]!r} is negative")
        if problems.total != before:
            continue
        assert read is not None
        key = (council, period, measure)
        first = seen.get(key)
        if first is not None:
            problems.add(
                line,
                None,
                f"repeats line {first} (council {council!r}, period {period!r}, "
                f"measure {measure!r})",
            )
            continue
        seen[key] = line
        rows.append(
            LongRow(
                council,
                period,
                financial_year(period),
                measure,
                read[0],
                read[1],
                numerator,
                denominator,
                line,
            )
        )
    _finish(problems, LongCsvFormatError, table.name, collect_errors)
    return LongParseResult(
        source=table.name,
        format=table.kind,
        encoding=table.encoding,
        rows=tuple(rows),
        errors=tuple(problems.kept),
        error_count=problems.total,
        ignored_columns=ignored,
    )
