"""Reads for one measure in depth: the council's figures with its peers, every council on a
funnel plot (or with margins of error, for a survey), and the series over time through the
crosswalk with its breaks and SPC."""

from __future__ import annotations

from dataclasses import dataclass

from ascassure.apps.councils.models import Council
from ascassure.apps.metrics import charts
from ascassure.apps.metrics.benchmarks import direction_of, directions_map
from ascassure.apps.metrics.models import (
    Benchmark,
    CrosswalkEntry,
    Framework,
    GeoLevel,
    Measure,
    MeasureType,
    MeasureValue,
    PeerGroup,
    Source,
    Statistic,
)
from ascassure.apps.metrics.periods import period_label, period_sort_key
from ascassure.apps.metrics.selectors import (
    NotFound,
    Row,
    council_periods,
    default_period,
    peer_group_chosen,
    peer_groups_for,
    peer_values,
    peers_add,
    unit_of,
)
from ascassure.domain.metrics import (
    SpcResult,
    funnel_limits_proportion,
    funnel_limits_rate,
    spc,
)


@dataclass
class FunnelRow:
    name: str
    slug: str | None
    numerator: float | None
    denominator: float | None
    value: float | None
    low: float | None
    high: float | None
    role: str
    marker: str


@dataclass
class TrendRow:
    period: str
    label: str
    measure_code: str
    value: float | None
    marker: str
    england: float | None
    low: float | None
    high: float | None
    break_before: bool
    note: str


@dataclass
class MeasureDetail:
    council: Council
    measure: Measure
    period: str
    disaggregation: str
    row: Row
    direction: str | None
    peer_group: PeerGroup | None
    peer_groups: list[PeerGroup]
    peers: list[tuple[Council, float | None]]
    funnel_rows: list[FunnelRow]
    funnel_chart: object
    trend: list[TrendRow]
    trend_chart: object
    spc: SpcResult | None
    disaggregations: list[str]

    @property
    def period_label(self) -> str:
        return period_label(self.period)


def measure_detail(
    *,
    council: Council,
    measure: Measure,
    period: str | None = None,
    disaggregation: str = "",
    peer_group_id: int | None = None,
) -> MeasureDetail:
    periods = council_periods(council=council, measure=measure)
    if period not in periods:
        period = default_period(periods)
    disaggregations = list(
        Benchmark.objects.filter(council=council, measure=measure, period=period)
        .values_list("disaggregation", flat=True)
        .order_by("disaggregation")
    )
    if not disaggregations:
        raise NotFound
    if disaggregation not in disaggregations:
        disaggregation = "Total" if "Total" in disaggregations else disaggregations[0]
    benchmark = Benchmark.objects.select_related("measure").get(
        council=council, measure=measure, period=period, disaggregation=disaggregation
    )
    directions = directions_map()
    direction = direction_of(measure, directions)
    groups_available = peer_groups_for(council=council)
    peer_group = peer_group_chosen(groups_available, council=council, peer_group_id=peer_group_id)
    members, by_cell = peer_values(peer_group, council, [period], measure.pk)
    own_peers = by_cell.get((measure.pk, period, disaggregation), {})
    row = Row(benchmark, measure, direction)
    peers_add(row, council, own_peers, direction)
    member_councils = Council.objects.in_bulk(members)
    peers = [(member_councils[pk], own_peers.get(pk)) for pk in members if pk in member_councils]

    funnel_rows, funnel_chart = _funnel(
        council, measure, period, disaggregation, set(members), benchmark
    )
    trend = _trend(council, measure, disaggregation)
    values = [t.value for t in trend if t.value is not None]
    spc_result = spc(values) if values else None
    trend_chart = charts.trend_chart(
        chart_id="chart-trend",
        title=f"{measure.group or measure.code} over time: {council.name} and England",
        points=[
            charts.TrendPoint(t.label, t.value, t.england, t.low, t.high, t.break_before)
            for t in trend
        ],
        y_label=unit_of(measure) or "Value",
        name=council.name,
    )
    return MeasureDetail(
        council=council,
        measure=measure,
        period=period,
        disaggregation=disaggregation,
        row=row,
        direction=direction,
        peer_group=peer_group,
        peer_groups=groups_available,
        peers=peers,
        funnel_rows=funnel_rows,
        funnel_chart=funnel_chart,
        trend=trend,
        trend_chart=trend_chart,
        spc=spc_result,
        disaggregations=disaggregations,
    )


def _funnel(
    council: Council,
    measure: Measure,
    period: str,
    disaggregation: str,
    peer_ids: set[int],
    benchmark: Benchmark,
):
    cells: dict[int, dict] = {}
    for geo_id, level, name, council_id, slug, mtype, value, marker in MeasureValue.objects.filter(
        measure=measure, period=period, disaggregation=disaggregation
    ).values_list(
        "geography_id",
        "geography__level",
        "geography__name",
        "geography__council_id",
        "geography__council__slug",
        "measure_type",
        "value",
        "suppression",
    ):
        if level != GeoLevel.COUNCIL:
            continue
        cell = cells.setdefault(
            geo_id, {"name": name, "council_id": council_id, "slug": slug, "marker": ""}
        )
        cell[mtype] = value
        if mtype == MeasureType.OUTCOME:
            cell["marker"] = marker
    rows = []
    for cell in cells.values():
        role = (
            "this"
            if cell["council_id"] == council.pk
            else "peer"
            if cell["council_id"] in peer_ids
            else "other"
        )
        value = cell.get(MeasureType.OUTCOME)
        moe = cell.get(MeasureType.MARGIN_OF_ERROR)
        low = high = None
        if measure.statistic == Statistic.SURVEY and value is not None and moe is not None:
            low, high = value - moe, value + moe
        denominator = cell.get(MeasureType.DENOMINATOR)
        if measure.statistic == Statistic.SURVEY:
            denominator = cell.get(MeasureType.BASE)
        rows.append(
            FunnelRow(
                cell["name"],
                cell["slug"],
                cell.get(MeasureType.NUMERATOR),
                denominator,
                value,
                low,
                high,
                role,
                cell["marker"],
            )
        )
    rows.sort(key=lambda r: (r.value is None, r.value if r.value is not None else 0, r.name))
    target = benchmark.england
    chart = None
    title = f"{measure.group or measure.code} ({disaggregation}), {period_label(period)}"
    if target is not None and measure.statistic in (Statistic.PROPORTION, Statistic.RATE):
        points = [
            charts.FunnelPoint(r.name, r.denominator, r.value, r.role)
            for r in rows
            if r.value is not None and r.denominator
        ]
        if points and measure.scale:
            chart = charts.funnel_chart(
                chart_id="chart-funnel",
                title=f"Funnel plot: {title}",
                points=points,
                curve=_funnel_curve(measure, target, max(p.x for p in points)),
                target=target,
                x_label="Denominator"
                if measure.statistic == Statistic.PROPORTION
                else "Population",
                y_label=unit_of(measure) or "Value",
            )
    elif measure.statistic == Statistic.SURVEY:
        estimates = [
            charts.RankedEstimate(r.name, r.value, r.low, r.high, r.role)
            for r in rows
            if r.value is not None
        ]
        chart = charts.caterpillar_chart(
            chart_id="chart-funnel",
            title=f"Councils with their margins of error: {title}",
            estimates=estimates,
            target=target,
            y_label="Value",
        )
    return rows, chart


def _funnel_curve(measure: Measure, target: float, largest: float) -> list[charts.FunnelCurve]:
    scale = measure.scale or 1
    steps = 20
    start = max(largest / 400, 10.0)
    xs = [start * (largest * 1.02 / start) ** (i / steps) for i in range(steps + 1)]
    curve = []
    for x in xs:
        if measure.statistic == Statistic.PROPORTION:
            limits = funnel_limits_proportion(min(1.0, max(0.0, target / scale)), x)
            factor = scale
        else:
            limits = funnel_limits_rate(target, x, per=scale)
            factor = 1
        curve.append(
            charts.FunnelCurve(
                x,
                limits.lower_95 * factor,
                limits.upper_95 * factor,
                limits.lower_998 * factor,
                limits.upper_998 * factor,
            )
        )
    return curve


def linked_measures(measure: Measure) -> tuple[list[int], dict[str, str]]:
    """The measure and its predecessors or successors through the crosswalk (same source and
    disaggregation), and the series breaks: ``{first period not comparable: note}``."""
    ids = [measure.pk]
    breaks: dict[str, str] = {}
    if measure.source != Source.ASCOF:
        return ids, breaks
    group = measure.group or measure.code
    suffix = measure.code[len(group) :] if measure.code.startswith(group) else ""
    if measure.framework == Framework.OLD:
        entries = list(CrosswalkEntry.objects.filter(old_code=group))
        codes = [(e.new_code, e) for e in entries if e.new_code and not e.new_part]
        other = Framework.NEW
    else:
        entries = list(CrosswalkEntry.objects.filter(new_code=group, new_part=""))
        codes = [(e.old_code, e) for e in entries]
        other = Framework.OLD
    for entry in entries:
        if entry.series_break_from:
            breaks[entry.series_break_from] = entry.note or "The definition or source changed."
    if codes:
        wanted = [code + suffix for code, _e in codes]
        ids += list(
            Measure.objects.filter(
                source=measure.source, framework=other, code__in=wanted
            ).values_list("pk", flat=True)
        )
    return ids, breaks


def _trend(council: Council, measure: Measure, disaggregation: str) -> list[TrendRow]:
    ids, breaks = linked_measures(measure)
    rows = Benchmark.objects.filter(
        council=council, measure_id__in=ids, disaggregation=disaggregation
    ).select_related("measure")
    by_period = {b.period: b for b in rows}
    out = []
    previous_framework = None
    for period in sorted(by_period, key=period_sort_key):
        b = by_period[period]
        note = breaks.get(period, "")
        renamed = previous_framework is not None and b.measure.framework != previous_framework
        if renamed and not note:
            note = f"Measure renumbered: now {b.measure.code}."
        previous_framework = b.measure.framework
        out.append(
            TrendRow(
                period=period,
                label=period_label(period),
                measure_code=b.measure.code,
                value=b.value,
                marker=b.suppression,
                england=b.england,
                low=b.ci_low,
                high=b.ci_high,
                break_before=period in breaks and len(out) > 0,
                note=note,
            )
        )
    return out
