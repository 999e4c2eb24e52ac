"""Published assessment results as a file: read, check and write them.

The layout is that of ``published_ratings_2025-10.csv``: one row per result with the council
(by ONS code or name), the month of publication, the assessment type, the overall rating and
the nine quality statement scores in QS order. Reading is strict: every problem is reported
with its line number, and the caller decides whether a bad row rejects the whole file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from ascassure.domain.scoring import Rating

QS_COLUMNS = tuple(f"qs{n}" for n in range(1, 10))
ASSESSMENT_TYPES = ("pilot", "formal", "follow_up", "reassessment")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class PublishedRow:
    """One result as read from a file (the council not yet resolved)."""

    line: int
    council: str
    ons_code: str
    month: date
    assessment_type: str
    rating: Rating
    scores: tuple[int | None, ...]
    source_url: str


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class ReadResult:
    rows: tuple[PublishedRow, ...]
    problems: tuple[RowProblem, ...]


class PublishedFileError(ValueError):
    """The file cannot be read at all (not CSV, or required columns missing)."""


def _field(record: dict[str, str], *names: str) -> str:
    for name in names:
        value = record.get(name)
        if value is not None and value.strip():
            return value.strip()
    return ""


def _parse_month(text: str) -> date:
    match = _MONTH.match(text)
    if not match:
        raise ValueError(f"month must look like 2025-01 (got {text!r})")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"month must be between 01 and 12 (got {text!r})")
    return date(year, month, 1)


def _parse_score(column: str, text: str) -> int | None:
    if text in {"", "-"}:
        return None
    if text not in {"1", "2", "3", "4"}:
        raise ValueError(f"{column} must be 1, 2, 3, 4 or - for not assessed (got {text!r})")
    return int(text)


def read_published(text: str) -> ReadResult:
    """Read every row of a published-results CSV, collecting each row's problems."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    if not header:
        raise PublishedFileError("the file is empty: expected a header row")
    reader.fieldnames = header
    missing = [
        name for name in ("overall_rating", "publication_month", *QS_COLUMNS) if name not in header
    ]
    if "ons_code" not in header and "la_name" not in header and "council" not in header:
        missing.insert(0, "ons_code or la_name")
    if missing:
        raise PublishedFileError("missing column(s): " + ", ".join(missing))

    rows: list[PublishedRow] = []
    problems: list[RowProblem] = []
    for record in reader:
        line = reader.line_num
        if not any((value or "").strip() for value in record.values() if isinstance(value, str)):
            continue
        if None in record:
            problems.append(RowProblem(line, "more values than columns in the header"))
            continue
        try:
            council = _field(record, "la_name", "council")
            ons_code = _field(record, "ons_code").upper()
            if not council and not ons_code:
                raise ValueError("a council name or ONS code is required")
            month = _parse_month(_field(record, "publication_month"))
            rating_text = _field(record, "overall_rating")
            try:
                rating = Rating.parse(rating_text)
            except ValueError:
                raise ValueError(
                    "overall_rating must be Inadequate, Requires improvement, Good or "
                    f"Outstanding (got {rating_text!r})"
                ) from None
            kind = (_field(record, "assessment_type") or "formal").lower().replace("-", "_")
            if kind not in ASSESSMENT_TYPES:
                raise ValueError(
                    f"assessment_type must be one of {', '.join(ASSESSMENT_TYPES)} (got {kind!r})"
                )
            scores = tuple(_parse_score(c, _field(record, c)) for c in QS_COLUMNS)
            if all(score is None for score in scores):
                raise ValueError("at least one quality statement score is required")
        except ValueError as error:
            problems.append(RowProblem(line, str(error)))
            continue
        rows.append(
            PublishedRow(
                line=line,
                council=council,
                ons_code=ons_code,
                month=month,
                assessment_type=kind,
                rating=rating,
                scores=scores,
                source_url=_field(record, "source_url"),
            )
        )
    return ReadResult(rows=tuple(rows), problems=tuple(problems))


EXPORT_COLUMNS = (
    "la_name",
    "ons_code",
    "assessment_type",
    "publication_month",
    "percent",
    "overall_rating",
    *QS_COLUMNS,
)


@dataclass(frozen=True)
class ExportRow:
    council: str
    ons_code: str
    assessment_type: str
    month: date
    percent: int
    rating: str
    scores: Sequence[int | None]

    def as_dict(self) -> dict[str, object]:
        record: dict[str, object] = {
            "la_name": self.council,
            "ons_code": self.ons_code,
            "assessment_type": self.assessment_type,
            "publication_month": f"{self.month:%Y-%m}",
            "percent": self.percent,
            "overall_rating": self.rating,
        }
        record.update(zip(QS_COLUMNS, self.scores, strict=True))
        return record


def write_published_csv(rows: Iterable[ExportRow]) -> str:
    """The results as CSV text, in the import layout plus the computed percentage."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        record = row.as_dict()
        writer.writerow({k: ("-" if v is None else v) for k, v in record.items()})
    return out.getvalue()
