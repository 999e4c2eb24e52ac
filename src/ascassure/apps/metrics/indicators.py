"""Reads for the indicators that bear on each quality statement, as plain dataclasses.

Every place outside the data area that shows indicators (a QS page in an assessment or in the
council's workspace, the lead member's briefing, the draft report) reads them here, through
:func:`indicators_for_council`: the council's benchmarks for the measures mapped to each QS,
worked out once by :func:`selectors.qs_indicators` (crosswalk, period, directions) and copied
into frozen values that hold text as well as numbers, so a template, a Word file or a JSON
document can use them alike. One call takes a fixed number of queries, however many measures.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from ascassure.apps.councils.models import Council
from ascassure.apps.metrics import selectors
from ascassure.apps.metrics.models import Direction, EvidenceCategory, Statistic
from ascassure.apps.metrics.periods import period_label
from ascassure.apps.metrics.wording import NONE, QUARTER_WORDS
from ascassure.apps.web.caching import cached_fragment

NO_DATA = "No published data (such as ASCOF measures) has been imported for {council} yet."
NO_INDICATORS = "No national indicators are mapped to {qs}."
NO_MEASURE = "No national measure: evidence from other sources"


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return NONE
    return f"{value:,.1f}{'%' if unit == '%' else ''}"


@dataclass(frozen=True)
class IndicatorFigure:
    """A council's figure for one measure in one period, with its comparators."""

    measure_id: int
    measure_code: str
    measure_name: str
    period: str
    value: float | None
    missing: str  # why there is no value ("Suppressed ([c])"), when there is none
    unit: str  # "%", "per 100,000" or ""
    england: float | None
    region: float | None
    rank: int | None
    ranked_of: int | None
    quartile: int | None
    direction: str | None  # "higher" or "lower" is better; None when not recorded
    ci_low: float | None
    ci_high: float | None
    interval_method: str
    compared_with_england: str
    url: str  # the measure's page for the council and period

    @property
    def period_label(self) -> str:
        return period_label(self.period)

    @property
    def value_text(self) -> str:
        return self.missing if self.value is None else _number(self.value, self.unit)

    @property
    def england_text(self) -> str:
        return _number(self.england, self.unit)

    @property
    def region_text(self) -> str:
        return _number(self.region, self.unit)

    @property
    def direction_words(self) -> str:
        if self.direction == Direction.HIGHER:
            return "higher is better"
        if self.direction == Direction.LOWER:
            return "lower is better"
        return "which way is better is not recorded"

    @property
    def quartile_words(self) -> str:
        return QUARTER_WORDS.get(self.quartile or 0, "Not ranked")

    @property
    def quartile_text(self) -> str:
        """``Worst quarter (4 of 5, higher is better)``: the quarter with its direction."""
        if self.quartile is None:
            return f"Not ranked ({self.direction_words})"
        return f"{self.quartile_words} ({self.rank} of {self.ranked_of}, {self.direction_words})"

    @property
    def interval_text(self) -> str:
        """The 95% interval, or an empty string where the measure has none."""
        if self.ci_low is None or self.ci_high is None:
            return ""
        return f"{_number(self.ci_low, self.unit)} to {_number(self.ci_high, self.unit)}"


@dataclass(frozen=True)
class Indicator:
    """One indicator CQC considers under a QS, with the figures of its nearest measure."""

    qs: str
    name: str
    source: str
    evidence_category: str
    confirmed: bool  # the mapping is published (VERIFIED), not our reading
    ascof_code: str
    figures: tuple[IndicatorFigure, ...]
    missing: str  # what to say when there is no figure


@dataclass(frozen=True)
class QsIndicators:
    qs: str
    indicators: tuple[Indicator, ...]

    @property
    def figures(self) -> tuple[IndicatorFigure, ...]:
        """Each measure once (several indicators may share one), in the mapping's order."""
        seen: dict[int, IndicatorFigure] = {}
        for indicator in self.indicators:
            for figure in indicator.figures:
                seen.setdefault(figure.measure_id, figure)
        return tuple(seen.values())

    @property
    def no_indicators(self) -> str:
        return NO_INDICATORS.format(qs=self.qs)

    @property
    def figures_with_values(self) -> tuple[IndicatorFigure, ...]:
        return tuple(f for f in self.figures if f.value is not None)


@dataclass(frozen=True)
class CouncilIndicators:
    council_name: str
    council_slug: str
    region_name: str
    period: str | None  # the latest financial year with ASCOF figures; None when none loaded
    statements: tuple[QsIndicators, ...]

    @property
    def has_data(self) -> bool:
        return self.period is not None

    @property
    def period_label(self) -> str:
        return period_label(self.period) if self.period else ""

    @property
    def no_data(self) -> str:
        return NO_DATA.format(council=self.council_name)

    def statement(self, qs: str) -> QsIndicators:
        found = next((s for s in self.statements if s.qs == qs.upper()), None)
        return found if found is not None else QsIndicators(qs.upper(), ())


def indicators_for_council(
    *, council: Council, qs_code: str | None = None, period: str | None = None
) -> CouncilIndicators:
    """The indicators of every quality statement (or of one) with the council's figures for
    ``period`` (by default the latest financial year with ASCOF figures). Six queries at most,
    whatever the number of measures; the region's name is read with the council when it was
    not already."""
    found_period, statements = selectors.qs_indicators(
        council=council, period=period, qs=qs_code.upper() if qs_code else None
    )
    label = period_label(found_period) if found_period else "any period"
    categories = dict(EvidenceCategory.choices)
    out = []
    for statement in statements:
        indicators = []
        for item in statement.indicators:
            mapping = item.indicator
            figures = tuple(_figure(row, council, found_period) for row in item.rows)
            if mapping.ascof_code:
                missing = f"No {mapping.ascof_code} figure for {label}"
                if item.measure_codes:
                    missing += f" (looked for {', '.join(item.measure_codes)})"
            else:
                missing = NO_MEASURE
            indicators.append(
                Indicator(
                    qs=mapping.qs,
                    name=mapping.indicator,
                    source=mapping.source,
                    evidence_category=categories.get(mapping.evidence_category, ""),
                    confirmed=mapping.status == "VERIFIED",
                    ascof_code=mapping.ascof_code,
                    figures=figures,
                    missing=missing,
                )
            )
        out.append(QsIndicators(statement.qs, tuple(indicators)))
    return CouncilIndicators(
        council_name=council.name,
        council_slug=council.slug,
        region_name=council.region.name,
        period=found_period,
        statements=tuple(out),
    )


def _figure(row: selectors.Row, council: Council, period: str | None) -> IndicatorFigure:
    b, measure = row.benchmark, row.measure
    missing = ""
    if row.value is None:
        words = row.missing_words[:1].upper() + row.missing_words[1:]
        missing = f"{words} ({b.suppression})" if b.suppression else words
    url = reverse("metrics:measure", args=[council.slug, measure.pk])
    return IndicatorFigure(
        measure_id=measure.pk,
        measure_code=measure.code,
        measure_name=measure.short_description or measure.code,
        period=b.period,
        value=row.value,
        missing=missing,
        unit=row.unit,
        england=b.england,
        region=b.region,
        rank=b.rank,
        ranked_of=b.ranked_of,
        quartile=b.quartile,
        direction=row.direction,
        ci_low=b.ci_low,
        ci_high=b.ci_high,
        interval_method=Statistic(b.ci_method).label if b.ci_method else "",
        compared_with_england=row.funnel_words,
        url=f"{url}?year={period}" if period else url,
    )


# --- for other areas' pages ----------------------------------------------------------------------


def qs_indicators_html(*, council: Council, qs_code: str, can_import: bool) -> SafeString:
    """The indicators section of a page about one QS (``metrics/_qs_indicators.html``),
    rendered once per data version: one small query when it is cached."""

    def render() -> str:
        data = indicators_for_council(council=council, qs_code=qs_code)
        return render_to_string(
            "metrics/_qs_indicators.html",
            {"indicators": data, "found": data.statement(qs_code), "can_import": can_import},
        )

    return cached_fragment(
        name="qs-indicators",
        version=selectors.data_version(),
        query=f"{council.pk}|{qs_code.upper()}|{int(can_import)}",
        render=render,
    )
