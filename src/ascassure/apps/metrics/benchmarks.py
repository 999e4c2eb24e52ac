"""Benchmarks for every council, measure and period, worked out in bulk.

One pass over the stored values of the periods asked for: the values are grouped by measure,
period and disaggregation, and for each group the comparators (England, region, council type),
the ranks and quartiles (with the measure's direction), the intervals and the funnel positions
of every council are computed together. A council's pages then read finished rows.

Methods (``ascassure.domain.metrics.stats``): Wilson intervals for proportions with a numerator
and denominator; exact Poisson limits for rates; the published margin of error for survey
measures (never recomputed from rounded counts); funnel positions at 95% and 99.8% around the
England value, with the same method. Values the file suppressed stay missing: they are neither
ranked nor counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from ascassure.apps.councils.models import Council
from ascassure.apps.metrics import areas
from ascassure.apps.metrics.bulk import insert_rows
from ascassure.apps.metrics.models import (
    Benchmark,
    Geography,
    GeoLevel,
    Measure,
    MeasureDirection,
    MeasureValue,
    Statistic,
)
from ascassure.domain.metrics import Direction as DomainDirection
from ascassure.domain.metrics import (
    funnel_limits_proportion,
    funnel_limits_survey,
    funnel_position_rate,
    poisson_limits,
    rank_and_quartile,
    wilson_interval,
)


@dataclass(frozen=True, slots=True)
class _Geo:
    id: int
    level: str
    key: str
    council_id: int | None
    type_code: str


def directions_map() -> dict[tuple[str, str], str]:
    """``{(framework, code): "higher" | "lower"}`` for every recorded direction."""
    return {
        (framework, code): direction
        for framework, code, direction in MeasureDirection.objects.values_list(
            "framework", "code", "direction"
        )
    }


def direction_of(measure: Measure, directions: dict[tuple[str, str], str]) -> str | None:
    return directions.get((measure.framework, measure.direction_code)) or directions.get(
        (measure.framework, measure.code)
    )


def interval(
    statistic: str,
    scale: float | None,
    value: float | None,
    numerator: float | None,
    denominator: float | None,
    margin_of_error: float | None,
) -> tuple[float, float] | None:
    """The 95% interval of a value, in the value's own units, or ``None``."""
    if value is None:
        return None
    if statistic == Statistic.SURVEY:
        if margin_of_error is None:
            return None
        return value - margin_of_error, value + margin_of_error
    if numerator is None or not denominator or denominator <= 0 or numerator < 0 or not scale:
        return None
    if statistic == Statistic.PROPORTION:
        if numerator > denominator:
            return None
        low, high = wilson_interval(numerator, denominator)
        return low * scale, high * scale
    if statistic == Statistic.RATE:
        low, high = poisson_limits(numerator)
        return low / denominator * scale, high / denominator * scale
    return None


def funnel_position(
    statistic: str,
    scale: float | None,
    value: float | None,
    england: float | None,
    denominator: float | None,
    margin_of_error: float | None,
) -> str:
    """Where the value lies against funnel limits around England, or ``""``."""
    if value is None or england is None:
        return ""
    if statistic == Statistic.SURVEY:
        if margin_of_error is None:
            return ""
        return funnel_limits_survey(england, margin_of_error).classify(value).value
    if not denominator or denominator <= 0 or not scale:
        return ""
    if statistic == Statistic.PROPORTION:
        target = england / scale
        if not 0 <= target <= 1:
            return ""
        return funnel_limits_proportion(target, denominator).classify(value / scale).value
    if statistic == Statistic.RATE and value >= 0 and england >= 0:
        return funnel_position_rate(value, england, denominator, per=scale).value
    return ""


ValueTuple = tuple[int, str, str, int, str, "float | None", str]
"""(measure id, period, disaggregation, geography id, measure type, value, marker)."""

_VALUE_COLUMNS = (
    "measure_id",
    "period",
    "disaggregation",
    "geography_id",
    "measure_type",
    "value",
    "suppression",
)


@transaction.atomic
def benchmarks_compute(
    *, periods: Iterable[str] | None = None, measure_ids: Iterable[int] | None = None
) -> int:
    """Replace the benchmarks of the given periods and measures (all when not given) with ones
    worked out afresh from the stored values. Returns how many rows were written."""
    values = MeasureValue.objects.all()
    stale = Benchmark.objects.all()
    if periods is not None:
        periods = list(periods)
        values = values.filter(period__in=periods)
        stale = stale.filter(period__in=periods)
    if measure_ids is not None:
        measure_ids = list(measure_ids)
        values = values.filter(measure_id__in=measure_ids)
        stale = stale.filter(measure_id__in=measure_ids)
    rows = values.values_list(*_VALUE_COLUMNS).iterator(chunk_size=10_000)
    return benchmarks_replace(rows=rows, stale=stale)


def benchmarks_replace(*, rows: Iterable[ValueTuple], stale: QuerySet[Benchmark]) -> int:
    """Delete ``stale`` and write the benchmarks of every (measure, period, disaggregation)
    in ``rows``, which must hold all the values of each such group. The import passes the
    values it has just stored, so they are not read back."""
    cells: dict[tuple[int, str, str], dict[int, dict[str, tuple[float | None, str]]]] = {}
    for measure_id, period, disagg, geo_id, mtype, value, marker in rows:
        cell = cells.setdefault((measure_id, period, disagg), {})
        cell.setdefault(geo_id, {})[mtype] = (value, marker)

    geos = {
        pk: _Geo(pk, level, key, council_id, type_code)
        for pk, level, key, council_id, type_code in Geography.objects.values_list(
            "pk", "level", "key", "council_id", "council_type_code"
        )
    }
    region_of = dict(Council.objects.values_list("pk", "region__code"))
    ons_of = dict(Council.objects.values_list("pk", "ons_code"))
    measures = Measure.objects.in_bulk({measure_id for measure_id, _p, _d in cells})
    directions = directions_map()

    out: list[tuple] = []
    for (measure_id, period, disagg), by_geo in cells.items():
        measure = measures[measure_id]
        out.extend(
            _cell_benchmarks(measure, period, disagg, by_geo, geos, region_of, ons_of, directions)
        )
    stale._raw_delete(stale.db)  # no signals or cascades hang off a benchmark
    return insert_rows(Benchmark, BENCHMARK_FIELDS, out)


BENCHMARK_FIELDS = (
    "council",
    "measure",
    "period",
    "disaggregation",
    "value",
    "suppression",
    "numerator",
    "denominator",
    "base",
    "margin_of_error",
    "england",
    "region",
    "council_type",
    "council_type_name",
    "rank",
    "ranked_of",
    "quartile",
    "ci_low",
    "ci_high",
    "ci_method",
    "funnel_position",
)


_OUTCOME, _NUMERATOR, _DENOMINATOR = "outcome", "numerator", "denominator"
_BASE, _MOE = "base", "moe"  # the values of MeasureType, as plain text for speed


def _figure(types: dict[str, tuple[float | None, str]], mtype: str) -> float | None:
    found = types.get(mtype)
    if found is None:
        return None
    value = found[0]
    return None if value is None or value != value else value  # NaN is no figure


def _cell_benchmarks(
    measure: Measure,
    period: str,
    disagg: str,
    by_geo: dict[int, dict[str, tuple[float | None, str]]],
    geos: dict[int, _Geo],
    region_of: dict[int, str],
    ons_of: dict[int, str],
    directions: dict[tuple[str, str], str],
) -> list[tuple]:
    england = None
    regions: dict[str, float | None] = {}
    types: dict[str, float | None] = {}
    councils: dict[int, _Geo] = {}
    outcomes: dict[str, float | None] = {}
    for geo_id, figures in by_geo.items():
        geo = geos[geo_id]
        outcome = _figure(figures, _OUTCOME)
        level = geo.level
        if level == GeoLevel.COUNCIL:
            councils[geo_id] = geo
            outcomes[str(geo_id)] = outcome
        elif level == GeoLevel.ENGLAND:
            england = outcome
        elif level == GeoLevel.REGION:
            regions[geo.key] = outcome
        elif level == GeoLevel.COUNCIL_TYPE:
            types[geo.key.removeprefix("type:")] = outcome

    direction = direction_of(measure, directions)
    ranked = rank_and_quartile(outcomes, DomainDirection(direction)) if direction else {}

    # One row per current council: where two geographies of one period point to the same
    # council, the one whose code is the council's own wins.
    chosen: dict[int, _Geo] = {}
    for geo in councils.values():
        if geo.council_id is None:
            continue
        held = chosen.get(geo.council_id)
        if held is None or geo.key == ons_of.get(geo.council_id):
            chosen[geo.council_id] = geo

    measure_id, statistic, scale = measure.pk, measure.statistic, measure.scale
    out = []
    for council_id, geo in chosen.items():
        figures = by_geo[geo.id]
        outcome = figures.get(_OUTCOME)
        value = _figure(figures, _OUTCOME)
        numerator = _figure(figures, _NUMERATOR)
        denominator = _figure(figures, _DENOMINATOR)
        moe = _figure(figures, _MOE)
        bounds = interval(statistic, scale, value, numerator, denominator, moe)
        place = ranked.get(str(geo.id))
        type_code = geo.type_code
        out.append(
            (
                council_id,
                measure_id,
                period,
                disagg,
                value,
                outcome[1] if outcome else "",
                numerator,
                denominator,
                _figure(figures, _BASE),
                moe,
                england,
                regions.get(region_of.get(council_id, "")),
                types.get(type_code) if type_code else None,
                areas.COUNCIL_TYPE_NAMES.get(type_code, "") if type_code in types else "",
                place.rank if place else None,
                place.of if place else None,
                place.quartile if place else None,
                bounds[0] if bounds else None,
                bounds[1] if bounds else None,
                statistic if bounds else "",
                funnel_position(statistic, scale, value, england, denominator, moe),
            )
        )
    return out
