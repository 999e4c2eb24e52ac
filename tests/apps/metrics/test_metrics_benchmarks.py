"""Benchmarks worked out in bulk: comparators, ranks with direction, intervals, funnels."""

from __future__ import annotations

import pytest

from apps.metrics.metrics_files import DESCRIPTIONS, SMALL
from ascassure.apps.metrics import areas
from ascassure.apps.metrics.benchmarks import benchmarks_compute
from ascassure.apps.metrics.models import Benchmark, Geography, MeasureDirection
from ascassure.apps.metrics.registry import measure_direction_set
from ascassure.apps.metrics.services import data_import_file
from ascassure.domain.metrics import (
    funnel_limits_proportion,
    funnel_limits_rate,
    poisson_limits,
    wilson_interval,
)

pytestmark = pytest.mark.django_db


def bench(ons: str, code: str, period: str = "2020-21") -> Benchmark:
    return Benchmark.objects.get(council__ons_code=ons, measure__code=code, period=period)


def test_each_council_gets_the_published_england_region_and_council_type_figures(small_import):
    trafford = bench("E08000009", "2A2")
    assert (trafford.value, trafford.england, trafford.region) == (639.4, 498.2, 637.6)
    assert (trafford.council_type, trafford.council_type_name) == (669.2, "Metropolitan District")
    camden = bench("E09000007", "2A2")
    assert (camden.region, camden.council_type, camden.council_type_name) == (
        500.0,
        420.0,
        "Inner London",
    )
    kent = bench("E10000016", "2A2")
    assert (kent.region, kent.council_type) == (450.0, 480.0)


def test_ranks_and_quartiles_follow_the_direction_and_leave_out_suppressed_figures(small_import):
    # 2A2: lower is better; Kent is suppressed. 400 < 639.4 < 644.7 < 800.
    ranks = {
        b.council.name: (b.rank, b.ranked_of, b.quartile)
        for b in Benchmark.objects.filter(measure__code="2A2").select_related("council")
    }
    assert ranks == {
        "Camden": (1, 4, 1),
        "Trafford": (2, 4, 2),
        "Bury": (3, 4, 3),
        "Manchester": (4, 4, 4),
        "Kent": (None, None, None),
    }
    # 1C1A: higher is better. 95 > 90 > 85 > 80 > 78.
    assert (bench("E09000007", "1C1A").rank, bench("E08000009", "1C1A").rank) == (1, 5)
    assert bench("E08000009", "1C1A").quartile == 4


def test_a_proportion_has_a_wilson_interval_in_its_own_units(small_import):
    trafford = bench("E08000009", "1C1A")
    low, high = wilson_interval(780, 1000)
    assert trafford.ci_method == "proportion"
    assert (trafford.ci_low, trafford.ci_high) == pytest.approx((low * 100, high * 100))
    assert 75.3 < trafford.ci_low < 75.4 and 80.4 < trafford.ci_high < 80.5


def test_a_rate_has_exact_poisson_limits_per_100000(small_import):
    trafford = bench("E08000009", "2A2")
    low, high = poisson_limits(265)
    assert trafford.ci_method == "rate"
    assert trafford.ci_low == pytest.approx(low / 41443 * 100_000)
    assert trafford.ci_high == pytest.approx(high / 41443 * 100_000)
    assert trafford.ci_low < 639.4 < trafford.ci_high


def test_a_survey_measure_uses_the_published_margin_of_error_not_its_counts(small_import):
    trafford = bench("E08000009", "1A")
    assert trafford.ci_method == "survey"
    assert (trafford.ci_low, trafford.ci_high) == pytest.approx((18.7, 19.5))
    assert (trafford.base, trafford.margin_of_error) == (400, 0.4)
    # The 95% limits are England ± the council's own margin: 19.2 ± 0.4 and 19.2 ± 0.5.
    assert trafford.funnel_position == "within the 95% limits"
    assert bench("E08000002", "1A").funnel_position == "within the 95% limits"  # 19.6 < 19.7


def test_funnel_positions_match_the_funnel_limits_around_england(small_import):
    for ons, code in (("E08000009", "2A2"), ("E08000003", "2A2"), ("E09000007", "2A2")):
        b = bench(ons, code)
        expected = funnel_limits_rate(498.2, b.denominator).classify(b.value).value
        assert b.funnel_position == expected, ons
    trafford = bench("E08000009", "1C1A")
    expected = funnel_limits_proportion(0.922, 1000).classify(0.78).value
    assert trafford.funnel_position == expected == "below the 99.8% limit"


def test_a_measure_without_a_recorded_direction_is_not_ranked_until_one_is_set(
    small_import,
):
    MeasureDirection.objects.filter(framework="old", code="1C1A").delete()
    benchmarks_compute()
    assert bench("E08000009", "1C1A").rank is None
    written = measure_direction_set(framework="old", code="1C1A", direction="lower")
    assert written == 5
    assert (bench("E08000009", "1C1A").rank, bench("E09000007", "1C1A").rank) == (1, 5)
    measure_direction_set(framework="old", code="1C1A", direction="higher")
    assert bench("E08000009", "1C1A").rank == 5


def test_working_everything_out_again_gives_the_rows_the_import_wrote(small_import):
    fields = ("council_id", "measure_id", "disaggregation", "value", "rank", "ci_low", "england")
    before = sorted(Benchmark.objects.values_list(*fields), key=repr)
    assert benchmarks_compute() == len(before)
    assert sorted(Benchmark.objects.values_list(*fields), key=repr) == before


def test_the_council_type_group_comes_from_the_code_the_council_had_that_year():
    assert areas.council_type_code("E10000023") == "S"  # North Yorkshire as a county
    assert areas.council_type_code("E06000065") == "U"  # North Yorkshire today
    assert areas.council_type_code("E08000009") == "M"
    assert areas.council_type_code("E09000011") == "I"  # Greenwich: statutory Inner London
    assert areas.council_type_code("E09000014") == "O"  # Haringey: Outer London in ASCOF
    assert areas.council_type_code("E12000002") == ""


def test_a_county_that_became_a_unitary_council_on_the_same_boundary_keeps_its_data(
    seeded, ascof_file
):
    values = {("E08000009", "2A2"): SMALL[("E08000009", "2A2")]}
    text = ascof_file(values).read_text(encoding="utf-8")
    description = f'"{DESCRIPTIONS["2A2"]}"'
    text += f"815,North Yorkshire,Council,E10000023,2A2,Total,Outcome,510.0,2A2,{description}\n"
    text += f"909,Cumbria,Council,E10000006,2A2,Total,Outcome,520.0,2A2,{description}\n"
    path = ascof_file(text=text)
    data_import_file(data=path.read_bytes(), file_name=path.name)
    north_yorkshire = Geography.objects.get(key="E10000023")
    assert north_yorkshire.council.ons_code == "E06000065"
    assert north_yorkshire.council_type_code == "S"
    assert bench("E06000065", "2A2").value == 510.0
    assert Geography.objects.get(key="E10000006").council is None  # Cumbria was split
    assert bench("E08000009", "2A2").ranked_of == 3  # still ranked among all three
