"""The factual accuracy exchange as a table: every comment, the council's proposed change and
the team's answer, in CSV and in Excel (with a second sheet about the check itself)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime

from django.utils import timezone

from ascassure.apps.reports.models import FacComment, FacRound
from ascassure.domain.reports import CommentDecision, CommentKind, long_date

HEADINGS = (
    "Number",
    "Section",
    "Kind of comment",
    "Comment",
    "Proposed change",
    "Supporting files",
    "Sent by",
    "Sent at",
    "Decision",
    "Reason",
    "Decided by",
    "Decided at",
)


def _when(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _who(user) -> str:
    return user.display_name if user else ""


def exchange_rows(comments: Sequence[FacComment]) -> list[tuple[object, ...]]:
    return [
        (
            c.number,
            c.section_title,
            CommentKind(c.kind).label,
            c.comment,
            c.proposed_change,
            "; ".join(f.original_name for f in c.files.all()),
            _who(c.created_by),
            _when(c.created_at),
            CommentDecision(c.decision).label if c.decision else "Not yet decided",
            c.decision_reason,
            _who(c.decided_by),
            _when(c.decided_at),
        )
        for c in comments
    ]


def _safe(value: object) -> object:
    """Text that a spreadsheet would take for a formula is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def exchange_csv(comments: Sequence[FacComment]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(HEADINGS)
    for row in exchange_rows(comments):
        writer.writerow([_safe(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def _check_rows(fac_round: FacRound) -> list[tuple[str, str]]:
    rows = [
        ("Version sent", str(fac_round.version.number)),
        ("Date of the e-mail", long_date(fac_round.sent_on)),
        ("Comments close at the end of", long_date(fac_round.deadline)),
    ]
    if fac_round.extension_reason:
        rows += [
            ("Extension asked for", f"{fac_round.extension_working_days} working days"),
            ("Reason given", fac_round.extension_reason),
            ("Extension decision", fac_round.get_extension_decision_display() or "Not yet"),
            ("Reason for the decision", fac_round.extension_decision_reason),
        ]
        if fac_round.extended_deadline:
            rows.append(("Extended to the end of", long_date(fac_round.extended_deadline)))
    if fac_round.confirmed:
        rows.append(
            (
                "Council confirmed no inaccuracies",
                f"{_when(fac_round.confirmed_no_inaccuracies_at)} by "
                f"{_who(fac_round.confirmed_no_inaccuracies_by)}",
            )
        )
    return rows


def exchange_xlsx(fac_round: FacRound, comments: Sequence[FacComment]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Comments"
    sheet.append(HEADINGS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in exchange_rows(comments):
        sheet.append([_safe(v) for v in row])
    widths = (8, 30, 30, 50, 50, 30, 20, 17, 16, 50, 20, 17)
    for column, width in zip("ABCDEFGHIJKL", widths, strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    about = book.create_sheet("The check")
    about.append(("Item", "Value"))
    for cell in about[1]:
        cell.font = Font(bold=True)
    for row in _check_rows(fac_round):
        about.append([_safe(v) for v in row])
    about.column_dimensions["A"].width = 34
    about.column_dimensions["B"].width = 60
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
