"""Reading a self-assessment from a spreadsheet: one row per quality statement, every problem
named by its row and column, and nothing accepted unless every row is right.

>>> column_letter(27)
'AB'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ascassure.domain.framework import Framework, QualityStatement
from ascassure.domain.selfassessment.entries import (
    MAX_TEXT,
    TEXT_FIELDS,
    Confidence,
    Entry,
    EntryStatus,
    parse_choice,
    sign_off_refusals,
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
            confidence = parse_choice(Confidence, cells["confidence"])
            if confidence is None:
                problem("confidence", f'"{cells["confidence"]}" is not low, medium or high')
        status = EntryStatus.DRAFT
        if cells["status"]:
            parsed = parse_choice(EntryStatus, cells["status"])
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
