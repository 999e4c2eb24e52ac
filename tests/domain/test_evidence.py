"""Evidence sources and directions, the evidence period, and the triangulation matrix."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ascassure.domain.calendar import assessment_timeline
from ascassure.domain.evidence import (
    EVIDENCE_AFTER_PERIOD,
    EVIDENCE_BEFORE_PERIOD,
    Direction,
    EvidenceItem,
    EvidencePeriod,
    EvidenceSource,
    Gap,
    MatrixRow,
    QsBalance,
    check_evidence_date,
    evidence_period,
    triangulation_matrix,
)
from ascassure.domain.framework import load_framework

FRAMEWORK = load_framework()
S, F, B = Direction.STRENGTH, Direction.SHORTFALL, Direction.BOTH


def test_sources_and_directions_are_the_agreed_vocabulary() -> None:
    assert [s.value for s in EvidenceSource] == [
        "survey",
        "interview",
        "focus_group",
        "case_tracking",
        "document",
        "data",
        "feedback",
    ]
    assert EvidenceSource.FOCUS_GROUP.label == "Focus group"
    assert [d.value for d in Direction] == ["strength", "shortfall", "both"]
    assert Direction.SHORTFALL.label == "Shortfall"


# --- the evidence period --------------------------------------------------------------------


def test_the_evidence_period_is_the_twelve_months_before_the_ir_was_sent() -> None:
    assert evidence_period(date(2026, 2, 2)) == (date(2025, 2, 2), date(2026, 2, 2))
    start, end = evidence_period(date(2026, 2, 2), months=24)
    assert (start, end) == (date(2024, 2, 2), date(2026, 2, 2))


def test_the_evidence_period_from_a_month_end_clamps_to_the_shorter_month() -> None:
    assert evidence_period(date(2024, 2, 29)).start == date(2023, 2, 28)
    assert evidence_period(date(2026, 5, 31), months=3).start == date(2026, 2, 28)


def test_the_evidence_period_matches_the_assessment_timeline() -> None:
    sent = date(2026, 9, 14)
    milestone = next(m for m in assessment_timeline(sent) if m.key == "evidence_period")
    assert evidence_period(sent) == (milestone.date, milestone.end)


def test_a_negative_number_of_months_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        evidence_period(date(2026, 1, 1), months=-1)


PERIOD = EvidencePeriod(date(2025, 2, 2), date(2026, 2, 2))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 2, 2), None),  # first day
        (date(2026, 2, 2), None),  # the day the IR was sent
        (date(2025, 8, 1), None),
        (date(2025, 2, 1), EVIDENCE_BEFORE_PERIOD),
        (date(2019, 6, 30), EVIDENCE_BEFORE_PERIOD),
        (date(2026, 2, 3), EVIDENCE_AFTER_PERIOD),
    ],
)
def test_evidence_outside_the_period_needs_a_reason(day: date, expected: str | None) -> None:
    assert check_evidence_date(day, PERIOD, "") == expected
    assert check_evidence_date(day, PERIOD, "   ") == expected


def test_a_reason_lets_older_or_later_evidence_in() -> None:
    reason = "The carers survey is published every two years."
    assert check_evidence_date(date(2023, 11, 1), PERIOD, reason) is None
    assert check_evidence_date(date(2026, 3, 1), PERIOD, "Published after; covers 2025.") is None


def test_the_refusals_are_sentences_in_the_users_words() -> None:
    assert EVIDENCE_BEFORE_PERIOD.startswith("This evidence is older than the evidence period.")
    assert EVIDENCE_AFTER_PERIOD.endswith(".")


@given(
    sent=st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    offset=st.integers(-800, 400),
    months=st.integers(0, 36),
)
def test_a_date_is_refused_exactly_when_it_falls_outside_the_period(
    sent: date, offset: int, months: int
) -> None:
    period = evidence_period(sent, months=months)
    day = sent + timedelta(days=offset)
    inside = period.start <= day <= period.end
    assert (check_evidence_date(day, period) is None) is inside
    assert period.includes(day) is inside
    assert period.start <= period.end


# --- triangulation --------------------------------------------------------------------------


def item(qs: str | tuple[str, ...], category: str, direction: Direction) -> EvidenceItem:
    return EvidenceItem((qs,) if isinstance(qs, str) else qs, category, direction)


ITEMS = [
    item("QS1", "people", S),
    item("QS1", "people", S),
    item("QS1", "people", F),
    item("QS1", "staff_leaders", B),
    item("QS1", "partners", F),
    item("QS1", "processes", S),
    item(("QS3", "QS7"), "processes", F),  # one document informing two statements
    item("QS3", "staff_leaders", S),
    item("Safeguarding", "people", S),  # a title is fine
    EvidenceItem(("QS7",), "partners", B, EvidenceSource.INTERVIEW),
]


def test_the_matrix_has_a_row_for_every_statement_and_used_category() -> None:
    result = triangulation_matrix(ITEMS, FRAMEWORK)
    assert len(result.rows) == 9 * 4
    assert [r.category for r in result.rows[:4]] == [
        "people",
        "staff_leaders",
        "partners",
        "processes",
    ]
    assert {r.category for r in result.rows}.isdisjoint({"outcomes", "observation"})


def test_the_matrix_counts_match_a_hand_count() -> None:
    result = triangulation_matrix(ITEMS, FRAMEWORK)
    assert result.row("QS1", "people") == MatrixRow("QS1", "people", "People's experience", 2, 1, 0)
    assert result.row("QS1", "staff_leaders").both == 1
    assert result.row("QS3", "processes") == MatrixRow("QS3", "processes", "Processes", 0, 1, 0)
    assert result.row("QS7", "processes").shortfalls == 1
    assert result.row("QS7", "people").strengths == 1
    assert result.row("QS7", "partners").both == 1
    assert sum(r.total for r in result.rows) == 11  # ten items, one of them counted twice


def test_each_statement_has_a_balance_of_strengths_against_shortfalls() -> None:
    result = triangulation_matrix(ITEMS, FRAMEWORK)
    assert result.balance("QS1") == QsBalance("QS1", strengths=3, shortfalls=2, both=1)
    assert result.balance("QS1").balance == 1
    assert result.balance("QS1").summary == "More strengths than shortfalls"
    assert result.balance("QS3").summary == "Strengths and shortfalls even"
    assert result.balance("QS7").balance == 0 and result.balance("QS7").total == 3
    assert result.balance("QS9").summary == "No evidence yet"
    assert triangulation_matrix([item("QS2", "people", F)], FRAMEWORK).balance("QS2").summary == (
        "More shortfalls than strengths"
    )


def test_gaps_name_each_statement_and_category_without_evidence() -> None:
    result = triangulation_matrix(ITEMS, FRAMEWORK)
    assert [g for g in result.gaps if g.qs_code in ("QS1", "QS3")] == [
        Gap("QS3", "people", "QS3 has no evidence of people's experience"),
        Gap("QS3", "partners", "QS3 has no evidence of feedback from partners"),
    ]
    assert [g.message for g in result.gaps if g.qs_code == "QS7"] == [
        "QS7 has no evidence of feedback from staff and leaders"
    ]
    assert len([g for g in result.gaps if g.qs_code == "QS9"]) == 4
    assert len(result.gaps) == 2 + 1 + 4 * 6  # QS3, QS7, and six statements with nothing


def test_no_evidence_at_all_leaves_every_cell_a_gap() -> None:
    result = triangulation_matrix([], FRAMEWORK)
    assert len(result.gaps) == 36
    assert all(r.total == 0 for r in result.rows)


def test_the_same_statement_named_twice_in_one_item_counts_once() -> None:
    result = triangulation_matrix([item(("QS4", "qs4", "QS 4"), "people", S)], FRAMEWORK)
    assert result.row("QS4", "people").strengths == 1


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (item("QS1", "outcomes", S), "'outcomes' is not an evidence category used"),
        (item("QS1", "gossip", S), "'gossip' is not an evidence category used"),
        (EvidenceItem((), "people", S), "names no quality statement"),
    ],
)
def test_items_that_would_vanish_from_the_matrix_are_refused(
    bad: EvidenceItem, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        triangulation_matrix([item("QS1", "people", S), bad], FRAMEWORK)


def test_an_unknown_statement_is_refused() -> None:
    with pytest.raises(KeyError, match="no quality statement 'QS10'"):
        triangulation_matrix([item("QS10", "people", S)], FRAMEWORK)


@given(
    st.lists(
        st.builds(
            EvidenceItem,
            st.lists(st.sampled_from(FRAMEWORK.qs_codes), min_size=1, max_size=3, unique=True).map(
                tuple
            ),
            st.sampled_from([c.code for c in FRAMEWORK.used_categories]),
            st.sampled_from(list(Direction)),
        ),
        max_size=40,
    )
)
def test_the_matrix_holds_every_item_once_per_statement_it_names(
    items: list[EvidenceItem],
) -> None:
    result = triangulation_matrix(items, FRAMEWORK)
    assert sum(r.total for r in result.rows) == sum(len(i.qs_codes) for i in items)
    assert sum(b.total for b in result.balances) == sum(r.total for r in result.rows)
    assert {(g.qs_code, g.category) for g in result.gaps} == {
        (r.qs_code, r.category) for r in result.rows if r.total == 0
    }
