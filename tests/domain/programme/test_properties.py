"""Property tests: on random small programmes every plan the solver or the greedy baseline
returns keeps every hard rule, judged by the independent checker."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from programme_builders import START, make_council, make_input, monday

from ascassure.domain.programme import (
    HARD_RULES,
    AvoidWindow,
    Capacity,
    CapacityOverride,
    DateWindow,
    Election,
    Lock,
    ProgrammeInput,
    Team,
    Timing,
    check_plan,
    greedy_plan,
    plan_costs,
    solve,
)

REGIONS = ("London", "North East", "South West")


@st.composite
def windows(draw: st.DrawFn, weeks: int) -> DateWindow:
    first = START + timedelta(days=draw(st.integers(0, 7 * weeks)))
    return DateWindow(first, first + timedelta(days=draw(st.integers(0, 30))), "drawn")


@st.composite
def programmes(draw: st.DrawFn) -> ProgrammeInput:
    weeks = draw(st.integers(8, 26))
    low = draw(st.integers(1, 4))
    timing = Timing(
        notice_weeks_min=low,
        notice_weeks_max=low + draw(st.integers(0, 2)),
        notice_weeks_preferred=low,
        onsite_weeks=draw(st.integers(1, 2)),
        publication_lag_weeks=draw(st.integers(0, 6)),
        max_publication_delay_weeks=draw(st.integers(0, 4)),
    )
    councils = []
    elections = []
    for i in range(draw(st.integers(1, 7))):
        code = f"C{i:02d}"
        lock = None
        if draw(st.booleans()) and draw(st.booleans()):
            onsite = draw(st.integers(0, weeks - timing.onsite_weeks))
            lock = Lock(monday(onsite - draw(st.integers(1, 12))), monday(onsite))
        forbidden = tuple(draw(st.lists(windows(weeks), max_size=2)))
        avoid = tuple(
            AvoidWindow(w.start, w.end, "drawn", draw(st.integers(0, 3)))
            for w in draw(st.lists(windows(weeks), max_size=1))
        )
        if draw(st.booleans()):
            period = draw(windows(weeks))
            elections.append(
                Election(code, period.end, draw(st.sampled_from(("all_out", "thirds"))), period)
            )
        councils.append(
            make_council(
                code,
                region=draw(st.sampled_from(REGIONS)),
                la_type=draw(st.sampled_from(("county council", "London borough"))),
                icb=draw(st.sampled_from(("I1", "I2"))),
                priority_reasons=draw(st.sampled_from(((), ("concerns",), ("innovation",)))),
                forbidden=forbidden,
                avoid=avoid,
                lock=lock,
                previous_onsite=draw(st.none() | st.integers(0, weeks - 1).map(monday)),
                last_published=draw(
                    st.none() | st.integers(-1500, -800).map(lambda d: START + timedelta(days=d))
                ),
            )
        )
    teams: tuple[Team, ...] = ()
    if draw(st.booleans()):
        teams = (Team("A", REGIONS[:2], draw(st.integers(1, 2))), Team("B", REGIONS[2:], 1))
    overrides = tuple(
        CapacityOverride(w.start, w.end, draw(st.integers(0, 1)))
        for w in draw(st.lists(windows(weeks), max_size=1))
    )
    return make_input(
        councils,
        weeks=weeks,
        timing=timing,
        capacity=Capacity(
            onsite_per_week=draw(st.integers(1, 3)),
            reports_per_month=draw(st.integers(1, 6)),
            teams=teams,
            onsite_overrides=overrides,
        ),
        national_blackouts=tuple(draw(st.lists(windows(weeks), max_size=1))),
        elections=tuple(elections),
    )


PROPERTY = settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY
@given(programmes())
def test_every_solver_plan_keeps_every_hard_rule(inputs: ProgrammeInput) -> None:
    result = solve(inputs, time_limit=1.0, workers=1, seed=0)
    event(result.status)

    assert result.status in ("optimal", "feasible", "infeasible")
    if result.plan is not None:
        assert check_plan(inputs, result.plan) == []
        assert result.total == sum(plan_costs(inputs, result.plan).values())
    else:
        assert result.conflicts
        assert {c.rule for c in result.conflicts} <= {r.name for r in HARD_RULES}


@PROPERTY
@given(programmes())
def test_every_greedy_placement_keeps_every_hard_rule(inputs: ProgrammeInput) -> None:
    plan = greedy_plan(inputs)

    violations = check_plan(inputs, plan)
    event("complete" if plan.complete else "incomplete")

    assert {v.rule for v in violations} <= {"within_horizon"}
    assert {v.subject for v in violations} == set(plan.unplaced)


@PROPERTY
@given(programmes())
def test_when_the_greedy_plan_is_complete_the_solver_finds_a_plan_too(
    inputs: ProgrammeInput,
) -> None:
    if not greedy_plan(inputs).complete:
        return

    result = solve(inputs, time_limit=1.0, workers=1, seed=0, explain=False)

    assert result.plan is not None
    assert result.total <= result.greedy.total  # type: ignore[operator]


@settings(max_examples=25, deadline=None, derandomize=True)
@given(programmes())
def test_the_compact_formulation_keeps_every_hard_rule_and_agrees_on_optima(
    inputs: ProgrammeInput,
) -> None:
    compact = solve(inputs, time_limit=1.0, workers=1, seed=0, formulation="compact")
    options = solve(inputs, time_limit=1.0, workers=1, seed=0, formulation="options")

    if compact.plan is not None:
        assert check_plan(inputs, compact.plan) == []
        assert compact.total == sum(plan_costs(inputs, compact.plan).values())
    assert (compact.plan is None) == (options.plan is None)
    if compact.status == options.status == "optimal":
        assert compact.total == options.total
