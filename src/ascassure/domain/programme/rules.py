"""The named rules of the programme and the date windows they are defined on.

Hard rules always hold in a returned plan; soft rules cost points (their weight times their
measure) and the plan minimises the total. The functions here turn inputs into the windows
each rule talks about, so the model, the greedy baseline and the checker read the inputs the
same way; each of them then applies the rules with its own code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .inputs import AvoidWindow, CouncilPlanInput, DateWindow, ProgrammeInput, RuleSettings
from .weeks import add_months, week_monday, window_touches_week

__all__ = [
    "HARD_RULES",
    "SOFT_RULES",
    "RuleInfo",
    "avoid_windows",
    "election_onsite_windows",
    "icb_best_start",
    "icb_outside_weeks",
    "mix_allowance",
    "publication_blackouts",
    "quarter_of",
    "reassessment_due",
    "usable_weeks_by_quarter",
    "weekly_onsite_capacity",
]


@dataclass(frozen=True)
class RuleInfo:
    name: str
    title: str
    measure: str


HARD_RULES: tuple[RuleInfo, ...] = (
    RuleInfo("within_horizon", "Every council is on site once inside the horizon", "council"),
    RuleInfo(
        "notice_period",
        "Notification 9-11 weeks before on-site and not before the plan starts",
        "council",
    ),
    RuleInfo("forbidden_weeks", "No on-site visit in a council's forbidden weeks", "council"),
    RuleInfo("locked", "Assessments already notified keep their dates", "council"),
    RuleInfo("onsite_capacity", "On-site visits in a week within national capacity", "week"),
    RuleInfo(
        "team_capacity", "On-site visits in a week within the regional team's capacity", "week"
    ),
    RuleInfo("report_capacity", "Publications in a month within report-writing capacity", "month"),
    RuleInfo(
        "publication_blackout",
        "No publication in a national blackout or the council's pre-election period",
        "council",
    ),
    RuleInfo(
        "publication_delay_limit",
        "Publication no later than lag plus the longest allowed delay after on-site",
        "council",
    ),
)

SOFT_RULES: tuple[RuleInfo, ...] = (
    RuleInfo(
        "priority",
        "Councils with concerns or innovation go early",
        "priority points x weeks after the earliest notice allows",
    ),
    RuleInfo(
        "icb_grouping",
        "Councils of one ICB on site close together",
        "weeks councils lie outside the best common window (tolerance weeks) for their ICB",
    ),
    RuleInfo(
        "region_mix",
        "Each quarter's visits spread across regions",
        "visits above a region's even share of the quarter (plus tolerance)",
    ),
    RuleInfo(
        "type_mix",
        "Each quarter's visits spread across council types",
        "visits above a type's even share of the quarter (plus tolerance)",
    ),
    RuleInfo(
        "avoid_window",
        "Avoid on-site visits in soft windows (e.g. expected Ofsted inspection)",
        "window weight per visit touching a window",
    ),
    RuleInfo(
        "election_onsite",
        "Avoid on-site visits while the whole council is up for election",
        "visits touching such a period",
    ),
    RuleInfo(
        "publication_delay",
        "Publish as soon as the report lag allows",
        "weeks of publication delay",
    ),
    RuleInfo("stability", "Keep the previous plan's on-site weeks", "councils moved"),
    RuleInfo(
        "reassessment_early",
        "Do not re-assess too soon after the last publication",
        "weeks of publication before the due window opens",
    ),
    RuleInfo(
        "reassessment_overdue",
        "Re-assess before the due window closes",
        "weeks of publication after the due window closes",
    ),
)


def publication_blackouts(inputs: ProgrammeInput, code: str) -> list[DateWindow]:
    """National blackouts plus the council's own pre-election periods."""
    windows = list(inputs.national_blackouts)
    windows.extend(e.window for e in inputs.elections if e.council == code)
    return windows


def election_onsite_windows(inputs: ProgrammeInput, code: str) -> list[DateWindow]:
    """Periods when the whole council is up for election: pre-election period to some days
    after polling day (``election_avoid_days_after_poll``)."""
    after = timedelta(days=inputs.settings.election_avoid_days_after_poll)
    return [
        DateWindow(e.window.start, e.poll + after, f"whole-council election {e.poll.isoformat()}")
        for e in inputs.elections
        if e.council == code and e.whole_council
    ]


def avoid_windows(settings: RuleSettings, council: CouncilPlanInput) -> list[AvoidWindow]:
    """The council's soft windows, with the expected Ofsted inspection window added."""
    windows = list(council.avoid)
    last = council.ofsted_last_inspection
    if last is not None:
        expected = add_months(last, settings.ofsted_cycle_months)
        windows.append(
            AvoidWindow(
                add_months(expected, -settings.ofsted_margin_months),
                add_months(expected, settings.ofsted_margin_months),
                "expected Ofsted inspection of children's services",
            )
        )
    return windows


def reassessment_due(settings: RuleSettings, last_published: date | None) -> DateWindow | None:
    """When the next publication is due: ``min``..``max`` months after the last one."""
    if last_published is None:
        return None
    return DateWindow(
        add_months(last_published, settings.reassessment_min_months),
        add_months(last_published, settings.reassessment_max_months),
        "re-assessment due",
    )


def _outside(weeks: list[int], start: int, tolerance: int) -> int:
    return sum(max(0, start - w) + max(0, w - start - tolerance) for w in weeks)


def icb_best_start(weeks: list[int], tolerance: int) -> int:
    """The start ``s`` of the window ``[s, s + tolerance]`` that on-site weeks fall least
    outside (the earliest such start on a tie).

    The sum over councils of the distance to the window is convex in ``s`` and piecewise
    linear with breaks at each week and each week minus the tolerance: the best ``s`` is one
    of those."""
    candidates = sorted(set(weeks) | {w - tolerance for w in weeks})
    return min(candidates, key=lambda s: _outside(weeks, s, tolerance))


def icb_outside_weeks(weeks: list[int], tolerance: int) -> int:
    """Weeks by which on-site weeks fall outside the best window ``[s, s + tolerance]``."""
    if len(weeks) < 2:
        return 0
    return _outside(weeks, icb_best_start(weeks, tolerance), tolerance)


def quarter_of(day: date) -> str:
    """The calendar quarter of a date (a week belongs to its Monday's quarter)."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def weekly_onsite_capacity(inputs: ProgrammeInput) -> list[int]:
    """National on-site capacity in each week of the horizon, overrides applied (a later
    override wins where two touch the same week)."""
    cap = inputs.capacity
    limits = []
    for week in range(inputs.weeks):
        monday = week_monday(inputs.start, week)
        limit = cap.onsite_per_week
        for override in cap.onsite_overrides:
            if window_touches_week(override.start, override.end, monday):
                limit = override.onsite_per_week
        limits.append(limit)
    return limits


def usable_weeks_by_quarter(inputs: ProgrammeInput) -> dict[str, int]:
    """Weeks per quarter in which a council could be visited: after the earliest notice
    allows and with national on-site capacity above zero (overrides applied, later wins)."""
    usable: dict[str, int] = {}
    for week, limit in enumerate(weekly_onsite_capacity(inputs)):
        key = quarter_of(week_monday(inputs.start, week))
        usable.setdefault(key, 0)
        if week >= inputs.timing.notice_weeks_min and limit > 0:
            usable[key] += 1
    return usable


def mix_allowance(size: int, usable: int, total_usable: int, tolerance: int) -> int:
    """Visits a group of ``size`` councils may have in a quarter before the mix rule costs:
    its even share of the quarter's usable weeks (rounded down) plus the tolerance."""
    return (size * usable) // max(1, total_usable) + tolerance
