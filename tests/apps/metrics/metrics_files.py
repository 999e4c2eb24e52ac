"""Small ASCOF files written by hand, and where the real files are when present."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
FETCHED = REPO.parent / "shared" / "fetched"
ASCOF_DIR = FETCHED / "ascof_2020_21_nhs_open_data"
REAL_CSV = ASCOF_DIR / "meas-from-asc-of-eng-2021-open-data_converted.csv"
REAL_XLSX = ASCOF_DIR / "meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx"
LGINFORM_DIR = FETCHED / "trafford_lginform_extracts"

HEADER = (
    "Geographical Code,Geographical Description,Geographical Level,ONS Code,ASCOF Measure Code,"
    "Disaggregation Level,Measure Type,Measure Value,Measure Group,Measure Group Description"
)

# ONS code -> (ASCOF code, name, level)
GEOGRAPHIES = {
    "E08000009": ("312", "Trafford", "Council"),
    "E08000002": ("305", "Bury", "Council"),
    "E08000003": ("352", "Manchester", "Council"),
    "E09000007": ("202", "Camden", "Council"),
    "E10000016": ("886", "Kent", "Council"),
    "E12000002": ("NW", "North West", "Region"),
    "E12000007": ("L", "London", "Region"),
    "E12000008": ("SE", "South East", "Region"),
    "E92000001": ("England", "England", "England"),
    "type:M": ("M", "Metropolitan District", "Council Type"),
    "type:I": ("I", "Inner London", "Council Type"),
    "type:S": ("S", "Shire Counties", "Council Type"),
}

DESCRIPTIONS = {
    "2A2": "Long-term support needs of older adults aged 65 and over met by admission to "
    "residential and nursing care homes, per 100,000 population",
    "1C1A": "Proportion of people using social care who receive self-directed support",
    "1A": "Social care-related quality of life",
    "2B1": "Proportion of older people 65 and over who were still at home 91 days after discharge",
    "2D": "Proportion of those that received a short term service during the year where the "
    "sequel to service was either no ongoing support or support of a lower level",
    "2C": "Long-term support needs of older adults met by admission to care homes (new code)",
}

# (area, measure code) -> {measure type: value text}
SMALL = {
    ("E08000009", "2A2"): {"Numerator": "265", "Denominator": "41443", "Outcome": "639.4"},
    ("E08000002", "2A2"): {"Numerator": "226", "Denominator": "35054", "Outcome": "644.7"},
    ("E08000003", "2A2"): {"Numerator": "400", "Denominator": "50000", "Outcome": "800.0"},
    ("E09000007", "2A2"): {"Numerator": "100", "Denominator": "25000", "Outcome": "400.0"},
    ("E10000016", "2A2"): {"Numerator": "[c]", "Denominator": "300000", "Outcome": "[c]"},
    ("E12000002", "2A2"): {"Numerator": "5000", "Denominator": "784000", "Outcome": "637.6"},
    ("E12000007", "2A2"): {"Numerator": "4000", "Denominator": "800000", "Outcome": "500.0"},
    ("E12000008", "2A2"): {"Numerator": "7000", "Denominator": "1555556", "Outcome": "450.0"},
    ("E92000001", "2A2"): {"Numerator": "40000", "Denominator": "8029000", "Outcome": "498.2"},
    ("type:M", "2A2"): {"Numerator": "3000", "Denominator": "448300", "Outcome": "669.2"},
    ("type:I", "2A2"): {"Numerator": "1000", "Denominator": "238095", "Outcome": "420.0"},
    ("type:S", "2A2"): {"Numerator": "9000", "Denominator": "1875000", "Outcome": "480.0"},
    ("E08000009", "1C1A"): {"Numerator": "780", "Denominator": "1000", "Outcome": "78.0"},
    ("E08000002", "1C1A"): {"Numerator": "900", "Denominator": "1000", "Outcome": "90.0"},
    ("E08000003", "1C1A"): {"Numerator": "850", "Denominator": "1000", "Outcome": "85.0"},
    ("E09000007", "1C1A"): {"Numerator": "950", "Denominator": "1000", "Outcome": "95.0"},
    ("E10000016", "1C1A"): {"Numerator": "8000", "Denominator": "10000", "Outcome": "80.0"},
    ("E92000001", "1C1A"): {"Numerator": "92200", "Denominator": "100000", "Outcome": "92.2"},
    ("E08000009", "1A"): {"Outcome": "19.1", "Base": "400", "Margin Of Error": "0.4"},
    ("E08000002", "1A"): {"Outcome": "19.6", "Base": "380", "Margin Of Error": "0.5"},
    ("E09000007", "1A"): {"Outcome": "[x]", "Base": "[x]", "Margin Of Error": "[x]"},
    ("E92000001", "1A"): {"Outcome": "19.2", "Base": "60000", "Margin Of Error": "0.1"},
}


def ascof_text(values: dict | None = None, *, group_of=None, disaggregation="Total") -> str:
    """An ASCOF open-data CSV holding ``values`` (default :data:`SMALL`)."""
    lines = [HEADER]
    for (area, code), types in (SMALL if values is None else values).items():
        geo_code, name, level = GEOGRAPHIES[area]
        ons = "" if area.startswith("type:") else area
        group = group_of(code) if group_of else code
        for mtype, text in types.items():
            description = DESCRIPTIONS.get(group, f"Measure {group}")
            lines.append(
                ",".join(
                    (
                        geo_code,
                        name,
                        level,
                        ons,
                        code,
                        disaggregation,
                        mtype,
                        text,
                        group,
                        f'"{description}"',
                    )
                )
            )
    return "\n".join(lines) + "\n"


def needs_fetched(path: Path):
    return pytest.mark.skipif(
        not path.exists(),
        reason=f"the real file {path.name} lives in {path.parent}, which is absent here",
    )
