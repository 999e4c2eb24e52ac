"""What changed between two versions of an entry (word by word), and where the self-scores
put the council: the predicted result and what would move it.

>>> [s.text for s in word_diff("we review plans", "we review all plans") if s.op == "insert"]
['all ']
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ascassure.domain.framework import Framework, QualityStatement, Rating
from ascassure.domain.scoring import (
    OverallResult,
    ScoredChange,
    WhatIf,
    score_assessment,
    single_changes,
    what_if,
)
from ascassure.domain.selfassessment.entries import TEXT_FIELDS, Entry

# --- differences between two versions ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Segment:
    op: str  # "equal", "insert" or "delete"
    text: str


def _tokens(text: str) -> list[str]:
    """Words with the space after them, so a diff keeps the text's own spacing."""
    return re.findall(r"\S+\s*|\s+", text)


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """A word-level difference: equal, deleted and inserted runs, in reading order."""
    a, b = _tokens(old), _tokens(new)
    out: list[Segment] = []

    def add(op: str, words: list[str]) -> None:
        text = "".join(words)
        if not text:
            return
        if out and out[-1].op == op:
            out[-1] = Segment(op, out[-1].text + text)
        else:
            out.append(Segment(op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", a[i1:i2])
        else:
            add("delete", a[i1:i2])
            add("insert", b[j1:j2])
    return tuple(out)


@dataclass(frozen=True, slots=True)
class FieldChange:
    key: str
    label: str
    old: str
    new: str
    segments: tuple[Segment, ...] = field(default=())

    @property
    def changed(self) -> bool:
        return self.old != self.new


def entry_texts(
    entry: Entry | None, statement: QualityStatement, fw: Framework
) -> list[tuple[str, str, str]]:
    """Every field of an entry as (key, label, text), the way a reader sees it."""
    e = entry or Entry()
    rows = [(key, label, e.text(key)) for key, label in TEXT_FIELDS]
    covered = [
        statement.i_summaries[n - 1] for n in e.i_statements if 0 < n <= len(statement.i_summaries)
    ]
    rows.append(("i_statements", "I statements the evidence covers", "\n".join(covered)))
    score = (
        f"{e.self_score}: {fw.score_meaning(e.self_score).label}"
        if e.self_score is not None
        else ""
    )
    rows.append(("self_score", "Self-score", score))
    rows.append(("confidence", "Confidence", e.confidence.label if e.confidence else ""))
    rows.append(("status", "Status", e.status.label if entry is not None else ""))
    return rows


def entry_diff(
    old: Entry | None, new: Entry | None, statement: QualityStatement, fw: Framework
) -> tuple[FieldChange, ...]:
    """Field by field, what changed from ``old`` to ``new`` (either may be missing)."""
    before = entry_texts(old, statement, fw)
    after = entry_texts(new, statement, fw)
    return tuple(
        FieldChange(key, label, a, b, word_diff(a, b) if a != b else ())
        for (key, label, a), (_, _, b) in zip(before, after, strict=True)
    )


# --- where the self-scores put the council ----------------------------------------------------


def _ordered(scores: Mapping[str, int | None], fw: Framework) -> list[int | None]:
    return [scores.get(code) for code in fw.qs_codes]


def predicted_result(scores: Mapping[str, int | None], fw: Framework) -> OverallResult | None:
    """The overall result the self-scores give (``None`` until at least one QS is scored)."""
    ordered = _ordered(scores, fw)
    if all(s is None for s in ordered):
        return None
    return score_assessment(ordered, framework=fw)


@dataclass(frozen=True, slots=True)
class Levers:
    """What would move the predicted rating: one-point rises, one-point falls, and the fewest
    changes to reach the next rating up."""

    rises: tuple[ScoredChange, ...]
    falls: tuple[ScoredChange, ...]
    to_next: WhatIf | None


def levers(scores: Mapping[str, int | None], fw: Framework) -> Levers | None:
    """Each scored QS one point up and one point down, those that change the rating first."""
    ordered = _ordered(scores, fw)
    if all(s is None for s in ordered):
        return None
    current = score_assessment(ordered, framework=fw)
    changes = single_changes(ordered, framework=fw)

    def key(c: ScoredChange) -> tuple[bool, int]:
        return (c.result.rating is current.rating, fw.qs_codes.index(c.change.qs_code))

    rises = sorted((c for c in changes if c.change.delta == 1), key=key)
    falls = sorted((c for c in changes if c.change.delta == -1), key=key)
    nxt = current.next_rating
    return Levers(
        rises=tuple(rises),
        falls=tuple(falls),
        to_next=what_if(ordered, nxt, framework=fw) if isinstance(nxt, Rating) else None,
    )


@dataclass(frozen=True, slots=True)
class ScoreMove:
    qs_code: str
    before: int | None
    after: int | None


def score_moves(
    before: Mapping[str, int | None], after: Mapping[str, int | None], fw: Framework
) -> tuple[ScoreMove, ...]:
    """The QS whose self-score differs between two versions, in framework order."""
    return tuple(
        ScoreMove(code, before.get(code), after.get(code))
        for code in fw.qs_codes
        if before.get(code) != after.get(code)
    )
