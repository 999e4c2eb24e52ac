"""Importing the real ASCOF 2020-21 file into the database, and the benchmarks of every council.

For each format (CSV, XLSX) prints the median of several runs of

* ``parse_ascof`` alone (the library reading and checking the file: the reference),
* a bare read by the underlying library (``csv.reader``, openpyxl rows), for context,
* the whole import (``data_import_file``: parse, plan, replace the year's 48,970 values in one
  transaction, and work out the benchmarks of every council and measure),

with the ratio of the import to the parse. Then the benchmarks alone: ``benchmarks_compute``
for the year (every council and measure, read back from the database). Targets: import under
5 s and within 3x the parse; all benchmarks under 2 s.

A fresh SQLite database in a temporary folder, unless DATABASE_URL is set (run it under
``scripts/with-postgres`` for PostgreSQL). The files are read from ``../shared/fetched``.
"""

from __future__ import annotations

import csv
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
FOLDER = REPO / ".." / "shared" / "fetched" / "ascof_2020_21_nhs_open_data"
CSV_FILE = FOLDER / "meas-from-asc-of-eng-2021-open-data_converted.csv"
XLSX_FILE = FOLDER / "meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx"
IMPORT_SECONDS, IMPORT_RATIO, BENCHMARK_SECONDS = 5.0, 3.0, 2.0


def timed(run: Callable[[], object], repeats: int) -> float:
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def bare_csv() -> int:
    with CSV_FILE.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle))


def bare_xlsx() -> int:
    import openpyxl

    workbook = openpyxl.load_workbook(XLSX_FILE, read_only=True, data_only=True)
    try:
        return sum(1 for _ in workbook["in"].iter_rows(values_only=True))
    finally:
        workbook.close()


def create_database(url: str) -> None:
    """scripts/with-postgres starts an empty server: make the database the URL names."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not found:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def set_up(data_dir: str) -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ascassure.config.settings")
    os.environ.setdefault("ASCASSURE_DEVELOPMENT", "1")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    if "DATABASE_URL" not in os.environ:
        os.environ["ASCASSURE_DATA_DIR"] = data_dir
    else:
        create_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from ascassure.apps.councils.services import reference_data_load
    from ascassure.apps.metrics.registry import registry_seed

    call_command("migrate", interactive=False, verbosity=0)
    reference_data_load()
    registry_seed()
    return connection.vendor


def main() -> int:
    if not FOLDER.is_dir():
        print(f"skipped: {FOLDER} is absent (the real files live beside the repository)")
        return 0
    with tempfile.TemporaryDirectory() as data_dir:
        vendor = set_up(data_dir)
        from ascassure.apps.councils.models import Council
        from ascassure.apps.metrics.benchmarks import benchmarks_compute
        from ascassure.apps.metrics.models import Benchmark, Measure
        from ascassure.apps.metrics.services import data_import_file
        from ascassure.domain.metrics import parse_ascof

        print(
            f"database: {vendor}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        met = True
        for label, path, bare_name, bare, repeats in (
            ("CSV ", CSV_FILE, "csv.reader", bare_csv, 7),
            ("XLSX", XLSX_FILE, "openpyxl rows", bare_xlsx, 5),
        ):
            data = path.read_bytes()
            # Interleaved, so that the three see the same load on a shared machine.
            runs: dict[str, list[float]] = {"bare": [], "parse": [], "import": []}
            for _ in range(repeats):
                runs["bare"].append(timed(bare, 1))
                runs["parse"].append(timed(lambda p=path: parse_ascof(p), 1))
                runs["import"].append(
                    timed(lambda d=data, p=path: data_import_file(data=d, file_name=p.name), 1)
                )
            bare_s, parse_s, import_s = (statistics.median(runs[k]) for k in runs)
            ratio = import_s / parse_s
            ok = import_s < IMPORT_SECONDS and ratio <= IMPORT_RATIO
            met = met and ok
            print(
                f"{label} import {import_s:6.3f} s   parse_ascof {parse_s:6.3f} s   "
                f"ratio {ratio:4.2f}   "
                f"({bare_name} {bare_s:5.3f} s, ratio {import_s / bare_s:5.1f})"
                f"   target < {IMPORT_SECONDS:.0f} s and <= {IMPORT_RATIO:.0f}x parse: "
                f"{'met' if ok else 'NOT met'}"
            )

        councils = Benchmark.objects.values("council").distinct().count()
        measures = Measure.objects.filter(source="ascof").count()
        rows = Benchmark.objects.count()
        bench_s = timed(lambda: benchmarks_compute(periods=["2020-21"]), 5)
        ok = bench_s < BENCHMARK_SECONDS
        met = met and ok
        print(
            f"benchmarks {bench_s:6.3f} s   {rows:,} rows: {councils} councils with figures "
            f"(of {Council.objects.count()}) x {measures} measures, every disaggregation   "
            f"target < {BENCHMARK_SECONDS:.0f} s: {'met' if ok else 'NOT met'}"
        )
        print(f"median of runs; all targets {'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
