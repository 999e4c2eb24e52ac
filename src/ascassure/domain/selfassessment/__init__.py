"""A council's self-assessment: what makes an entry complete, sign-off, stale evidence, overdue
actions, what changed between two versions, what would move the rating, and file imports.

Plain Python, no Django. Today is always an argument.

The parts: ``entries`` (the words, one entry's rules, dates), ``changes`` (differences and
where the self-scores put the council), ``sheet`` (reading a spreadsheet of entries).
"""

from ascassure.domain.selfassessment.changes import (
    FieldChange,
    Levers,
    ScoreMove,
    Segment,
    entry_diff,
    entry_texts,
    levers,
    predicted_result,
    score_moves,
    word_diff,
)
from ascassure.domain.selfassessment.entries import (
    MAX_TEXT,
    SIGN_OFF_MISSING,
    STALE_AFTER_MONTHS,
    TEXT_FIELDS,
    ActionStatus,
    Check,
    Completeness,
    Confidence,
    Entry,
    EntryStatus,
    EvidenceKind,
    category_gaps,
    entry_completeness,
    is_overdue,
    is_stale,
    sign_off_refusals,
    split_areas,
    stale_before,
)
from ascassure.domain.selfassessment.sheet import (
    IMPORT_COLUMNS,
    MAX_IMPORT_ROWS,
    ImportProblem,
    ImportResult,
    column_letter,
    parse_import,
)

__all__ = [
    "IMPORT_COLUMNS",
    "MAX_IMPORT_ROWS",
    "MAX_TEXT",
    "SIGN_OFF_MISSING",
    "STALE_AFTER_MONTHS",
    "TEXT_FIELDS",
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
