"""A council's self-assessment: what makes an entry complete, sign-off, stale evidence, overdue
actions, what changed between two versions, what would move the rating, and file imports.

Plain Python, no Django. Today is always an argument.

>>> is_stale(date(2025, 1, 31), today=date(2026, 2, 1))
True
>>> [s.text for s in word_diff("we review plans", "we review all plans") if s.op == "insert"]
['all ']
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TypeVar

from ascassure.domain.calendar import months_before
from ascassure.domain.framework import EvidenceCategory, Framework, QualityStatement, Rating
from ascassure.domain.scoring import (
    OverallResult,
    ScoredChange,
    WhatIf,
    score_assessment,
    single_changes,
    what_if,
)

__all__ = [
    "IMPORT_COLUMNS",
    "MAX_TEXT",
    "SIGN_OFF_MISSING",
    "STALE_AFTER_MONTHS",
    "ActionStatus",
    "Check",
    "Completeness",
    "Confidence",
    "Entry",
    "EntryStatus",
    "EvidenceKind",
    "FieldChange",
    "ImportProblem",
    "ImportResult",
    "Levers",
    "ScoreMove",
    "Segment",
    "category_gaps",
    "column_letter",
    "entry_completeness",
    "entry_diff",
    "entry_texts",
    "is_overdue",
    "is_stale",
    "levers",
    "parse_import",
    "predicted_result",
    "score_moves",
    "sign_off_refusals",
    "split_areas",
    "stale_before",
    "word_diff",
]

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


def _parse_enum(kind: type[E], text: str) -> E | None:
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


# --- importing a self-assessment from a spreadsheet (one row per QS) --------------------------

# (key, header): the first row of the sheet names the columns, in any order; other columns
# (a title column, notes) are ignored.
IMPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("qs", "Quality statement"),
    *TEXT_FIELDS,
    ("i_statements", "I statements covered"),
    ("self_score", "Self-score"),
    ("confidence", "Confidence"),
    ("status", "Status"),
)
MAX_IMPORT_ROWS = 200


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (spreadsheet column names)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True, slots=True)
class ImportProblem:
    row: int  # as the spreadsheet numbers it (the header is row 1)
    column: str  # a letter, or "" for a problem with the whole row or file
    header: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return f"Row {self.row}, column {self.column} ({self.header}): {self.message}"
        return f"Row {self.row}: {self.message}"


@dataclass(frozen=True, slots=True)
class ImportResult:
    entries: dict[str, Entry]
    problems: tuple[ImportProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _squash(text: object) -> str:
    return " ".join(str(text or "").split()).casefold()


_HEADER_ALIASES = {
    "qs": ("qs", "qs code", "code", "quality statement code"),
    "self_score": ("self-score (1-4)", "self score", "score"),
    "i_statements": ("i statements", "i statements the evidence covers"),
}


def _header_map(header: Sequence[object]) -> tuple[dict[str, int], list[ImportProblem]]:
    wanted = {}
    for key, label in IMPORT_COLUMNS:
        names = {_squash(label), key.replace("_", " "), *_HEADER_ALIASES.get(key, ())}
        wanted[key] = {_squash(n) for n in names}
    found: dict[str, int] = {}
    problems = []
    for index, cell in enumerate(header):
        name = _squash(cell)
        for key, names in wanted.items():
            if name in names:
                if key in found:
                    problems.append(
                        ImportProblem(
                            1, column_letter(index), str(cell), "this column appears twice"
                        )
                    )
                found.setdefault(key, index)
    for key, label in IMPORT_COLUMNS:
        if key not in found:
            problems.append(ImportProblem(1, "", label, f'the column "{label}" is missing'))
    return found, problems


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").strip()


def _parse_statement(value: str, fw: Framework) -> QualityStatement | None:
    if value.isdigit():
        value = f"QS{value}"
    try:
        return fw.statement(value)
    except KeyError:
        return None


@dataclass(frozen=True, slots=True)
class _Reporter:
    """Adds a problem at one row, in the named column."""

    row: int
    columns: dict[str, int]
    labels: dict[str, str]
    out: list[ImportProblem]

    def __call__(self, key: str, message: str) -> None:
        self.out.append(
            ImportProblem(self.row, column_letter(self.columns[key]), self.labels[key], message)
        )


def parse_import(rows: Sequence[Sequence[object]], fw: Framework) -> ImportResult:
    """Read a sheet's rows (the first is the header) into one entry per QS, or list every
    problem with its row and column. Nothing is partly accepted: any problem means no entries.
    """
    if not rows:
        return ImportResult({}, (ImportProblem(1, "", "", "the sheet is empty"),))
    columns, problems = _header_map(rows[0])
    if problems:
        return ImportResult({}, tuple(problems))
    entries: dict[str, Entry] = {}
    first_row: dict[str, int] = {}
    labels = dict(IMPORT_COLUMNS)
    data_rows = 0

    for number, row in enumerate(rows[1:], start=2):
        cells = {key: _cell_text(row[i] if i < len(row) else None) for key, i in columns.items()}
        if not any(cells.values()):
            continue
        data_rows += 1
        if data_rows > MAX_IMPORT_ROWS:
            problems.append(
                ImportProblem(number, "", "", f"a sheet can have at most {MAX_IMPORT_ROWS} rows")
            )
            break
        row_problems: list[ImportProblem] = []
        problem = _Reporter(number, columns, labels, row_problems)

        statement = _parse_statement(cells["qs"], fw)
        if not cells["qs"]:
            problem("qs", "give the quality statement, for example QS4")
        elif statement is None:
            problem("qs", f'"{cells["qs"]}" is not a quality statement (use QS1 to QS9)')
        elif statement.code in first_row:
            problem("qs", f"{statement.code} is already on row {first_row[statement.code]}")
        for key, _ in TEXT_FIELDS:
            if len(cells[key]) > MAX_TEXT:
                problem(key, f"is longer than {MAX_TEXT:,} characters")
        score: int | None = None
        if cells["self_score"]:
            if cells["self_score"] in {"1", "2", "3", "4"}:
                score = int(cells["self_score"])
            else:
                problem("self_score", f'"{cells["self_score"]}" is not a score: use 1, 2, 3 or 4')
        confidence = None
        if cells["confidence"]:
            confidence = _parse_enum(Confidence, cells["confidence"])
            if confidence is None:
                problem("confidence", f'"{cells["confidence"]}" is not low, medium or high')
        status = EntryStatus.DRAFT
        if cells["status"]:
            parsed = _parse_enum(EntryStatus, cells["status"])
            if parsed is None:
                problem("status", f'"{cells["status"]}" is not draft, in review or signed off')
            else:
                status = parsed
        chosen: tuple[int, ...] = ()
        if cells["i_statements"] and statement is not None:
            count = len(statement.i_summaries)
            parts = [p for p in re.split(r"[,;\s]+", cells["i_statements"]) if p]
            numbers = [p.upper().removeprefix("I") for p in parts]
            if not count:
                problem("i_statements", f"{statement.code} has no I statements: leave it empty")
            elif not all(n.isdigit() and 1 <= int(n) <= count for n in numbers):
                problem(
                    "i_statements",
                    f'"{cells["i_statements"]}": give numbers from 1 to {count}, like 1, 2',
                )
            else:
                chosen = tuple(sorted({int(n) for n in numbers}))
        if statement is not None and not row_problems:
            entry = Entry(
                **{key: cells[key] for key, _ in TEXT_FIELDS},
                i_statements=chosen,
                self_score=score,
                confidence=confidence,
                status=status,
            )
            for message in sign_off_refusals(entry):
                problem("status", message[0].lower() + message[1:])
            if not row_problems:
                entries[statement.code] = entry
        if statement is not None:
            first_row.setdefault(statement.code, number)
        problems.extend(row_problems)

    if not data_rows:
        problems.append(ImportProblem(2, "", "", "the sheet has no quality statement rows"))
    if problems:
        return ImportResult({}, tuple(problems))
    return ImportResult(entries, ())
