"""An independent check of a plan against the inputs, written from the rules' definitions
in dates (not from the solver's week tables), and the soft rules' costs computed the same way.

The solver and the greedy baseline never call these functions to build a plan; tests and
reports use them to judge one.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from .inputs import ProgrammeInput
from .plan import Plan, Violation
from .rules import (
    SOFT_RULES,
    avoid_windows,
    election_onsite_windows,
    icb_outside_weeks,
    mix_allowance,
    publication_blackouts,
    quarter_of,
    reassessment_due,
    usable_weeks_by_quarter,
)
from .weeks import is_monday, monday_of, month_key, week_index

__all__ = ["check_plan", "plan_costs"]


def _overlaps(first: date, last: date, start: date, end: date) -> bool:
    return start <= last and end >= first


def check_plan(inputs: ProgrammeInput, plan: Plan) -> list[Violation]:
    """Every hard rule the plan breaks (an empty list when it keeps them all)."""
    t, cap = inputs.timing, inputs.capacity
    found: list[Violation] = []
    councils = {c.council.code: c for c in inputs.councils}
    horizon_end = inputs.start + timedelta(weeks=inputs.weeks)
    span_days = 7 * t.onsite_weeks

    counts = Counter(a.council for a in plan.assessments)
    for code in sorted(councils):
        if counts[code] != 1:
            found.append(Violation("within_horizon", code, f"planned {counts[code]} times"))
    for code in sorted(set(counts) - set(councils)):
        found.append(Violation("within_horizon", code, "is not among the councils to plan"))

    for a in plan.assessments:
        council = councils.get(a.council)
        if council is None:
            continue
        last_day = a.onsite + timedelta(days=span_days - 1)
        if not (is_monday(a.onsite) and inputs.start <= a.onsite and last_day < horizon_end):
            found.append(Violation("within_horizon", a.council, f"on site {a.onsite}"))
        lock = council.lock
        if lock is not None:
            if (a.onsite, a.notification) != (lock.onsite, lock.notification) or not a.locked:
                found.append(Violation("locked", a.council, f"moved from {lock.onsite}"))
        else:
            notice = week_index(a.notification, a.onsite)
            if (
                not is_monday(a.notification)
                or a.notification < inputs.start
                or (a.onsite - a.notification).days % 7
                or not t.notice_weeks_min <= notice <= t.notice_weeks_max
            ):
                found.append(Violation("notice_period", a.council, f"notified {a.notification}"))
        for window in council.forbidden:
            if _overlaps(a.onsite, last_day, window.start, window.end):
                found.append(Violation("forbidden_weeks", a.council, window.reason or "forbidden"))
        pub_end = a.publication + timedelta(days=6)
        for window in publication_blackouts(inputs, a.council):
            if _overlaps(a.publication, pub_end, window.start, window.end):
                found.append(
                    Violation("publication_blackout", a.council, window.reason or "blackout")
                )
        delay = (a.publication - a.onsite).days
        lag = t.publication_lag_weeks
        if (
            not is_monday(a.publication)
            or delay % 7
            or not lag <= delay // 7 <= lag + t.max_publication_delay_weeks
        ):
            found.append(
                Violation("publication_delay_limit", a.council, f"published {a.publication}")
            )

    monday = inputs.start
    while monday < horizon_end:
        on_site = [
            a for a in plan.assessments if a.onsite <= monday < a.onsite + timedelta(days=span_days)
        ]
        limit = cap.onsite_per_week
        for override in cap.onsite_overrides:
            if _overlaps(monday, monday + timedelta(days=6), override.start, override.end):
                limit = override.onsite_per_week
        if len(on_site) > limit:
            found.append(Violation("onsite_capacity", monday.isoformat(), f"{len(on_site)} visits"))
        for team in cap.teams:
            members = [
                a
                for a in on_site
                if a.council in councils and councils[a.council].council.region in team.regions
            ]
            if len(members) > team.onsite_per_week:
                found.append(
                    Violation("team_capacity", f"{team.name} {monday}", f"{len(members)} visits")
                )
        monday += timedelta(weeks=1)

    per_month = Counter(month_key(a.publication) for a in plan.assessments)
    report_limit = {o.month: o.reports for o in cap.report_overrides}
    for month, count in sorted(per_month.items()):
        if count > report_limit.get(month, cap.reports_per_month):
            found.append(Violation("report_capacity", month, f"{count} publications"))
    return found


def plan_costs(inputs: ProgrammeInput, plan: Plan) -> dict[str, int]:
    """Points per soft rule (weight x measure) for the planned councils."""
    w, s, t = inputs.weights, inputs.settings, inputs.timing
    councils = {c.council.code: c for c in inputs.councils}
    raw = dict.fromkeys((r.name for r in SOFT_RULES), 0)
    span_days = 7 * t.onsite_weeks
    placed = [a for a in plan.assessments if a.council in councils]

    for a in placed:
        council = councils[a.council]
        last_day = a.onsite + timedelta(days=span_days - 1)
        if council.lock is None:
            late = max(0, week_index(inputs.start, a.onsite) - t.notice_weeks_min)
            raw["priority"] += s.priority_points(council.priority_reasons) * late
        for soft in avoid_windows(s, council):
            if _overlaps(a.onsite, last_day, soft.start, soft.end):
                raw["avoid_window"] += soft.weight
        for period in election_onsite_windows(inputs, a.council):
            if _overlaps(a.onsite, last_day, period.start, period.end):
                raw["election_onsite"] += 1
        raw["publication_delay"] += week_index(a.onsite, a.publication) - (t.publication_lag_weeks)
        if council.previous_onsite is not None and council.previous_onsite != a.onsite:
            raw["stability"] += 1
        due = reassessment_due(s, council.last_published)
        if due is not None:
            raw["reassessment_early"] += max(0, week_index(a.publication, monday_of(due.start)))
            raw["reassessment_overdue"] += max(0, week_index(monday_of(due.end), a.publication))

    icbs: dict[str, list[date]] = {}
    for c in inputs.councils:
        icbs.setdefault(c.council.icb, [])
    for a in placed:
        icbs[councils[a.council].council.icb].append(a.onsite)
    for days in icbs.values():
        weeks = [week_index(inputs.start, day) for day in days]
        raw["icb_grouping"] += icb_outside_weeks(weeks, s.icb_tolerance_weeks)

    usable = usable_weeks_by_quarter(inputs)
    total_usable = sum(usable.values())
    for rule, key in (("region_mix", "region"), ("type_mix", "la_type")):
        sizes = Counter(getattr(c.council, key) for c in inputs.councils)
        counts = Counter(
            (quarter_of(a.onsite), getattr(councils[a.council].council, key)) for a in placed
        )
        for (quarter, group), count in counts.items():
            allowance = mix_allowance(
                sizes[group], usable.get(quarter, 0), total_usable, s.mix_tolerance_councils
            )
            raw[rule] += max(0, count - allowance)

    weights = w.as_dict()
    return {rule: weights[rule] * value for rule, value in raw.items()}
