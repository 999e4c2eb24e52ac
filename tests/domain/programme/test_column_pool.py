"""Plans chosen from the decomposition's columns keep every hard rule, are costed exactly,
never lose the plan they start from, and the whole search reports only improvements."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, event, given, settings
from programme_builders import make_council, make_input, only_weights
from test_properties import programmes

from ascassure.domain.programme import (
    Capacity,
    ProgrammeInput,
    Team,
    Timing,
    check_plan,
    example_document,
    parse_input,
    plan_costs,
    solve,
)
from ascassure.domain.programme.bound import Decomposition
from ascassure.domain.programme.greedy import greedy_weeks, plan_from_weeks
from ascassure.domain.programme.instance import compile_instance
from ascassure.domain.programme.pool import hint_columns, solve_pool
from ascassure.domain.programme.weeks import week_index


@settings(
    max_examples=50, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(programmes())
def test_a_plan_from_the_pool_keeps_every_hard_rule_and_costs_what_it_says(
    inputs: ProgrammeInput,
) -> None:
    instance = compile_instance(inputs)
    decomposition = Decomposition(instance)
    if decomposition.generate(time_limit=10) is None:
        event("no master")
        return
    decomposition.lp.Solve()
    columns = [*decomposition.pool, *decomposition.candidates(20)]
    start = greedy_weeks(instance)
    complete = len(start) == len(instance.councils)
    hint = hint_columns(decomposition, start) if complete else []
    event("with the greedy plan" if hint else "without a plan to start from")

    found = solve_pool(decomposition, columns, hint=hint, time_limit=5, workers=1, seed=2)

    if hint:
        assert found.weeks is not None  # the hint itself is a plan of the pool
    if found.weeks is None:
        return
    plan = plan_from_weeks(instance, found.weeks)
    assert plan.complete
    assert check_plan(inputs, plan) == []
    assert found.objective == sum(plan_costs(inputs, plan).values())
    if hint:
        greedy_total = sum(plan_costs(inputs, plan_from_weeks(instance, start)).values())
        assert found.objective is not None and found.objective <= greedy_total


@settings(
    max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(programmes())
def test_starting_from_a_proven_optimum_the_pool_keeps_it(inputs: ProgrammeInput) -> None:
    result = solve(inputs, time_limit=10, workers=1, seed=4, explain=False)
    if result.status != "optimal" or result.plan is None:
        return
    instance = compile_instance(inputs)
    decomposition = Decomposition(instance)
    assert decomposition.generate(time_limit=10) is not None
    decomposition.lp.Solve()
    by_code = {a.council: a for a in result.plan.assessments}
    weeks = {
        i: (
            week_index(inputs.start, by_code[c.code].onsite),
            week_index(inputs.start, by_code[c.code].publication),
        )
        for i, c in enumerate(instance.councils)
    }
    hint = hint_columns(decomposition, weeks)
    assert hint

    found = solve_pool(
        decomposition, decomposition.candidates(10), hint=hint, time_limit=5, workers=1, seed=2
    )

    assert found.objective == result.total


def test_the_example_is_planned_from_the_pool_and_reports_only_improvements() -> None:
    inputs = parse_input(example_document())
    seen: list[tuple[float, float]] = []

    result = solve(inputs, time_limit=15, workers=2, on_solution=lambda t, v: seen.append((t, v)))

    assert result.plan is not None and check_plan(inputs, result.plan) == []
    assert result.stats.pool_columns and result.stats.pool_columns > 1000
    assert result.stats.decomposition_bound is not None
    assert result.stats.best_bound == result.stats.decomposition_bound <= result.total
    # progress: later and better each time, ending at the plan returned
    assert [t for t, _ in seen] == sorted(t for t, _ in seen)
    assert all(b < a for (_, a), (_, b) in itertools.pairwise(seen))
    assert seen[-1][1] == result.total == result.stats.solver_objective
    assert result.stats.solutions == len(seen)


def test_the_example_plan_is_reproducible_with_one_worker_and_a_seed() -> None:
    inputs = parse_input(example_document())

    first = solve(inputs, time_limit=8, workers=1, seed=11)
    second = solve(inputs, time_limit=8, workers=1, seed=11)

    assert first.stats.pool_columns  # the pool was used
    assert first.plan is not None and second.plan is not None
    assert first.plan.assessments == second.plan.assessments
    assert first.total == second.total


def test_councils_of_different_icbs_share_their_team_week_by_week() -> None:
    # two councils of concern in different ICBs, one team that visits one council a week,
    # national capacity two: the best plan visits one in the first week notice allows
    # (week 1) and the other a week later; without the team's limit both would go in week 1
    councils = [
        make_council(code, region="North East", icb=f"I-{code}", priority_reasons=("concerns",))
        for code in ("A", "B")
    ]
    inputs = make_input(
        councils,
        weeks=10,
        timing=Timing(notice_weeks_min=1, notice_weeks_max=2, notice_weeks_preferred=1),
        capacity=Capacity(
            onsite_per_week=2, reports_per_month=8, teams=(Team("North", ("North East",), 1),)
        ),
        weights=only_weights(priority=1),
    )
    instance = compile_instance(inputs)
    decomposition = Decomposition(instance)
    assert decomposition.generate(time_limit=10) is not None
    decomposition.lp.Solve()

    found = solve_pool(
        decomposition,
        [*decomposition.pool, *decomposition.candidates(5)],
        time_limit=5,
        workers=1,
        seed=1,
    )

    assert found.weeks is not None
    plan = plan_from_weeks(instance, found.weeks)
    assert check_plan(inputs, plan) == []
    assert sorted(week for week, _ in found.weeks.values()) == [1, 2]


def test_a_short_time_limit_still_gives_the_example_a_plan() -> None:
    # the full model keeps at least 2 s for its first plan before the decomposition starts
    inputs = parse_input(example_document())

    result = solve(inputs, time_limit=3, workers=2, explain=False)

    assert result.plan is not None and check_plan(inputs, result.plan) == []
    assert result.stats.first_solution_seconds is not None
    assert result.total is not None and result.greedy.total is not None
    assert result.total <= result.greedy.total
