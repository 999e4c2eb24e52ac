"""A simple greedy plan: the baseline the solver is compared with, and its first hint.

Councils are taken in order (locked ones first, then by priority, re-assessment due date,
ICB and code) and each goes in the week where every hard rule still holds that adds least
to the objective so far (earliest on a tie); nothing is revisited.
"""

from __future__ import annotations

from collections.abc import Mapping

from .inputs import ProgrammeInput
from .instance import CouncilTables, Instance, compile_instance, mix_allowances
from .plan import Assessment, Plan
from .rules import icb_outside_weeks
from .weeks import week_monday

__all__ = ["assessment_from_weeks", "greedy_plan", "greedy_weeks", "plan_from_weeks"]


def assessment_from_weeks(
    instance: Instance, council: CouncilTables, onsite: int, publication: int
) -> Assessment:
    """Dates for a council on site in week ``onsite`` and published in week ``publication``.

    The notice is the preferred number of weeks, shortened (never below the minimum, which
    the allowed weeks guarantee) when the plan starts too soon for it."""
    start = instance.inputs.start
    if council.locked_notification_week is not None:
        notification = council.locked_notification_week
    else:
        notification = onsite - min(instance.inputs.timing.notice_weeks_preferred, onsite)
    return Assessment(
        council=council.code,
        notification=week_monday(start, notification),
        onsite=week_monday(start, onsite),
        publication=week_monday(start, publication),
        locked=council.locked_week is not None,
    )


def _order(instance: Instance) -> list[CouncilTables]:
    """Locked councils first, then by priority and re-assessment due date; the councils of
    one ICB follow straight after the first of them (so they can be placed close to it)."""
    far = instance.pub_weeks + 10_000

    def key(c: CouncilTables) -> tuple[int, int, int, str]:
        return (
            0 if c.locked_week is not None else 1,
            -c.priority,
            far if c.due_last is None else c.due_last,
            c.code,
        )

    icb_of = {i: icb for icb, members in instance.icb_groups for i in members}
    block: dict[str, tuple[int, int, int, str]] = {}
    for c in instance.councils:
        icb = icb_of.get(c.index)
        if icb is not None:
            block[icb] = min(block.get(icb, key(c)), key(c))

    def ordered(c: CouncilTables) -> tuple[tuple[int, int, int, str], tuple[int, int, int, str]]:
        icb = icb_of.get(c.index)
        return (key(c) if icb is None else block[icb], key(c))

    return sorted(instance.councils, key=ordered)


def greedy_weeks(instance: Instance) -> dict[int, tuple[int, int]]:
    """Council index -> (on-site week, publication week) for the councils that fit.

    Each council takes, among the weeks where every hard rule still holds, the one adding
    the least to the objective as it stands (its own soft-rule costs plus its ICB's growth),
    the earliest on a tie, with the cheapest open publication week. Cheap weeks can leave
    gaps that a tight programme needs; if a council is left out, the plan is rebuilt taking
    the earliest week every time, and the one placing more councils wins."""
    cheapest = _place(instance, cheapest=True)
    if len(cheapest) == len(instance.councils):
        return cheapest
    earliest = _place(instance, cheapest=False)
    return earliest if len(earliest) > len(cheapest) else cheapest


def _place(instance: Instance, *, cheapest: bool) -> dict[int, tuple[int, int]]:
    inputs = instance.inputs
    load = [0] * instance.weeks
    team_load = [[0] * instance.weeks for _ in instance.team_names]
    reports = [0] * len(instance.month_names)
    icb_of = {i: icb for icb, members in instance.icb_groups for i in members}
    icb_weeks: dict[str, list[int]] = {}
    icb_weight = inputs.weights.icb_grouping
    tolerance = inputs.settings.icb_tolerance_weeks

    def icb_cost(weeks: list[int]) -> int:
        return icb_weight * icb_outside_weeks(weeks, tolerance)

    mix_groups: list[tuple[int, tuple[int, ...], list[int]]] = []  # weight, members, allowances
    for rule, rule_groups in (
        ("region_mix", instance.region_groups),
        ("type_mix", instance.type_groups),
    ):
        weight = getattr(inputs.weights, rule)
        for (_name, members), allowances in zip(
            rule_groups, mix_allowances(instance, rule_groups), strict=True
        ):
            mix_groups.append((weight, members, allowances))
    group_of: list[list[int]] = [[] for _ in instance.councils]
    for g, (_w, group_members, _a) in enumerate(mix_groups):
        for i in group_members:
            group_of[i].append(g)
    mix_count = [[0] * len(instance.quarter_names) for _ in mix_groups]

    def mix_cost(index: int, week: int) -> int:
        q = instance.quarter_of_week[week]
        return sum(
            mix_groups[g][0] for g in group_of[index] if mix_count[g][q] >= mix_groups[g][2][q]
        )

    chosen: dict[int, tuple[int, int]] = {}
    for council in _order(instance):
        placed = icb_weeks.setdefault(icb_of.get(council.index, ""), [])
        before = icb_cost(placed)
        best: tuple[int, int, int] | None = None
        for week in council.allowed:
            covered = instance.covered(week)
            if any(load[k] >= instance.capacity[k] for k in covered):
                continue
            team = council.team
            if team is not None and any(
                team_load[team][k] >= instance.team_capacity[team][k] for k in covered
            ):
                continue
            pubs = [
                (sum(council.publication_cost(week, p, inputs).values()), p)
                for p in instance.publication_weeks(council, week)
                if reports[instance.month_of_pub_week[p]]
                < instance.report_capacity[instance.month_of_pub_week[p]]
            ]
            if not pubs:
                continue
            pub_cost, pub = min(pubs)
            cost = sum(council.onsite_cost(week, inputs).values()) + pub_cost
            cost += mix_cost(council.index, week)
            if council.index in icb_of:
                cost += icb_cost([*placed, week]) - before
            if best is None or (cost, week) < (best[0], best[1]):
                best = (cost, week, pub)
            if not cheapest:
                break
        if best is None:
            continue
        _, week, pub = best
        for k in instance.covered(week):
            load[k] += 1
            if council.team is not None:
                team_load[council.team][k] += 1
        reports[instance.month_of_pub_week[pub]] += 1
        placed.append(week)
        for g in group_of[council.index]:
            mix_count[g][instance.quarter_of_week[week]] += 1
        chosen[council.index] = (week, pub)
    return chosen


def greedy_plan(inputs: ProgrammeInput, instance: Instance | None = None) -> Plan:
    """The greedy plan; councils that found no week are listed in ``Plan.unplaced``."""
    inst = compile_instance(inputs) if instance is None else instance
    return plan_from_weeks(inst, greedy_weeks(inst))


def plan_from_weeks(instance: Instance, weeks: Mapping[int, tuple[int, int]]) -> Plan:
    """The plan for council index -> (on-site week, publication week), ordered by on-site
    week then council; councils without weeks are listed as unplaced."""
    assessments = sorted(
        (
            assessment_from_weeks(instance, instance.councils[i], w, p)
            for i, (w, p) in weeks.items()
        ),
        key=lambda a: (a.onsite, a.council),
    )
    unplaced = tuple(c.code for c in instance.councils if c.index not in weeks)
    return Plan(tuple(assessments), unplaced)
