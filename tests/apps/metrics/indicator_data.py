"""A small ASCOF year for the pages that show indicators per quality statement: Trafford (North
West) and Camden (London) with their regions and England, imported through the metrics
services from a CSV written in a temporary folder."""

from __future__ import annotations

from pathlib import Path

from apps.metrics.metrics_files import ascof_text

# 1A (survey, with margins of error) maps to QS2 in the new framework; 1C1A (proportion) is
# the old code of 3D, which maps to QS4.
VALUES = {
    ("E08000009", "1A"): {"Outcome": "19.1", "Base": "400", "Margin Of Error": "0.4"},
    ("E08000002", "1A"): {"Outcome": "19.6", "Base": "380", "Margin Of Error": "0.5"},
    ("E09000007", "1A"): {"Outcome": "18.2", "Base": "300", "Margin Of Error": "0.5"},
    ("E12000002", "1A"): {"Outcome": "19.4"},
    ("E12000007", "1A"): {"Outcome": "18.9"},
    ("E92000001", "1A"): {"Outcome": "19.2", "Base": "60000", "Margin Of Error": "0.1"},
    ("E08000009", "1C1A"): {"Numerator": "780", "Denominator": "1000", "Outcome": "78.0"},
    ("E08000002", "1C1A"): {"Numerator": "900", "Denominator": "1000", "Outcome": "90.0"},
    ("E08000003", "1C1A"): {"Numerator": "850", "Denominator": "1000", "Outcome": "85.0"},
    ("E09000007", "1C1A"): {"Numerator": "950", "Denominator": "1000", "Outcome": "95.0"},
    ("E10000016", "1C1A"): {"Numerator": "8000", "Denominator": "10000", "Outcome": "80.0"},
    ("E12000002", "1C1A"): {"Numerator": "8400", "Denominator": "10000", "Outcome": "84.0"},
    ("E12000007", "1C1A"): {"Numerator": "9300", "Denominator": "10000", "Outcome": "93.0"},
    ("E92000001", "1C1A"): {"Numerator": "92200", "Denominator": "100000", "Outcome": "92.2"},
}

# Ten more measures mapped to quality statements (QS1, QS2, QS5, QS6, QS7), to show that the
# pages take the same number of queries however many measures there are.
MORE_CODES = ("1B", "1I1", "3A", "3C", "3D1", "3D2", "2D", "2B1", "4A", "4B")


def more_values() -> dict:
    values = dict(VALUES)
    for n, code in enumerate(MORE_CODES):
        for area, numerator in (("E08000009", 600 + n), ("E09000007", 700 + n)):
            values[(area, code)] = {
                "Numerator": str(numerator),
                "Denominator": "1000",
                "Outcome": f"{numerator / 10:.1f}",
            }
        values[("E92000001", code)] = {"Numerator": "650", "Denominator": "1000", "Outcome": "65.0"}
    return values


def import_indicator_data(tmp_path: Path, *, more: bool = False) -> None:
    """Import the small year (2020-21), with :data:`MORE_CODES` too when ``more``."""
    from ascassure.apps.metrics.registry import registry_seed
    from ascassure.apps.metrics.services import data_import_file

    registry_seed()
    path = tmp_path / ("ascof-more-2020-21.csv" if more else "ascof-2020-21.csv")
    path.write_text(ascof_text(more_values() if more else VALUES), encoding="utf-8")
    data_import_file(data=path.read_bytes(), file_name=path.name)
