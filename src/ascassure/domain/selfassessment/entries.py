"""The words of a self-assessment and the rules for one entry: what makes it complete, what
signing it off needs, which evidence is stale and which actions are overdue.

>>> is_stale(date(2025, 1, 31), today=date(2026, 2, 1))
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar

from ascassure.domain.calendar import months_before
from ascassure.domain.framework import EvidenceCategory

STALE_AFTER_MONTHS = 12  # evidence older than this is flagged (docs/domain.md §4: evidence period)
MAX_TEXT = 20_000  # characters in one text field of an entry


# --- the vocabulary ---------------------------------------------------------------------------


class EntryStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    SIGNED_OFF = "signed_off"

    @property
    def label(self) -> str:
        return {"draft": "Draft", "in_review": "In review", "signed_off": "Signed off"}[self.value]


class Confidence(StrEnum):
    """How sure the council is of its own score."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class EvidenceKind(StrEnum):
    DOCUMENT = "document"
    DATA_EXTRACT = "data_extract"
    CASE_STUDY = "case_study"
    FEEDBACK = "feedback"

    @property
    def label(self) -> str:
        return {
            "document": "Document",
            "data_extract": "Data extract",
            "case_study": "Case study",
            "feedback": "Feedback",
        }[self.value]


class ActionStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @property
    def label(self) -> str:
        return {"not_started": "Not started", "in_progress": "In progress", "done": "Done"}[
            self.value
        ]


E = TypeVar("E", bound=StrEnum)


def parse_choice(kind: type[E], text: str) -> E | None:
    """A member from its value or its label, ignoring case, spaces, ``_`` and ``-``."""
    wanted = re.sub(r"[\s_-]+", " ", text).strip().casefold()
    for member in kind:
        label = getattr(member, "label", member.value)
        if wanted in (member.value.replace("_", " "), str(label).casefold()):
            return member
    return None


# --- one entry (the council's view of one quality statement) ----------------------------------

# The five written parts of an entry, in the order a reader meets them.
TEXT_FIELDS: tuple[tuple[str, str], ...] = (
    ("what_we_do", "What we do"),
    ("how_we_know", "How we know"),
    ("next_steps", "What we will do next"),
    ("strengths", "Strengths"),
    ("areas_for_development", "Areas for development"),
)


@dataclass(frozen=True, slots=True)
class Entry:
    """The content of one QS entry at one moment (a revision holds exactly this)."""

    what_we_do: str = ""
    how_we_know: str = ""
    next_steps: str = ""
    strengths: str = ""
    areas_for_development: str = ""
    i_statements: tuple[int, ...] = ()  # 1-based positions in the QS's I statement summaries
    self_score: int | None = None
    confidence: Confidence | None = None
    status: EntryStatus = EntryStatus.DRAFT

    def text(self, key: str) -> str:
        return str(getattr(self, key))


@dataclass(frozen=True, slots=True)
class Check:
    key: str
    label: str
    done: bool


@dataclass(frozen=True, slots=True)
class Completeness:
    checks: tuple[Check, ...]

    @property
    def done(self) -> int:
        return sum(c.done for c in self.checks)

    @property
    def total(self) -> int:
        return len(self.checks)

    @property
    def percent(self) -> int:
        """Whole percent, rounded down: 100 only when everything is there."""
        return 100 * self.done // self.total if self.total else 100

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(c.label for c in self.checks if not c.done)

    @property
    def complete(self) -> bool:
        return self.done == self.total


def entry_completeness(
    entry: Entry | None, *, evidence_count: int, i_statement_count: int
) -> Completeness:
    """What an entry has and lacks: the five texts, a score, a confidence, evidence, and (when
    the QS has any) the I statements the evidence covers."""
    e = entry or Entry()
    checks = [Check(key, label, bool(e.text(key).strip())) for key, label in TEXT_FIELDS]
    checks += [
        Check("self_score", "Self-score", e.self_score is not None),
        Check("confidence", "Confidence in the score", e.confidence is not None),
        Check("evidence", "Evidence in the library", evidence_count > 0),
    ]
    if i_statement_count:
        checks.append(Check("i_statements", "I statements covered", bool(e.i_statements)))
    return Completeness(tuple(checks))


SIGN_OFF_MISSING = "Add {what} before signing off"
_SIGN_OFF_NEEDS = (
    ("what_we_do", "what you do"),
    ("how_we_know", "how you know"),
    ("next_steps", "what you will do next"),
    ("strengths", "strengths"),
    ("areas_for_development", "areas for development"),
    ("self_score", "a self-score"),
    ("confidence", "a confidence"),
)


def sign_off_refusals(entry: Entry) -> tuple[str, ...]:
    """Why this entry cannot be signed off (empty if it can, or if it is not being signed off).

    Sign-off needs the five texts, a self-score and a confidence; evidence is advised, not
    required (a council may hold it outside the library).
    """
    if entry.status is not EntryStatus.SIGNED_OFF:
        return ()
    missing = []
    for key, what in _SIGN_OFF_NEEDS:
        value = getattr(entry, key)
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(SIGN_OFF_MISSING.format(what=what))
    return tuple(missing)


def category_gaps(
    covered: set[str] | frozenset[str], categories: Sequence[EvidenceCategory]
) -> tuple[EvidenceCategory, ...]:
    """The evidence categories with no item yet (advice: assessors triangulate across them)."""
    return tuple(c for c in categories if c.code not in covered)


def split_areas(text: str) -> tuple[str, ...]:
    """The areas for development in a text, one per line, bullets and numbers removed.

    >>> split_areas("- Waiting times for assessment\\n2) Carers' assessments\\n\\n")
    ('Waiting times for assessment', "Carers' assessments")
    """
    areas = []
    for line in text.splitlines():
        cleaned = re.sub(r"^\s*(?:[-*•·\u2013]|\d{1,2}[.)])\s*", "", line).strip()
        if cleaned:
            areas.append(cleaned)
    return tuple(areas)


# --- dates ------------------------------------------------------------------------------------


def stale_before(today: date, *, months: int = STALE_AFTER_MONTHS) -> date:
    """Evidence dated before this day is stale."""
    return months_before(today, months)


def is_stale(evidence_date: date, *, today: date, months: int = STALE_AFTER_MONTHS) -> bool:
    """Older than ``months`` months: a day exactly that old is still current."""
    return evidence_date < stale_before(today, months=months)


def is_overdue(due: date | None, status: ActionStatus | str, *, today: date) -> bool:
    """Due before today and not done (due today is not yet overdue)."""
    return due is not None and due < today and ActionStatus(status) is not ActionStatus.DONE
