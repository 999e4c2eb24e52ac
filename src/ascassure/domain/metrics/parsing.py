"""Parsers for the measure files councils are benchmarked on.

Three layouts, one style: each parser returns frozen dataclasses, converts nothing silently and
reports every problem with its line and column. By default a parser is atomic: one bad row and
the whole file is refused with a :class:`MetricsFormatError` listing the problems (up to
``max_errors``). With ``collect_errors=True`` it returns the good rows and the problems instead.
Problems with the file as a whole (encoding, missing columns, no year) always raise.

* :func:`parse_ascof` — the ASCOF open-data file (NHS Digital, DHSC), CSV or XLSX, any year.
  The measure list is read from the file, never assumed.
* :func:`parse_lginform` — an LG Inform API extract in the long layout
  ``area_code, area_name, period, indicator, measure, unit, value`` (``NA`` = missing).
* :func:`parse_long_csv` — a generic long file ``council, period, measure, value`` with optional
  ``numerator`` and ``denominator``, for data the platform receives in no standard layout.

Normalisation (documented so that it is never a surprise):

* Headers: case, spaces and punctuation are ignored (``GeographicalCode`` = ``Geographical
  Code``); ``ONS Area Code`` and ``ONSAreaCode`` mean ``ONS Code``.
* Geographical level: ``Council`` (also ``Local authority``, ``LA``, ``CASSR``), ``Region``
  (also ``Regional``), ``England`` (also ``National``), ``Council type``.
* Measure type: ``Numerator``, ``Denominator``, ``Outcome``, ``Base``, ``Margin of error``
  (any case; ``MoE``).
* Disaggregation: age bands written ``18-64`` (``18 to 64``, an en dash, ``aged 18-64`` too),
  open bands ``65 and over`` (``65+``, ``65 or over``) and ``64 and under`` (``under 65``),
  ``Total``/``Male``/``Female`` capitalised. Any other label is kept as written, with runs of
  spaces collapsed, so new breakdowns (ethnicity, support reason) pass through.
* Values: a plain decimal number (sign and exponent allowed) or a suppression marker
  (:data:`SUPPRESSION_MARKERS`, any case), which gives ``value=None`` and keeps the marker in
  ``suppression``. ``1,234``, ``45%``, ``n/a`` or ``-`` are errors, not guesses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePath
from types import MappingProxyType
from typing import Literal

from ascassure.domain.metrics._source import (
    Column,
    MetricsFormatError,
    ParseProblem,
    Problems,
    Source,
    describe,
    match_columns,
    open_table,
    with_progress,
)

__all__ = [
    "SUPPRESSION_MARKERS",
    "AscofFormatError",
    "AscofMeasure",
    "AscofParseResult",
    "AscofRow",
    "GeoLevel",
    "LgInformFormatError",
    "LgInformParseResult",
    "LgInformRow",
    "LongCsvFormatError",
    "LongParseResult",
    "LongRow",
    "MeasureType",
    "MetricsFormatError",
    "ParseProblem",
    "financial_year",
    "financial_year_from_name",
    "month_of",
    "normalise_disaggregation",
    "parse_ascof",
    "parse_lginform",
    "parse_long_csv",
]

SUPPRESSION_MARKERS: frozenset[str] = frozenset({"[c]", "[x]", "[z]", "[w]", "c", ":", ""})
"""Values that mean "no figure": ``[c]`` confidential/suppressed, ``[x]`` not available,
``[z]`` not applicable, ``[w]`` margin of error withheld (0 or 1 respondents), and the older
``c``, ``:`` and blank. Compared ignoring case."""

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_GSS_CODE = re.compile(r"[EWSNK]\d{8}")


class AscofFormatError(MetricsFormatError):
    """An ASCOF file cannot be read."""


class LgInformFormatError(MetricsFormatError):
    """An LG Inform extract cannot be read."""


class LongCsvFormatError(MetricsFormatError):
    """A generic long measure file cannot be read."""


class GeoLevel(StrEnum):
    COUNCIL = "Council"
    REGION = "Region"
    ENGLAND = "England"
    COUNCIL_TYPE = "Council type"


class MeasureType(StrEnum):
    NUMERATOR = "Numerator"
    DENOMINATOR = "Denominator"
    OUTCOME = "Outcome"
    BASE = "Base"
    MARGIN_OF_ERROR = "Margin of error"


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


_GEO_LEVELS: Mapping[str, GeoLevel] = {
    "council": GeoLevel.COUNCIL,
    "localauthority": GeoLevel.COUNCIL,
    "la": GeoLevel.COUNCIL,
    "cassr": GeoLevel.COUNCIL,
    "region": GeoLevel.REGION,
    "regional": GeoLevel.REGION,
    "england": GeoLevel.ENGLAND,
    "national": GeoLevel.ENGLAND,
    "counciltype": GeoLevel.COUNCIL_TYPE,
}

_MEASURE_TYPES: Mapping[str, MeasureType] = {
    "numerator": MeasureType.NUMERATOR,
    "denominator": MeasureType.DENOMINATOR,
    "outcome": MeasureType.OUTCOME,
    "base": MeasureType.BASE,
    "marginoferror": MeasureType.MARGIN_OF_ERROR,
    "moe": MeasureType.MARGIN_OF_ERROR,
}

_DISAGGREGATION_WORDS = {"total": "Total", "male": "Male", "female": "Female"}
_BAND = re.compile(r"(?:aged )?(\d{1,3}) ?(?:-|to) ?(\d{1,3})(?: years)?")
_AND_OVER = re.compile(r"(?:aged )?(\d{1,3}) ?(?:\+|and over|or over|and older|or older|plus)")
_AND_UNDER = re.compile(r"(?:aged )?(\d{1,3}) (?:and under|or under|and younger|or younger)")
_UNDER = re.compile(r"(?:aged )?under (\d{1,3})")


def normalise_disaggregation(label: str) -> str:
    """The canonical spelling of a disaggregation label (see the module notes).

    >>> normalise_disaggregation("18 to 64"), normalise_disaggregation("65+")
    ('18-64', '65 and over')
    """
    text = " ".join(label.replace("\u2013", "-").replace("\u2014", "-").split())
    key = text.casefold()
    if key in _DISAGGREGATION_WORDS:
        return _DISAGGREGATION_WORDS[key]
    if match := _BAND.fullmatch(key):
        return f"{int(match[1])}-{int(match[2])}"
    if match := _AND_OVER.fullmatch(key):
        return f"{int(match[1])} and over"
    if match := _AND_UNDER.fullmatch(key):
        return f"{int(match[1])} and under"
    if match := _UNDER.fullmatch(key):
        return f"{int(match[1]) - 1} and under"
    return text


_FY = re.compile(r"(\d{4}) ?(?:-|/|to|_) ?(\d{2}|\d{4})")


def financial_year(text: str) -> str | None:
    """``"2020-21"`` for a financial year written ``2020-21``, ``2020/21``, ``2020 to 2021``...

    ``None`` when the text is not a financial year (two consecutive years).
    """
    match = _FY.fullmatch(" ".join(text.replace("\u2013", "-").split()).casefold())
    if match is None:
        return None
    start = int(match[1])
    end = match[2]
    if (len(end) == 4 and int(end) != start + 1) or int(end[-2:]) != (start + 1) % 100:
        return None
    return f"{start}-{(start + 1) % 100:02d}"


_NAME_FY = re.compile(r"(?<!\d)(20\d{2})-(?:to-)?(\d{4}|\d{2})(?!\d)")
_NAME_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def financial_year_from_name(name: str) -> str | None:
    """The financial year a file name stands for, or ``None`` if it has none or several.

    Rules, on the file name without folder and extension: an explicit year (``2020-21``,
    ``2020_21``, ``2020-2021``, ``2024-to-2025``) wins; otherwise a four-digit group that is two
    consecutive two-digit years (``1920`` = 2019-20, NHS Digital's naming) or a calendar year,
    read as the financial year ending in it (NHS Digital's ``eng-2021`` file is 2020-21).
    """
    stem = re.sub(r"[_\s.]+", "-", PurePath(name).stem.casefold())
    found = {
        fy
        for match in _NAME_FY.finditer(stem)
        if (fy := financial_year(f"{match[1]}-{match[2]}")) is not None
    }
    if not found:
        for match in _NAME_YEAR.finditer(stem):
            token = match[1]
            first, second = int(token[:2]), int(token[2:])
            if second == (first + 1) % 100:
                found.add(f"20{first:02d}-{second:02d}")
            elif 2000 < int(token) < 2100:
                year = int(token)
                found.add(f"{year - 1}-{year % 100:02d}")
    return found.pop() if len(found) == 1 else None


class _Values:
    """Turns value cells into ``(number, marker)``, remembering what it has already seen."""

    def __init__(self, markers: frozenset[str]) -> None:
        self.markers = frozenset(m.casefold() for m in markers)
        self.seen: dict[str, tuple[float | None, str | None]] = {}

    def read(self, text: str) -> tuple[float | None, str | None] | None:
        known = self.seen.get(text)
        if known is not None:
            return known
        stripped = text.strip()
        if stripped.casefold() in self.markers:
            result: tuple[float | None, str | None] = (None, stripped)
        elif _NUMBER.fullmatch(stripped):
            result = (float(stripped), None)
        else:
            return None
        self.seen[text] = result
        return result


def _finish(
    problems: Problems,
    error: type[MetricsFormatError],
    name: str,
    collect_errors: bool,
) -> None:
    if problems.total and not collect_errors:
        raise error(name, problems.kept, problems.total)


# --- ASCOF -----------------------------------------------------------------------------------

_ASCOF_COLUMNS = (
    Column("geo_code", "Geographical Code", ("Geography Code",)),
    Column("geo_name", "Geographical Description", ("Geography Description", "Geographical Name")),
    Column("geo_level", "Geographical Level", ("Geography Level",)),
    Column("ons_code", "ONS Code", ("ONS Area Code",)),
    Column("measure_code", "ASCOF Measure Code", ("Measure Code",)),
    Column("disaggregation", "Disaggregation Level", ("Disaggregation",)),
    Column("measure_type", "Measure Type", ()),
    Column("value", "Measure Value", ("Value",)),
    Column("measure_group", "Measure Group", (), required=False),
    Column("measure_group_description", "Measure Group Description", (), required=False),
)


@dataclass(frozen=True, slots=True)
class AscofRow:
    """One row of an ASCOF file: one geography, measure code and measure type.

    ``value`` is ``None`` exactly when the file holds a suppression marker, kept in
    ``suppression``; a suppressed figure is never 0. ``line`` is where the row is in the file.
    """

    geo_code: str
    geo_name: str
    geo_level: GeoLevel
    ons_code: str | None
    measure_code: str
    disaggregation: str
    measure_type: MeasureType
    value: float | None
    suppression: str | None
    measure_group: str | None
    measure_group_description: str | None
    line: int


@dataclass(frozen=True, slots=True)
class AscofMeasure:
    """A measure code as the file describes it (the registry is read from each file)."""

    code: str
    group: str | None
    description: str | None
    disaggregations: tuple[str, ...]
    measure_types: tuple[MeasureType, ...]


@dataclass(frozen=True, slots=True)
class AscofParseResult:
    source: str
    year: str
    format: Literal["csv", "xlsx"]
    encoding: str | None
    rows: tuple[AscofRow, ...]
    measures: Mapping[str, AscofMeasure]
    errors: tuple[ParseProblem, ...]
    error_count: int
    ignored_columns: tuple[str, ...]

    def find(
        self,
        measure_code: str,
        *,
        geo_code: str | None = None,
        ons_code: str | None = None,
        measure_type: MeasureType = MeasureType.OUTCOME,
    ) -> AscofRow | None:
        """The row for one measure code and type at one geography (by either code)."""
        if (geo_code is None) == (ons_code is None):
            raise ValueError("give exactly one of geo_code and ons_code")
        for row in self.rows:
            if (
                row.measure_code == measure_code
                and row.measure_type is measure_type
                and (row.geo_code == geo_code if geo_code is not None else row.ons_code == ons_code)
            ):
                return row
        return None


def parse_ascof(
    source: Source,
    *,
    year: str | None = None,
    collect_errors: bool = False,
    max_errors: int = 100,
    sheet: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> AscofParseResult:
    """Read an ASCOF open-data file (CSV in UTF-8, UTF-8 with BOM or cp1252; or XLSX).

    ``year`` is the financial year (``"2020-21"``, ``"2020/21"``...); if omitted it is read from
    the file name (:func:`financial_year_from_name`) and its absence is an error. For XLSX the
    sheet is ``sheet``, else the one named ``in``, else the first.

    Checks beyond each cell: every (geography, measure code, disaggregation, measure type)
    appears once; a geographical code has one name, level and ONS code throughout; a measure
    code has one group and description throughout.

    ``progress``, if given, is called with the number of data rows read so far, every 1,000
    rows and once at the end (for a progress bar on long files).
    """
    name = describe(source)
    if year is not None:
        fy = financial_year(year)
        if fy is None:
            raise ValueError(f"year {year!r} is not a financial year such as '2020-21'")
    else:
        fy = financial_year_from_name(name)
        if fy is None:
            message = f"cannot tell the year from the file name {name!r}: pass year='2020-21'"
            raise AscofFormatError(name, [ParseProblem(None, None, message)])
    problems = Problems(max_errors)
    table = open_table(source, AscofFormatError, problems, sheet)
    index, header_problems, ignored = match_columns(table.header, _ASCOF_COLUMNS, table.header_line)
    if header_problems:
        raise AscofFormatError(table.name, header_problems)
    rows, measures = _ascof_rows(with_progress(table.rows, progress), table.header, index, problems)
    _finish(problems, AscofFormatError, table.name, collect_errors)
    return AscofParseResult(
        source=table.name,
        year=fy,
        format=table.kind,
        encoding=table.encoding,
        rows=rows,
        measures=measures,
        errors=tuple(problems.kept),
        error_count=problems.total,
        ignored_columns=ignored,
    )


def _ascof_rows(
    lines: Iterator[tuple[int, list[str]]],
    header: tuple[str, ...],
    index: Mapping[str, int],
    problems: Problems,
) -> tuple[tuple[AscofRow, ...], Mapping[str, AscofMeasure]]:
    i_code, i_name, i_level = index["geo_code"], index["geo_name"], index["geo_level"]
    i_ons, i_measure = index["ons_code"], index["measure_code"]
    i_disagg, i_type, i_value = index["disaggregation"], index["measure_type"], index["value"]
    i_group = index.get("measure_group")
    i_desc = index.get("measure_group_description")
    values = _Values(SUPPRESSION_MARKERS)
    levels: dict[str, GeoLevel] = {}
    types: dict[str, MeasureType] = {}
    disaggs: dict[str, str] = {}
    ons_ok: set[str] = {""}
    seen: dict[tuple[str, str, str, MeasureType], int] = {}
    geos: dict[str, tuple[str, GeoLevel, str | None, int]] = {}
    codes: dict[str, tuple[str | None, str | None, int]] = {}
    combos: dict[tuple[str, str, MeasureType], None] = {}
    rows: list[AscofRow] = []
    add = problems.add

    for line, cells in lines:
        before = problems.total
        geo_code = cells[i_code].strip()
        geo_name = cells[i_name].strip()
        measure_code = cells[i_measure].strip()
        if not (geo_code and geo_name and measure_code):
            if not "".join(cells).strip():
                continue  # a row of spaces is a blank row
            for column, text in ((i_code, geo_code), (i_name, geo_name), (i_measure, measure_code)):
                if not text:
                    add(line, header[column], "is empty")

        raw = cells[i_level]
        level = levels.get(raw)
        if level is None:
            level = _GEO_LEVELS.get(_key(raw))
            if level is None:
                add(line, header[i_level], f"{raw.strip()!r} is not a known geographical level")
            else:
                levels[raw] = level

        raw = cells[i_type]
        mtype = types.get(raw)
        if mtype is None:
            mtype = _MEASURE_TYPES.get(_key(raw))
            if mtype is None:
                add(line, header[i_type], f"{raw.strip()!r} is not a known measure type")
            else:
                types[raw] = mtype

        raw = cells[i_disagg]
        disagg = disaggs.get(raw)
        if disagg is None:
            if raw.strip():
                disagg = disaggs[raw] = normalise_disaggregation(raw)
            else:
                add(line, header[i_disagg], "is empty")

        ons = cells[i_ons]
        if ons not in ons_ok:
            ons = ons.strip()
            if ons and not _GSS_CODE.fullmatch(ons):
                add(line, header[i_ons], f"{ons!r} is not an ONS (GSS) code")
            elif ons == cells[i_ons]:
                ons_ok.add(ons)

        raw = cells[i_value]
        read = values.read(raw)
        if read is None:
            add(
                line,
                header[i_value],
                f"{raw.strip()!r} is not a number or a known suppression marker",
            )

        group = (cells[i_group].strip() or None) if i_group is not None else None
        description = (cells[i_desc].strip() or None) if i_desc is not None else None

        if problems.total != before:
            continue
        assert level is not None and mtype is not None and disagg is not None
        assert read is not None

        key = (geo_code, measure_code, disagg, mtype)
        first = seen.get(key)
        if first is not None:
            add(
                line,
                None,
                f"repeats line {first} (geography {geo_code!r}, measure {measure_code!r}, "
                f"{disagg!r}, {mtype.value!r})",
            )
            continue
        seen[key] = line

        ons_code = ons or None
        geo = geos.get(geo_code)
        if geo is None:
            geos[geo_code] = (geo_name, level, ons_code, line)
        elif geo[0] != geo_name or geo[1] is not level or geo[2] != ons_code:
            _differs(add, line, header, (i_name, i_level, i_ons), geo, (geo_name, level, ons_code))
            continue

        known = codes.get(measure_code)
        if known is None:
            codes[measure_code] = (group, description, line)
        elif known[0] != group or known[1] != description:
            columns = (i_group, i_desc)
            _differs(add, line, header, columns, known, (group, description))
            continue
        combos[measure_code, disagg, mtype] = None

        rows.append(
            AscofRow(
                geo_code,
                geo_name,
                level,
                ons_code,
                measure_code,
                disagg,
                mtype,
                read[0],
                read[1],
                group,
                description,
                line,
            )
        )

    code_disaggs: dict[str, dict[str, None]] = {code: {} for code in codes}
    code_types: dict[str, set[MeasureType]] = {code: set() for code in codes}
    for code, disagg, mtype in combos:
        code_disaggs[code][disagg] = None
        code_types[code].add(mtype)
    order = list(MeasureType)
    measures = {
        code: AscofMeasure(
            code=code,
            group=group,
            description=description,
            disaggregations=tuple(code_disaggs[code]),
            measure_types=tuple(sorted(code_types[code], key=order.index)),
        )
        for code, (group, description, _line) in codes.items()
    }
    return tuple(rows), MappingProxyType(measures)


def _differs(
    add: Callable[[int | None, str | None, str], None],
    line: int,
    header: tuple[str, ...],
    columns: tuple[int | None, ...],
    first: tuple[object, ...],
    now: tuple[object, ...],
) -> None:
    """Report each column whose value differs from the one given earlier for the same code."""
    first_line = first[-1]
    for column, was, is_ in zip(columns, first, now, strict=False):
        if was != is_ and column is not None:
            add(line, header[column], f"{is_!r} differs from {was!r} given on line {first_line}")


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
