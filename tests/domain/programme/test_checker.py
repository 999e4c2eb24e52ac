"""The independent checker finds each broken hard rule, and the cost evaluator follows the
rules' definitions."""

from __future__ import annotations

from datetime import date, timedelta

from programme_builders import make_council, make_input, monday, only_weights

from ascassure.domain.programme import (
    Assessment,
    Capacity,
    CapacityOverride,
    DateWindow,
    Election,
    Lock,
    Plan,
    check_plan,
    plan_costs,
)


def visit(code: str, onsite_week: int, *, notice: int = 10, delay: int = 0) -> Assessment:
    onsite = monday(onsite_week)
    return Assessment(
        council=code,
        notification=onsite - timedelta(weeks=notice),
        onsite=onsite,
        publication=onsite + timedelta(weeks=13 + delay),
    )


def rules_broken(inputs: object, plan: Plan) -> set[str]:
    return {v.rule for v in check_plan(inputs, plan)}  # type: ignore[arg-type]


def test_a_plan_keeping_every_rule_passes() -> None:
    inputs = make_input(2)
    plan = Plan((visit("C00", 10), visit("C01", 11)))

    assert check_plan(inputs, plan) == []


def test_a_council_left_out_breaks_within_horizon() -> None:
    assert rules_broken(make_input(2), Plan((visit("C00", 10),))) == {"within_horizon"}


def test_a_visit_after_the_horizon_breaks_within_horizon() -> None:
    inputs = make_input(1, weeks=20)

    assert rules_broken(inputs, Plan((visit("C00", 20),))) == {"within_horizon"}


def test_a_notice_of_eight_weeks_breaks_the_notice_period() -> None:
    assert rules_broken(make_input(1), Plan((visit("C00", 10, notice=8),))) == {"notice_period"}


def test_a_notification_before_the_plan_starts_breaks_the_notice_period() -> None:
    assert rules_broken(make_input(1), Plan((visit("C00", 8, notice=9),))) == {"notice_period"}


def test_three_visits_in_a_week_of_capacity_two_break_onsite_capacity() -> None:
    plan = Plan(tuple(visit(f"C{i:02d}", 12) for i in range(3)))

    assert rules_broken(make_input(3), plan) == {"onsite_capacity"}


def test_a_capacity_override_lowers_one_week() -> None:
    closed = CapacityOverride(monday(12), monday(12) + timedelta(days=4), 0, "closed")
    capacity = Capacity(onsite_per_week=2, reports_per_month=8, onsite_overrides=(closed,))
    inputs = make_input(2, capacity=capacity)

    assert rules_broken(inputs, Plan((visit("C00", 12), visit("C01", 13)))) == {"onsite_capacity"}


def test_a_visit_touching_a_forbidden_window_breaks_forbidden_weeks() -> None:
    council = make_council(
        "C00", forbidden=(DateWindow(monday(12) + timedelta(days=6), monday(13), "event"),)
    )

    assert rules_broken(make_input([council]), Plan((visit("C00", 12),))) == {"forbidden_weeks"}


def test_a_moved_locked_assessment_breaks_locked() -> None:
    lock = Lock(monday(2) - timedelta(weeks=10), monday(2))
    council = make_council("C00", lock=lock)

    assert rules_broken(make_input([council]), Plan((visit("C00", 10),))) == {"locked"}


def test_publication_inside_a_national_blackout_breaks_publication_blackout() -> None:
    blackout = DateWindow(monday(23) + timedelta(days=5), monday(26), "general election")
    inputs = make_input(1, national_blackouts=(blackout,))

    assert rules_broken(inputs, Plan((visit("C00", 10),))) == {"publication_blackout"}


def test_publication_in_the_councils_own_pre_election_period_breaks_the_blackout() -> None:
    poll = monday(24) + timedelta(days=3)
    election = Election("C00", poll, "thirds", DateWindow(poll - timedelta(days=37), poll))
    inputs = make_input(2, elections=(election,))
    plan = Plan((visit("C00", 10), visit("C01", 10)))

    assert [v.subject for v in check_plan(inputs, plan)] == ["C00"]


def test_publication_later_than_the_delay_limit_breaks_it() -> None:
    assert rules_broken(make_input(1), Plan((visit("C00", 10, delay=9),))) == {
        "publication_delay_limit"
    }


def test_too_many_publications_in_a_month_break_report_capacity() -> None:
    inputs = make_input(3, reports_per_month=2)
    plan = Plan((visit("C00", 10), visit("C01", 10), visit("C02", 11)))

    assert rules_broken(inputs, plan) == {"report_capacity"}


def test_priority_costs_points_for_each_week_after_the_earliest_notice_allows() -> None:
    council = make_council("C00", priority_reasons=("concerns",))
    inputs = make_input([council], weights=only_weights(priority=2))

    costs = plan_costs(inputs, Plan((visit("C00", 12),)))

    assert costs["priority"] == 2 * 3 * (12 - 9)


def test_an_icb_spread_wider_than_its_tolerance_costs_each_extra_week() -> None:
    councils = [make_council("C00", icb="I"), make_council("C01", icb="I")]
    inputs = make_input(councils, weights=only_weights(icb_grouping=5))

    costs = plan_costs(inputs, Plan((visit("C00", 10), visit("C01", 20))))

    assert costs["icb_grouping"] == 5 * (10 - 8)


def test_a_region_above_its_even_share_of_a_quarter_costs_each_extra_visit() -> None:
    # 60 weeks from 6 January 2025: usable weeks per quarter 4, 13, 13, 13, 8 (51 in all),
    # so four London councils may have 4 * 13 // 51 + 1 = 2 visits in each full quarter.
    councils = [make_council(f"L{i}") for i in range(4)]
    inputs = make_input(councils, weeks=60, weights=only_weights(region_mix=3))
    crowded = Plan(tuple(visit(f"L{i}", 27 + i) for i in range(4)))  # all in July-September
    spread = Plan(
        (visit("L0", 14), visit("L1", 15), visit("L2", 27), visit("L3", 28))
    )  # two in April-June, two in July-September

    assert plan_costs(inputs, crowded)["region_mix"] == 3 * 2
    assert plan_costs(inputs, spread)["region_mix"] == 0


def test_an_expected_ofsted_inspection_makes_an_avoid_window() -> None:
    council = make_council("C00", ofsted_last_inspection=date(2022, 4, 1))
    inputs = make_input([council], weights=only_weights(avoid_window=7))

    inside = plan_costs(inputs, Plan((visit("C00", 10),)))  # March 2025: 35 months later
    assert inside["avoid_window"] == 7


def test_moving_from_the_previous_plan_costs_the_stability_weight() -> None:
    council = make_council("C00", previous_onsite=monday(15))
    inputs = make_input([council], weights=only_weights(stability=40))

    assert plan_costs(inputs, Plan((visit("C00", 15),)))["stability"] == 0
    assert plan_costs(inputs, Plan((visit("C00", 16),)))["stability"] == 40


def test_publication_before_the_reassessment_window_costs_each_week_early() -> None:
    council = make_council("C00", last_published=date(2022, 8, 4))  # due from 2025-08-04
    inputs = make_input([council], weeks=40, weights=only_weights(reassessment_early=1))

    costs = plan_costs(inputs, Plan((visit("C00", 10),)))  # published 2025-06-16

    assert monday(30) == date(2025, 8, 4)

    assert costs["reassessment_early"] == 7
