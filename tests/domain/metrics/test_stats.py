"""Intervals, ranks, funnel limits and SPC, against published and hand-computed values."""

from __future__ import annotations

import math

import pytest

from ascassure.domain.metrics import (
    Direction,
    FunnelPosition,
    SpcSignal,
    byar_limits,
    funnel_limits_proportion,
    funnel_limits_rate,
    funnel_limits_survey,
    funnel_position_rate,
    poisson_limits,
    rank_and_quartile,
    spc,
    wilson_interval,
)
from ascassure.domain.metrics.stats import gamma_p, gamma_p_inverse

# --- Wilson ----------------------------------------------------------------------------------


def test_the_wilson_interval_matches_openepis_published_example() -> None:
    # OpenEpi "Proportion" demo: 418 of 6153, Wilson score 95% limits 6.19% to 7.45%.
    low, high = wilson_interval(418, 6153)
    assert (round(low * 100, 2), round(high * 100, 2)) == (6.19, 7.45)


def test_the_wilson_interval_matches_hand_computed_values() -> None:
    # 50/100: centre 0.5, half-width 1.96*sqrt(0.0025 + 0.00009604)/(1.038416) = 0.0962
    assert wilson_interval(50, 100) == pytest.approx((0.40383, 0.59617), abs=1e-5)
    # 0/10: upper = z^2/(n + z^2) = 3.8415/13.8415
    assert wilson_interval(0, 10) == pytest.approx((0.0, 0.27753), abs=1e-5)
    assert wilson_interval(10, 10) == pytest.approx((0.72247, 1.0), abs=1e-5)


def test_a_wider_confidence_level_gives_a_wider_wilson_interval() -> None:
    l95, h95 = wilson_interval(30, 80)
    l99, h99 = wilson_interval(30, 80, confidence=0.99)
    assert l99 < l95 < 30 / 80 < h95 < h99


@pytest.mark.parametrize(
    ("numerator", "denominator", "confidence"),
    [
        (5, 0, 0.95),
        (-1, 10, 0.95),
        (11, 10, 0.95),
        (5, 10, 1.0),
        (5, 10, 0.0),
        (math.nan, 10, 0.95),
    ],
)
def test_a_wilson_interval_with_impossible_inputs_is_refused(
    numerator: float, denominator: float, confidence: float
) -> None:
    with pytest.raises(ValueError):
        wilson_interval(numerator, denominator, confidence)


# --- Poisson ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "low", "high"),
    [
        (10, 4.795, 18.390),  # published exact 95% limits
        (0, 0.0, 3.689),
        (1, 0.0253, 5.572),
        (5, 1.623, 11.668),
        (100, 81.364, 121.627),
    ],
)
def test_exact_poisson_limits_match_published_tables(count: int, low: float, high: float) -> None:
    assert poisson_limits(count) == pytest.approx((low, high), abs=5e-4)


def test_exact_poisson_limits_at_99_8_percent_are_wider() -> None:
    l95, h95 = poisson_limits(20)
    l998, h998 = poisson_limits(20, confidence=0.998)
    assert l998 < l95 < 20 < h95 < h998


def test_the_incomplete_gamma_function_matches_closed_forms_on_both_branches() -> None:
    for x in (0.1, 0.9, 2.5, 7.0, 30.0):  # series below a + 1, continued fraction above
        assert gamma_p(1.0, x) == pytest.approx(1 - math.exp(-x), rel=1e-12)
        assert gamma_p(0.5, x) == pytest.approx(math.erf(math.sqrt(x)), rel=1e-12)
        # P(3, x) = 1 - e^-x (1 + x + x^2/2)
        assert gamma_p(3.0, x) == pytest.approx(1 - math.exp(-x) * (1 + x + x * x / 2), rel=1e-10)


def test_the_inverse_incomplete_gamma_function_round_trips() -> None:
    for a in (0.3, 1.0, 4.5, 60.0, 2500.0):
        for p in (0.001, 0.025, 0.5, 0.975, 0.999):
            assert gamma_p(a, gamma_p_inverse(a, p)) == pytest.approx(p, abs=1e-12)


def test_byar_approximation_is_close_to_exact_limits_for_counts_of_ten_or_more() -> None:
    for count in (10, 25, 100, 1000):
        exact, byar = poisson_limits(count), byar_limits(count)
        assert byar == pytest.approx(exact, rel=5e-3)
    assert byar_limits(1)[0] != pytest.approx(poisson_limits(1)[0], rel=1e-3)


# --- ranks and quartiles ---------------------------------------------------------------------


def test_ranks_put_the_highest_first_when_higher_is_better() -> None:
    ranks = rank_and_quartile({"a": 10.0, "b": 30.0, "c": 20.0, "d": 40.0}, Direction.HIGHER)
    assert {c: (r.rank, r.quartile) for c, r in ranks.items()} == {
        "d": (1, 1),
        "b": (2, 2),
        "c": (3, 3),
        "a": (4, 4),
    }


def test_ranks_put_the_lowest_first_when_lower_is_better() -> None:
    ranks = rank_and_quartile({"a": 10.0, "b": 30.0, "c": 20.0, "d": 40.0}, Direction.LOWER)
    assert [ranks[c].rank for c in "abcd"] == [1, 3, 2, 4]


def test_tied_values_share_the_best_rank_and_one_quartile() -> None:
    values = {"a": 5.0, "b": 7.0, "c": 7.0, "d": 7.0, "e": 9.0, "f": 1.0, "g": 2.0, "h": 3.0}
    ranks = rank_and_quartile(values, Direction.HIGHER)
    assert [(c, ranks[c].rank, ranks[c].quartile) for c in "ebcdahgf"] == [
        ("e", 1, 1),
        ("b", 2, 1),
        ("c", 2, 1),
        ("d", 2, 1),
        ("a", 5, 3),
        ("h", 6, 3),
        ("g", 7, 4),
        ("f", 8, 4),
    ]


def test_missing_values_are_left_out_of_the_ranking() -> None:
    ranks = rank_and_quartile({"a": 1.0, "b": None, "c": math.nan, "d": 2.0}, Direction.HIGHER)
    assert sorted(ranks) == ["a", "d"]
    assert {r.of for r in ranks.values()} == {2}
    assert (ranks["d"].quartile, ranks["a"].quartile) == (1, 3)


def test_153_councils_fall_into_quartiles_of_39_38_38_38() -> None:
    values = {f"c{i:03d}": float(i) for i in range(153)}
    ranks = rank_and_quartile(values, Direction.HIGHER)
    sizes = [sum(1 for r in ranks.values() if r.quartile == q) for q in (1, 2, 3, 4)]
    assert sizes == [39, 38, 38, 38]


# --- funnel limits ---------------------------------------------------------------------------


def test_proportion_funnel_limits_match_a_hand_computation() -> None:
    # target 0.8, n = 100: sd = 0.04; z(0.975) = 1.959964, z(0.999) = 3.090232
    limits = funnel_limits_proportion(0.8, 100)
    assert (limits.lower_95, limits.upper_95) == pytest.approx((0.721601, 0.878399), abs=1e-6)
    assert (limits.lower_998, limits.upper_998) == pytest.approx((0.676391, 0.923609), abs=1e-6)


def test_a_proportion_is_outside_the_funnel_iff_its_wilson_interval_misses_the_target() -> None:
    target, n = 0.7, 57
    limits = funnel_limits_proportion(target, n)
    for x in range(n + 1):
        for confidence, low_side, high_side in (
            (0.95, limits.lower_95, limits.upper_95),
            (0.998, limits.lower_998, limits.upper_998),
        ):
            low, high = wilson_interval(x, n, confidence)
            excluded = not low <= target <= high
            outside = not low_side <= x / n <= high_side
            assert outside == excluded, (x, confidence)


def test_a_rate_is_outside_the_funnel_iff_its_exact_interval_misses_the_target() -> None:
    target, population, per = 300.0, 10_000.0, 100_000.0  # expected count 30
    limits = funnel_limits_rate(target, population, per=per)
    seen = set()
    for count in range(0, 90):
        rate = count * per / population
        for confidence, low_side, high_side in (
            (0.95, limits.lower_95, limits.upper_95),
            (0.998, limits.lower_998, limits.upper_998),
        ):
            low, high = poisson_limits(count, confidence)
            excluded = not low <= 30 <= high
            outside = not low_side <= rate <= high_side
            assert outside == excluded, (count, confidence)
            seen.add(limits.classify(rate))
    assert seen == set(FunnelPosition)


def test_funnel_limits_narrow_as_the_denominator_grows() -> None:
    small, large = funnel_limits_rate(500, 5_000), funnel_limits_rate(500, 500_000)
    assert small.lower_998 < small.lower_95 < large.lower_95 < 500 < large.upper_95 < small.upper_95
    wide, narrow = funnel_limits_proportion(0.5, 20), funnel_limits_proportion(0.5, 2000)
    assert wide.upper_95 - wide.lower_95 > narrow.upper_95 - narrow.lower_95


def test_a_small_expected_count_has_no_lower_rate_limit_above_zero() -> None:
    # Expected count 1: even 0 events is not significantly low at 95%, since P(0) = e^-1.
    limits = funnel_limits_rate(10, 10_000)
    assert limits.lower_95 == limits.lower_998 == 0.0
    assert limits.classify(0.0) is FunnelPosition.WITHIN


def test_survey_limits_come_from_the_published_margin_of_error() -> None:
    limits = funnel_limits_survey(80.0, 1.959964)  # margin of error = 1.96 * SE with SE = 1
    assert (limits.lower_95, limits.upper_95) == pytest.approx((78.04, 81.96), abs=1e-4)
    assert (limits.lower_998, limits.upper_998) == pytest.approx((76.9098, 83.0902), abs=1e-4)
    assert limits.denominator is None


def test_a_value_on_a_funnel_limit_counts_as_inside_it() -> None:
    limits = funnel_limits_proportion(0.5, 100)
    assert limits.classify(limits.upper_95) is FunnelPosition.WITHIN
    assert limits.classify(limits.upper_998) is FunnelPosition.ABOVE_95
    assert limits.classify(limits.lower_998 - 1e-9) is FunnelPosition.BELOW_998


# --- SPC -------------------------------------------------------------------------------------


def flagged(result_signals: list[frozenset[SpcSignal]], signal: SpcSignal) -> list[int]:
    return [i for i, s in enumerate(result_signals) if signal in s]


def test_a_series_shorter_than_15_points_reports_not_enough_points() -> None:
    result = spc([float(v) for v in range(14)])
    assert not result.enough_points
    assert result.message == "not enough points: 14 given, at least 15 needed"
    assert result.mean is None and result.upper_limit is None
    assert result.signals == frozenset()
    assert [p.moving_range for p in result.points[:3]] == [None, 1.0, 1.0]


def test_the_minimum_number_of_points_is_configurable() -> None:
    result = spc([10, 12, 11, 13, 10, 12, 11, 13, 10, 12], minimum_points=10)
    assert result.enough_points
    assert result.mean == pytest.approx(11.4)


def test_a_stable_series_has_its_hand_computed_limits_and_no_signal() -> None:
    values = [10, 12, 11, 13] * 3 + [10, 12, 11]
    result = spc(values)
    # mean 171/15 = 11.4; moving ranges sum to 27 over 14: 1.928571; 2.66 * that = 5.13
    assert result.mean == pytest.approx(11.4)
    assert result.average_moving_range == pytest.approx(27 / 14)
    assert (result.lower_limit, result.upper_limit) == pytest.approx((6.27, 16.53))
    assert (result.lower_two_sigma, result.upper_two_sigma) == pytest.approx((7.98, 14.82))
    assert result.signals == frozenset()


def test_a_point_outside_the_limits_and_a_long_run_below_the_mean_are_signalled() -> None:
    values = [10, 12] * 7 + [30]
    result = spc(values)
    # mean 184/15 = 12.2667; moving ranges 13 x 2 + 18 = 44 over 14; upper limit 20.627
    assert result.mean == pytest.approx(184 / 15)
    assert result.upper_limit == pytest.approx(184 / 15 + 2.66 * 44 / 14)
    signals = [p.signals for p in result.points]
    assert flagged(signals, SpcSignal.OUTSIDE_LIMITS) == [14]
    assert flagged(signals, SpcSignal.SHIFT) == list(range(14))  # all 14 below 12.27
    assert flagged(signals, SpcSignal.TREND) == []
    assert flagged(signals, SpcSignal.TWO_OF_THREE) == []  # the 30 is alone beyond 17.84


def test_six_rising_points_make_a_trend_and_five_do_not() -> None:
    values = [11, 10, 12, 11, 10, 12, 7, 8, 9, 10, 11, 12, 11, 10, 12]
    result = spc(values)
    # mean 156/15 = 10.4; moving ranges sum 21 over 14 = 1.5; limits 6.41 to 14.39;
    # 2-sigma lines 7.74 and 13.06: only the 7 is beyond one, so no two-of-three.
    assert result.mean == pytest.approx(10.4)
    assert result.average_moving_range == pytest.approx(1.5)
    assert [sorted(p.signals) for p in result.points if p.signals] == [[SpcSignal.TREND]] * 6
    assert flagged([p.signals for p in result.points], SpcSignal.TREND) == list(range(6, 12))
    assert spc(values, trend_length=7).signals == frozenset()


def test_two_of_three_points_beyond_two_sigma_on_one_side_are_signalled() -> None:
    values = [10, 12] * 6 + [17, 11, 17]
    result = spc(values)
    # mean 11.8; moving ranges 11 x 2 + 5 + 6 + 6 = 39 over 14; 2-sigma line 16.74, limit 19.21
    assert result.upper_two_sigma == pytest.approx(11.8 + 2.66 * (2 / 3) * 39 / 14)
    assert result.upper_limit is not None and result.upper_limit > 17
    assert result.signals == frozenset({SpcSignal.TWO_OF_THREE})
    assert flagged([p.signals for p in result.points], SpcSignal.TWO_OF_THREE) == [12, 14]


def test_seven_points_on_one_side_make_a_shift_and_the_run_length_is_configurable() -> None:
    values = [8, 10, 8, 10, 11, 12, 11, 12, 11, 12, 11, 8, 10, 8, 10]
    result = spc(values)
    # mean 152/15 = 10.13; moving ranges sum 22 over 14 = 1.571; 2-sigma lines 7.35 and 12.92:
    # the seven points 11/12 are the only run, nothing is beyond 2 sigma, no six-point trend.
    assert result.mean == pytest.approx(152 / 15)
    assert result.average_moving_range == pytest.approx(22 / 14)
    assert result.signals == frozenset({SpcSignal.SHIFT})
    assert flagged([p.signals for p in result.points], SpcSignal.SHIFT) == list(range(4, 11))
    assert spc(values, shift_length=8).signals == frozenset()


def test_a_point_on_the_mean_breaks_a_run_on_one_side() -> None:
    # Mean exactly 10: three 11s, a 10, three 11s (no run of 7), then eight points below.
    values = [11, 11, 11, 10, 11, 11, 11, 8.75, 9.75, 8.75, 9.75, 8.75, 9.75, 8.75, 9.75]
    result = spc(values)
    assert result.mean == 10.0
    assert flagged([p.signals for p in result.points], SpcSignal.SHIFT) == list(range(7, 15))
    assert result.signals == frozenset({SpcSignal.SHIFT})


def test_an_spc_series_with_a_gap_is_refused() -> None:
    with pytest.raises(ValueError, match="value 3 is nan"):
        spc([1.0, 2.0, 3.0, math.nan] + [1.0] * 12)


@pytest.mark.parametrize("target", [0.0, 3.0, 498.2, 12.5])
@pytest.mark.parametrize("population", [500, 4000, 37_000, 250_000])
def test_the_quick_rate_position_agrees_with_the_funnel_limits(
    target: float, population: float
) -> None:
    values = [x * target / 20 for x in range(60)] + [0.0, 1.0, 2000.0]
    for value in values:
        expected = funnel_limits_rate(target, population).classify(value)
        assert funnel_position_rate(value, target, population) is expected, value


def test_the_quick_rate_position_refuses_what_the_limits_refuse() -> None:
    with pytest.raises(ValueError, match="population and per must be positive"):
        funnel_position_rate(1.0, 1.0, 0)
    with pytest.raises(ValueError, match="must not be negative"):
        funnel_position_rate(-1.0, 1.0, 10)
