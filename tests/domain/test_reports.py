"""The report's rules in plain Python: publication dates, direction of travel, the document."""

from datetime import date

import pytest

from ascassure.domain.calendar import fac_deadline
from ascassure.domain.framework import load_framework
from ascassure.domain.lifecycle import PUBLICATION_IN_BLACKOUT, BlackoutWindow
from ascassure.domain.reports import (
    FAC_NOT_SENT,
    PUBLICATION_DATE_PAST,
    CommentDecision,
    DocumentError,
    EvidenceNote,
    Profile,
    RatingPoint,
    direction_of_travel,
    draft_document,
    publication_date_refusals,
    section,
    section_choices,
    section_update,
)
from ascassure.domain.scoring import score_assessment

GENERAL_ELECTION = BlackoutWindow("General election 2024", date(2024, 5, 25), date(2024, 7, 4))
LOCAL_2026 = BlackoutWindow(
    "Pre-election period, local elections of 7 May 2026", date(2026, 3, 30), date(2026, 5, 7)
)


# --- the factual accuracy clock (hand-counted) ----------------------------------------------


def test_a_draft_sent_on_19_december_2025_can_be_commented_on_until_7_january_2026():
    # Mon 22, Tue 23, Wed 24 (3); Christmas and Boxing Day; Mon 29, Tue 30, Wed 31 (6);
    # New Year's Day; Fri 2, Mon 5, Tue 6, Wed 7 January (10).
    assert fac_deadline(date(2025, 12, 19)) == date(2026, 1, 7)


def test_a_draft_sent_on_a_thursday_before_easter_skips_good_friday_and_easter_monday():
    # Thu 2 April 2026: Good Friday 3 and Easter Monday 6 April do not count.
    # Tue 7, Wed 8, Thu 9, Fri 10 (4); Mon 13 .. Fri 17 (9); Mon 20 April (10).
    assert fac_deadline(date(2026, 4, 2)) == date(2026, 4, 20)


# --- publication dates ----------------------------------------------------------------------


def refusals(day, **kwargs):
    values = {
        "today": date(2024, 5, 1),
        "windows": (GENERAL_ELECTION,),
        "fac_deadline": date(2024, 5, 10),
        "confirmed_no_inaccuracies": False,
    }
    values.update(kwargs)
    return publication_date_refusals(day, **values)


def test_a_date_inside_the_2024_general_election_period_is_refused_and_the_pause_named():
    (reason,) = refusals(date(2024, 6, 12))
    assert reason.startswith(PUBLICATION_IN_BLACKOUT)
    assert "General election 2024, 25 May 2024 to 4 July 2024" in reason


@pytest.mark.parametrize("day", [date(2024, 5, 25), date(2024, 7, 4)])
def test_both_ends_of_a_pause_are_inside_it(day):
    assert any(r.startswith(PUBLICATION_IN_BLACKOUT) for r in refusals(day))


@pytest.mark.parametrize("day", [date(2024, 5, 24), date(2024, 7, 5)])
def test_the_days_either_side_of_a_pause_are_allowed(day):
    assert refusals(day) == ()


def test_a_date_on_or_before_the_last_day_for_comments_is_refused_without_confirmation():
    (reason,) = refusals(date(2024, 5, 10))
    assert reason == (
        "The council can comment on the draft until 10 May 2024. Choose a date after that, "
        "unless the council confirms there are no inaccuracies."
    )
    assert refusals(date(2024, 5, 13)) == ()


def test_the_councils_confirmation_allows_a_date_before_the_deadline():
    assert refusals(date(2024, 5, 2), confirmed_no_inaccuracies=True) == ()


def test_a_date_is_refused_when_the_draft_was_never_sent():
    assert refusals(date(2024, 5, 13), fac_deadline=None) == (FAC_NOT_SENT,)


def test_a_date_in_the_past_is_refused_with_every_other_reason_too():
    reasons = refusals(
        date(2024, 4, 30), windows=(BlackoutWindow("x", date(2024, 4, 1), date(2024, 4, 30)),)
    )
    assert reasons[0] == PUBLICATION_DATE_PAST
    assert len(reasons) == 3


# --- direction of travel --------------------------------------------------------------------


def test_a_first_result_has_no_direction():
    travel = direction_of_travel(None, RatingPoint("Good", 64))
    assert (travel.direction, travel.words) == (
        "first",
        "This is the council's first published assessment.",
    )


def test_a_better_rating_is_up_and_a_worse_one_down():
    assert direction_of_travel(RatingPoint("Good", 70), RatingPoint("Inadequate", 36)).words == (
        "Down from Good (70%) to Inadequate (36%)."
    )
    assert (
        direction_of_travel(RatingPoint("Good", 70), RatingPoint("Outstanding", 89)).direction
        == "up"
    )


def test_the_same_rating_is_the_same_direction_and_the_words_give_the_percentages():
    travel = direction_of_travel(
        RatingPoint("Requires improvement", 56), RatingPoint("Requires improvement", 59)
    )
    assert travel.direction == "same"
    assert travel.words == (
        "The same rating, Requires improvement, with the percentage up from 56% to 59%."
    )
    assert direction_of_travel(RatingPoint("Good", 64), RatingPoint("Good", 64)).words == (
        "The same rating, Good, at 64% both times."
    )


# --- the document ---------------------------------------------------------------------------

PROFILE = Profile(
    council="Trafford",
    council_type="Metropolitan district",
    region="North West",
    icb="Greater Manchester",
    assessment_kind="Baseline assessment",
)
SCORES = (2, 3, 2, 2, 3, 2, 3, 2, 2)


def document(evidence=()):
    framework = load_framework("2025")
    return draft_document(
        framework,
        profile=PROFILE,
        result=score_assessment(SCORES, framework=framework),
        locked=True,
        rationales={"QS1": "Long waits for assessments."},
        evidence=evidence,
    )


def test_the_draft_has_a_summary_then_each_theme_followed_by_its_quality_statements():
    keys = [key for key, _ in section_choices(document())]
    assert keys == [
        "summary",
        "T1", "QS1", "QS2", "QS3",
        "T2", "QS4", "QS5",
        "T3", "QS6", "QS7",
        "T4", "QS8", "QS9",
    ]  # fmt: skip


def test_the_draft_carries_the_result_the_scores_and_the_framework_wording():
    doc = document()
    assert doc["result"]["percent"] == 59
    assert doc["result"]["rating"] == "Requires improvement"
    assert doc["result"]["position_words"] == "near the top of Requires improvement"
    qs1 = section(doc, "QS1")
    assert (qs1["score"], qs1["score_label"]) == (2, "Some shortfalls")
    assert qs1["we"].startswith("The council works out people's care")
    assert qs1["findings"] == "Long waits for assessments."
    assert (
        "Trafford is a metropolitan district in the North West region"
        in section(doc, "summary")["text"]
    )


def test_what_people_said_comes_from_peoples_experience_and_the_rest_by_direction():
    notes = [
        EvidenceNote(1, "people", ("QS1",), "strength", "They listened to me."),
        EvidenceNote(2, "partners", ("QS1",), "shortfall", "Hospital discharge is slow."),
        EvidenceNote(3, "people", ("QS2",), "both", "Good advice, hard to find."),
    ]
    qs1 = section(document(notes), "QS1")
    assert qs1["people_said"] == [{"text": "They listened to me.", "evidence": 1}]
    assert qs1["strengths"] == ["They listened to me."]
    assert qs1["improve"] == ["Hospital discharge is slow."]
    assert section(document(notes), "QS2")["strengths"] == ["Good advice, hard to find."]


def test_an_edit_returns_a_new_document_and_leaves_the_old_one_as_it_was():
    before = document()
    after = section_update(
        before,
        "QS1",
        {"findings": "  New findings.\r\n\r\nSecond.  ", "strengths": ["A", " ", "B"]},
    )
    assert section(after, "QS1")["findings"] == "New findings.\n\nSecond."
    assert section(after, "QS1")["strengths"] == ["A", "B"]
    assert section(before, "QS1")["findings"] == "Long waits for assessments."


def test_the_population_is_edited_in_the_summary_and_lands_in_the_profile():
    after = section_update(document(), "summary", {"population": 235_000})
    assert after["profile"]["population"] == 235_000
    with pytest.raises(DocumentError, match="whole number above 0"):
        section_update(document(), "summary", {"population": -3})


def test_scores_and_framework_wording_cannot_be_edited():
    with pytest.raises(DocumentError, match="score cannot be edited"):
        section_update(document(), "QS1", {"score": 4})
    with pytest.raises(KeyError):
        section_update(document(), "QS10", {"findings": "x"})


def test_refusing_a_comment_in_part_or_in_full_needs_a_reason():
    assert [d.needs_reason for d in CommentDecision] == [False, True, True]
