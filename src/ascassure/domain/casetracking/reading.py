"""Reading a case list from a CSV or Excel file, checking it line by line."""

from __future__ import annotations

import csv
import importlib
import io
from collections.abc import Iterator, Sequence
from os import PathLike
from pathlib import Path
from typing import Any

from ascassure.domain.casetracking.records import (
    _ALIAS_TO_FIELD,
    _HEADER_SEARCH_ROWS,
    ATTRIBUTE_LABELS,
    FLAG_FIELDS,
    REQUIRED_COLUMNS,
    CaseListError,
    CaseRecord,
    ParsedCaseList,
    Problem,
    _norm_header,
    _text,
    parse_bool,
    parse_date,
)

# --- reading files --------------------------------------------------------------------------

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise CaseListError(
            "The file is not readable text. Save the case list as CSV (UTF-8) or Excel (.xlsx)."
        ) from exc


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[object]]]:
    text = _decode(data)
    if "\x00" in text:
        raise CaseListError(
            "The file is not readable text. Save the case list as CSV (UTF-8) or Excel (.xlsx)."
        )
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    for row in reader:
        yield start, list(row)
        start = reader.line_num + 1


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[object]]]:
    # Typed Any: openpyxl ships no type information.
    openpyxl: Any = importlib.import_module("openpyxl")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged archive
        raise CaseListError("The Excel file could not be opened; it may be damaged.") from exc
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(row)
    finally:
        workbook.close()


def _blank(row: Sequence[object]) -> bool:
    return all(_text(v) == "" for v in row)


def parse_case_list(source: bytes | str | PathLike[str], *, filename: str = "") -> ParsedCaseList:
    """Read a case list from CSV (UTF-8, UTF-8 with BOM or Windows-1252) or Excel (.xlsx).

    ``source`` is the file's bytes or a path. The content decides the format, not the name;
    ``filename`` is used in messages only. Headings are matched ignoring case, spaces,
    underscores, apostrophes and anything in brackets; see :data:`COLUMN_ALIASES`. Columns
    not recognised are kept as each case's ``extra`` attributes.

    Whole-file problems (unreadable, no headings, missing required columns) raise
    :class:`CaseListError`. Cell problems are listed in ``problems`` with their line (the
    CSV line, or the spreadsheet row) and heading, and that row is left out of ``cases``.
    """
    if isinstance(source, bytes):
        data = source
    else:
        path = Path(source)
        data = path.read_bytes()
        filename = filename or path.name
    name = f" {filename!r}" if filename else ""
    if not data.strip():
        raise CaseListError(f"The case list{name} is empty.")
    if data.startswith(_OLE_MAGIC):
        raise CaseListError(
            f"The case list{name} is an old-style Excel file (.xls) or is password-protected. "
            "Save it as Excel (.xlsx) or CSV without a password."
        )
    rows = _xlsx_rows(data) if data.startswith(_ZIP_MAGIC) else _csv_rows(data)
    return _read_rows(rows, name)


def _find_header(
    rows: Iterator[tuple[int, list[object]]], name: str
) -> tuple[int, list[str], dict[str, int]]:
    first_seen: list[str] | None = None
    looked = 0
    for line, row in rows:
        if _blank(row):
            continue
        headings = [_text(v) for v in row]
        first_seen = first_seen if first_seen is not None else headings
        found: dict[str, int] = {}
        for index, heading in enumerate(headings):
            wanted = _ALIAS_TO_FIELD.get(_norm_header(heading))
            if wanted is None:
                continue
            if wanted in found:
                raise CaseListError(
                    f"The columns {headings[found[wanted]]!r} and {heading!r} both give the "
                    f"{ATTRIBUTE_LABELS[wanted]}. Keep one of them."
                )
            found[wanted] = index
        if "case_id" in found:
            return line, headings, found
        looked += 1
        if looked >= _HEADER_SEARCH_ROWS:
            break
    if first_seen is None:
        raise CaseListError(f"The case list{name} is empty.")
    raise CaseListError(
        f"The case list{name} has no case ID column. The first row should hold the column "
        f"headings, one of them 'case_id' (found: {', '.join(repr(h) for h in first_seen)})."
    )


def _read_rows(rows: Iterator[tuple[int, list[object]]], name: str) -> ParsedCaseList:
    _, headings, found = _find_header(rows, name)
    missing = [c for c in REQUIRED_COLUMNS if c not in found]
    if missing:
        raise CaseListError(
            f"The case list{name} is missing these columns: "
            + ", ".join(repr(c) for c in missing)
            + "."
        )
    extra_index = [(i, h) for i, h in enumerate(headings) if h and i not in set(found.values())]
    cases: list[CaseRecord] = []
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for line, row in rows:
        if _blank(row):
            continue

        def cell(field_name: str, row: list[object] = row) -> object:
            index = found.get(field_name)
            return row[index] if index is not None and index < len(row) else None

        row_problems: list[Problem] = []
        values: dict[str, Any] = {}
        case_id = _text(cell("case_id"))
        if not case_id:
            row_problems.append(Problem(line, headings[found["case_id"]], "the case ID is blank"))
        elif case_id in first_line:
            row_problems.append(
                Problem(
                    line,
                    headings[found["case_id"]],
                    f"{case_id!r} is already on line {first_line[case_id]}",
                )
            )
        for text_field in ("age_band", "primary_support_reason"):
            values[text_field] = _text(cell(text_field))
        for flag in FLAG_FIELDS:
            try:
                values[flag] = parse_bool(cell(flag))
            except ValueError as exc:
                row_problems.append(Problem(line, headings[found[flag]], str(exc)))
        for date_field in ("assessment_date", "review_date"):
            if date_field not in found:
                continue
            try:
                values[date_field] = parse_date(cell(date_field))
            except ValueError as exc:
                row_problems.append(Problem(line, headings[found[date_field]], str(exc)))
        if row_problems:
            problems += row_problems
            continue
        extra = tuple(
            (heading, _text(row[i] if i < len(row) else None)) for i, heading in extra_index
        )
        first_line[case_id] = line
        cases.append(CaseRecord(case_id=case_id, extra=extra, **values))
    return ParsedCaseList(
        cases=tuple(cases),
        problems=tuple(problems),
        columns={f: headings[i] for f, i in found.items()},
        extra_columns=tuple(h for _, h in extra_index),
    )
