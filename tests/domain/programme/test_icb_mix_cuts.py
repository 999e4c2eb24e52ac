"""The inequalities tying the ICB and mix rules together only raise the solver's bound: every
plan keeps them (checked by arithmetic on random plans), and they name the trade-off a
planner faces (an ICB too big for its region's quarterly share)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from programme_builders import make_council, make_input

from ascassure.domain.programme import ProgrammeInput, RuleSettings, Timing, Weights, solve
from ascassure.domain.programme.cuts import MixCut, icb_mix_cuts
from ascassure.domain.programme.instance import Instance, compile_instance, mix_allowances
from ascassure.domain.programme.rules import icb_outside_weeks

REGIONS = ("London", "North East")
TYPES = ("London borough", "county council")


def _outside_by_council(
    weeks: dict[int, int], members: tuple[int, ...], tolerance: int
) -> dict[int, int]:
    """Each member's weeks outside the ICB's best window (the window the rule measures)."""
    candidates = {weeks[i] for i in members} | {weeks[i] - tolerance for i in members}
    best = min(
        candidates,
        key=lambda s: sum(max(0, s - weeks[i]) + max(0, weeks[i] - s - tolerance) for i in members),
    )
    return {i: max(0, best - weeks[i]) + max(0, weeks[i] - best - tolerance) for i in members}


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.data())
def test_every_plan_keeps_every_inequality(data: st.DataObject) -> None:
    count = data.draw(st.integers(4, 24))
    weeks_total = data.draw(st.integers(8, 60))
    councils = [
        make_council(
            f"C{i:02d}",
            region=data.draw(st.sampled_from(REGIONS)),
            la_type=data.draw(st.sampled_from(TYPES)),
            icb=data.draw(st.sampled_from(("I1", "I2", "I3", None))),
        )
        for i in range(count)
    ]
    inputs = make_input(
        councils,
        weeks=weeks_total,
        timing=Timing(notice_weeks_min=1, notice_weeks_max=2, notice_weeks_preferred=1),
        settings=RuleSettings(
            icb_tolerance_weeks=data.draw(st.integers(0, 14)),
            mix_tolerance_councils=data.draw(st.integers(0, 1)),
        ),
    )
    instance = compile_instance(inputs)
    tolerance = inputs.settings.icb_tolerance_weeks
    planned = frozenset(i for _icb, members in instance.icb_groups for i in members)
    # plans that mostly keep each ICB inside one window, so the inequalities are tight
    plan = {i: data.draw(st.integers(0, weeks_total - 1)) for i in range(len(councils))}
    for _icb, members in instance.icb_groups:
        start = data.draw(st.integers(-tolerance, weeks_total - 1))
        inside = range(max(0, start), min(weeks_total - 1, start + tolerance) + 1)
        for i in members:
            if inside and data.draw(st.integers(0, 4)):
                plan[i] = data.draw(st.sampled_from(inside))
    outside: dict[int, int] = {}
    for _icb, members in instance.icb_groups:
        outside.update(_outside_by_council(plan, members, tolerance))
        assert sum(outside[i] for i in members) == icb_outside_weeks(
            [plan[i] for i in members], tolerance
        )

    for groups in (instance.region_groups, instance.type_groups):
        allowances = mix_allowances(instance, groups)
        members_of = [m for _, m in groups]
        for cut in icb_mix_cuts(instance, planned, members_of, allowances):
            excess = sum(
                max(
                    0,
                    sum(1 for i in members_of[cut.group] if instance.quarter_of_week[plan[i]] == q)
                    - allowance,
                )
                for q, allowance in enumerate(allowances[cut.group])
            )
            assert sum(outside[i] for i in cut.councils) + excess >= cut.rhs, cut


def _one_icb_larger_than_two_quarters_of_its_region() -> tuple[ProgrammeInput, Instance]:
    # 39 weeks from 6 January 2025 with a week's notice: 12 usable weeks in Q1, 13 in Q2 and
    # 13 in Q3 (38 in all). Each region has 8 councils, so its share is 8 x 12 / 38 = 2 visits
    # in Q1 and 8 x 13 / 38 = 2 in Q2 and Q3, plus a tolerance of 1: 3, 3 and 3. The North
    # East's eight form one ICB; its 6-week window spans at most two quarters, which allow 6.
    north_east = [
        make_council(f"N{i}", region="North East", la_type="county council", icb="NE")
        for i in range(8)
    ]
    london = [make_council(f"L{i}", region="London") for i in range(8)]
    inputs = make_input(
        north_east + london,
        weeks=39,
        timing=Timing(notice_weeks_min=1, notice_weeks_max=2, notice_weeks_preferred=1),
        settings=RuleSettings(icb_tolerance_weeks=5, mix_tolerance_councils=1),
        weights=Weights(priority=0, icb_grouping=5, region_mix=4, type_mix=0, publication_delay=0),
    )
    return inputs, compile_instance(inputs)


def test_an_icb_too_big_for_its_regions_share_of_two_quarters_gets_an_inequality() -> None:
    _inputs, instance = _one_icb_larger_than_two_quarters_of_its_region()
    regions = [m for _, m in instance.region_groups]
    planned = frozenset(i for _icb, members in instance.icb_groups for i in members)

    allowances = mix_allowances(instance, instance.region_groups)
    cuts = icb_mix_cuts(instance, planned, regions, allowances)

    north_east = [name for name, _ in instance.region_groups].index("North East")
    assert allowances[north_east] == [3, 3, 3]
    assert cuts == [MixCut(north_east, regions[north_east], 2)]


def test_the_solver_proves_the_trade_off_it_names() -> None:
    inputs, _instance = _one_icb_larger_than_two_quarters_of_its_region()

    result = solve(inputs, time_limit=20.0, workers=1, seed=0)

    # all eight inside the window: two visits above the share (8 points); each council moved
    # out of the window costs at least 5 and saves at most 4
    assert result.status == "optimal"
    assert result.total == 8
    assert {c.rule: c.points for c in result.costs if c.points} == {"region_mix": 8}
