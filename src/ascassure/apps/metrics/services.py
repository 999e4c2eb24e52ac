"""Writes for measures: imports, the editable registry, and peer groups.

An import is all or nothing. It is read and checked first (outside any transaction, reporting
its progress on the :class:`DataImport` record so that a page can show it); only a file with no
problem is then stored, in one transaction that replaces what an earlier import of the same
year (ASCOF) or the same measures and periods (other sources) gave, and works out the
benchmarks again. A problem at any point leaves the data as it was and the record says why.
"""

from __future__ import annotations

import csv
import io
import logging
import math
import time
import zipfile
from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ascassure.apps.councils.models import Council
from ascassure.apps.metrics import areas
from ascassure.apps.metrics.benchmarks import benchmarks_replace
from ascassure.apps.metrics.bulk import insert_rows
from ascassure.apps.metrics.importing import (
    ImportPlan,
    PlanProblems,
    plan_ascof,
    plan_lginform,
    plan_long,
)
from ascassure.apps.metrics.models import (
    Benchmark,
    DataImport,
    Geography,
    ImportStatus,
    Measure,
    MeasureValue,
    Source,
    Statistic,
)
from ascassure.domain.metrics import (
    MetricsFormatError,
    ParseProblem,
    parse_ascof,
    parse_lginform,
    parse_long_csv,
)
from ascassure.domain.metrics._source import header_key
from ascassure.files import sha256

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_PROBLEMS_KEPT = 200
PROGRESS_EVERY_SECONDS = 0.5

FILE_TOO_BIG = "The selected file must be smaller than 50 MB"
NOT_CSV_OR_XLSX = "The selected file must be a CSV or an Excel (.xlsx) file"
EMPTY_FILE = "The selected file is empty"

Progress = Callable[[int, int | None], None]
"""Called with (rows read so far, rows in the file if known)."""


class ImportRefused(Exception):
    """The file cannot be imported; nothing was changed. ``problems`` say where and why."""

    def __init__(self, message: str, problems: Iterable[ParseProblem] = (), total: int = 0):
        self.problems = list(problems)
        self.total = max(total, len(self.problems))
        super().__init__(message)


# --- the file itself -----------------------------------------------------------------------------


def file_kind(data: bytes) -> str | None:
    """``"xlsx"`` or ``"csv"`` judged by content (never by name), or ``None``."""
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        return "xlsx" if "xl/workbook.xml" in names else None
    head = data[:65536]
    if b"\x00" in head:
        return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError as error:
            # A multi-byte character cut at the end of the sample is not a decoding failure.
            if encoding == "utf-8-sig" and error.start >= len(head) - 3 and len(data) > len(head):
                text = head[: error.start].decode(encoding)
            else:
                continue
        first = next((line for line in text.splitlines() if line.strip()), "")
        return "csv" if "," in first else None
    return None


def file_check(data: bytes) -> str:
    """The file's kind; raises :class:`ImportRefused` for an empty, too big or unknown file."""
    if not data:
        raise ImportRefused(EMPTY_FILE)
    if len(data) > MAX_FILE_BYTES:
        raise ImportRefused(FILE_TOO_BIG)
    kind = file_kind(data)
    if kind is None:
        raise ImportRefused(NOT_CSV_OR_XLSX)
    return kind


def _workbook(data: bytes):
    import openpyxl

    return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)


def _worksheet(workbook):
    """The sheet the parsers read: the one called "In" if there is one, else the first."""
    names = workbook.sheetnames
    return workbook[next((n for n in names if n.strip().casefold() == "in"), names[0])]


def _csv_header_keys(data: bytes) -> set[str]:
    text = data[:65536].decode("utf-8-sig", errors="replace")
    for row in csv.reader(io.StringIO(text)):
        if any(cell.strip() for cell in row):
            return {header_key(cell) for cell in row}
    return set()


def _sheet_header_keys(sheet) -> set[str]:
    for row in sheet.iter_rows(values_only=True, max_row=20):
        cells = [str(c) for c in row if c is not None]
        if cells:
            return {header_key(c) for c in cells}
    return set()


def _source_of(keys: set[str]) -> str:
    if {"areacode", "indicator", "period"} <= keys:
        return Source.LGINFORM
    if {"council", "period", "measure", "value"} <= keys:
        return Source.LONG
    return Source.ASCOF


def _source_and_rows(data: bytes, kind: str, source: str = "") -> tuple[str, int | None]:
    """The file's layout (``source`` when given, else told from its header) and its data rows
    for a progress bar (lines less the header; or the sheet's size). A workbook is opened once
    for both."""
    if kind == "csv":
        if not source:
            source = _source_of(_csv_header_keys(data))
        lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
        return source, max(0, lines - 1)
    try:
        workbook = _workbook(data)
    except Exception:  # a damaged file is reported by the parser, with its reason
        if not source:
            raise
        return source, None
    try:
        sheet = _worksheet(workbook)
        if not source:
            source = _source_of(_sheet_header_keys(sheet))
        return source, max(0, (sheet.max_row or 1) - 1) if sheet.max_row else None
    finally:
        workbook.close()


def source_detect(data: bytes, kind: str | None = None) -> str:
    """Which layout a file is in, from its header: LG Inform, the long layout, or ASCOF.
    ``kind`` is the file's kind when :func:`file_check` has already said it."""
    return _source_and_rows(data, kind or file_check(data))[0]


# --- imports -------------------------------------------------------------------------------------


def data_import_create(
    *,
    data: bytes,
    file_name: str,
    source: str = "",
    year: str = "",
    created_by=None,
    keep_content: bool = True,
) -> DataImport:
    """Record a file for import (queued). ``source`` empty: told from the file's header.
    The file is kept on the record for the worker unless ``keep_content`` is false (the
    caller then hands the bytes to :func:`data_import_run` itself).

    Raises :class:`ImportRefused` for an empty, too big, or non-CSV/XLSX file.
    """
    source, rows_total = _source_and_rows(data, file_check(data), source)
    return DataImport.objects.create(
        source=source,
        year=year,
        file_name=file_name[:255],
        file_size=len(data),
        sha256=sha256(data),
        content=data if keep_content else b"",
        rows_total=rows_total,
        created_by=created_by,
    )


_STATE_FIELDS = ("status", "started_at", "rows_done", "rows_total", "year", "source")


class _Reporter:
    """Writes progress to the record at most every half second, and tells ``progress``."""

    def __init__(self, data_import: DataImport, progress: Progress | None) -> None:
        self.data_import = data_import
        self.progress = progress
        self.last = 0.0

    def __call__(self, rows: int) -> None:
        if self.progress is not None:
            self.progress(rows, self.data_import.rows_total)
        now = time.monotonic()
        if now - self.last >= PROGRESS_EVERY_SECONDS:
            self.last = now
            DataImport.objects.filter(pk=self.data_import.pk).update(rows_done=rows)


def _problem_dicts(problems: Iterable[ParseProblem]) -> list[dict]:
    return [
        {"line": p.line, "column": p.column, "message": p.message}
        for p in list(problems)[:MAX_PROBLEMS_KEPT]
    ]


def _fail(data_import: DataImport, message: str, problems=(), total: int = 0) -> None:
    data_import.status = ImportStatus.FAILED
    data_import.problems = [{"line": None, "column": None, "message": message}, *problems]
    data_import.problem_count = max(total, len(problems))
    data_import.finished_at = timezone.now()
    data_import.content = b""
    data_import.save(
        update_fields=["status", "problems", "problem_count", "finished_at", "content"]
    )


def _council_lookup() -> dict[str, tuple[str, str]]:
    lookup: dict[str, tuple[str, str]] = {}
    for ons_code, name in Council.objects.values_list("ons_code", "name"):
        lookup[ons_code] = (ons_code, name)
        lookup[name.casefold()] = (ons_code, name)
    return lookup


def _plan(data_import: DataImport, data: bytes, on_rows: Callable[[int], None]) -> ImportPlan:
    stream = io.BytesIO(data)
    stream.name = data_import.file_name
    if data_import.source == Source.ASCOF:
        result = parse_ascof(
            stream,
            year=data_import.year or None,
            collect_errors=True,
            max_errors=MAX_PROBLEMS_KEPT,
            progress=on_rows,
        )
        if result.error_count:
            raise MetricsFormatError(result.source, result.errors, result.error_count)
        data_import.year = result.year
        return plan_ascof(result)
    if data_import.source == Source.LGINFORM:
        lg = parse_lginform(
            stream, collect_errors=True, max_errors=MAX_PROBLEMS_KEPT, progress=on_rows
        )
        if lg.error_count:
            raise MetricsFormatError(lg.source, lg.errors, lg.error_count)
        return plan_lginform(lg)
    long = parse_long_csv(
        stream, collect_errors=True, max_errors=MAX_PROBLEMS_KEPT, progress=on_rows
    )
    if long.error_count:
        raise MetricsFormatError(long.source, long.errors, long.error_count)
    return plan_long(long, _council_lookup())


def data_import_run(
    *, data_import: DataImport, progress: Progress | None = None, data: bytes | None = None
) -> DataImport:
    """Read, check and (if the file is sound) store one queued import; ``data`` is the file
    when the record does not keep it. Never raises for a bad file: the record's status and
    problems say what happened. Running it twice does nothing."""
    claimed = DataImport.objects.filter(pk=data_import.pk, status=ImportStatus.QUEUED).update(
        status=ImportStatus.READING, started_at=timezone.now()
    )
    data_import.refresh_from_db(fields=_STATE_FIELDS)
    if not claimed:
        return data_import
    if data is None:
        data = bytes(DataImport.objects.values_list("content", flat=True).get(pk=data_import.pk))
    reporter = _Reporter(data_import, progress)
    try:
        plan = _plan(data_import, data, reporter)
    except MetricsFormatError as error:
        only = error.problems[0] if len(error.problems) == 1 else None
        if only is not None and only.line is None:  # the file as a whole: say what and how
            _fail(data_import, f"Nothing was imported: {only.message}.")
        else:
            _fail(
                data_import,
                "The file has problems; nothing was imported. Correct them and import it again.",
                _problem_dicts(error.problems),
                error.total,
            )
        return data_import
    except PlanProblems as error:
        _fail(
            data_import,
            "Some rows cannot be matched; nothing was imported.",
            _problem_dicts(error.problems),
            len(error.problems),
        )
        return data_import
    except ValueError as error:  # a year that is not a financial year
        _fail(data_import, str(error))
        return data_import

    DataImport.objects.filter(pk=data_import.pk).update(
        status=ImportStatus.SAVING, rows_done=len(plan.values), year=data_import.year
    )
    try:
        with transaction.atomic():
            _store(data_import, plan)
    except Exception as error:
        logger.exception("metrics import %s failed while saving", data_import.pk)
        _fail(data_import, f"The file could not be saved ({error}); nothing was imported.")
        return data_import
    data_import.refresh_from_db()
    return data_import


def _store(data_import: DataImport, plan: ImportPlan) -> None:
    geo_ids = _geographies_upsert(plan)
    measure_ids = _measures_upsert(plan)
    replaced = _replace(plan, measure_ids)
    rows = [
        (
            measure_ids[key],
            period,
            disagg,
            geo_ids[geo],
            mtype,
            None if value is None or math.isnan(value) else value,
            marker,
        )
        for key, geo, period, disagg, mtype, value, marker in plan.values
    ]
    saved = insert_rows(MeasureValue, VALUE_FIELDS, ((data_import.pk, *row) for row in rows))
    benchmarks = benchmarks_replace(rows=rows, stale=_stale_benchmarks(plan, measure_ids))
    DataImport.objects.filter(source=plan.source, status=ImportStatus.DONE).exclude(
        pk=data_import.pk
    ).filter(superseded_by=None).exclude(
        Exists(MeasureValue.objects.filter(data_import=OuterRef("pk")))
    ).update(superseded_by=data_import)
    data_import.status = ImportStatus.DONE
    data_import.rows_done = data_import.rows_total or len(plan.values)
    data_import.values_saved = saved
    data_import.values_replaced = replaced
    data_import.benchmarks_saved = benchmarks
    data_import.measures_count = len(plan.measures)
    data_import.periods = plan.periods
    data_import.notes = plan.notes
    data_import.problems = []
    data_import.problem_count = 0
    data_import.content = b""
    data_import.finished_at = timezone.now()
    data_import.save()


def _geographies_upsert(plan: ImportPlan) -> dict[str, int]:
    existing = {g.key: g for g in Geography.objects.filter(key__in=list(plan.geographies))}
    councils = dict(Council.objects.values_list("ons_code", "pk"))
    new = []
    for key, spec in plan.geographies.items():
        council_id = None
        if spec.level == "council" and spec.ons_code:
            council_id = councils.get(areas.SAME_AREA_SUCCESSORS.get(spec.ons_code, spec.ons_code))
        found = existing.get(key)
        if found is None:
            new.append(
                Geography(
                    key=key,
                    level=spec.level,
                    name=spec.name,
                    ons_code=spec.ons_code,
                    source_code=spec.source_code,
                    council_id=council_id,
                    council_type_code=spec.council_type_code,
                )
            )
        elif (found.council_id is None and council_id) or (
            spec.source_code and not found.source_code
        ):
            found.council_id = found.council_id or council_id
            found.source_code = found.source_code or spec.source_code
            found.save(update_fields=["council", "source_code"])
    Geography.objects.bulk_create(new)
    return dict(Geography.objects.filter(key__in=list(plan.geographies)).values_list("key", "pk"))


def _measures_upsert(plan: ImportPlan) -> dict[tuple[str, str], int]:
    existing = {
        (m.framework, m.code): m
        for m in Measure.objects.filter(
            source=plan.source, code__in=[code for _f, code in plan.measures]
        )
    }
    first, last = min(plan.periods), max(plan.periods)
    for key, spec in plan.measures.items():
        measure = existing.get(key)
        if measure is None:
            measure = Measure(source=plan.source, framework=spec.framework, code=spec.code)
            measure.first_period, measure.last_period = first, last
        measure.group = spec.group or measure.group
        measure.description = spec.description or measure.description
        measure.unit = spec.unit or measure.unit
        measure.disaggregations = _union(measure.disaggregations, spec.disaggregations)
        measure.measure_types = _union(measure.measure_types, spec.measure_types)
        if spec.statistic is not None:
            measure.statistic, measure.scale = spec.statistic, spec.scale
        elif not measure.pk:
            measure.statistic = Statistic.VALUE
        measure.first_period = min(measure.first_period or first, first)
        measure.last_period = max(measure.last_period or last, last)
        measure.save()
        existing[key] = measure
    return {key: existing[key].pk for key in plan.measures}


def _union(first: list[str], second: list[str]) -> list[str]:
    return list(dict.fromkeys([*first, *second]))


def _replace(plan: ImportPlan, measure_ids: dict[tuple[str, str], int]) -> int:
    if plan.replace_whole_periods:
        stale = MeasureValue.objects.filter(measure__source=plan.source, period__in=plan.periods)
        return stale._raw_delete(stale.db)  # no signals or cascades hang off a value
    replaced = 0
    by_measure: dict[int, set[str]] = {}
    for key, _geo, period, *_rest in plan.values:
        by_measure.setdefault(measure_ids[key], set()).add(period)
    for measure_id, periods in by_measure.items():
        stale = MeasureValue.objects.filter(measure_id=measure_id, period__in=sorted(periods))
        replaced += stale._raw_delete(stale.db)
    return replaced


def _stale_benchmarks(plan: ImportPlan, measure_ids: dict[tuple[str, str], int]):
    """The benchmarks the import's values replace (those of the values ``_replace`` deletes)."""
    if plan.replace_whole_periods:
        return Benchmark.objects.filter(measure__source=plan.source, period__in=plan.periods)
    pairs: dict[int, set[str]] = {}
    for key, _geo, period, *_rest in plan.values:
        pairs.setdefault(measure_ids[key], set()).add(period)
    condition = Q(pk__in=[])
    for measure_id, periods in pairs.items():
        condition |= Q(measure_id=measure_id, period__in=sorted(periods))
    return Benchmark.objects.filter(condition)


VALUE_FIELDS = (
    "data_import",
    "measure",
    "period",
    "disaggregation",
    "geography",
    "measure_type",
    "value",
    "suppression",
)


def data_import_file(
    *,
    data: bytes,
    file_name: str,
    source: str = "",
    year: str = "",
    created_by=None,
    progress: Progress | None = None,
) -> DataImport:
    """Record and run an import now (the command line's way). Raises :class:`ImportRefused`
    when the file is refused, with its problems; the record keeps them too."""
    data_import = data_import_create(
        data=data,
        file_name=file_name,
        source=source,
        year=year,
        created_by=created_by,
        keep_content=False,
    )
    data_import = data_import_run(data_import=data_import, progress=progress, data=data)
    if data_import.status != ImportStatus.DONE:
        head, *rest = data_import.problems
        raise ImportRefused(
            head["message"],
            [ParseProblem(p["line"], p["column"], p["message"]) for p in rest],
            data_import.problem_count,
        )
    return data_import
