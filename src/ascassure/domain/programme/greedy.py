"""A simple greedy plan: the baseline the solver is compared with, and its first hint.

Councils are taken in order (locked ones first, then by priority, re-assessment due date,
ICB and code) and each goes in the earliest week where every hard rule still holds, with
its report published in the first open week after the lag.
"""

from __future__ import annotations

from .inputs import ProgrammeInput
from .instance import CouncilTables, Instance, compile_instance
from .plan import Assessment, Plan
from .weeks import week_monday

__all__ = ["assessment_from_weeks", "greedy_plan", "greedy_weeks"]


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
    infos = instance.inputs.councils
    far = instance.pub_weeks + 10_000

    def key(c: CouncilTables) -> tuple[int, int, int, str, str]:
        return (
            0 if c.locked_week is not None else 1,
            -c.priority,
            far if c.due_last is None else c.due_last,
            infos[c.index].council.icb,
            c.code,
        )

    return sorted(instance.councils, key=key)


def greedy_weeks(instance: Instance) -> dict[int, tuple[int, int]]:
    """Council index -> (on-site week, publication week) for the councils that fit."""
    load = [0] * instance.weeks
    team_load = [[0] * instance.weeks for _ in instance.team_names]
    reports = [0] * len(instance.month_names)
    chosen: dict[int, tuple[int, int]] = {}
    for council in _order(instance):
        for week in council.allowed:
            covered = instance.covered(week)
            if any(load[k] >= instance.capacity[k] for k in covered):
                continue
            team = council.team
            if team is not None and any(
                team_load[team][k] >= instance.team_capacity[team][k] for k in covered
            ):
                continue
            pub = next(
                (
                    p
                    for p in range(
                        week + instance.lag, week + instance.lag + instance.max_delay + 1
                    )
                    if p in council.pub_allowed
                    and reports[instance.month_of_pub_week[p]]
                    < instance.report_capacity[instance.month_of_pub_week[p]]
                ),
                None,
            )
            if pub is None:
                continue
            for k in covered:
                load[k] += 1
                if team is not None:
                    team_load[team][k] += 1
            reports[instance.month_of_pub_week[pub]] += 1
            chosen[council.index] = (week, pub)
            break
    return chosen


def greedy_plan(inputs: ProgrammeInput, instance: Instance | None = None) -> Plan:
    """The greedy plan; councils that found no week are listed in ``Plan.unplaced``."""
    inst = compile_instance(inputs) if instance is None else instance
    chosen = greedy_weeks(inst)
    assessments = [
        assessment_from_weeks(inst, inst.councils[i], week, pub)
        for i, (week, pub) in chosen.items()
    ]
    assessments.sort(key=lambda a: (a.onsite, a.council))
    unplaced = tuple(c.code for c in inst.councils if c.index not in chosen)
    return Plan(tuple(assessments), unplaced)
