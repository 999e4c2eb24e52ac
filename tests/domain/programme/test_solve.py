"""The solver: plans keep every hard rule, soft rules pull the way they say, the objective is
broken down by rule, plans repeat with a fixed seed, and clashes are explained."""

from __future__ import annotations

import json
from datetime import timedelta

from programme_builders import make_council, make_input, monday, only_weights

from ascassure.domain.programme import (
    AvoidWindow,
    DateWindow,
    Lock,
    check_plan,
    greedy_plan,
    plan_costs,
    plan_document,
    solve,
    synthetic_input,
)


def quick(inputs, **options):  # type: ignore[no-untyped-def]
    options.setdefault("time_limit", 2.0)
    options.setdefault("workers", 1)
    options.setdefault("seed", 3)
    return solve(inputs, **options)


def onsite_weeks(result) -> dict[str, int]:  # type: ignore[no-untyped-def]
    start = result.plan.assessments[0].onsite  # any Monday: compare relative weeks
    return {a.council: (a.onsite - start).days // 7 for a in result.plan.assessments}


def test_a_plan_on_a_synthetic_programme_keeps_every_hard_rule() -> None:
    inputs = synthetic_input(24, 40, seed=5)

    result = quick(inputs, time_limit=1.0)

    assert result.plan is not None
    assert check_plan(inputs, result.plan) == []


def test_the_objective_is_broken_down_by_every_soft_rule_with_shares_summing_to_one() -> None:
    inputs = synthetic_input(24, 40, seed=5)

    result = quick(inputs, time_limit=1.0)

    assert result.total == sum(c.points for c in result.costs)
    assert result.total == sum(plan_costs(inputs, result.plan).values())
    assert abs(sum(c.share for c in result.costs) - 1.0) < 1e-9
    assert [c.rule for c in result.costs][:3] == ["priority", "icb_grouping", "region_mix"]


def test_a_proven_optimum_is_the_same_number_as_the_independent_evaluation() -> None:
    inputs = synthetic_input(8, 30, seed=2)

    result = quick(inputs)

    assert result.status == "optimal"
    assert result.stats.solver_objective == result.total
    assert result.stats.gap == 0.0


def test_with_a_fixed_seed_and_one_worker_the_plan_repeats_exactly() -> None:
    inputs = synthetic_input(30, 45, seed=9)

    first = plan_document(quick(inputs, time_limit=1.0, seed=11), inputs)
    second = plan_document(quick(inputs, time_limit=1.0, seed=11), inputs)

    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)


def test_a_council_with_concerns_goes_before_an_otherwise_identical_one() -> None:
    councils = [
        make_council("C00"),
        make_council("C01", priority_reasons=("concerns",)),
    ]
    inputs = make_input(councils, onsite_per_week=1, weights=only_weights(priority=1))

    weeks = onsite_weeks(quick(inputs))

    assert weeks["C01"] < weeks["C00"]


def test_notification_comes_nine_to_eleven_weeks_before_on_site_and_not_before_the_start() -> None:
    inputs = make_input(6, onsite_per_week=1)

    result = quick(inputs)

    for a in result.plan.assessments:
        assert 9 <= a.notice_weeks <= 11
        assert a.notification >= inputs.start


def test_a_publication_due_in_a_blackout_slips_to_the_first_week_after_it() -> None:
    blackout = DateWindow(monday(22), monday(24) + timedelta(days=6), "general election")
    council = make_council("C00", forbidden=(DateWindow(monday(0), monday(9) + timedelta(days=6)),))
    inputs = make_input(
        [council],
        weeks=11,
        national_blackouts=(blackout,),
        weights=only_weights(publication_delay=1),
    )

    result = quick(inputs)

    (a,) = result.plan.assessments
    assert a.onsite == monday(10)
    assert a.publication == monday(25)
    assert result.total == 2


def test_a_locked_assessment_keeps_its_dates_even_before_the_plan_starts() -> None:
    lock = Lock(monday(-8), monday(2))
    inputs = make_input([make_council("C00", lock=lock), make_council("C01")])

    (locked,) = [a for a in quick(inputs).plan.assessments if a.council == "C00"]

    assert (locked.notification, locked.onsite, locked.locked) == (monday(-8), monday(2), True)


def test_a_council_stays_where_the_previous_plan_had_it_when_nothing_else_pulls() -> None:
    council = make_council("C00", previous_onsite=monday(17))
    inputs = make_input([council], weights=only_weights(stability=40, priority=1))

    assert quick(inputs).plan.assessments[0].onsite == monday(17)


def test_a_visit_avoids_a_soft_window_when_it_can() -> None:
    window = AvoidWindow(monday(9), monday(14) + timedelta(days=6), "Ofsted expected")
    council = make_council("C00", avoid=(window,), priority_reasons=("concerns",))
    inputs = make_input([council], weights=only_weights(avoid_window=100, priority=1))

    assert quick(inputs).plan.assessments[0].onsite == monday(15)


def test_councils_of_one_icb_are_kept_close_together() -> None:
    councils = [make_council("A0", icb="I"), make_council("A1", icb="I")] + [
        make_council(f"B{i}", priority_reasons=("concerns",)) for i in range(6)
    ]
    inputs = make_input(
        councils, weeks=40, onsite_per_week=1, weights=only_weights(icb_grouping=50, priority=1)
    )

    weeks = onsite_weeks(quick(inputs))

    assert abs(weeks["A0"] - weeks["A1"]) <= 8


def test_the_solver_is_never_worse_than_the_greedy_plan_it_starts_from() -> None:
    inputs = synthetic_input(30, 45, seed=4)

    result = quick(inputs, time_limit=2.0)

    assert result.greedy.complete
    assert result.greedy.total == sum(plan_costs(inputs, greedy_plan(inputs)).values())
    assert result.total <= result.greedy.total
    assert result.greedy.ratio == result.total / result.greedy.total


def test_the_greedy_plan_keeps_every_hard_rule() -> None:
    inputs = synthetic_input(40, 50, seed=8)

    plan = greedy_plan(inputs)

    assert plan.complete
    assert check_plan(inputs, plan) == []


def test_a_locked_visit_in_a_forbidden_week_is_explained_by_those_two_rules() -> None:
    lock = Lock(monday(-8), monday(3))
    event = DateWindow(monday(3), monday(3) + timedelta(days=2), "major event")
    inputs = make_input([make_council("C00", lock=lock, forbidden=(event,)), make_council("C01")])

    result = quick(inputs)

    assert result.status == "infeasible" and result.plan is None
    assert {(c.rule, c.subject.split()[0]) for c in result.conflicts} == {
        ("locked", "C00"),
        ("forbidden_weeks", "C00"),
    }
    assert result.conflicts_minimal


def test_three_locked_visits_in_a_week_of_capacity_two_name_the_week_and_the_locks() -> None:
    councils = [make_council(f"C{i:02d}", lock=Lock(monday(-8), monday(4))) for i in range(3)]
    inputs = make_input(councils)

    result = quick(inputs)

    assert result.status == "infeasible"
    assert sorted((c.rule, c.subject) for c in result.conflicts) == [
        ("locked", "C00 Council C00"),
        ("locked", "C01 Council C01"),
        ("locked", "C02 Council C02"),
        ("onsite_capacity", monday(4).isoformat()),
    ]
    assert result.conflicts_minimal


def test_too_few_weeks_for_the_notice_period_is_explained() -> None:
    inputs = make_input(3, weeks=10, onsite_per_week=1)

    result = quick(inputs)

    rules = {c.rule for c in result.conflicts}
    assert result.status == "infeasible"
    assert "notice_period" in rules
    assert rules <= {"notice_period", "onsite_capacity"}
