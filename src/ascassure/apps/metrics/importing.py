"""From a parsed file to a plan of what to store: geographies, measures and values.

No database writes here (the service in ``services.py`` applies a plan atomically). Each
``plan_*`` function takes the domain parser's result and returns an :class:`ImportPlan` or the
problems, each with its line and column, that make the file unusable.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ascassure.apps.metrics import areas
from ascassure.apps.metrics.models import Framework, GeoLevel, MeasureType, Source, Statistic
from ascassure.apps.metrics.periods import month_period
from ascassure.domain.metrics import (
    AscofParseResult,
    LgInformParseResult,
    LongParseResult,
    ParseProblem,
    financial_year,
    split_measure_code,
)
from ascassure.domain.metrics import GeoLevel as FileLevel
from ascassure.domain.metrics import MeasureType as FileType

FIRST_NEW_FRAMEWORK_YEAR = "2023-24"

_TYPES = {
    FileType.NUMERATOR: MeasureType.NUMERATOR,
    FileType.DENOMINATOR: MeasureType.DENOMINATOR,
    FileType.OUTCOME: MeasureType.OUTCOME,
    FileType.BASE: MeasureType.BASE,
    FileType.MARGIN_OF_ERROR: MeasureType.MARGIN_OF_ERROR,
}
_LEVELS = {
    FileLevel.COUNCIL: GeoLevel.COUNCIL,
    FileLevel.REGION: GeoLevel.REGION,
    FileLevel.ENGLAND: GeoLevel.ENGLAND,
    FileLevel.COUNCIL_TYPE: GeoLevel.COUNCIL_TYPE,
}
_GSS = re.compile(r"E\d{8}")
_YEAR = re.compile(r"(?:19|20)\d{2}")  # a calendar year


@dataclass
class GeoSpec:
    key: str
    level: str
    name: str
    ons_code: str = ""
    source_code: str = ""
    council_type_code: str = ""


@dataclass
class MeasureSpec:
    code: str
    framework: str
    group: str = ""
    description: str = ""
    unit: str = ""
    disaggregations: list[str] = field(default_factory=list)
    measure_types: list[str] = field(default_factory=list)
    statistic: str | None = None  # None: could not tell from this file
    scale: float | None = None


ValueRow = tuple[tuple[str, str], str, str, str, str, float | None, str]
"""(measure key (framework, code), geography key, period, disaggregation, type, value, marker)."""


@dataclass
class ImportPlan:
    source: str
    geographies: dict[str, GeoSpec]
    measures: dict[tuple[str, str], MeasureSpec]
    values: list[ValueRow]
    periods: list[str]
    replace_whole_periods: bool
    """ASCOF: re-importing a year replaces everything of that source and year. Others: only
    the (measure, period) pairs the file holds."""
    notes: list[str] = field(default_factory=list)


class PlanProblems(Exception):
    """The file parsed but cannot be stored as it is; ``problems`` say where and why."""

    def __init__(self, problems: list[ParseProblem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s)")


def framework_for_year(year: str) -> str:
    return Framework.OLD if year < FIRST_NEW_FRAMEWORK_YEAR else Framework.NEW


def geography_for_ons(ons_code: str, name: str, source_code: str = "") -> GeoSpec:
    level = areas.level_of_code(ons_code)
    return GeoSpec(
        key=ons_code,
        level=level,
        name=name,
        ons_code=ons_code,
        source_code=source_code,
        council_type_code=areas.council_type_code(ons_code) if level == "council" else "",
    )


def infer_statistic(
    types: Iterable[str], triples: Iterable[tuple[float, float, float]]
) -> tuple[str | None, float | None]:
    """A measure's statistic and scale from its measure types and (numerator, denominator,
    outcome) triples: survey when a margin of error is published; otherwise the scale that
    turns numerator ÷ denominator into the outcome (≈100 or 1: a proportion; 1,000 or more: a
    rate per that many). ``(None, None)`` when the file holds no figures to tell from."""
    kinds = set(types)
    if MeasureType.MARGIN_OF_ERROR in kinds:
        return Statistic.SURVEY, None
    if not {MeasureType.NUMERATOR, MeasureType.DENOMINATOR} <= kinds:
        return Statistic.VALUE, None
    ratios = []
    at_most_one = True
    for numerator, denominator, outcome in triples:
        if numerator > 0 and denominator > 0 and outcome > 0:
            ratios.append(outcome / (numerator / denominator))
            at_most_one = at_most_one and numerator <= denominator
    if not ratios:
        return None, None
    middle = statistics.median(ratios)
    for scale in (1.0, 100.0):
        if abs(middle - scale) <= 0.05 * scale and at_most_one:
            return Statistic.PROPORTION, scale
    for scale in (1_000.0, 10_000.0, 100_000.0, 1_000_000.0):
        if abs(middle - scale) <= 0.05 * scale:
            return Statistic.RATE, scale
    return Statistic.VALUE, None


def _triples(values: list[ValueRow], measure: tuple[str, str]) -> list[tuple[float, float, float]]:
    cells: dict[tuple[str, str, str], dict[str, float]] = {}
    for key, geo, period, disagg, mtype, value, _marker in values:
        if key == measure and value is not None:
            cells.setdefault((geo, period, disagg), {})[mtype] = value
    out = []
    for cell in cells.values():
        if len(cell) >= 3 and MeasureType.OUTCOME in cell:
            numerator = cell.get(MeasureType.NUMERATOR)
            denominator = cell.get(MeasureType.DENOMINATOR)
            if numerator is not None and denominator is not None:
                out.append((numerator, denominator, cell[MeasureType.OUTCOME]))
    return out


def _finish_statistics(plan: ImportPlan) -> None:
    """Infer each measure's statistic; only measures with a numerator and a denominator and no
    margin of error need their figures looked at."""
    ratios = {
        key
        for key, spec in plan.measures.items()
        if {MeasureType.NUMERATOR, MeasureType.DENOMINATOR} <= set(spec.measure_types)
        and MeasureType.MARGIN_OF_ERROR not in spec.measure_types
    }
    by_measure: dict[tuple[str, str], list[ValueRow]] = {key: [] for key in ratios}
    for row in plan.values:
        found = by_measure.get(row[0])
        if found is not None:
            found.append(row)
    for key, spec in plan.measures.items():
        rows = by_measure.get(key, [])
        spec.statistic, spec.scale = infer_statistic(spec.measure_types, _triples(rows, key))


# --- ASCOF ---------------------------------------------------------------------------------------


def plan_ascof(result: AscofParseResult) -> ImportPlan:
    year = result.year
    framework = framework_for_year(year)
    geographies: dict[str, GeoSpec] = {}
    geo_key_of: dict[str, str] = {}
    measures: dict[tuple[str, str], MeasureSpec] = {}
    values: list[ValueRow] = []
    notes: list[str] = []
    append = values.append
    for row in result.rows:
        geo_key = geo_key_of.get(row.geo_code)
        if geo_key is None:
            spec = _ascof_geography(row.geo_code, row.geo_name, row.geo_level, row.ons_code)
            geographies.setdefault(spec.key, spec)
            geo_key = geo_key_of[row.geo_code] = spec.key
        append(
            (
                (framework, row.measure_code),
                geo_key,
                year,
                row.disaggregation,
                _TYPES[row.measure_type],
                row.value,
                row.suppression or "",
            )
        )
    for code, measure in result.measures.items():
        measures[(framework, code)] = MeasureSpec(
            code=code,
            framework=framework,
            group=measure.group or _group_of(code),
            description=measure.description or "",
            disaggregations=list(measure.disaggregations),
            measure_types=[_TYPES[t] for t in measure.measure_types],
        )
    unlinked = sorted(
        g.name for g in geographies.values() if g.level == GeoLevel.COUNCIL and not g.ons_code
    )
    if unlinked:
        notes.append(f"Councils without an ONS code (not linked): {', '.join(unlinked)}")
    plan = ImportPlan(
        Source.ASCOF, geographies, measures, values, [year], replace_whole_periods=True, notes=notes
    )
    _finish_statistics(plan)
    return plan


def _group_of(code: str) -> str:
    try:
        return split_measure_code(code)[0]
    except ValueError:
        return code


def _ascof_geography(code: str, name: str, level: FileLevel, ons_code: str | None) -> GeoSpec:
    ours = _LEVELS[level]
    if ours == GeoLevel.COUNCIL_TYPE:
        return GeoSpec(f"type:{code}", ours, name, source_code=code)
    if ours == GeoLevel.ENGLAND:
        return GeoSpec(areas.ENGLAND, ours, name, ons_code=areas.ENGLAND, source_code=code)
    ons = ons_code or (areas.REGION_LETTERS.get(code, "") if ours == GeoLevel.REGION else "")
    if not ons:
        return GeoSpec(f"{ours}:{code}", ours, name, source_code=code)
    spec = geography_for_ons(ons, name, code)
    spec.level = ours
    return spec


# --- LG Inform -----------------------------------------------------------------------------------


def _period_of(text: str, financial: str | None, month: str | None) -> str | None:
    if financial:
        return financial
    if month:
        return month_period(month)
    stripped = text.strip()
    return stripped if _YEAR.fullmatch(stripped) else None


def plan_lginform(result: LgInformParseResult) -> ImportPlan:
    problems: list[ParseProblem] = []
    geographies: dict[str, GeoSpec] = {}
    measures: dict[tuple[str, str], MeasureSpec] = {}
    values: list[ValueRow] = []
    variants: dict[str, set[tuple[str, str]]] = {}
    for row in result.rows:
        variants.setdefault(row.indicator, set()).add((row.measure, row.unit))
    for row in result.rows:
        if not _GSS.fullmatch(row.area_code):
            problems.append(
                ParseProblem(row.line, "area_code", f"{row.area_code!r} is not an ONS code")
            )
            continue
        period = _period_of(row.period, row.financial_year, row.month)
        if period is None:
            problems.append(
                ParseProblem(
                    row.line,
                    "period",
                    f"{row.period!r} is not a financial year (2020/21), a month (Nov 2023) "
                    "or a year",
                )
            )
            continue
        geographies.setdefault(row.area_code, geography_for_ons(row.area_code, row.area_name))
        several = len(variants[row.indicator]) > 1
        code = f"{row.indicator} ({row.measure}, {row.unit})" if several else row.indicator
        key = (Framework.OTHER, code[:255])
        spec = measures.get(key)
        if spec is None:
            measures[key] = spec = MeasureSpec(
                code=key[1],
                framework=Framework.OTHER,
                description=row.indicator,
                unit=row.measure,
                disaggregations=["Total"],
                measure_types=[MeasureType.OUTCOME],
            )
        values.append(
            (key, row.area_code, period, "Total", MeasureType.OUTCOME, row.value, row.missing or "")
        )
    if problems:
        raise PlanProblems(problems)
    periods = sorted({v[2] for v in values})
    plan = ImportPlan(
        Source.LGINFORM, geographies, measures, values, periods, replace_whole_periods=False
    )
    _finish_statistics(plan)
    return plan


# --- generic long file ---------------------------------------------------------------------------


def plan_long(result: LongParseResult, councils: Mapping[str, tuple[str, str]]) -> ImportPlan:
    """``councils`` maps a lower-case council name (and its ONS code) to (ONS code, name)."""
    problems: list[ParseProblem] = []
    geographies: dict[str, GeoSpec] = {}
    measures: dict[tuple[str, str], MeasureSpec] = {}
    values: list[ValueRow] = []
    for row in result.rows:
        geo = _long_geography(row.council, councils)
        if geo is None:
            problems.append(
                ParseProblem(
                    row.line,
                    "council",
                    f"{row.council!r} is not a council's name or ONS code, a region's ONS "
                    "code or England",
                )
            )
            continue
        period = row.financial_year or (row.period if _YEAR.fullmatch(row.period) else None)
        if period is None:
            problems.append(
                ParseProblem(row.line, "period", f"{row.period!r} is not a year such as 2020-21")
            )
            continue
        geographies.setdefault(geo.key, geo)
        framework = Framework.OTHER
        if financial_year(period):
            try:
                split_measure_code(row.measure)
                framework = framework_for_year(period)
            except ValueError:
                pass
        key = (framework, row.measure[:255])
        spec = measures.get(key)
        if spec is None:
            measures[key] = spec = MeasureSpec(
                code=key[1],
                framework=framework,
                group=_group_of(row.measure) if framework != Framework.OTHER else "",
                description="" if framework != Framework.OTHER else row.measure,
                disaggregations=["Total"],
                measure_types=[MeasureType.OUTCOME],
            )
        marker = row.suppression or ""
        values.append((key, geo.key, period, "Total", MeasureType.OUTCOME, row.value, marker))
        for mtype, number in (
            (MeasureType.NUMERATOR, row.numerator),
            (MeasureType.DENOMINATOR, row.denominator),
        ):
            if number is not None:
                if mtype not in spec.measure_types:
                    spec.measure_types.append(mtype)
                values.append((key, geo.key, period, "Total", mtype, number, ""))
    if problems:
        raise PlanProblems(problems)
    periods = sorted({v[2] for v in values})
    plan = ImportPlan(Source.LONG, geographies, measures, values, periods, False)
    _finish_statistics(plan)
    return plan


def _long_geography(text: str, councils: Mapping[str, tuple[str, str]]) -> GeoSpec | None:
    if text.casefold() == "england" or text == areas.ENGLAND:
        return GeoSpec(areas.ENGLAND, GeoLevel.ENGLAND, "England", ons_code=areas.ENGLAND)
    known = councils.get(text.casefold()) or councils.get(text)
    if known is not None:
        return geography_for_ons(*known)
    if _GSS.fullmatch(text) and text.startswith("E12"):
        return GeoSpec(text, GeoLevel.REGION, text, ons_code=text)
    return None
