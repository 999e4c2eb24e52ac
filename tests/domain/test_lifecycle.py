"""The stages of one assessment, the events between them and the guards that refuse them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ascassure.domain import lifecycle
from ascassure.domain.framework import load_framework
from ascassure.domain.lifecycle import (
    CALIBRATION_NOT_AGREED,
    DRAFT_MISSING,
    FAC_COMMENTS_UNDECIDED,
    FAC_STILL_OPEN,
    NO_IR_ITEMS,
    NO_LEAD_INSPECTOR,
    NO_NOTIFICATION_DATE,
    NO_ONSITE_DATES,
    NO_PUBLICATION_DATE,
    NO_WITHDRAWAL_REASON,
    NOT_POSSIBLE_AT_THIS_STAGE,
    ONSITE_DATES_REVERSED,
    PUBLICATION_IN_BLACKOUT,
    QS_NOT_ALL_SCORED,
    QS_RATIONALE_MISSING,
    TRANSITIONS,
    AssessmentFacts,
    BlackoutWindow,
    Decision,
    Event,
    QsJudgement,
    Stage,
    TransitionRefused,
    allowed_events,
    apply,
    check,
    missing_calibration,
    missing_rationales,
    missing_scores,
    next_stage,
    reachable_stages,
)

TODAY = date(2026, 6, 15)
QS_CODES = load_framework().qs_codes
GENERAL_ELECTION_2024 = BlackoutWindow("2024 general election", date(2024, 5, 25), date(2024, 7, 4))


def ready_facts(**overrides: object) -> AssessmentFacts:
    """Facts that satisfy every guard in the table; override one field to break one guard."""
    base = AssessmentFacts(
        today=TODAY,
        notification_date=date(2026, 1, 5),
        has_lead_inspector=True,
        ir_items_issued=20,
        onsite_start=date(2026, 3, 16),
        onsite_end=date(2026, 3, 19),
        judgements=tuple(QsJudgement(code, 3, f"Rationale for {code}.") for code in QS_CODES),
        calibration_agreed=frozenset(QS_CODES),
        rating_locked=True,
        draft_exists=True,
        fac_deadline=date(2026, 6, 1),
        fac_comments_undecided=0,
        publication_date=date(2026, 6, 20),
        blackout_windows=(GENERAL_ELECTION_2024,),
        withdrawal_reason="The council was assessed in error.",
    )
    return replace(base, **overrides)  # type: ignore[arg-type]


# --- the table ------------------------------------------------------------------------------

EXPECTED_FORWARD = [
    (Stage.PLANNED, Event.NOTIFY, Stage.NOTIFIED),
    (Stage.NOTIFIED, Event.OPEN_IR, Stage.IR_OPEN),
    (Stage.IR_OPEN, Event.CLOSE_IR, Stage.IR_CLOSED),
    (Stage.IR_CLOSED, Event.REOPEN_IR, Stage.IR_OPEN),
    (Stage.IR_CLOSED, Event.START_EVIDENCE, Stage.EVIDENCE_GATHERING),
    (Stage.EVIDENCE_GATHERING, Event.START_ONSITE, Stage.ONSITE),
    (Stage.ONSITE, Event.FINISH_ONSITE, Stage.POST_SITE),
    (Stage.POST_SITE, Event.START_SCORING, Stage.SCORING),
    (Stage.SCORING, Event.SEND_TO_CALIBRATION, Stage.CALIBRATION),
    (Stage.CALIBRATION, Event.CALIBRATE, Stage.READY_FOR_DRAFT),
    (Stage.READY_FOR_DRAFT, Event.START_DRAFT, Stage.DRAFT_REPORT),
    (Stage.DRAFT_REPORT, Event.SEND_DRAFT, Stage.FACTUAL_ACCURACY_CHECK),
    (Stage.FACTUAL_ACCURACY_CHECK, Event.CLOSE_FAC, Stage.READY_TO_PUBLISH),
    (Stage.READY_TO_PUBLISH, Event.PUBLISH, Stage.PUBLISHED),
]
PRE_PUBLISHED = [s for s in Stage if s not in (Stage.PUBLISHED, Stage.WITHDRAWN)]
EXPECTED_TABLE = EXPECTED_FORWARD + [(s, Event.WITHDRAW, Stage.WITHDRAWN) for s in PRE_PUBLISHED]


def test_the_table_holds_exactly_the_expected_transitions() -> None:
    assert sorted((t.from_stage, t.event, t.to_stage) for t in TRANSITIONS) == sorted(
        EXPECTED_TABLE
    )


@pytest.mark.parametrize(("stage", "event", "to_stage"), EXPECTED_TABLE)
def test_every_transition_in_the_table_is_allowed_when_its_guards_pass(
    stage: Stage, event: Event, to_stage: Stage
) -> None:
    assert next_stage(stage, event) is to_stage
    assert event in allowed_events(stage)
    assert check(stage, event, ready_facts()) == Decision(True, to_stage, ())
    assert apply(stage, event, ready_facts()) is to_stage


def test_every_stage_and_event_has_a_plain_english_label() -> None:
    assert Stage.IR_OPEN.label == "Information return open"
    assert all(s.label and s.label[0].isupper() and "_" not in s.label for s in Stage)
    assert len({s.label for s in Stage}) == len(Stage)
    assert all(e.label and "_" not in e.label for e in Event)


def test_stage_values_are_stable_strings_for_storage() -> None:
    assert [s.value for s in Stage] == [
        "planned",
        "notified",
        "ir_open",
        "ir_closed",
        "evidence_gathering",
        "onsite",
        "post_site",
        "scoring",
        "calibration",
        "ready_for_draft",
        "draft_report",
        "factual_accuracy_check",
        "ready_to_publish",
        "published",
        "withdrawn",
    ]
    assert max(len(s.value) for s in Stage) <= 30  # the database column's length


def test_every_stage_is_reachable_from_planned() -> None:
    assert reachable_stages(Stage.PLANNED) == frozenset(Stage)


def test_nothing_happens_after_publication() -> None:
    assert allowed_events(Stage.PUBLISHED) == ()
    assert reachable_stages(Stage.PUBLISHED) == {Stage.PUBLISHED}


def test_a_withdrawn_assessment_stays_withdrawn() -> None:
    assert allowed_events(Stage.WITHDRAWN) == ()
    assert reachable_stages(Stage.WITHDRAWN) == {Stage.WITHDRAWN}
    assert Stage.WITHDRAWN.is_final and Stage.PUBLISHED.is_final


def test_a_published_report_cannot_be_withdrawn() -> None:
    decision = check(Stage.PUBLISHED, Event.WITHDRAW, ready_facts())
    assert decision == Decision(False, None, (NOT_POSSIBLE_AT_THIS_STAGE,))


def test_the_information_return_can_be_reopened_only_once_closed() -> None:
    assert next_stage(Stage.IR_CLOSED, Event.REOPEN_IR) is Stage.IR_OPEN
    assert next_stage(Stage.EVIDENCE_GATHERING, Event.REOPEN_IR) is None
    assert next_stage(Stage.IR_OPEN, Event.REOPEN_IR) is None


def test_an_event_that_the_stage_does_not_have_is_refused_in_plain_words() -> None:
    decision = check(Stage.PLANNED, Event.PUBLISH, ready_facts())
    assert decision == Decision(False, None, (NOT_POSSIBLE_AT_THIS_STAGE,))
    with pytest.raises(TransitionRefused) as refused:
        apply(Stage.PLANNED, Event.PUBLISH, ready_facts())
    assert refused.value.reasons == (NOT_POSSIBLE_AT_THIS_STAGE,)


def test_allowed_events_follow_the_table_order() -> None:
    assert allowed_events(Stage.IR_CLOSED) == (
        Event.REOPEN_IR,
        Event.START_EVIDENCE,
        Event.WITHDRAW,
    )
    assert allowed_events(Stage.PLANNED) == (Event.NOTIFY, Event.WITHDRAW)


# --- each guard's refusal -------------------------------------------------------------------

GUARD_CASES: list[tuple[Stage, Event, dict[str, object], str]] = [
    (Stage.PLANNED, Event.NOTIFY, {"notification_date": None}, NO_NOTIFICATION_DATE),
    (Stage.PLANNED, Event.NOTIFY, {"has_lead_inspector": False}, NO_LEAD_INSPECTOR),
    (Stage.NOTIFIED, Event.OPEN_IR, {"ir_items_issued": 0}, NO_IR_ITEMS),
    (Stage.EVIDENCE_GATHERING, Event.START_ONSITE, {"onsite_start": None}, NO_ONSITE_DATES),
    (Stage.EVIDENCE_GATHERING, Event.START_ONSITE, {"onsite_end": None}, NO_ONSITE_DATES),
    (
        Stage.EVIDENCE_GATHERING,
        Event.START_ONSITE,
        {"onsite_start": date(2026, 3, 19), "onsite_end": date(2026, 3, 16)},
        ONSITE_DATES_REVERSED,
    ),
    (
        Stage.SCORING,
        Event.SEND_TO_CALIBRATION,
        {"judgements": tuple(QsJudgement(c, 2, "Why.") for c in QS_CODES[:-1])},
        QS_NOT_ALL_SCORED,
    ),
    (
        Stage.SCORING,
        Event.SEND_TO_CALIBRATION,
        {"judgements": tuple(QsJudgement(c, 2, "  " if c == "QS7" else "Why.") for c in QS_CODES)},
        QS_RATIONALE_MISSING,
    ),
    (
        Stage.CALIBRATION,
        Event.CALIBRATE,
        {"calibration_agreed": frozenset(QS_CODES) - {"QS4"}},
        CALIBRATION_NOT_AGREED,
    ),
    (Stage.CALIBRATION, Event.CALIBRATE, {"rating_locked": False}, lifecycle.RATING_NOT_LOCKED),
    (Stage.DRAFT_REPORT, Event.SEND_DRAFT, {"draft_exists": False}, DRAFT_MISSING),
    (
        Stage.FACTUAL_ACCURACY_CHECK,
        Event.CLOSE_FAC,
        {"fac_deadline": date(2026, 6, 15)},  # the deadline is today: the council still has it
        FAC_STILL_OPEN,
    ),
    (Stage.FACTUAL_ACCURACY_CHECK, Event.CLOSE_FAC, {"fac_deadline": None}, FAC_STILL_OPEN),
    (
        Stage.FACTUAL_ACCURACY_CHECK,
        Event.CLOSE_FAC,
        {"fac_comments_undecided": 2},
        FAC_COMMENTS_UNDECIDED,
    ),
    (Stage.READY_TO_PUBLISH, Event.PUBLISH, {"publication_date": None}, NO_PUBLICATION_DATE),
    (
        Stage.READY_TO_PUBLISH,
        Event.PUBLISH,
        {"publication_date": date(2024, 6, 1)},
        PUBLICATION_IN_BLACKOUT,
    ),
    (Stage.ONSITE, Event.WITHDRAW, {"withdrawal_reason": " "}, NO_WITHDRAWAL_REASON),
]


@pytest.mark.parametrize(("stage", "event", "broken", "message"), GUARD_CASES)
def test_each_guard_refuses_with_its_own_message(
    stage: Stage, event: Event, broken: dict[str, object], message: str
) -> None:
    decision = check(stage, event, ready_facts(**broken))
    assert decision == Decision(False, next_stage(stage, event), (message,))
    with pytest.raises(TransitionRefused) as refused:
        apply(stage, event, ready_facts(**broken))
    assert refused.value.reasons == (message,)
    assert str(refused.value) == message


def refusal_constants() -> set[str]:
    found = {v for n, v in vars(lifecycle).items() if n in lifecycle.__all__ and isinstance(v, str)}
    return found - {NOT_POSSIBLE_AT_THIS_STAGE}


def test_every_refusal_message_has_a_case_that_produces_it() -> None:
    assert {message for *_, message in GUARD_CASES} == refusal_constants()


def test_every_guard_in_the_table_passes_on_ready_facts_and_fails_on_some_case() -> None:
    guards = {guard for t in TRANSITIONS for guard in t.guards}
    assert len(guards) == 15
    for guard in guards:
        assert guard(ready_facts()) is None, guard.__name__
        failures = {guard(ready_facts(**broken)) for *_, broken, _ in GUARD_CASES} - {None}
        assert failures, guard.__name__
        assert failures <= refusal_constants()


def test_refusal_messages_are_sentences_in_the_users_words() -> None:
    messages = refusal_constants() | {NOT_POSSIBLE_AT_THIS_STAGE}
    assert NO_LEAD_INSPECTOR == "Name a lead inspector before notifying the council."
    assert len(messages) == 16
    for message in messages:
        assert message[0].isupper() and message.endswith("."), message
        assert "_" not in message, message


def test_every_failing_guard_is_reported_not_just_the_first() -> None:
    facts = AssessmentFacts(today=TODAY)
    decision = check(Stage.PLANNED, Event.NOTIFY, facts)
    assert decision == Decision(False, Stage.NOTIFIED, (NO_NOTIFICATION_DATE, NO_LEAD_INSPECTOR))
    with pytest.raises(TransitionRefused) as refused:
        apply(Stage.PLANNED, Event.NOTIFY, facts)
    assert refused.value.reasons == (NO_NOTIFICATION_DATE, NO_LEAD_INSPECTOR)


def test_scores_without_any_judgement_fail_both_scoring_guards() -> None:
    decision = check(Stage.SCORING, Event.SEND_TO_CALIBRATION, ready_facts(judgements=()))
    assert decision.reasons == (QS_NOT_ALL_SCORED,)
    half = tuple(QsJudgement(c, 2) for c in QS_CODES[:4])
    decision = check(Stage.SCORING, Event.SEND_TO_CALIBRATION, ready_facts(judgements=half))
    assert decision.reasons == (QS_NOT_ALL_SCORED, QS_RATIONALE_MISSING)


def test_the_missing_lists_name_the_quality_statements_in_framework_order() -> None:
    facts = ready_facts(
        judgements=(
            QsJudgement("QS9", 2, "Why."),
            QsJudgement("QS2", 3, ""),
            QsJudgement("QS1", 4),
        ),
        calibration_agreed=frozenset({"QS1", "QS5", "QS6", "QS7", "QS8", "QS9"}),
    )
    assert missing_scores(facts) == ("QS3", "QS4", "QS5", "QS6", "QS7", "QS8")
    assert missing_rationales(facts) == ("QS1", "QS2")
    assert missing_calibration(facts) == ("QS2", "QS3", "QS4")


def test_scoring_guards_use_the_assessments_framework_version() -> None:
    legacy = load_framework("2023")
    judgements = tuple(QsJudgement(c, 3, "Why.") for c in legacy.qs_codes)
    facts = ready_facts(framework_version="2023", judgements=judgements)
    assert check(Stage.SCORING, Event.SEND_TO_CALIBRATION, facts).allowed


def test_a_judgement_score_must_be_one_to_four() -> None:
    for bad in (0, 5, True):
        with pytest.raises(ValueError, match="QS3 score must be 1, 2, 3 or 4"):
            QsJudgement("QS3", bad)


def test_the_factual_accuracy_check_can_close_early_when_the_council_confirms_no_errors() -> None:
    facts = ready_facts(fac_deadline=date(2026, 6, 26), council_confirmed_no_inaccuracies=True)
    assert check(Stage.FACTUAL_ACCURACY_CHECK, Event.CLOSE_FAC, facts).allowed
    facts = ready_facts(fac_deadline=date(2026, 6, 26))
    assert check(Stage.FACTUAL_ACCURACY_CHECK, Event.CLOSE_FAC, facts).reasons == (FAC_STILL_OPEN,)


def test_the_factual_accuracy_check_closes_the_day_after_its_deadline() -> None:
    deadline = date(2026, 6, 12)
    on_deadline = ready_facts(today=deadline, fac_deadline=deadline)
    day_after = ready_facts(today=date(2026, 6, 13), fac_deadline=deadline)
    assert not check(Stage.FACTUAL_ACCURACY_CHECK, Event.CLOSE_FAC, on_deadline).allowed
    assert check(Stage.FACTUAL_ACCURACY_CHECK, Event.CLOSE_FAC, day_after).allowed


@pytest.mark.parametrize(
    ("day", "allowed"),
    [
        (date(2024, 5, 24), True),
        (date(2024, 5, 25), False),
        (date(2024, 7, 4), False),
        (date(2024, 7, 5), True),
    ],
)
def test_publication_pauses_for_the_whole_blackout_window_inclusive(
    day: date, allowed: bool
) -> None:
    facts = ready_facts(publication_date=day)
    assert check(Stage.READY_TO_PUBLISH, Event.PUBLISH, facts).allowed is allowed


def test_a_blackout_window_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="ends before it starts"):
        BlackoutWindow("backwards", date(2026, 5, 7), date(2026, 4, 1))


# --- properties -----------------------------------------------------------------------------

STAGES_IN_TABLE = {t.from_stage for t in TRANSITIONS} | {t.to_stage for t in TRANSITIONS}


@given(
    events=st.lists(st.sampled_from(list(Event)), max_size=60),
    ready=st.booleans(),
)
def test_random_event_sequences_only_ever_reach_stages_in_the_table(
    events: list[Event], ready: bool
) -> None:
    facts = ready_facts() if ready else AssessmentFacts(today=TODAY)
    stage = Stage.PLANNED
    for event in events:
        decision = check(stage, event, facts)
        if decision.allowed:
            assert decision.to_stage is not None
            assert (stage, event, decision.to_stage) in EXPECTED_TABLE
            stage = apply(stage, event, facts)
        else:
            assert decision.reasons
            with pytest.raises(TransitionRefused):
                apply(stage, event, facts)
        assert stage in STAGES_IN_TABLE
        assert stage in reachable_stages(Stage.PLANNED)


@given(events=st.lists(st.sampled_from(list(Event)), max_size=60))
def test_once_final_an_assessment_never_moves_again(events: list[Event]) -> None:
    facts = ready_facts()
    stage = Stage.PLANNED
    final_at: Stage | None = None
    for event in events:
        if check(stage, event, facts).allowed:
            stage = apply(stage, event, facts)
        if final_at is not None:
            assert stage is final_at
        elif stage.is_final:
            final_at = stage


def test_the_happy_path_walks_from_planned_to_published() -> None:
    facts = ready_facts()
    stage = Stage.PLANNED
    for stage_from, event, _ in EXPECTED_FORWARD:
        if event is Event.REOPEN_IR:
            continue
        assert stage is stage_from
        stage = apply(stage, event, facts)
    assert stage is Stage.PUBLISHED


def test_the_calibrate_step_is_refused_until_the_rating_is_locked():
    from ascassure.domain.framework import load_framework

    codes = load_framework().qs_codes
    agreed = frozenset(codes)
    base = dict(today=date(2026, 5, 1), calibration_agreed=agreed)
    unlocked = lifecycle.check(
        Stage.CALIBRATION, Event.CALIBRATE, AssessmentFacts(**base, rating_locked=False)
    )
    assert unlocked.reasons == (lifecycle.RATING_NOT_LOCKED,)
    locked = lifecycle.check(
        Stage.CALIBRATION, Event.CALIBRATE, AssessmentFacts(**base, rating_locked=True)
    )
    assert locked.allowed and locked.to_stage == Stage.READY_FOR_DRAFT
