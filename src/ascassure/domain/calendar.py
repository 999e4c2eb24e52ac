"""Working days, bank holidays and the dates of one assessment.

Nothing here reads the clock: "today" is always an argument. Working days are Monday to
Friday, except England and Wales bank holidays and any extra closures a calendar lists.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as _dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

import holidays

__all__ = [
    "ENGLAND_AND_WALES",
    "Milestone",
    "TimelineSettings",
    "WorkingCalendar",
    "assessment_timeline",
    "bank_holidays",
    "days_remaining",
    "fac_deadline",
    "months_before",
]


@functools.cache
def _bank_holidays_in(year: int) -> frozenset[date]:
    found = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return frozenset(found.keys())


def bank_holidays(years: Iterable[int]) -> frozenset[date]:
    """England and Wales bank holidays (including substitute days) in the given years."""
    out: set[date] = set()
    for year in years:
        out |= _bank_holidays_in(year)
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class WorkingCalendar:
    """Monday to Friday, less England and Wales bank holidays and ``extra_closures``."""

    extra_closures: frozenset[date] = field(default_factory=frozenset)

    def is_working_day(self, day: date) -> bool:
        return (
            day.weekday() < 5
            and day not in _bank_holidays_in(day.year)
            and day not in self.extra_closures
        )

    def next_working_day(self, day: date) -> date:
        """``day`` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def previous_working_day(self, day: date) -> date:
        """``day`` itself if it is a working day, else the last working day before it."""
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (day 1 is the first one after it).

        ``n = 0`` gives ``start`` unchanged, working day or not.
        """
        if n < 0:
            raise ValueError(f"cannot add a negative number of working days ({n})")
        day = start
        while n:
            day += timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day

    def working_days_between(self, a: date, b: date) -> int:
        """Working days after ``a`` up to and including ``b``; negative when ``b`` is before ``a``.

        So ``working_days_between(a, add_working_days(a, n)) == n``.
        """
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        day = a
        while day < b:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count


ENGLAND_AND_WALES = WorkingCalendar()


def fac_deadline(
    sent: date, *, working_days: int = 10, calendar: WorkingCalendar = ENGLAND_AND_WALES
) -> date:
    """Last day for the council's factual accuracy comments on a draft report.

    The period runs from the date of the e-mail: day 1 is the first working day after it.
    """
    return calendar.add_working_days(sent, working_days)


def days_remaining(
    deadline: date, *, today: date, calendar: WorkingCalendar = ENGLAND_AND_WALES
) -> int:
    """Working days left until ``deadline`` (0 on the day itself, negative once overdue)."""
    return calendar.working_days_between(today, deadline)


def months_before(day: date, months: int) -> date:
    """The same day ``months`` months earlier, or that month's last day if it is shorter."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    last = _stdlib_calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


@dataclass(frozen=True, slots=True)
class TimelineSettings:
    """Every number in an assessment's timeline; the defaults are the published ones."""

    ir_due_weeks: int = 3
    ir_early_items_days: int = 7
    onsite_window_start_weeks: int = 9
    onsite_window_end_weeks: int = 11
    onsite_confirm_notice_weeks: int = 6
    onsite_days_min: int = 3
    onsite_days_max: int = 4
    fac_working_days: int = 10
    evidence_period_months: int = 12
    roll_to_working_day: bool = True

    def __post_init__(self) -> None:
        for name in (
            "ir_due_weeks",
            "ir_early_items_days",
            "onsite_window_start_weeks",
            "onsite_window_end_weeks",
            "onsite_confirm_notice_weeks",
            "onsite_days_min",
            "onsite_days_max",
            "fac_working_days",
            "evidence_period_months",
        ):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} cannot be negative")
        if self.onsite_window_end_weeks < self.onsite_window_start_weeks:
            raise ValueError("the on-site window cannot end before it starts")
        if self.onsite_days_max < self.onsite_days_min:
            raise ValueError("onsite_days_max cannot be below onsite_days_min")


@dataclass(frozen=True, slots=True)
class Milestone:
    """One dated step; ``end`` is set when the step is a period (``date`` to ``end``)."""

    key: str
    label: str
    date: _dt.date
    end: _dt.date | None = None
    note: str = ""


def assessment_timeline(
    notified: date,
    *,
    settings: TimelineSettings = TimelineSettings(),  # frozen, so safe to share
    calendar: WorkingCalendar = ENGLAND_AND_WALES,
) -> tuple[Milestone, ...]:
    """The planned dates of an assessment, from the day the council is notified.

    The information return (IR) request goes with the notification. Due dates for the
    council that land on a weekend or bank holiday move to the next working day; the latest
    date to confirm the on-site visit moves to the working day before, so the notice is never
    shorter than the minimum.
    """
    s = settings

    def due(day: date) -> date:
        return calendar.next_working_day(day) if s.roll_to_working_day else day

    def latest(day: date) -> date:
        return calendar.previous_working_day(day) if s.roll_to_working_day else day

    window_start = notified + timedelta(weeks=s.onsite_window_start_weeks)
    window_end = notified + timedelta(weeks=s.onsite_window_end_weeks)
    onsite_days = (
        f"{s.onsite_days_min}"
        if s.onsite_days_min == s.onsite_days_max
        else f"{s.onsite_days_min}–{s.onsite_days_max}"  # noqa: RUF001 - an en dash for ranges
    )
    return (
        Milestone(
            "notification",
            "Notification to the Director of Adult Social Services",
            notified,
            note="Starts the assessment and carries the information return request.",
        ),
        Milestone(
            "evidence_period",
            "Evidence period",
            months_before(notified, s.evidence_period_months),
            end=notified,
            note=(
                f"The {s.evidence_period_months} months before the information return was "
                "sent. Older evidence needs a reason."
            ),
        ),
        Milestone(
            "ir_early_items_due",
            "Early information return items due",
            due(notified + timedelta(days=s.ir_early_items_days)),
            note="Some items are asked for sooner than the rest.",
        ),
        Milestone(
            "ir_due",
            "Information return due",
            due(notified + timedelta(weeks=s.ir_due_weeks)),
            note="Includes the self-assessment and the case-tracking list.",
        ),
        Milestone(
            "onsite_window",
            "Expected on-site window",
            window_start,
            end=window_end,
            note=f"On-site lasts {onsite_days} days.",
        ),
        Milestone(
            "onsite_confirm_by",
            "Latest date to confirm the on-site date",
            latest(window_start - timedelta(weeks=s.onsite_confirm_notice_weeks)),
            note=(
                f"At least {s.onsite_confirm_notice_weeks} weeks before the earliest on-site day."
            ),
        ),
    )
