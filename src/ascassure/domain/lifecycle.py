"""The life of one assessment: its stages, the events that move it on, and their guards.

The whole workflow is one table, :data:`TRANSITIONS`: ``(from stage, event) -> to stage``,
with the guards that must pass. A guard is a small named function over
:class:`AssessmentFacts` (an immutable snapshot of what is true about the assessment, built
by the caller) that returns ``None`` when it is satisfied, or a refusal in the user's words.
Every refusal is a module-level constant, so tests and templates can refer to it.

Nothing here reads the clock: ``AssessmentFacts.today`` is given by the caller.

>>> decision = check(Stage.PLANNED, Event.NOTIFY, AssessmentFacts(today=date(2026, 1, 5)))
>>> decision.allowed, len(decision.reasons)
(False, 2)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ascassure.domain.framework import DEFAULT_VERSION, load_framework

__all__ = [
    "CALIBRATION_NOT_AGREED",
    "DRAFT_MISSING",
    "FAC_COMMENTS_UNDECIDED",
    "FAC_STILL_OPEN",
    "NOT_POSSIBLE_AT_THIS_STAGE",
    "NO_IR_ITEMS",
    "NO_LEAD_INSPECTOR",
    "NO_NOTIFICATION_DATE",
    "NO_ONSITE_DATES",
    "NO_PUBLICATION_DATE",
    "NO_WITHDRAWAL_REASON",
    "ONSITE_DATES_REVERSED",
    "PUBLICATION_IN_BLACKOUT",
    "QS_NOT_ALL_SCORED",
    "QS_RATIONALE_MISSING",
    "RATING_NOT_LOCKED",
    "TRANSITIONS",
    "AssessmentFacts",
    "BlackoutWindow",
    "Decision",
    "Event",
    "Guard",
    "QsJudgement",
    "Stage",
    "Transition",
    "TransitionRefused",
    "allowed_events",
    "apply",
    "check",
    "missing_calibration",
    "missing_rationales",
    "missing_scores",
    "next_stage",
    "reachable_stages",
    "transition_for",
]


# --- stages and events ----------------------------------------------------------------------


class Stage(StrEnum):
    """Where one assessment is, in the order an assessment normally passes through them."""

    PLANNED = "planned"
    NOTIFIED = "notified"
    IR_OPEN = "ir_open"
    IR_CLOSED = "ir_closed"
    EVIDENCE_GATHERING = "evidence_gathering"
    ONSITE = "onsite"
    POST_SITE = "post_site"
    SCORING = "scoring"
    CALIBRATION = "calibration"
    READY_FOR_DRAFT = "ready_for_draft"
    DRAFT_REPORT = "draft_report"
    FACTUAL_ACCURACY_CHECK = "factual_accuracy_check"
    READY_TO_PUBLISH = "ready_to_publish"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        """The stage in plain English, for pages and lists."""
        return _STAGE_LABELS[self]

    @property
    def is_final(self) -> bool:
        """Nothing can happen after this stage (published or withdrawn)."""
        return self in (Stage.PUBLISHED, Stage.WITHDRAWN)


_STAGE_LABELS: dict[Stage, str] = {
    Stage.PLANNED: "Planned",
    Stage.NOTIFIED: "Council notified",
    Stage.IR_OPEN: "Information return open",
    Stage.IR_CLOSED: "Information return closed",
    Stage.EVIDENCE_GATHERING: "Gathering evidence",
    Stage.ONSITE: "On site",
    Stage.POST_SITE: "After the site visit",
    Stage.SCORING: "Scoring",
    Stage.CALIBRATION: "With the calibration panel",
    Stage.READY_FOR_DRAFT: "Ready for the draft report",
    Stage.DRAFT_REPORT: "Draft report being written",
    Stage.FACTUAL_ACCURACY_CHECK: "Factual accuracy check",
    Stage.READY_TO_PUBLISH: "Ready to publish",
    Stage.PUBLISHED: "Published",
    Stage.WITHDRAWN: "Withdrawn",
}


class Event(StrEnum):
    """Something a user does that moves an assessment to another stage."""

    NOTIFY = "notify"
    OPEN_IR = "open_ir"
    CLOSE_IR = "close_ir"
    REOPEN_IR = "reopen_ir"
    START_EVIDENCE = "start_evidence"
    START_ONSITE = "start_onsite"
    FINISH_ONSITE = "finish_onsite"
    START_SCORING = "start_scoring"
    SEND_TO_CALIBRATION = "send_to_calibration"
    CALIBRATE = "calibrate"
    START_DRAFT = "start_draft"
    SEND_DRAFT = "send_draft"
    CLOSE_FAC = "close_fac"
    PUBLISH = "publish"
    WITHDRAW = "withdraw"

    @property
    def label(self) -> str:
        """What the button that fires this event says."""
        return _EVENT_LABELS[self]


_EVENT_LABELS: dict[Event, str] = {
    Event.NOTIFY: "Notify the council",
    Event.OPEN_IR: "Send the information return request",
    Event.CLOSE_IR: "Close the information return",
    Event.REOPEN_IR: "Reopen the information return",
    Event.START_EVIDENCE: "Start gathering evidence",
    Event.START_ONSITE: "Start the site visit",
    Event.FINISH_ONSITE: "Finish the site visit",
    Event.START_SCORING: "Start scoring",
    Event.SEND_TO_CALIBRATION: "Send to the calibration panel",
    Event.CALIBRATE: "Record the calibration panel's agreement",
    Event.START_DRAFT: "Start the draft report",
    Event.SEND_DRAFT: "Send the draft report for a factual accuracy check",
    Event.CLOSE_FAC: "Close the factual accuracy check",
    Event.PUBLISH: "Publish the report",
    Event.WITHDRAW: "Withdraw the assessment",
}


# --- the facts guards look at ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QsJudgement:
    """The team's score for one quality statement and the written rationale behind it."""

    qs_code: str
    score: int
    rationale: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.score, bool) or self.score not in (1, 2, 3, 4):
            raise ValueError(f"{self.qs_code} score must be 1, 2, 3 or 4 (got {self.score!r})")


@dataclass(frozen=True, slots=True)
class BlackoutWindow:
    """Days (``start`` to ``end``, inclusive) when reports are not published.

    For example the pre-election period before a general or local election.
    """

    name: str
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"blackout window {self.name!r} ends before it starts")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class AssessmentFacts:
    """What is true about one assessment now: everything a guard may look at.

    The caller builds it from its records. ``fac_deadline`` is the deadline in force for the
    council's factual accuracy comments, extension included (see
    :func:`ascassure.domain.calendar.fac_deadline`).
    """

    today: date
    framework_version: str = DEFAULT_VERSION
    notification_date: date | None = None
    has_lead_inspector: bool = False
    ir_items_issued: int = 0
    onsite_start: date | None = None
    onsite_end: date | None = None
    judgements: tuple[QsJudgement, ...] = ()
    calibration_agreed: frozenset[str] = frozenset()
    rating_locked: bool = False  # the calibrate step needs it
    draft_exists: bool = False
    fac_deadline: date | None = None
    council_confirmed_no_inaccuracies: bool = False
    fac_comments_undecided: int = 0
    publication_date: date | None = None
    blackout_windows: tuple[BlackoutWindow, ...] = ()
    withdrawal_reason: str = ""


# --- refusals (the words users see) ---------------------------------------------------------

NOT_POSSIBLE_AT_THIS_STAGE = "That step is not possible at this stage of the assessment."
NO_NOTIFICATION_DATE = "Set the notification date before notifying the council."
NO_LEAD_INSPECTOR = "Name a lead inspector before notifying the council."
NO_IR_ITEMS = "Add at least one item to the information return before sending it."
NO_ONSITE_DATES = "Set the first and last days of the site visit before it starts."
ONSITE_DATES_REVERSED = "The last day of the site visit cannot be before the first day."
QS_NOT_ALL_SCORED = "Score every quality statement before sending the scores for calibration."
QS_RATIONALE_MISSING = "Write a rationale for every quality statement score before calibration."
CALIBRATION_NOT_AGREED = (
    "The calibration panel must agree the score of every quality statement first."
)
RATING_NOT_LOCKED = "Lock the rating on the scoring page before recording the panel's agreement."
DRAFT_MISSING = "Attach the draft report before sending it to the council."
FAC_STILL_OPEN = (
    "The council still has time to comment on the draft report. Wait until the factual "
    "accuracy check ends, or record that the council confirmed there are no inaccuracies."
)
FAC_COMMENTS_UNDECIDED = "Record a decision on every factual accuracy comment first."
NO_PUBLICATION_DATE = "Set the publication date before publishing."
PUBLICATION_IN_BLACKOUT = (
    "Reports are not published on that date (publication is paused, for example before an "
    "election). Choose a date outside the pause."
)
NO_WITHDRAWAL_REASON = "Give a reason for withdrawing the assessment."


# --- guards ---------------------------------------------------------------------------------

Guard = Callable[[AssessmentFacts], str | None]


def _framework_codes(facts: AssessmentFacts) -> tuple[str, ...]:
    return load_framework(facts.framework_version).qs_codes


def missing_scores(facts: AssessmentFacts) -> tuple[str, ...]:
    """The framework's quality statements that have no score yet, in framework order."""
    scored = {j.qs_code for j in facts.judgements}
    return tuple(code for code in _framework_codes(facts) if code not in scored)


def missing_rationales(facts: AssessmentFacts) -> tuple[str, ...]:
    """Scored quality statements whose rationale is blank, in framework order."""
    blank = {j.qs_code for j in facts.judgements if not j.rationale.strip()}
    return tuple(code for code in _framework_codes(facts) if code in blank)


def missing_calibration(facts: AssessmentFacts) -> tuple[str, ...]:
    """The framework's quality statements the calibration panel has not agreed yet."""
    return tuple(code for code in _framework_codes(facts) if code not in facts.calibration_agreed)


def notification_date_set(facts: AssessmentFacts) -> str | None:
    return None if facts.notification_date is not None else NO_NOTIFICATION_DATE


def lead_inspector_named(facts: AssessmentFacts) -> str | None:
    return None if facts.has_lead_inspector else NO_LEAD_INSPECTOR


def ir_items_issued(facts: AssessmentFacts) -> str | None:
    return None if facts.ir_items_issued > 0 else NO_IR_ITEMS


def onsite_dates_set(facts: AssessmentFacts) -> str | None:
    return None if facts.onsite_start and facts.onsite_end else NO_ONSITE_DATES


def onsite_dates_in_order(facts: AssessmentFacts) -> str | None:
    start, end = facts.onsite_start, facts.onsite_end
    return ONSITE_DATES_REVERSED if start and end and end < start else None


def every_qs_scored(facts: AssessmentFacts) -> str | None:
    return QS_NOT_ALL_SCORED if missing_scores(facts) else None


def every_score_has_rationale(facts: AssessmentFacts) -> str | None:
    return QS_RATIONALE_MISSING if missing_rationales(facts) else None


def calibration_agreed_for_every_qs(facts: AssessmentFacts) -> str | None:
    return CALIBRATION_NOT_AGREED if missing_calibration(facts) else None


def rating_locked(facts: AssessmentFacts) -> str | None:
    return None if facts.rating_locked else RATING_NOT_LOCKED


def draft_exists(facts: AssessmentFacts) -> str | None:
    return None if facts.draft_exists else DRAFT_MISSING


def fac_period_over(facts: AssessmentFacts) -> str | None:
    """The council confirmed there are no inaccuracies, or its deadline has passed."""
    if facts.council_confirmed_no_inaccuracies:
        return None
    if facts.fac_deadline is not None and facts.today > facts.fac_deadline:
        return None
    return FAC_STILL_OPEN


def fac_comments_decided(facts: AssessmentFacts) -> str | None:
    return FAC_COMMENTS_UNDECIDED if facts.fac_comments_undecided > 0 else None


def publication_date_set(facts: AssessmentFacts) -> str | None:
    return None if facts.publication_date is not None else NO_PUBLICATION_DATE


def publication_outside_blackout(facts: AssessmentFacts) -> str | None:
    day = facts.publication_date
    if day is not None and any(day in window for window in facts.blackout_windows):
        return PUBLICATION_IN_BLACKOUT
    return None


def withdrawal_reason_given(facts: AssessmentFacts) -> str | None:
    return None if facts.withdrawal_reason.strip() else NO_WITHDRAWAL_REASON


# --- the table ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Transition:
    from_stage: Stage
    event: Event
    to_stage: Stage
    guards: tuple[Guard, ...] = ()


_FORWARD: tuple[Transition, ...] = (
    Transition(
        Stage.PLANNED,
        Event.NOTIFY,
        Stage.NOTIFIED,
        (notification_date_set, lead_inspector_named),
    ),
    Transition(Stage.NOTIFIED, Event.OPEN_IR, Stage.IR_OPEN, (ir_items_issued,)),
    Transition(Stage.IR_OPEN, Event.CLOSE_IR, Stage.IR_CLOSED),
    Transition(Stage.IR_CLOSED, Event.REOPEN_IR, Stage.IR_OPEN),
    Transition(Stage.IR_CLOSED, Event.START_EVIDENCE, Stage.EVIDENCE_GATHERING),
    Transition(
        Stage.EVIDENCE_GATHERING,
        Event.START_ONSITE,
        Stage.ONSITE,
        (onsite_dates_set, onsite_dates_in_order),
    ),
    Transition(Stage.ONSITE, Event.FINISH_ONSITE, Stage.POST_SITE),
    Transition(Stage.POST_SITE, Event.START_SCORING, Stage.SCORING),
    Transition(
        Stage.SCORING,
        Event.SEND_TO_CALIBRATION,
        Stage.CALIBRATION,
        (every_qs_scored, every_score_has_rationale),
    ),
    Transition(
        Stage.CALIBRATION,
        Event.CALIBRATE,
        Stage.READY_FOR_DRAFT,
        (calibration_agreed_for_every_qs, rating_locked),
    ),
    Transition(Stage.READY_FOR_DRAFT, Event.START_DRAFT, Stage.DRAFT_REPORT),
    Transition(Stage.DRAFT_REPORT, Event.SEND_DRAFT, Stage.FACTUAL_ACCURACY_CHECK, (draft_exists,)),
    Transition(
        Stage.FACTUAL_ACCURACY_CHECK,
        Event.CLOSE_FAC,
        Stage.READY_TO_PUBLISH,
        (fac_period_over, fac_comments_decided),
    ),
    Transition(
        Stage.READY_TO_PUBLISH,
        Event.PUBLISH,
        Stage.PUBLISHED,
        (publication_date_set, publication_outside_blackout),
    ),
)

TRANSITIONS: tuple[Transition, ...] = _FORWARD + tuple(
    Transition(stage, Event.WITHDRAW, Stage.WITHDRAWN, (withdrawal_reason_given,))
    for stage in Stage
    if not stage.is_final
)

_BY_KEY: dict[tuple[Stage, Event], Transition] = {(t.from_stage, t.event): t for t in TRANSITIONS}
if len(_BY_KEY) != len(TRANSITIONS):  # pragma: no cover - a mistake in the table above
    raise RuntimeError("two transitions share a stage and an event")


# --- the API --------------------------------------------------------------------------------


class TransitionRefused(Exception):
    """A step was refused; ``reasons`` says every reason, in the user's words."""

    def __init__(self, reasons: tuple[str, ...]) -> None:
        super().__init__(" ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether an event may happen now; ``to_stage`` is None when the stage has no such step."""

    allowed: bool
    to_stage: Stage | None
    reasons: tuple[str, ...] = ()


def transition_for(stage: Stage, event: Event) -> Transition | None:
    return _BY_KEY.get((Stage(stage), Event(event)))


def allowed_events(stage: Stage) -> tuple[Event, ...]:
    """The events the table has from ``stage`` (guards not checked), in table order."""
    return tuple(t.event for t in TRANSITIONS if t.from_stage == stage)


def next_stage(stage: Stage, event: Event) -> Stage | None:
    """Where ``event`` leads from ``stage``, or None when the table has no such step."""
    found = transition_for(stage, event)
    return found.to_stage if found else None


def check(stage: Stage, event: Event, facts: AssessmentFacts) -> Decision:
    """Run every guard of the step and collect every refusal (not just the first)."""
    found = transition_for(stage, event)
    if found is None:
        return Decision(allowed=False, to_stage=None, reasons=(NOT_POSSIBLE_AT_THIS_STAGE,))
    reasons = tuple(r for guard in found.guards if (r := guard(facts)) is not None)
    return Decision(allowed=not reasons, to_stage=found.to_stage, reasons=reasons)


def apply(stage: Stage, event: Event, facts: AssessmentFacts) -> Stage:
    """The new stage, or :class:`TransitionRefused` with every reason."""
    decision = check(stage, event, facts)
    if not decision.allowed or decision.to_stage is None:
        raise TransitionRefused(decision.reasons)
    return decision.to_stage


def reachable_stages(start: Stage = Stage.PLANNED) -> frozenset[Stage]:
    """Every stage some sequence of events in the table leads to from ``start`` (inclusive)."""
    seen = {start}
    frontier: list[Stage] = [start]
    while frontier:
        stage = frontier.pop()
        for to_stage in _targets(stage):
            if to_stage not in seen:
                seen.add(to_stage)
                frontier.append(to_stage)
    return frozenset(seen)


def _targets(stage: Stage) -> Iterable[Stage]:
    return (t.to_stage for t in TRANSITIONS if t.from_stage == stage)
