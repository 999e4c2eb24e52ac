"""Reads for measures: a council's data profile, one measure in depth, indicators per quality
statement, and the registry. Each read takes a fixed number of queries, however many measures
there are (the tests count them)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q

from ascassure.apps.councils.models import Council
from ascassure.apps.metrics import charts
from ascassure.apps.metrics.benchmarks import direction_of, directions_map
from ascassure.apps.metrics.importing import framework_for_year
from ascassure.apps.metrics.models import (
    Benchmark,
    CrosswalkEntry,
    DataImport,
    Direction,
    Framework,
    ImportStatus,
    Measure,
    MeasureDirection,
    PeerGroup,
    PeerGroupMember,
    QsIndicator,
    Source,
    Statistic,
)
from ascassure.apps.metrics.periods import is_financial_year, period_label, period_sort_key
from ascassure.apps.metrics.wording import QUARTER_WORDS
from ascassure.domain.metrics import Direction as DomainDirection
from ascassure.domain.metrics import (
    rank_and_quartile,
)

MARKER_WORDS = {
    "[c]": "suppressed",
    "c": "suppressed",
    "[x]": "not available",
    ":": "not available",
    "[z]": "not applicable",
    "[w]": "withheld",
    "na": "not available",
    "": "not published",
}


class NotFound(Exception):
    """No figures for that council, measure, period and disaggregation."""


def marker_words(marker: str) -> str:
    return MARKER_WORDS.get(marker.casefold(), f"not given ({marker})")


# --- one figure with its comparators -------------------------------------------------------------


@dataclass
class Row:
    """One measure and disaggregation for a council in a period, ready to show."""

    benchmark: Benchmark
    measure: Measure
    direction: str | None
    peer_median: float | None = None
    peer_count: int = 0
    peer_rank: int | None = None
    peer_of: int | None = None

    @property
    def value(self) -> float | None:
        return self.benchmark.value

    @property
    def missing_words(self) -> str:
        return marker_words(self.benchmark.suppression)

    @property
    def unit(self) -> str:
        return unit_of(self.measure)

    @property
    def quartile_words(self) -> str:
        quartile = self.benchmark.quartile
        if quartile is None:
            return ""
        return QUARTER_WORDS[quartile]

    @property
    def funnel_words(self) -> str:
        """The funnel position in words that say whether it is better or worse than England."""
        position = self.benchmark.funnel_position
        if not position:
            return ""
        if position.startswith("within"):
            return "Similar to England"
        above = position.startswith("above")
        level = "99.8%" if "99.8" in position else "95%"
        if self.direction is None:
            return f"{'Higher' if above else 'Lower'} than England ({level} limit)"
        better = above == (self.direction == Direction.HIGHER)
        return f"{'Better' if better else 'Worse'} than England ({level} limit)"


def unit_of(measure: Measure) -> str:
    if measure.statistic == Statistic.PROPORTION and measure.scale == 100:
        return "%"
    if measure.statistic == Statistic.RATE and measure.scale:
        return f"per {measure.scale:,.0f}"
    return measure.unit if measure.source != Source.ASCOF else ""


@dataclass
class MeasureGroup:
    """The rows of one measure group (ASCOF) or one measure (other sources)."""

    code: str
    title: str
    source: str
    direction: str | None
    rows: list[Row] = field(default_factory=list)
    chart: object = None

    @property
    def anchor(self) -> str:
        return "measure-" + "".join(ch if ch.isalnum() else "-" for ch in self.code.lower())[:60]

    @property
    def council_type_name(self) -> str:
        return next(
            (r.benchmark.council_type_name for r in self.rows if r.benchmark.council_type_name), ""
        )

    @property
    def any_value(self) -> bool:
        return any(r.value is not None for r in self.rows)


# --- periods and peer groups ---------------------------------------------------------------------


def council_periods(*, council: Council, measure: Measure | None = None) -> list[str]:
    """The periods the council has benchmarks for (of one measure, if given), latest first,
    with the default first: the latest period with ASCOF figures, else the latest financial
    year, else the latest period. One query."""
    rows = Benchmark.objects.filter(council=council)
    if measure is not None:
        rows = rows.filter(measure=measure)
    found: dict[str, set[str]] = defaultdict(set)
    for period, source in rows.values_list("period", "measure__source").distinct():
        found[period].add(source)
    periods = sorted(found, key=period_sort_key, reverse=True)
    default = next(
        (p for p in periods if Source.ASCOF in found[p]),
        next((p for p in periods if is_financial_year(p)), None),
    )
    if default is not None:
        periods.remove(default)
        periods.insert(0, default)
    return periods


def default_period(periods: list[str]) -> str | None:
    """The default of :func:`council_periods` (its first)."""
    return periods[0] if periods else None


def _in_time_order(periods: list[str]) -> list[str]:
    return sorted(periods, key=period_sort_key, reverse=True)


def peer_groups_for(*, council: Council) -> list[PeerGroup]:
    return list(
        PeerGroup.objects.filter(Q(council=council) | Q(council__isnull=True)).order_by(
            "kind", "name", "pk"
        )
    )


def peer_group_chosen(
    groups: list[PeerGroup], *, council: Council, peer_group_id: int | None
) -> PeerGroup | None:
    """The group of ``groups`` asked for by ``peer_group_id``; when none is asked for, the
    council's own first group (none when an unknown group is asked for)."""
    chosen = next((g for g in groups if g.pk == peer_group_id), None)
    if chosen is None and peer_group_id is None:
        chosen = next((g for g in groups if g.council_id == council.pk), None)
    return chosen


def peer_values(
    group: PeerGroup | None, council: Council, periods: list[str], measure_id: int | None = None
) -> tuple[list[int], dict[tuple[int, str, str], dict[int, float]]]:
    """Member council ids (the council itself left out) and their values by
    (measure, period, disaggregation). Two queries."""
    if group is None:
        return [], {}
    members = [
        pk
        for pk in group.memberships.order_by("position").values_list("council_id", flat=True)
        if pk != council.pk
    ]
    rows = Benchmark.objects.filter(council_id__in=members, period__in=periods, value__isnull=False)
    if measure_id is not None:
        rows = rows.filter(measure_id=measure_id)
    values: dict[tuple[int, str, str], dict[int, float]] = defaultdict(dict)
    for measure_id_, period, disagg, council_id, value in rows.values_list(
        "measure_id", "period", "disaggregation", "council_id", "value"
    ):
        values[(measure_id_, period, disagg)][council_id] = value
    return members, values


def peers_add(row: Row, council: Council, peers: dict[int, float], direction: str | None) -> None:
    if not peers:
        return
    row.peer_median = statistics.median(peers.values())
    row.peer_count = len(peers)
    if direction is not None and row.value is not None:
        ranked = rank_and_quartile(
            {**{str(k): v for k, v in peers.items()}, str(council.pk): row.value},
            DomainDirection(direction),
        )
        place = ranked[str(council.pk)]
        row.peer_rank, row.peer_of = place.rank, place.of


# --- the data profile ----------------------------------------------------------------------------


@dataclass
class Profile:
    council: Council
    period: str | None
    periods: list[str]
    peer_group: PeerGroup | None
    peer_groups: list[PeerGroup]
    groups: list[MeasureGroup]

    @property
    def period_label(self) -> str:
        return period_label(self.period) if self.period else ""

    @property
    def measures_with_values(self) -> int:
        return sum(1 for g in self.groups for r in g.rows if r.value is not None)

    @property
    def quartile_counts(self) -> list[tuple[str, int]]:
        counts = defaultdict(int)
        for group in self.groups:
            for row in group.rows:
                if row.benchmark.quartile and row.benchmark.disaggregation == "Total":
                    counts[row.benchmark.quartile] += 1
        return [(QUARTER_WORDS[q].lower(), counts[q]) for q in (1, 2, 3, 4)]


def _group_key(measure: Measure) -> tuple:
    source_order = {Source.ASCOF: 0, Source.LONG: 1, Source.LGINFORM: 2}
    return (source_order.get(measure.source, 3), measure.group or measure.code, measure.code)


def council_profile(
    *, council: Council, period: str | None = None, peer_group_id: int | None = None
) -> Profile:
    """Every measure the council has figures for in one period, grouped, with comparators and
    its peers. Six queries, whatever the number of measures."""
    periods = council_periods(council=council)
    if period not in periods:
        period = default_period(periods)
    groups_available = peer_groups_for(council=council)
    peer_group = peer_group_chosen(groups_available, council=council, peer_group_id=peer_group_id)
    periods = _in_time_order(periods)
    if period is None:
        return Profile(council, None, periods, peer_group, groups_available, [])
    benchmarks = list(
        Benchmark.objects.filter(council=council, period=period).select_related("measure")
    )
    directions = directions_map()
    _members, by_cell = peer_values(peer_group, council, [period])
    groups: dict[tuple, MeasureGroup] = {}
    for benchmark in sorted(benchmarks, key=lambda b: (_group_key(b.measure), b.disaggregation)):
        measure = benchmark.measure
        direction = direction_of(measure, directions)
        key = (measure.source, measure.framework, measure.group or measure.code)
        group = groups.get(key)
        if group is None:
            title = measure.description if measure.source == Source.ASCOF else measure.code
            group = groups[key] = MeasureGroup(
                code=measure.group or measure.code,
                title=title,
                source=measure.source,
                direction=direction,
            )
        row = Row(benchmark, measure, direction)
        peers_add(
            row,
            council,
            by_cell.get((measure.pk, period, benchmark.disaggregation), {}),
            direction,
        )
        group.rows.append(row)
    ordered = sorted(groups.values(), key=lambda g: _group_key(g.rows[0].measure))
    for group in ordered:
        group.rows.sort(key=lambda r: (r.benchmark.disaggregation != "Total", r.measure.code))
        group.chart = _group_chart(group, council, peer_group)
    return Profile(council, period, periods, peer_group, groups_available, ordered)


def _series_names(council: Council, rows: list[Row], peer_group: PeerGroup | None) -> dict:
    names = {"council": council.name}
    if peer_group is not None and any(r.peer_median is not None for r in rows):
        names["peers"] = "Peer median"
    if any(r.benchmark.region is not None for r in rows):
        names["region"] = council.region.name
    type_name = next(
        (r.benchmark.council_type_name for r in rows if r.benchmark.council_type_name), ""
    )
    if type_name:
        names["council_type"] = type_name
    if any(r.benchmark.england is not None for r in rows):
        names["england"] = "England"
    return names


def _group_chart(group: MeasureGroup, council: Council, peer_group: PeerGroup | None):
    rows = [r for r in group.rows if r.value is not None]
    if not rows:
        return None
    return charts.comparison_chart(
        chart_id=f"chart-{group.anchor}",
        title=f"{group.code}: {council.name} compared with other areas",
        rows=[
            charts.ComparisonRow(
                label=r.benchmark.disaggregation,
                values={
                    "council": r.value,
                    "peers": r.peer_median,
                    "region": r.benchmark.region,
                    "council_type": r.benchmark.council_type,
                    "england": r.benchmark.england,
                },
            )
            for r in rows
        ],
        series_names=_series_names(council, rows, peer_group),
        percent=unit_of(rows[0].measure) == "%",
    )


# --- indicators per quality statement ------------------------------------------------------------


@dataclass
class IndicatorRow:
    indicator: QsIndicator
    rows: list[Row]
    measure_codes: list[str]


@dataclass
class StatementIndicators:
    qs: str
    indicators: list[IndicatorRow]


def qs_indicators(
    *, council: Council, period: str | None = None, qs: str | None = None
) -> tuple[str | None, list[StatementIndicators]]:
    """The indicators mapped to each quality statement (or one), each with the council's
    benchmarks for the nearest ASCOF measure in ``period`` (translated through the crosswalk
    when the mapping names the other framework's code). Four queries."""
    periods = [p for p in council_periods(council=council) if is_financial_year(p)]
    if period not in periods:
        period = default_period(periods)
    indicators = QsIndicator.objects.all()
    if qs:
        indicators = indicators.filter(qs=qs)
    indicators = list(indicators)
    if period is None:
        return None, _by_statement([IndicatorRow(i, [], []) for i in indicators])
    framework = framework_for_year(period)
    crosswalk = list(CrosswalkEntry.objects.all())
    benchmarks = {}
    for b in Benchmark.objects.filter(
        council=council, period=period, disaggregation="Total", measure__source=Source.ASCOF
    ).select_related("measure"):
        benchmarks.setdefault(b.measure.group or b.measure.code, []).append(b)
    directions = directions_map()
    rows = []
    for indicator in indicators:
        codes = _codes_in(indicator, framework, crosswalk)
        found = [
            Row(b, b.measure, direction_of(b.measure, directions))
            for code in codes
            for b in benchmarks.get(code, [])
        ]
        rows.append(IndicatorRow(indicator, found, codes))
    return period, _by_statement(rows)


def _codes_in(indicator: QsIndicator, framework: str, crosswalk: list[CrosswalkEntry]) -> list[str]:
    if not indicator.ascof_code or not indicator.framework:
        return []
    if indicator.framework == framework:
        return [indicator.ascof_code]
    if indicator.framework == Framework.NEW:
        return [e.old_code for e in crosswalk if e.new_code == indicator.ascof_code]
    return [e.new_code for e in crosswalk if e.old_code == indicator.ascof_code and e.new_code]


def _by_statement(rows: list[IndicatorRow]) -> list[StatementIndicators]:
    grouped: dict[str, list[IndicatorRow]] = {}
    for row in rows:
        grouped.setdefault(row.indicator.qs, []).append(row)
    return [
        StatementIndicators(qs, grouped[qs]) for qs in sorted(grouped, key=lambda q: int(q[2:]))
    ]


# --- the command line's look-up, the CSV download, the registry ----------------------------------


def council_find(text: str) -> Council:
    """A council by ONS code, slug or name (raises ``Council.DoesNotExist``)."""
    return Council.objects.select_related("region").get(
        Q(ons_code__iexact=text) | Q(slug=text.lower()) | Q(name__iexact=text)
    )


def benchmark_find(*, council: Council, code: str, period: str, disaggregation: str = "") -> Row:
    """One council's benchmark for a measure code (ASCOF first, then other sources)."""
    found = list(
        Benchmark.objects.filter(council=council, period=period, measure__code=code)
        .select_related("measure")
        .order_by("measure__source")
    )
    if disaggregation:
        found = [b for b in found if b.disaggregation == disaggregation]
    if not found:
        raise NotFound
    found.sort(key=lambda b: (b.measure.source != Source.ASCOF, b.disaggregation != "Total"))
    benchmark = found[0]
    return Row(benchmark, benchmark.measure, direction_of(benchmark.measure, directions_map()))


def council_export_rows(*, council: Council) -> list[Row]:
    """Every benchmark of the council, every period, for the CSV download."""
    directions = directions_map()
    rows = [
        Row(b, b.measure, direction_of(b.measure, directions))
        for b in Benchmark.objects.filter(council=council).select_related("measure")
    ]
    rows.sort(
        key=lambda r: (
            period_sort_key(r.benchmark.period),
            _group_key(r.measure),
            r.benchmark.disaggregation,
        )
    )
    return rows


def measures_registry() -> list[tuple[Measure, str | None]]:
    directions = directions_map()
    return [(m, direction_of(m, directions)) for m in Measure.objects.all()]


def data_imports(*, limit: int = 50) -> list[DataImport]:
    return list(DataImport.objects.defer("content").select_related("created_by")[:limit])


def data_import_get(*, pk: int) -> DataImport:
    return DataImport.objects.defer("content").get(pk=pk)


def loaded_periods() -> list[tuple[str, str]]:
    """(source, period label) for every period an import in force holds."""
    found = set()
    for source, periods in DataImport.objects.filter(
        status=ImportStatus.DONE, superseded_by=None
    ).values_list("source", "periods"):
        for period in periods:
            found.add((source, period))
    ordered = sorted(found, key=lambda item: (item[0], period_sort_key(item[1])))
    return [(Source(source).label, period_label(period)) for source, period in ordered]


def data_version() -> str:
    """A stamp that changes whenever anything a profile, measure or indicator page shows
    changes. One small query: every import, direction change or re-ranking writes new
    benchmark rows (new ids); peer groups, their members and the QS mapping's rows are
    counted; edits to the registry, the mapping and groups move their tables' last-updated
    time."""
    bench, measure = Benchmark._meta.db_table, Measure._meta.db_table
    group, member = PeerGroup._meta.db_table, PeerGroupMember._meta.db_table
    direction, crosswalk = MeasureDirection._meta.db_table, CrosswalkEntry._meta.db_table
    mapping = QsIndicator._meta.db_table
    sql = (
        f"SELECT (SELECT MAX(id) FROM {bench}), (SELECT MAX(updated_at) FROM {measure}), "  # noqa: S608 (table names from the models)
        f"(SELECT COUNT(*) FROM {group}), (SELECT MAX(updated_at) FROM {group}), "
        f"(SELECT COUNT(*) FROM {member}), (SELECT MAX(id) FROM {member}), "
        f"(SELECT MAX(updated_at) FROM {direction}), (SELECT MAX(updated_at) FROM {crosswalk}), "
        f"(SELECT COUNT(*) FROM {mapping}), (SELECT MAX(updated_at) FROM {mapping})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return ".".join(str(value) for value in row)
