"""Periods as stored: financial years ``2020-21``, months ``2023M11``, calendar years ``2023``.

Months are not written ``2023-11`` because that would read as a financial year for November
2010 and December 2011 (``2010-11``, ``2011-12``). Stored periods sort in time order within
each kind.
"""

from __future__ import annotations

import calendar
import re

_FY = re.compile(r"(\d{4})-(\d{2})")
_MONTH = re.compile(r"(\d{4})M(\d{2})")


def month_period(month: str) -> str:
    """``"2023-11"`` (the parser's month) → ``"2023M11"``."""
    year, number = month.split("-")
    return f"{year}M{number}"


def is_financial_year(period: str) -> bool:
    return _FY.fullmatch(period) is not None


def period_label(period: str) -> str:
    """How a period is shown: ``2020-21``, ``Nov 2023``, ``2023``."""
    match = _MONTH.fullmatch(period)
    if match:
        return f"{calendar.month_abbr[int(match[2])]} {match[1]}"
    return period


def period_sort_key(period: str) -> tuple[int, int, str]:
    """Time order across kinds: a financial year sorts at its April, a month at itself."""
    if match := _FY.fullmatch(period):
        return int(match[1]), 4, period
    if match := _MONTH.fullmatch(period):
        return int(match[1]), int(match[2]), period
    if period.isdigit():
        return int(period), 1, period
    return 0, 0, period
