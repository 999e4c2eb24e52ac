"""The decomposition bound is a true lower bound (never above a proven optimum) and it sees
what grouping an ICB costs when its team can visit one council a week, which the solver's
linear relaxation does not."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from programme_builders import make_council, make_input, only_weights
from test_properties import programmes

from ascassure.domain.programme import (
    Capacity,
    ProgrammeInput,
    RuleSettings,
    Team,
    Timing,
    solve,
)
from ascassure.domain.programme.bound import decomposition_bound
from ascassure.domain.programme.instance import compile_instance


@settings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(programmes())
def test_the_bound_never_exceeds_a_proven_optimum(inputs: ProgrammeInput) -> None:
    result = solve(inputs, time_limit=10, workers=1, seed=3, explain=False)
    if result.stats.status != "optimal" or result.total is None:
        return  # only a proven optimum can judge a bound
    found = decomposition_bound(compile_instance(inputs), time_limit=10)
    assert found is not None
    assert found.bound <= result.total + 1e-6


def _three_in_one_icb(tolerance: int) -> ProgrammeInput:
    councils = [make_council(f"C{i}", region="North East", icb="I1") for i in range(3)]
    return make_input(
        councils,
        weeks=12,
        timing=Timing(notice_weeks_min=1, notice_weeks_max=2, notice_weeks_preferred=1),
        capacity=Capacity(
            onsite_per_week=2,
            reports_per_month=8,
            teams=(Team("North", ("North East",), 1),),
        ),
        weights=only_weights(icb_grouping=5),
        settings=RuleSettings(icb_tolerance_weeks=tolerance),
    )


def test_a_team_that_visits_one_council_a_week_cannot_keep_three_in_one_week() -> None:
    # hand-computed: a window of one week (tolerance 0), three councils of one ICB and a team
    # that visits one a week: the best plan visits them in weeks w-1, w, w+1, so two councils
    # are one week outside the window: 2 x 5 = 10 points
    inputs = _three_in_one_icb(tolerance=0)
    found = decomposition_bound(compile_instance(inputs), time_limit=10)
    assert found is not None and found.converged
    assert 9.99 <= found.bound <= 10  # the flow's rounding may cost a thousandth a council

    result = solve(inputs, time_limit=10, workers=1, seed=1)
    assert result.total == 10
    assert result.stats.best_bound == 10
    assert result.stats.decomposition_bound is None  # proven by the solver: not needed
    assert result.status == "optimal"


def test_a_window_wide_enough_costs_nothing() -> None:
    # a window of three weeks (tolerance 2) holds all three councils in distinct weeks
    found = decomposition_bound(compile_instance(_three_in_one_icb(tolerance=2)), 10)
    assert found is not None and found.converged
    assert -0.01 <= found.bound <= 0
