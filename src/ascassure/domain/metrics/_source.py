"""Reading tabular files (CSV or XLSX) cell by cell, with problems reported by line and column.

Shared by the parsers in :mod:`ascassure.domain.metrics.parsing`. Every cell reaches a parser as
text: CSV cells as written, XLSX numbers as their shortest exact decimal form (``19.6``,
``83160``), so a value read from either format converts to the same float. Spreadsheet cells that
cannot stand for text or a number (dates, times, booleans) are reported, never converted.

Encodings: a UTF-8 byte order mark means UTF-8; otherwise the bytes must decode as UTF-8, and if
they do not, as Windows-1252 (what NHS Digital's older ASCOF files use). Anything else is an
error, as is UTF-16 (Excel's "Unicode text" export).
"""

from __future__ import annotations

import codecs
import csv
import importlib
import io
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import IO, Any, Literal, Protocol

Source = str | os.PathLike[str] | IO[bytes]
"""A path, or a file opened in binary mode."""

_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_SHOWN_IN_MESSAGE = 20


@dataclass(frozen=True, slots=True)
class ParseProblem:
    """One thing wrong with a file, where it is and what is wrong.

    ``line`` is the line of a CSV file (the header is line 1) or the row of a worksheet; it is
    ``None`` for problems with the file as a whole. ``column`` is the header as written in the
    file, or the expected name of a missing column.
    """

    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class MetricsFormatError(ValueError):
    """A data file cannot be read; ``problems`` lists what is wrong and where.

    ``total`` counts every problem found, including any beyond the cap kept in ``problems``.
    """

    def __init__(self, source: str, problems: Sequence[ParseProblem], total: int | None = None):
        self.source = source
        self.problems = tuple(problems)
        self.total = len(self.problems) if total is None else total
        super().__init__(self._render())

    def _render(self) -> str:
        count = "1 problem" if self.total == 1 else f"{self.total} problems"
        lines = [f"{self.source}: {count}"]
        lines.extend(f"  - {p}" for p in self.problems[:_SHOWN_IN_MESSAGE])
        hidden = self.total - min(len(self.problems), _SHOWN_IN_MESSAGE)
        if hidden > 0:
            lines.append(f"  ... and {hidden} more")
        return "\n".join(lines)


class Problems:
    """Collects problems up to a cap while counting all of them."""

    def __init__(self, cap: int) -> None:
        if cap < 1:
            raise ValueError("max_errors must be at least 1")
        self.cap = cap
        self.kept: list[ParseProblem] = []
        self.total = 0

    def add(self, line: int | None, column: str | None, message: str) -> None:
        self.total += 1
        if len(self.kept) < self.cap:
            self.kept.append(ParseProblem(line, column, message))

    @property
    def full(self) -> bool:
        return self.total >= self.cap


class _Reader(Protocol):
    @property
    def line_num(self) -> int: ...

    def __iter__(self) -> Iterator[list[str]]: ...

    def __next__(self) -> list[str]: ...


@dataclass(frozen=True, slots=True)
class Table:
    """A file opened for reading: its header and an iterator over its data rows.

    ``rows`` yields ``(line, cells)`` with every cell as text (CSV cells unstripped: parsers
    strip what they use) and exactly as many cells as the header; empty rows are skipped.
    Problems found while reading cells (a date in a spreadsheet, a CSV row with the wrong
    number of fields) go to the ``Problems`` given to :func:`open_table`, and such rows are
    not yielded.
    """

    name: str
    kind: Literal["csv", "xlsx"]
    encoding: str | None
    header: tuple[str, ...]
    header_line: int
    rows: Iterator[tuple[int, list[str]]]


def describe(source: Source) -> str:
    """The name used for a source in messages (its path, or the ``name`` of a file object)."""
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else "<stream>"


def read_bytes(source: Source) -> bytes:
    if isinstance(source, str | os.PathLike):
        return Path(source).read_bytes()
    data = source.read()
    if not isinstance(data, bytes):
        raise TypeError("open the file in binary mode ('rb'): the parser detects the encoding")
    return data


def open_table(
    source: Source, error: type[MetricsFormatError], problems: Problems, sheet: str | None = None
) -> Table:
    """Open a CSV or XLSX source (told apart by content, not by name).

    Raises ``error`` when the file as a whole is unreadable: unknown encoding, legacy ``.xls``,
    no header row, a missing worksheet.
    """
    name = describe(source)
    data = read_bytes(source)
    if data.startswith(_XLSX_MAGIC):
        return _open_xlsx(name, data, error, problems, sheet)
    if data.startswith(_OLE_MAGIC):
        raise error(
            name, [ParseProblem(None, None, "legacy .xls workbooks are not read: save as .xlsx")]
        )
    text, encoding = _decode(name, data, error)
    return _open_csv(name, text, encoding, error, problems)


def _decode(name: str, data: bytes, error: type[MetricsFormatError]) -> tuple[str, str]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise error(name, [ParseProblem(None, None, "UTF-16 text is not read: save as UTF-8 CSV")])
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            message = f"starts with a UTF-8 byte order mark but byte {exc.start} is not UTF-8"
            raise error(name, [ParseProblem(None, None, message)]) from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        byte = data[exc.start]
        message = (
            f"the file is neither UTF-8 nor Windows-1252 text "
            f"(byte 0x{byte:02x} at offset {exc.start})"
        )
        raise error(name, [ParseProblem(None, None, message)]) from exc


def _open_csv(
    name: str, text: str, encoding: str, error: type[MetricsFormatError], problems: Problems
) -> Table:
    reader: _Reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                header = row
                break
    except csv.Error as exc:
        raise error(name, [ParseProblem(reader.line_num, None, f"not valid CSV: {exc}")]) from exc
    if header is None:
        raise error(name, [ParseProblem(None, None, "the file is empty: no header row")])
    names = tuple(cell.strip() for cell in header)
    return Table(name, "csv", encoding, names, reader.line_num, _csv_rows(reader, names, problems))


def _csv_rows(
    reader: _Reader, header: tuple[str, ...], problems: Problems
) -> Iterator[tuple[int, list[str]]]:
    width = len(header)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.add(reader.line_num, None, f"not valid CSV: {exc}")
            return
        line = reader.line_num
        if len(row) != width:
            if not any(cell.strip() for cell in row):
                continue
            problems.add(line, None, f"expected {width} fields, found {len(row)}")
            continue
        if any(row):
            yield line, row


def _open_xlsx(
    name: str,
    data: bytes,
    error: type[MetricsFormatError],
    problems: Problems,
    sheet: str | None,
) -> Table:
    # openpyxl is imported here so that CSV-only callers never pay for it (and typed Any:
    # it ships no type information).
    openpyxl: Any = importlib.import_module("openpyxl")

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged archive
        raise error(name, [ParseProblem(None, None, f"not a readable .xlsx: {exc}")]) from exc
    names = list(workbook.sheetnames)
    if sheet is not None:
        if sheet not in names:
            workbook.close()
            message = f"no worksheet named {sheet!r} (found: {', '.join(map(repr, names))})"
            raise error(name, [ParseProblem(None, None, message)])
        chosen = sheet
    else:
        chosen = next((n for n in names if n.strip().casefold() == "in"), names[0])
    rows = workbook[chosen].iter_rows(values_only=True)
    header: tuple[str, ...] | None = None
    header_line = 0
    for header_line, values in enumerate(rows, start=1):  # noqa: B007 - used after the loop
        texts = [_cell_text(v) for v in values]
        if any(t for t in texts if t is not None):
            header = tuple("" if t is None else t for t in texts)
            break
    if header is None:
        workbook.close()
        raise error(name, [ParseProblem(None, None, f"worksheet {chosen!r} has no header row")])
    while header and not header[-1]:
        header = header[:-1]
    return Table(
        f"{name} [{chosen}]",
        "xlsx",
        None,
        header,
        header_line,
        _xlsx_rows(workbook, rows, header, header_line, problems),
    )


def _xlsx_rows(
    workbook: object,
    rows: Iterator[tuple[object, ...]],
    header: tuple[str, ...],
    header_line: int,
    problems: Problems,
) -> Iterator[tuple[int, list[str]]]:
    width = len(header)
    try:
        for line, values in enumerate(rows, start=header_line + 1):
            cells: list[str] = []
            bad = False
            for index, value in enumerate(values):
                text = _cell_text(value)
                if index >= width:
                    if text:
                        problems.add(line, None, f"a value {text!r} lies beyond the last column")
                        bad = True
                    continue
                if text is None:
                    problems.add(
                        line,
                        header[index],
                        f"spreadsheet cell holds a {type(value).__name__}, "
                        f"not text or a number: {value!r}",
                    )
                    bad = True
                    text = ""
                cells.append(text)
            if len(cells) < width:
                cells.extend([""] * (width - len(cells)))
            if not bad and any(cells):
                yield line, cells
    finally:
        close = getattr(workbook, "close", None)
        if callable(close):
            close()


def _cell_text(value: object) -> str | None:
    """A spreadsheet cell as text, or ``None`` when it holds something that is not text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool | datetime | date | time | timedelta):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return None


def with_progress(
    rows: Iterator[tuple[int, list[str]]],
    progress: Callable[[int], None] | None,
    every: int = 1000,
) -> Iterator[tuple[int, list[str]]]:
    """``rows`` unchanged, calling ``progress(rows_read)`` every ``every`` rows and at the end."""
    if progress is None:
        yield from rows
        return
    count = 0
    for item in rows:
        count += 1
        if count % every == 0:
            progress(count)
        yield item
    progress(count)


def header_key(text: str) -> str:
    """Header text reduced for matching: case, spaces and punctuation ignored."""
    return re.sub(r"[^0-9a-z]", "", text.casefold())


@dataclass(frozen=True, slots=True)
class Column:
    """A column a parser knows: its canonical name and the header keys that mean it."""

    field: str
    name: str
    aliases: tuple[str, ...]
    required: bool = True


def match_columns(
    header: Sequence[str], columns: Sequence[Column], header_line: int = 1
) -> tuple[dict[str, int], list[ParseProblem], tuple[str, ...]]:
    """Find each known column in a header.

    Returns the index of each column found (by field), the problems (missing required columns,
    two headers meaning the same column) and the headers of columns that are not used.
    """
    by_key: Mapping[str, Column] = {
        header_key(alias): column for column in columns for alias in (column.name, *column.aliases)
    }
    found: dict[str, int] = {}
    problems: list[ParseProblem] = []
    ignored: list[str] = []
    for index, text in enumerate(header):
        column = by_key.get(header_key(text))
        if column is None:
            if text:
                ignored.append(text)
            continue
        if column.field in found:
            first = header[found[column.field]]
            problems.append(
                ParseProblem(
                    header_line, text, f"means the same as column {first!r}: keep only one"
                )
            )
            continue
        found[column.field] = index
    for column in columns:
        if column.required and column.field not in found:
            problems.append(ParseProblem(header_line, column.name, "required column is missing"))
    return found, problems, tuple(ignored)
