"""What the national programme scheduler is given: plain, frozen, typed values.

Every date is a ``datetime.date``. Weeks are named by their Monday; windows are inclusive at
both ends. Nothing here reads the clock: the plan's first Monday is an input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

__all__ = [
    "AvoidWindow",
    "Capacity",
    "CapacityOverride",
    "CouncilInfo",
    "CouncilPlanInput",
    "DateWindow",
    "Election",
    "Lock",
    "ProgrammeInput",
    "ReportOverride",
    "RuleSettings",
    "Team",
    "Timing",
    "Weights",
]


@dataclass(frozen=True)
class DateWindow:
    """A span of days, inclusive at both ends, with the reason it exists."""

    start: date
    end: date
    reason: str = ""


@dataclass(frozen=True)
class AvoidWindow:
    """A soft window: an on-site visit touching it costs ``weight`` points (times the rule's)."""

    start: date
    end: date
    reason: str = ""
    weight: int = 1


@dataclass(frozen=True)
class CouncilInfo:
    """Reference facts about one council (from ``local_authorities.csv`` or synthetic)."""

    code: str
    name: str
    la_type: str
    region: str
    icb: str


@dataclass(frozen=True)
class Lock:
    """An assessment already notified: its notification and on-site weeks are fixed."""

    notification: date
    onsite: date


@dataclass(frozen=True)
class CouncilPlanInput:
    """One council to schedule, with everything that bears on its own dates."""

    council: CouncilInfo
    priority_reasons: tuple[str, ...] = ()
    forbidden: tuple[DateWindow, ...] = ()
    avoid: tuple[AvoidWindow, ...] = ()
    ofsted_last_inspection: date | None = None
    last_published: date | None = None
    lock: Lock | None = None
    previous_onsite: date | None = None


@dataclass(frozen=True)
class Election:
    """A council's poll and its pre-election period (``window``, ending on polling day)."""

    council: str
    poll: date
    kind: str  # "all_out", "thirds", "halves"
    window: DateWindow

    @property
    def whole_council(self) -> bool:
        return self.kind == "all_out"


@dataclass(frozen=True)
class Timing:
    notice_weeks_min: int = 9
    notice_weeks_max: int = 11
    notice_weeks_preferred: int = 10
    onsite_weeks: int = 1
    publication_lag_weeks: int = 13
    max_publication_delay_weeks: int = 8


@dataclass(frozen=True)
class Team:
    """A regional team: councils in ``regions`` share its weekly on-site capacity."""

    name: str
    regions: tuple[str, ...]
    onsite_per_week: int


@dataclass(frozen=True)
class CapacityOverride:
    """Weeks touching ``start``..``end`` get this national on-site capacity instead."""

    start: date
    end: date
    onsite_per_week: int
    reason: str = ""


@dataclass(frozen=True)
class ReportOverride:
    """Publications allowed in calendar month ``month`` (``YYYY-MM``) instead of the default."""

    month: str
    reports: int
    reason: str = ""


@dataclass(frozen=True)
class Capacity:
    onsite_per_week: int = 2
    reports_per_month: int = 7
    teams: tuple[Team, ...] = ()
    onsite_overrides: tuple[CapacityOverride, ...] = ()
    report_overrides: tuple[ReportOverride, ...] = ()


@dataclass(frozen=True)
class Weights:
    """Points per unit of each soft rule (0 switches the rule off)."""

    priority: int = 1
    icb_grouping: int = 5
    region_mix: int = 4
    type_mix: int = 4
    avoid_window: int = 20
    election_onsite: int = 30
    publication_delay: int = 3
    stability: int = 40
    reassessment_early: int = 5
    reassessment_overdue: int = 50

    def as_dict(self) -> dict[str, int]:
        return {name: int(getattr(self, name)) for name in self.__dataclass_fields__}


@dataclass(frozen=True)
class RuleSettings:
    """Parameters of the soft rules (the numbers the research calls configurable)."""

    priority_reasons: tuple[tuple[str, int], ...] = (("concerns", 3), ("innovation", 1))
    icb_tolerance_weeks: int = 8
    mix_tolerance_councils: int = 1
    ofsted_cycle_months: int = 36
    ofsted_margin_months: int = 6
    election_avoid_days_after_poll: int = 28
    reassessment_min_months: int = 36
    reassessment_max_months: int = 48

    def priority_points(self, reasons: tuple[str, ...]) -> int:
        table = dict(self.priority_reasons)
        return sum(table.get(reason, 0) for reason in reasons)


@dataclass(frozen=True)
class ProgrammeInput:
    """Everything one planning run needs; councils are kept in ONS-code order."""

    start: date
    weeks: int
    councils: tuple[CouncilPlanInput, ...]
    timing: Timing = field(default_factory=Timing)
    capacity: Capacity = field(default_factory=Capacity)
    weights: Weights = field(default_factory=Weights)
    settings: RuleSettings = field(default_factory=RuleSettings)
    national_blackouts: tuple[DateWindow, ...] = ()
    elections: tuple[Election, ...] = ()
