"""Working days, bank holidays, the factual accuracy deadline and an assessment's dates."""

from __future__ import annotations

import ast
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ascassure.domain.calendar as calendar_module
from ascassure.domain.calendar import (
    ENGLAND_AND_WALES,
    Milestone,
    TimelineSettings,
    WorkingCalendar,
    assessment_timeline,
    bank_holidays,
    days_remaining,
    fac_deadline,
    months_before,
)

DOMAIN = Path(__file__).parents[2] / "src/ascassure/domain"
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


# --- bank holidays --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "holiday",
    [
        date(2025, 12, 25),
        date(2025, 12, 26),
        date(2026, 1, 1),
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 5, 4),  # early May
        date(2026, 5, 25),  # spring
        date(2026, 8, 31),  # summer
        date(2026, 12, 28),  # Boxing Day falls on a Saturday: substitute Monday
    ],
)
def test_england_and_wales_bank_holidays_include_the_real_dates(holiday: date) -> None:
    assert holiday in bank_holidays([2025, 2026])
    assert not ENGLAND_AND_WALES.is_working_day(holiday)


def test_bank_holidays_are_england_and_wales_only() -> None:
    found = bank_holidays([2026])
    assert date(2026, 3, 17) not in found  # St Patrick's Day: Northern Ireland
    assert date(2026, 1, 2) not in found  # 2 January: Scotland
    assert date(2026, 8, 3) not in found  # Scottish summer holiday
    # Eight days off; the library also lists Boxing Day on its Saturday (26 December).
    assert len(found - {date(2026, 12, 26)}) == 8


def test_bank_holidays_cover_every_year_asked_for() -> None:
    found = bank_holidays(range(2024, 2027))
    assert {d.year for d in found} == {2024, 2025, 2026}
    assert bank_holidays([]) == frozenset()


# --- working days ---------------------------------------------------------------------------


def test_weekends_bank_holidays_and_extra_closures_are_not_working_days() -> None:
    closed = WorkingCalendar(extra_closures=frozenset({date(2026, 2, 4)}))
    assert ENGLAND_AND_WALES.is_working_day(date(2026, 2, 4))  # a Wednesday
    assert not closed.is_working_day(date(2026, 2, 4))
    assert not ENGLAND_AND_WALES.is_working_day(date(2026, 2, 7))  # Saturday
    assert not ENGLAND_AND_WALES.is_working_day(date(2026, 2, 8))  # Sunday


def test_adding_working_days_starts_counting_the_day_after() -> None:
    friday = date(2026, 2, 6)
    assert ENGLAND_AND_WALES.add_working_days(friday, 1) == date(2026, 2, 9)
    assert ENGLAND_AND_WALES.add_working_days(friday, 5) == date(2026, 2, 13)


def test_adding_zero_working_days_returns_the_start_even_on_a_weekend() -> None:
    saturday = date(2026, 2, 7)
    assert ENGLAND_AND_WALES.add_working_days(saturday, 0) == saturday


def test_adding_negative_working_days_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        ENGLAND_AND_WALES.add_working_days(date(2026, 2, 6), -1)


def test_next_working_day_is_the_day_itself_when_it_is_one() -> None:
    assert ENGLAND_AND_WALES.next_working_day(date(2026, 2, 4)) == date(2026, 2, 4)
    assert ENGLAND_AND_WALES.next_working_day(date(2026, 2, 7)) == date(2026, 2, 9)
    assert ENGLAND_AND_WALES.next_working_day(date(2026, 4, 3)) == date(2026, 4, 7)  # Easter
    assert ENGLAND_AND_WALES.previous_working_day(date(2026, 4, 6)) == date(2026, 4, 2)


def test_working_days_between_counts_after_the_first_up_to_the_second() -> None:
    assert ENGLAND_AND_WALES.working_days_between(date(2026, 2, 6), date(2026, 2, 6)) == 0
    assert ENGLAND_AND_WALES.working_days_between(date(2026, 2, 6), date(2026, 2, 9)) == 1
    assert ENGLAND_AND_WALES.working_days_between(date(2026, 2, 9), date(2026, 2, 6)) == -1
    assert ENGLAND_AND_WALES.working_days_between(date(2025, 12, 19), date(2026, 1, 7)) == 10


@given(days, st.integers(min_value=0, max_value=60))
def test_adding_working_days_and_counting_them_agree(start: date, n: int) -> None:
    end = ENGLAND_AND_WALES.add_working_days(start, n)
    assert ENGLAND_AND_WALES.working_days_between(start, end) == n
    assert ENGLAND_AND_WALES.working_days_between(end, start) == -n
    if n:
        assert ENGLAND_AND_WALES.is_working_day(end)
        assert end > start


@given(days)
def test_the_next_working_day_is_working_and_nothing_before_it_is(day: date) -> None:
    found = ENGLAND_AND_WALES.next_working_day(day)
    assert ENGLAND_AND_WALES.is_working_day(found)
    d = day
    while d < found:
        assert not ENGLAND_AND_WALES.is_working_day(d)
        d += timedelta(days=1)


# --- factual accuracy check ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "deadline"),
    [
        # Christmas: skips 25 and 26 December, 1 January and the weekends.
        (date(2025, 12, 19), date(2026, 1, 7)),
        # Easter 2026: Good Friday 3 April and Easter Monday 6 April.
        (date(2026, 4, 1), date(2026, 4, 17)),
        # Early May 2026: Monday 4 May.
        (date(2026, 4, 30), date(2026, 5, 15)),
        # Spring 2026: Monday 25 May.
        (date(2026, 5, 18), date(2026, 6, 2)),
        # No holidays: two plain weeks from a Monday.
        (date(2026, 2, 2), date(2026, 2, 16)),
        # Sent on a Saturday: day 1 is the Monday.
        (date(2026, 2, 7), date(2026, 2, 20)),
    ],
)
def test_the_factual_accuracy_deadline_is_ten_working_days_after_the_email(
    sent: date, deadline: date
) -> None:
    assert fac_deadline(sent) == deadline


def test_the_factual_accuracy_period_and_closures_are_configurable() -> None:
    assert fac_deadline(date(2026, 2, 2), working_days=5) == date(2026, 2, 9)
    closed = WorkingCalendar(extra_closures=frozenset({date(2026, 2, 10)}))
    assert fac_deadline(date(2026, 2, 2), calendar=closed) == date(2026, 2, 17)


def test_days_remaining_counts_working_days_and_goes_negative_when_overdue() -> None:
    deadline = date(2026, 1, 7)
    assert days_remaining(deadline, today=date(2025, 12, 19)) == 10
    assert days_remaining(deadline, today=date(2025, 12, 24)) == 7
    assert days_remaining(deadline, today=deadline) == 0
    assert days_remaining(deadline, today=date(2026, 1, 9)) == -2
    assert days_remaining(deadline, today=date(2026, 1, 10)) == -2  # Saturday adds nothing


# --- the timeline ---------------------------------------------------------------------------


def by_key(milestones: tuple[Milestone, ...]) -> dict[str, Milestone]:
    return {m.key: m for m in milestones}


def test_the_timeline_lists_its_milestones_in_order() -> None:
    timeline = assessment_timeline(date(2026, 2, 2))
    assert [m.key for m in timeline] == [
        "notification",
        "evidence_period",
        "ir_early_items_due",
        "ir_due",
        "onsite_window",
        "onsite_confirm_by",
    ]
    assert all(m.label for m in timeline)


def test_a_plain_timeline_uses_the_published_numbers() -> None:
    notified = date(2026, 2, 2)  # a Monday
    m = by_key(assessment_timeline(notified))
    assert m["notification"].date == notified
    assert (m["evidence_period"].date, m["evidence_period"].end) == (date(2025, 2, 2), notified)
    assert m["ir_early_items_due"].date == date(2026, 2, 9)
    assert m["ir_due"].date == date(2026, 2, 23)
    # The window is notification + 9 to 11 weeks as published, not moved off Easter Monday.
    assert (m["onsite_window"].date, m["onsite_window"].end) == (
        date(2026, 4, 6),
        date(2026, 4, 20),
    )
    assert "3–4 days" in m["onsite_window"].note  # noqa: RUF001
    assert m["onsite_confirm_by"].date == date(2026, 2, 23)  # window start less 6 weeks


def test_due_dates_on_bank_holidays_roll_to_the_next_working_day() -> None:
    m = by_key(assessment_timeline(date(2026, 3, 30)))
    assert m["ir_early_items_due"].date == date(2026, 4, 7)  # 6 April is Easter Monday
    m = by_key(assessment_timeline(date(2026, 4, 13)))
    assert m["ir_due"].date == date(2026, 5, 5)  # 4 May is a bank holiday


def test_the_latest_confirmation_date_rolls_back_to_keep_the_full_notice() -> None:
    m = by_key(assessment_timeline(date(2026, 4, 13)))
    assert m["onsite_window"].date == date(2026, 6, 15)
    assert m["onsite_confirm_by"].date == date(2026, 5, 1)  # 4 May is a bank holiday


def test_rolling_can_be_switched_off() -> None:
    m = by_key(
        assessment_timeline(date(2026, 4, 13), settings=TimelineSettings(roll_to_working_day=False))
    )
    assert m["ir_due"].date == date(2026, 5, 4)
    assert m["onsite_confirm_by"].date == date(2026, 5, 4)


def test_a_notification_on_a_saturday_still_rolls_its_due_dates_to_a_monday() -> None:
    m = by_key(assessment_timeline(date(2026, 2, 7)))
    assert m["ir_early_items_due"].date == date(2026, 2, 16)
    assert m["ir_due"].date == date(2026, 3, 2)


def test_every_timeline_number_is_a_setting() -> None:
    settings = TimelineSettings(
        ir_due_weeks=4,
        ir_early_items_days=3,
        onsite_window_start_weeks=10,
        onsite_window_end_weeks=12,
        onsite_confirm_notice_weeks=8,
        onsite_days_min=2,
        onsite_days_max=2,
        evidence_period_months=24,
    )
    m = by_key(assessment_timeline(date(2026, 2, 2), settings=settings))
    assert m["evidence_period"].date == date(2024, 2, 2)
    assert m["ir_early_items_due"].date == date(2026, 2, 5)
    assert m["ir_due"].date == date(2026, 3, 2)
    assert (m["onsite_window"].date, m["onsite_window"].end) == (
        date(2026, 4, 13),
        date(2026, 4, 27),
    )
    assert "lasts 2 days" in m["onsite_window"].note
    assert m["onsite_confirm_by"].date == date(2026, 2, 16)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"onsite_window_start_weeks": 11, "onsite_window_end_weeks": 9}, "cannot end before"),
        ({"onsite_days_min": 5, "onsite_days_max": 4}, "onsite_days_max cannot be below"),
        ({"ir_due_weeks": -1}, "ir_due_weeks cannot be negative"),
    ],
)
def test_impossible_settings_are_refused(changes: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        TimelineSettings(**changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 2, 2), 12, date(2025, 2, 2)),
        (date(2024, 2, 29), 12, date(2023, 2, 28)),
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2026, 1, 15), 1, date(2025, 12, 15)),
    ],
)
def test_months_before_keeps_the_day_or_uses_the_month_end(
    day: date, months: int, expected: date
) -> None:
    assert months_before(day, months) == expected


@given(days)
def test_the_ir_due_date_is_a_working_day_on_or_after_three_weeks(notified: date) -> None:
    due = by_key(assessment_timeline(notified))["ir_due"].date
    assert ENGLAND_AND_WALES.is_working_day(due)
    assert due >= notified + timedelta(weeks=3)
    assert due - (notified + timedelta(weeks=3)) < timedelta(days=7)


# --- time is always an argument -------------------------------------------------------------

CLOCK_CALLS = {"today", "now", "utcnow", "time", "monotonic", "perf_counter"}


def clock_calls(source: str) -> list[str]:
    """Names of clock-reading calls such as ``date.today()`` in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in CLOCK_CALLS
        ):
            found.append(node.func.attr)
    return found


def test_the_clock_detector_spots_a_call_to_today() -> None:
    assert clock_calls("from datetime import date\nx = date.today()\n") == ["today"]
    assert clock_calls("x = add_working_days(start, 3)\n") == []


@pytest.mark.parametrize(
    "relative", ["calendar.py", "scoring.py", "framework/loader.py", "framework/model.py"]
)
def test_the_rules_never_read_the_clock(relative: str) -> None:
    assert clock_calls((DOMAIN / relative).read_text(encoding="utf-8")) == []


def test_the_calendar_module_path_is_the_one_checked() -> None:
    assert Path(calendar_module.__file__).resolve() == (DOMAIN / "calendar.py").resolve()
