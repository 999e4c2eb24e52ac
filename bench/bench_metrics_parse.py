"""Importing the real ASCOF 2020-21 file (48,970 rows), CSV and XLSX, against a bare read.

For each format prints the median of several runs of ``parse_ascof`` (decode, check every cell,
build typed rows and the measure registry) and, measured in the same run, the bare reference:
``csv.reader`` iterating over the CSV, and openpyxl iterating over the worksheet's values in
read-only mode. Targets: full import under 5 s, and within 3x the bare read.

The files are read from ``../shared/fetched`` beside the repository and never copied in.
"""

from __future__ import annotations

import csv
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

import openpyxl  # noqa: E402

from ascassure.domain.metrics import parse_ascof  # noqa: E402

FOLDER = REPO / ".." / "shared" / "fetched" / "ascof_2020_21_nhs_open_data"
CSV_FILE = FOLDER / "meas-from-asc-of-eng-2021-open-data_converted.csv"
XLSX_FILE = FOLDER / "meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx"
TARGET_SECONDS = 5.0
TARGET_RATIO = 3.0


def bare_csv() -> int:
    with CSV_FILE.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def bare_xlsx() -> int:
    workbook = openpyxl.load_workbook(XLSX_FILE, read_only=True, data_only=True)
    try:
        return sum(1 for _ in workbook["in"].iter_rows(values_only=True)) - 1
    finally:
        workbook.close()


def parsed(path: Path) -> Callable[[], int]:
    return lambda: len(parse_ascof(path).rows)


def timed(run: Callable[[], int], repeats: int) -> tuple[float, int]:
    seconds = []
    rows = 0
    for _ in range(repeats):
        start = time.perf_counter()
        rows = run()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), rows


def main() -> int:
    if not FOLDER.is_dir():
        print(f"skipped: {FOLDER} is absent (the real files live beside the repository)")
        return 0
    met = True
    for label, reference_name, reference, path, repeats in (
        ("CSV ", "csv.reader", bare_csv, CSV_FILE, 7),
        ("XLSX", "openpyxl rows", bare_xlsx, XLSX_FILE, 3),
    ):
        ref_s, ref_rows = timed(reference, repeats)
        run_s, rows = timed(parsed(path), repeats)
        ratio = run_s / ref_s
        ok = run_s < TARGET_SECONDS and ratio <= TARGET_RATIO
        met = met and ok
        print(
            f"{label} parse_ascof {run_s:7.3f} s ({rows} rows)   "
            f"{reference_name} {ref_s:7.3f} s ({ref_rows} rows)   "
            f"ratio {ratio:5.2f}   target < {TARGET_SECONDS:.0f} s and <= {TARGET_RATIO:.0f}x: "
            f"{'met' if ok else 'NOT met'}"
        )
    print(f"median of runs; all targets {'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
