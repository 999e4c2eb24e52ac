"""The inputs turned into week-numbered tables for the solver and the greedy baseline.

Week ``k`` is the week whose Monday is ``start + 7k``. On-site start weeks run over
``0..weeks - onsite_weeks``; publication weeks may run past the horizon (up to the lag plus
the longest delay).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .inputs import DateWindow, ProgrammeInput
from .rules import (
    avoid_windows,
    election_onsite_windows,
    mix_allowance,
    publication_blackouts,
    quarter_of,
    reassessment_due,
    usable_weeks_by_quarter,
    weekly_onsite_capacity,
)
from .weeks import month_key, week_index, week_monday, window_touches_week

__all__ = ["CouncilTables", "Instance", "compile_instance", "mix_allowances"]


@dataclass(frozen=True)
class CouncilTables:
    index: int
    code: str
    team: int | None
    locked_week: int | None
    locked_notification_week: int | None
    allowed: tuple[int, ...]  # on-site start weeks meeting every per-council hard rule
    pub_allowed: frozenset[int]  # publication weeks outside every blackout for the council
    priority: int
    avoid_cost: dict[int, int]  # start week -> avoid-window points (weight 1 rule units)
    election_cost: dict[int, int]  # start week -> visits touching a whole-council election
    previous_week: int | None
    due_first: int | None  # first publication week inside the re-assessment due window
    due_last: int | None  # last publication week inside it

    def onsite_cost(self, week: int, inputs: ProgrammeInput) -> dict[str, int]:
        """Weighted soft-rule points that depend on the on-site week alone."""
        w = inputs.weights
        t = inputs.timing
        priority = 0 if self.locked_week is not None else max(0, week - t.notice_weeks_min)
        moved = int(self.previous_week is not None and week != self.previous_week)
        return {
            "priority": w.priority * self.priority * priority,
            "avoid_window": w.avoid_window * self.avoid_cost.get(week, 0),
            "election_onsite": w.election_onsite * self.election_cost.get(week, 0),
            "stability": w.stability * moved,
        }

    def publication_cost(self, onsite: int, pub: int, inputs: ProgrammeInput) -> dict[str, int]:
        w = inputs.weights
        early = 0 if self.due_first is None else max(0, self.due_first - pub)
        late = 0 if self.due_last is None else max(0, pub - self.due_last)
        return {
            "publication_delay": w.publication_delay
            * (pub - onsite - inputs.timing.publication_lag_weeks),
            "reassessment_early": w.reassessment_early * early,
            "reassessment_overdue": w.reassessment_overdue * late,
        }

    def option_costs(self, options: Sequence[tuple[int, int]], inputs: ProgrammeInput) -> list[int]:
        """Weighted soft-rule points of each (on-site week, publication week) option."""
        onsite: dict[int, int] = {}
        costs = []
        for week, pub in options:
            if week not in onsite:
                onsite[week] = sum(self.onsite_cost(week, inputs).values())
            costs.append(onsite[week] + sum(self.publication_cost(week, pub, inputs).values()))
        return costs


@dataclass(frozen=True)
class Instance:
    inputs: ProgrammeInput
    weeks: int
    onsite_weeks: int
    lag: int
    max_delay: int
    pub_weeks: int  # publication weeks are 0..pub_weeks-1
    capacity: tuple[int, ...]  # national on-site capacity per week
    team_names: tuple[str, ...]
    team_capacity: tuple[tuple[int, ...], ...]
    month_of_pub_week: tuple[int, ...]
    month_names: tuple[str, ...]
    report_capacity: tuple[int, ...]
    quarter_of_week: tuple[int, ...]
    quarter_names: tuple[str, ...]
    councils: tuple[CouncilTables, ...]
    icb_groups: tuple[tuple[str, tuple[int, ...]], ...]  # ICBs with two or more councils
    region_groups: tuple[tuple[str, tuple[int, ...]], ...]
    type_groups: tuple[tuple[str, tuple[int, ...]], ...]

    def covered(self, start: int) -> range:
        """Weeks an on-site visit starting in week ``start`` occupies."""
        return range(start, start + self.onsite_weeks)

    def publication_weeks(self, council: CouncilTables, onsite: int) -> list[int]:
        """Publication weeks allowed after an on-site start: within the lag and the longest
        delay, outside the council's blackouts."""
        first = onsite + self.lag
        return [p for p in range(first, first + self.max_delay + 1) if p in council.pub_allowed]


def _touched(inputs: ProgrammeInput, windows: Sequence[DateWindow], weeks: int) -> frozenset[int]:
    hit: set[int] = set()
    for window in windows:
        first = max(0, week_index(inputs.start, window.start))
        last = min(weeks - 1, week_index(inputs.start, window.end))
        for k in range(first, last + 1):
            if window_touches_week(window.start, window.end, week_monday(inputs.start, k)):
                hit.add(k)
    return frozenset(hit)


def _groups(keys: Sequence[str]) -> tuple[tuple[str, tuple[int, ...]], ...]:
    groups: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        groups.setdefault(key, []).append(i)
    return tuple((key, tuple(members)) for key, members in sorted(groups.items()))


def compile_instance(inputs: ProgrammeInput) -> Instance:
    t, cap, start = inputs.timing, inputs.capacity, inputs.start
    weeks, span = inputs.weeks, t.onsite_weeks
    lag, delay = t.publication_lag_weeks, t.max_publication_delay_weeks
    pub_weeks = weeks + lag + delay

    national = weekly_onsite_capacity(inputs)
    team_names = tuple(team.name for team in cap.teams)
    team_capacity = tuple((team.onsite_per_week,) * weeks for team in cap.teams)
    team_of_region = {r: i for i, team in enumerate(cap.teams) for r in team.regions}

    month_names_list: list[str] = []
    month_of_pub: list[int] = []
    for k in range(pub_weeks):
        key = month_key(week_monday(start, k))
        if not month_names_list or month_names_list[-1] != key:
            month_names_list.append(key)
        month_of_pub.append(len(month_names_list) - 1)
    report_override = {o.month: o.reports for o in cap.report_overrides}
    report_capacity = tuple(report_override.get(m, cap.reports_per_month) for m in month_names_list)
    quarter_names_list: list[str] = []
    quarter_of_week: list[int] = []
    for k in range(weeks):
        monday = week_monday(start, k)
        key = quarter_of(monday)
        if not quarter_names_list or quarter_names_list[-1] != key:
            quarter_names_list.append(key)
        quarter_of_week.append(len(quarter_names_list) - 1)

    tables = []
    for index, council in enumerate(inputs.councils):
        code = council.council.code
        forbidden = _touched(inputs, council.forbidden, weeks)
        blocked = _touched(inputs, publication_blackouts(inputs, code), pub_weeks)
        pub_allowed = frozenset(range(pub_weeks)) - blocked
        lock = council.lock
        locked_week = None if lock is None else week_index(start, lock.onsite)
        candidates = (
            [locked_week]
            if locked_week is not None
            else range(t.notice_weeks_min, weeks - span + 1)
        )
        allowed = []
        for k in candidates:
            if any(c in forbidden for c in range(k, k + span)):
                continue
            if any(p in pub_allowed for p in range(k + lag, k + lag + delay + 1)):
                allowed.append(k)
        avoid_cost: dict[int, int] = {}
        for soft in avoid_windows(inputs.settings, council):
            touched = _touched(inputs, [DateWindow(soft.start, soft.end)], weeks)
            for k in allowed:
                if any(c in touched for c in range(k, k + span)):
                    avoid_cost[k] = avoid_cost.get(k, 0) + soft.weight
        election_cost: dict[int, int] = {}
        for window in election_onsite_windows(inputs, code):
            touched = _touched(inputs, [window], weeks)
            for k in allowed:
                if any(c in touched for c in range(k, k + span)):
                    election_cost[k] = election_cost.get(k, 0) + 1
        due = reassessment_due(inputs.settings, council.last_published)
        tables.append(
            CouncilTables(
                index=index,
                code=code,
                team=team_of_region.get(council.council.region) if cap.teams else None,
                locked_week=locked_week,
                locked_notification_week=(
                    None if lock is None else week_index(start, lock.notification)
                ),
                allowed=tuple(allowed),
                pub_allowed=pub_allowed,
                priority=inputs.settings.priority_points(council.priority_reasons),
                avoid_cost=avoid_cost,
                election_cost=election_cost,
                previous_week=(
                    None
                    if council.previous_onsite is None
                    else week_index(start, council.previous_onsite)
                ),
                due_first=None if due is None else week_index(start, due.start),
                due_last=None if due is None else week_index(start, due.end),
            )
        )

    infos = [c.council for c in inputs.councils]
    icb_groups = tuple((k, m) for k, m in _groups([i.icb for i in infos]) if len(m) > 1)
    return Instance(
        inputs=inputs,
        weeks=weeks,
        onsite_weeks=span,
        lag=lag,
        max_delay=delay,
        pub_weeks=pub_weeks,
        capacity=tuple(national),
        team_names=team_names,
        team_capacity=team_capacity,
        month_of_pub_week=tuple(month_of_pub),
        month_names=tuple(month_names_list),
        report_capacity=report_capacity,
        quarter_of_week=tuple(quarter_of_week),
        quarter_names=tuple(quarter_names_list),
        councils=tuple(tables),
        icb_groups=icb_groups,
        region_groups=_groups([i.region for i in infos]),
        type_groups=_groups([i.la_type for i in infos]),
    )


def mix_allowances(
    instance: Instance, groups: Sequence[tuple[str, tuple[int, ...]]]
) -> list[list[int]]:
    """Per group and quarter, the visits allowed before the mix rule costs."""
    inp = instance.inputs
    usable = usable_weeks_by_quarter(inp)
    total_usable = sum(usable.values())
    tolerance = inp.settings.mix_tolerance_councils
    return [
        [
            mix_allowance(len(members), usable.get(quarter, 0), total_usable, tolerance)
            for quarter in instance.quarter_names
        ]
        for _name, members in groups
    ]
