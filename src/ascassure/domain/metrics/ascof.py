"""Parsing the ASCOF open-data file (NHS Digital, DHSC), CSV or XLSX, any year."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from ascassure.domain.metrics._common import (
    _GEO_LEVELS,
    _GSS_CODE,
    _MEASURE_TYPES,
    SUPPRESSION_MARKERS,
    AscofFormatError,
    GeoLevel,
    MeasureType,
    _finish,
    _key,
    _Values,
    financial_year,
    financial_year_from_name,
    normalise_disaggregation,
)
from ascassure.domain.metrics._source import (
    Column,
    ParseProblem,
    Problems,
    Source,
    describe,
    match_columns,
    open_table,
    with_progress,
)

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
