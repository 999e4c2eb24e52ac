"""Spreadsheets (openpyxl): the improvement plan out, the self-assessment out and back in."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from ascassure.apps.councils.models import Council
from ascassure.apps.councilspace.models import ImprovementAction, QsRevision, SelfAssessment
from ascassure.domain.framework import Framework
from ascassure.domain.selfassessment import (
    IMPORT_COLUMNS,
    ActionStatus,
    Confidence,
    EntryStatus,
    ImportProblem,
    column_letter,
)

MAX_READ_ROWS = 1000
UNREADABLE = (
    "The file could not be read as an Excel spreadsheet (XLSX): save it as XLSX and try again"
)
SHEET_NAME = "Self-assessment"

_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_OVERDUE = PatternFill("solid", fgColor="F4CCCC")


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _as_text(cells) -> None:
    """Keep the text of ``cells`` as text: openpyxl writes text starting with "=" as a formula,
    which the spreadsheet would run and the import would read back as no value."""
    for cell in cells:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _header(sheet, headers: list[str], widths: list[int]) -> None:
    sheet.append(headers)
    for index, width in enumerate(widths):
        cell = sheet.cell(row=1, column=index + 1)
        cell.font = _BOLD
        cell.alignment = _WRAP
        sheet.column_dimensions[column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def plan_xlsx(
    *, council: Council, actions: list[ImprovementAction], framework: Framework, today: date
) -> bytes:
    """The improvement plan, one action a row; overdue actions are marked and shaded."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Improvement plan"
    _header(
        sheet,
        [
            "Quality statement",
            "Action",
            "Area for development",
            "Owner",
            "Due date",
            "Status",
            "Overdue",
            "Detail",
        ],
        [34, 40, 40, 22, 12, 12, 10, 50],
    )
    titles = {qs.code: f"{qs.code} {qs.title}" for qs in framework.statements}
    for action in actions:
        overdue = getattr(action, "overdue", False)
        sheet.append(
            [
                titles.get(action.qs_code, action.qs_code),
                action.title,
                action.source_area,
                action.owner,
                action.due_date,
                ActionStatus(action.status).label,
                "Yes" if overdue else "No",
                action.detail,
            ]
        )
        row = sheet.max_row
        _as_text(sheet[row])
        sheet.cell(row=row, column=5).number_format = "DD/MM/YYYY"
        for column in range(1, 9):
            cell = sheet.cell(row=row, column=column)
            cell.alignment = _WRAP
            if overdue:
                cell.fill = _OVERDUE
    sheet.auto_filter.ref = f"A1:H{max(sheet.max_row, 1)}"
    book.properties.title = f"{council.name}: improvement plan, {today:%d %B %Y}"
    return _save(book)


def import_template(*, self_assessment: SelfAssessment, revisions: dict[str, QsRevision]) -> bytes:
    """The self-assessment as the import expects it: one row per QS, filled with the current
    entries, so it can be worked on offline and imported again."""
    fw = self_assessment.framework
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_NAME
    headers = [IMPORT_COLUMNS[0][1], "Title", *(label for _, label in IMPORT_COLUMNS[1:])]
    _header(sheet, headers, [12, 30, 50, 50, 40, 40, 40, 14, 11, 12, 12])
    for statement in fw.statements:
        revision = revisions.get(statement.code)
        entry = revision.entry if revision else None
        sheet.append(
            [
                statement.code,
                statement.title,
                entry.what_we_do if entry else "",
                entry.how_we_know if entry else "",
                entry.next_steps if entry else "",
                entry.strengths if entry else "",
                entry.areas_for_development if entry else "",
                ", ".join(str(n) for n in entry.i_statements) if entry else "",
                entry.self_score if entry and entry.self_score else None,
                entry.confidence.label if entry and entry.confidence else "",
                entry.status.label if entry else EntryStatus.DRAFT.label,
            ]
        )
        _as_text(sheet[sheet.max_row])
        for column in range(1, len(headers) + 1):
            sheet.cell(row=sheet.max_row, column=column).alignment = _WRAP
    last = len(fw.statements) + 1
    for letter, options in (
        ("I", "1,2,3,4"),
        ("J", ",".join(c.label for c in Confidence)),
        ("K", ",".join(s.label for s in EntryStatus)),
    ):
        rule = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True)
        rule.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(rule)
    notes = book.create_sheet("How to fill it in")
    notes.column_dimensions["A"].width = 100
    for line in (
        "One row per quality statement (QS1 to QS9). Keep the header row as it is.",
        "Self-score: 1 significant shortfalls, 2 some shortfalls, 3 a good standard, "
        "4 an exceptional standard. Leave it empty if you have not scored yet.",
        "Confidence: Low, Medium or High. Status: Draft, In review or Signed off.",
        "I statements covered: the numbers of the I statements your evidence covers, like 1, 2 "
        "(see the quality statement's page for the list).",
        "Signing off needs every written column, a self-score and a confidence.",
        "If any row has a problem, nothing is imported: the page lists each problem by row and "
        "column.",
    ):
        notes.append([line])
        notes.cell(row=notes.max_row, column=1).alignment = _WRAP
    council, year = self_assessment.council.name, self_assessment.year
    book.properties.title = f"{council}: self-assessment {year}"
    return _save(book)


def read_rows(data: bytes) -> tuple[list[list[object]], ImportProblem | None]:
    """The rows of the self-assessment sheet (or the first sheet), as values."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        return [], ImportProblem(1, "", "", UNREADABLE)
    try:
        sheet = book[SHEET_NAME] if SHEET_NAME in book.sheetnames else book.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) >= MAX_READ_ROWS:
                break
    finally:
        book.close()
    return rows, None
