"""Evidence: where it came from, whether it falls in the evidence period, and triangulation.

Evidence relates to the months before the information return (IR) was sent (12 by default);
older evidence is allowed with a reason. The team weighs evidence from every category per
quality statement (QS): :func:`triangulation_matrix` counts it per QS and category, says which
way it points, and names the gaps.

>>> evidence_period(date(2026, 2, 2))
EvidencePeriod(start=datetime.date(2025, 2, 2), end=datetime.date(2026, 2, 2))
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import NamedTuple

from ascassure.domain.calendar import months_before
from ascassure.domain.framework import Framework

__all__ = [
    "EVIDENCE_AFTER_PERIOD",
    "EVIDENCE_BEFORE_PERIOD",
    "Direction",
    "EvidenceItem",
    "EvidencePeriod",
    "EvidenceSource",
    "Gap",
    "MatrixRow",
    "QsBalance",
    "Triangulation",
    "check_evidence_date",
    "evidence_period",
    "triangulation_matrix",
]


class EvidenceSource(StrEnum):
    """How a piece of evidence was gathered."""

    SURVEY = "survey"
    INTERVIEW = "interview"
    FOCUS_GROUP = "focus_group"
    CASE_TRACKING = "case_tracking"
    DOCUMENT = "document"
    DATA = "data"
    FEEDBACK = "feedback"

    @property
    def label(self) -> str:
        return _SOURCE_LABELS[self]


_SOURCE_LABELS: dict[EvidenceSource, str] = {
    EvidenceSource.SURVEY: "Survey",
    EvidenceSource.INTERVIEW: "Interview",
    EvidenceSource.FOCUS_GROUP: "Focus group",
    EvidenceSource.CASE_TRACKING: "Case tracking",
    EvidenceSource.DOCUMENT: "Document",
    EvidenceSource.DATA: "Data",
    EvidenceSource.FEEDBACK: "Feedback",
}


class Direction(StrEnum):
    """Which way a piece of evidence points for the QS it informs."""

    STRENGTH = "strength"
    SHORTFALL = "shortfall"
    BOTH = "both"

    @property
    def label(self) -> str:
        return {"strength": "Strength", "shortfall": "Shortfall", "both": "Both"}[self.value]


# --- the evidence period --------------------------------------------------------------------


class EvidencePeriod(NamedTuple):
    """``start`` to ``end`` inclusive; ``end`` is the day the IR was sent."""

    start: date
    end: date

    def includes(self, day: date) -> bool:
        return self.start <= day <= self.end


def evidence_period(ir_sent: date, *, months: int = 12) -> EvidencePeriod:
    """The ``months`` before the IR was sent: from the same day ``months`` earlier to ``ir_sent``.

    The same dates as the "Evidence period" milestone of
    :func:`ascassure.domain.calendar.assessment_timeline`.
    """
    if months < 0:
        raise ValueError("the evidence period cannot be a negative number of months")
    return EvidencePeriod(months_before(ir_sent, months), ir_sent)


EVIDENCE_BEFORE_PERIOD = (
    "This evidence is older than the evidence period. Say why it is still relevant, for "
    "example data published every two years, a strategy or policy still in force, or a "
    "significant older concern."
)
EVIDENCE_AFTER_PERIOD = (
    "This evidence dates from after the information return was sent. Say why it is relevant "
    "to the evidence period."
)


def check_evidence_date(
    evidence_date: date, period: EvidencePeriod, reason: str = ""
) -> str | None:
    """None when the evidence may be used; a refusal when it is outside the period unexplained.

    ``evidence_date`` is the date the evidence relates to (a document's date, the end of the
    data's period), not the day it was recorded: what people say in on-site interviews
    relates to the period even though it is heard later.
    """
    if period.includes(evidence_date) or reason.strip():
        return None
    return EVIDENCE_BEFORE_PERIOD if evidence_date < period.start else EVIDENCE_AFTER_PERIOD


# --- triangulation --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """One piece of evidence as triangulation sees it."""

    qs_codes: tuple[str, ...]
    category: str
    direction: Direction
    source: EvidenceSource | None = None


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """Evidence counts for one QS in one evidence category."""

    qs_code: str
    category: str
    category_title: str
    strengths: int
    shortfalls: int
    both: int

    @property
    def total(self) -> int:
        return self.strengths + self.shortfalls + self.both


@dataclass(frozen=True, slots=True)
class QsBalance:
    """All the evidence for one QS and which way it leans.

    ``balance`` is strengths minus shortfalls (items pointing both ways count on neither
    side): positive leans to strengths, negative to shortfalls. It is a reading aid for the
    team, never a score.
    """

    qs_code: str
    strengths: int
    shortfalls: int
    both: int

    @property
    def total(self) -> int:
        return self.strengths + self.shortfalls + self.both

    @property
    def balance(self) -> int:
        return self.strengths - self.shortfalls

    @property
    def summary(self) -> str:
        if self.total == 0:
            return "No evidence yet"
        if self.balance > 0:
            return "More strengths than shortfalls"
        if self.balance < 0:
            return "More shortfalls than strengths"
        return "Strengths and shortfalls even"


@dataclass(frozen=True, slots=True)
class Gap:
    """A QS with no evidence in one of its evidence categories."""

    qs_code: str
    category: str
    message: str


@dataclass(frozen=True, slots=True)
class Triangulation:
    """The matrix (one row per QS and category that applies to it), balances and gaps."""

    rows: tuple[MatrixRow, ...]
    balances: tuple[QsBalance, ...]
    gaps: tuple[Gap, ...]

    def row(self, qs_code: str, category: str) -> MatrixRow:
        for found in self.rows:
            if found.qs_code == qs_code and found.category == category:
                return found
        raise KeyError(f"no row for {qs_code} and {category!r}")

    def balance(self, qs_code: str) -> QsBalance:
        for found in self.balances:
            if found.qs_code == qs_code:
                return found
        raise KeyError(f"no balance for {qs_code}")


def _phrase(title: str) -> str:
    return title[:1].lower() + title[1:]


def triangulation_matrix(items: Iterable[EvidenceItem], framework: Framework) -> Triangulation:
    """Count evidence per QS and per used evidence category that applies to it.

    QS codes may be given as codes or titles (``framework.statement`` finds them). An item
    naming an unknown QS, a category not used, or a category that does not apply to one of
    its QS is refused with ``ValueError``: it would otherwise vanish from the matrix.
    """
    used = {c.code for c in framework.used_categories}
    counts: dict[tuple[str, str], dict[Direction, int]] = {}
    for qs in framework.statements:
        for category in framework.categories_for(qs.code):
            if category.code in used:
                counts[(qs.code, category.code)] = dict.fromkeys(Direction, 0)
    for number, item in enumerate(items, start=1):
        if not item.qs_codes:
            raise ValueError(f"evidence item {number} names no quality statement")
        if item.category not in used:
            raise ValueError(
                f"evidence item {number}: {item.category!r} is not an evidence category used "
                f"in framework {framework.version} ({', '.join(sorted(used))})"
            )
        direction = Direction(item.direction)
        for code in dict.fromkeys(framework.statement(q).code for q in item.qs_codes):
            cell = counts.get((code, item.category))
            if cell is None:
                raise ValueError(
                    f"evidence item {number}: {item.category!r} does not apply to {code} "
                    f"in framework {framework.version}"
                )
            cell[direction] += 1
    rows = tuple(
        MatrixRow(
            qs_code=qs,
            category=category,
            category_title=framework.category(category).title,
            strengths=cell[Direction.STRENGTH],
            shortfalls=cell[Direction.SHORTFALL],
            both=cell[Direction.BOTH],
        )
        for (qs, category), cell in counts.items()
    )
    balances = tuple(
        QsBalance(
            qs_code=qs.code,
            strengths=sum(r.strengths for r in rows if r.qs_code == qs.code),
            shortfalls=sum(r.shortfalls for r in rows if r.qs_code == qs.code),
            both=sum(r.both for r in rows if r.qs_code == qs.code),
        )
        for qs in framework.statements
    )
    gaps = tuple(
        Gap(
            r.qs_code,
            r.category,
            f"{r.qs_code} has no evidence of {_phrase(r.category_title)}",
        )
        for r in rows
        if r.total == 0
    )
    return Triangulation(rows=rows, balances=balances, gaps=gaps)
