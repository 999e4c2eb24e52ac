"""Calendar arithmetic for the programme: weeks start on Monday, months are calendar months.

A week is named by its Monday. A date window (inclusive at both ends) *touches* a week when
any day from that Monday to the Sunday after it lies inside the window.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

__all__ = [
    "add_months",
    "is_monday",
    "monday_of",
    "month_key",
    "week_index",
    "week_monday",
    "window_touches_week",
]


def is_monday(day: date) -> bool:
    return day.weekday() == 0


def monday_of(day: date) -> date:
    """The Monday of the week holding ``day``."""
    return day - timedelta(days=day.weekday())


def week_monday(start: date, week: int) -> date:
    """The Monday of week number ``week`` counted from the plan's first Monday ``start``."""
    return start + timedelta(weeks=week)


def week_index(start: date, day: date) -> int:
    """The number of the week holding ``day`` (negative before ``start``)."""
    return (day - start).days // 7


def window_touches_week(first: date, last: date, monday: date) -> bool:
    """Whether the window ``first``..``last`` (inclusive) shares a day with the week."""
    return first <= monday + timedelta(days=6) and last >= monday


def month_key(day: date) -> str:
    """``YYYY-MM`` of a date; a week belongs to the month of its Monday."""
    return f"{day.year:04d}-{day.month:02d}"


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months, clamped to the month's last day."""
    total = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(total, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))
