"""Self-assessment rules: stale evidence, overdue actions, completeness, sign-off, diffs, what
would move the rating, and reading a spreadsheet of entries."""

from __future__ import annotations

import doctest
from datetime import date

import pytest

from ascassure.domain.framework import load_framework
from ascassure.domain.selfassessment import (
    SIGN_OFF_MISSING,
    Confidence,
    Entry,
    EntryStatus,
    category_gaps,
    changes,
    column_letter,
    entries,
    entry_completeness,
    entry_diff,
    is_overdue,
    is_stale,
    levers,
    parse_import,
    predicted_result,
    score_moves,
    sheet,
    sign_off_refusals,
    split_areas,
    word_diff,
)

FW = load_framework("2025")
FULL = Entry(
    what_we_do="We assess needs with people.",
    how_we_know="Audits.",
    next_steps="Shorter waits.",
    strengths="Reviews.",
    areas_for_development="OT waits",
    i_statements=(1,),
    self_score=3,
    confidence=Confidence.HIGH,
    status=EntryStatus.SIGNED_OFF,
)
HEADER = [
    "Quality statement",
    "Title",
    "What we do",
    "How we know",
    "What we will do next",
    "Strengths",
    "Areas for development",
    "I statements covered",
    "Self-score",
    "Confidence",
    "Status",
]


@pytest.mark.parametrize("module", [entries, changes, sheet])
def test_the_doctests_hold(module):
    result = doctest.testmod(module)
    assert result.attempted and result.failed == 0


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("evidence_date", "stale"),
    [
        (date(2025, 3, 15), False),  # exactly 12 months old: still current
        (date(2025, 3, 14), True),  # one day more
        (date(2026, 3, 15), False),
        (date(2020, 1, 1), True),
    ],
)
def test_evidence_is_stale_only_when_older_than_twelve_months(evidence_date, stale):
    assert is_stale(evidence_date, today=date(2026, 3, 15)) is stale


def test_twelve_months_before_the_last_day_of_a_month_is_the_shorter_months_last_day():
    # 12 months before 29 February 2028 is 28 February 2027 (no 29th that year)
    assert is_stale(date(2027, 2, 28), today=date(2028, 2, 29)) is False
    assert is_stale(date(2027, 2, 27), today=date(2028, 2, 29)) is True


@pytest.mark.parametrize(
    ("due", "status", "overdue"),
    [
        (date(2026, 3, 14), "not_started", True),
        (date(2026, 3, 14), "in_progress", True),
        (date(2026, 3, 14), "done", False),
        (date(2026, 3, 15), "in_progress", False),  # due today is not overdue yet
        (None, "not_started", False),
    ],
)
def test_an_action_is_overdue_after_its_due_date_unless_done(due, status, overdue):
    assert is_overdue(due, status, today=date(2026, 3, 15)) is overdue


# --- completeness and sign-off ----------------------------------------------------------------


def test_an_empty_entry_lacks_everything_and_a_full_one_nothing():
    empty = entry_completeness(None, evidence_count=0, i_statement_count=2)
    assert empty.done == 0 and empty.total == 9 and empty.percent == 0
    assert "Evidence in the library" in empty.missing
    full = entry_completeness(FULL, evidence_count=1, i_statement_count=2)
    assert full.complete and full.percent == 100 and full.missing == ()


def test_a_qs_without_i_statements_is_not_asked_for_them():
    result = entry_completeness(FULL, evidence_count=1, i_statement_count=0)
    assert result.total == 8 and "I statements covered" not in result.missing


def test_completeness_rounds_down_so_100_means_everything():
    almost = Entry(**{**_fields(FULL), "confidence": None})
    result = entry_completeness(almost, evidence_count=1, i_statement_count=2)
    assert result.done == 8 and result.total == 9 and result.percent == 88


def test_sign_off_lists_every_missing_part_in_plain_words():
    entry = Entry(what_we_do="Something", status=EntryStatus.SIGNED_OFF, self_score=3)
    reasons = sign_off_refusals(entry)
    assert SIGN_OFF_MISSING.format(what="how you know") in reasons
    assert "Add a confidence before signing off" in reasons
    assert "Add what you do before signing off" not in reasons
    assert len(reasons) == 5


def test_drafts_and_entries_in_review_may_be_incomplete():
    assert sign_off_refusals(Entry(status=EntryStatus.IN_REVIEW)) == ()
    assert sign_off_refusals(Entry()) == ()
    assert sign_off_refusals(FULL) == ()


def test_whitespace_is_not_content():
    entry = Entry(**{**_fields(FULL), "strengths": "   \n "})
    assert sign_off_refusals(entry) == ("Add strengths before signing off",)


def test_category_gaps_name_the_categories_with_no_evidence():
    gaps = category_gaps({"people", "processes"}, FW.used_categories)
    assert [g.code for g in gaps] == ["staff_leaders", "partners"]


def test_areas_for_development_split_into_one_per_line_without_bullets():
    text = "- Waiting times\n• Carers' assessments\n\n3. Transitions\n  * Data quality  "
    assert split_areas(text) == (
        "Waiting times",
        "Carers' assessments",
        "Transitions",
        "Data quality",
    )
    assert split_areas("") == ()


# --- differences ------------------------------------------------------------------------------


def test_a_word_diff_rebuilds_both_texts():
    old, new = (
        "We review plans every year.\nCarers get support.",
        "We review all plans.\nCarers get support.",
    )
    segments = word_diff(old, new)
    assert "".join(s.text for s in segments if s.op != "insert") == old
    assert "".join(s.text for s in segments if s.op != "delete") == new
    assert [s.text for s in segments if s.op == "insert"] == ["all plans.\n"]


def test_identical_texts_give_one_equal_segment_and_empty_ones_none():
    assert [s.op for s in word_diff("same text", "same text")] == ["equal"]
    assert word_diff("", "") == ()


def test_entry_diff_compares_every_field_in_reading_order():
    qs1 = FW.statement("QS1")
    before = Entry(what_we_do="We assess.", self_score=2, confidence=Confidence.LOW)
    after = Entry(what_we_do="We assess with people.", self_score=3, confidence=Confidence.LOW)
    changes = entry_diff(before, after, qs1, FW)
    changed = {c.key: c for c in changes if c.changed}
    assert set(changed) == {"what_we_do", "self_score"}
    assert (changed["self_score"].old, changed["self_score"].new) == (
        "2: Some shortfalls",
        "3: Good standard",
    )
    assert [c.key for c in changes][:2] == ["what_we_do", "how_we_know"]


def test_entry_diff_from_nothing_shows_everything_as_added():
    changes = entry_diff(None, FULL, FW.statement("QS1"), FW)
    assert all(c.changed for c in changes)
    assert changes[0].segments[0].op == "insert"


# --- where the self-scores put the council ----------------------------------------------------


def test_no_prediction_until_a_qs_has_a_score():
    assert predicted_result({}, FW) is None
    assert levers({"QS1": None}, FW) is None


def test_the_prediction_uses_the_domain_scoring_and_leaves_unscored_qs_out():
    result = predicted_result({"QS1": 3, "QS2": 3, "QS3": 2}, FW)
    assert result is not None and result.assessed == 3
    assert result.percent == 67 and result.rating.value == "Good"  # 8 of 12, rounded up


def test_levers_put_the_changes_that_move_the_rating_first_and_describe_them():
    scores = {f"QS{n}": s for n, s in enumerate([2, 2, 2, 2, 3, 3, 3, 3, 3], start=1)}
    found = levers(scores, FW)
    assert found is not None
    # 23 of 36 = 64% (Good); one point down gives 22 of 36 = 62% (Requires improvement)
    assert all(c.result.rating.value == "Requires improvement" for c in found.falls)
    assert found.rises[0].describe() == "QS1 from 2 to 3 gives Good at 67%"
    assert found.to_next is not None and found.to_next.result.rating.value == "Outstanding"


def test_score_moves_list_only_the_qs_that_changed():
    moves = score_moves({"QS1": 2, "QS2": 3}, {"QS1": 3, "QS2": 3, "QS4": 1}, FW)
    assert [(m.qs_code, m.before, m.after) for m in moves] == [("QS1", 2, 3), ("QS4", None, 1)]


# --- imports ----------------------------------------------------------------------------------


def _row(code="QS1", **values):
    row = dict.fromkeys(HEADER, "")
    row.update(
        {
            "Quality statement": code,
            "What we do": "We do",
            "How we know": "We know",
            "What we will do next": "Next",
            "Strengths": "Good",
            "Areas for development": "More",
            "Self-score": 3,
            "Confidence": "High",
            "Status": "Draft",
        }
    )
    row.update(values)
    return [row[h] for h in HEADER]


def test_a_good_sheet_gives_one_entry_per_qs():
    result = parse_import([HEADER, _row("QS1"), _row("qs 4", **{"I statements covered": ""})], FW)
    assert result.ok and set(result.entries) == {"QS1", "QS4"}
    entry = result.entries["QS1"]
    assert entry.self_score == 3 and entry.confidence is Confidence.HIGH
    assert entry.status is EntryStatus.DRAFT


def test_scores_typed_as_numbers_text_or_floats_are_read_alike():
    rows = [HEADER, _row("QS1", **{"Self-score": 2.0}), _row("QS2", **{"Self-score": "4"})]
    result = parse_import(rows, FW)
    assert result.entries["QS1"].self_score == 2 and result.entries["QS2"].self_score == 4


def test_every_problem_is_named_by_row_and_column_and_nothing_is_accepted():
    rows = [
        HEADER,
        _row("QS1"),
        _row("QS12", **{"Self-score": 5}),
        _row("QS1", **{"Confidence": "very", "Status": "done"}),
        _row("QS2", **{"I statements covered": "1, 7"}),
    ]
    result = parse_import(rows, FW)
    assert not result.ok and result.entries == {}
    texts = [str(p) for p in result.problems]
    assert (
        'Row 3, column A (Quality statement): "QS12" is not a quality statement (use QS1 to QS9)'
        in texts
    )
    assert 'Row 3, column I (Self-score): "5" is not a score: use 1, 2, 3 or 4' in texts
    assert "Row 4, column A (Quality statement): QS1 is already on row 2" in texts
    assert 'Row 4, column J (Confidence): "very" is not low, medium or high' in texts
    assert 'Row 4, column K (Status): "done" is not draft, in review or signed off' in texts
    assert (
        'Row 5, column H (I statements covered): "1, 7": give numbers from 1 to 2, like 1, 2'
        in texts
    )


def test_a_signed_off_row_must_be_complete():
    result = parse_import([HEADER, _row("QS1", Status="Signed off", Strengths="")], FW)
    assert [str(p) for p in result.problems] == [
        "Row 2, column K (Status): add strengths before signing off"
    ]


def test_a_missing_column_and_an_empty_sheet_are_reported():
    result = parse_import([[h for h in HEADER if h != "Strengths"], _row()], FW)
    assert [str(p) for p in result.problems] == ['Row 1: the column "Strengths" is missing']
    assert str(parse_import([HEADER, [None] * len(HEADER)], FW).problems[0]) == (
        "Row 2: the sheet has no quality statement rows"
    )
    assert str(parse_import([], FW).problems[0]) == "Row 1: the sheet is empty"


def test_a_qs_with_no_i_statements_refuses_numbers_for_them():
    assert FW.statement("QS3").i_summaries == ()
    result = parse_import([HEADER, _row("QS3", **{"I statements covered": "1"})], FW)
    assert "QS3 has no I statements" in str(result.problems[0])


@pytest.mark.parametrize(
    ("index", "letter"), [(0, "A"), (10, "K"), (25, "Z"), (26, "AA"), (701, "ZZ")]
)
def test_column_letters_are_spreadsheet_letters(index, letter):
    assert column_letter(index) == letter


def _fields(entry: Entry) -> dict:
    return {name: getattr(entry, name) for name in entry.__slots__}
