"""The parsers against the real public files in ``../shared/fetched`` (read there, never copied).

Facts checked here were read off the files independently (``PROVENANCE.md``, a plain
``csv.reader`` pass): 48,970 data rows; 166 geographies; Trafford (CASSR 312, E08000009) 2A2
outcome 639.4, Bury (305) 644.7, England 498.2; survey (ASCS) measures ``[x]`` everywhere but
in the 18 councils that ran the survey that year.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from ascassure.domain.metrics import (
    AscofParseResult,
    Direction,
    GeoLevel,
    MeasureType,
    direction_for,
    funnel_limits_rate,
    load_crosswalk,
    parse_ascof,
    parse_lginform,
    rank_and_quartile,
    split_measure_code,
)

FETCHED = Path(__file__).resolve().parents[3] / ".." / "shared" / "fetched"
ASCOF_CSV = (
    FETCHED / "ascof_2020_21_nhs_open_data" / "meas-from-asc-of-eng-2021-open-data_converted.csv"
)
ASCOF_XLSX = (
    FETCHED / "ascof_2020_21_nhs_open_data" / "meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx"
)
LGINFORM_DIR = FETCHED / "trafford_lginform_extracts"

pytestmark = pytest.mark.skipif(
    not FETCHED.is_dir(),
    reason=f"the real data files are not beside the repository: {FETCHED} is absent",
)


@pytest.fixture(scope="module")
def csv_result() -> AscofParseResult:
    return parse_ascof(ASCOF_CSV)


@pytest.fixture(scope="module")
def xlsx_result() -> AscofParseResult:
    return parse_ascof(ASCOF_XLSX)


@pytest.fixture(scope="module")
def raw_rows() -> list[list[str]]:
    with ASCOF_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))[1:]


def outcome(result: AscofParseResult, measure: str, geo_code: str) -> float | None:
    row = result.find(measure, geo_code=geo_code)
    assert row is not None, f"no {measure} outcome for {geo_code}"
    return row.value


def test_the_2020_21_csv_gives_one_row_per_data_line_of_the_file(
    csv_result: AscofParseResult, raw_rows: list[list[str]]
) -> None:
    assert len(csv_result.rows) == len(raw_rows) == 48_970
    assert csv_result.error_count == 0
    assert csv_result.format == "csv"
    assert csv_result.encoding == "utf-8"
    assert [r.line for r in csv_result.rows[:2]] == [2, 3]


def test_the_year_is_read_from_the_nhs_file_name_as_2020_21(
    csv_result: AscofParseResult, xlsx_result: AscofParseResult
) -> None:
    assert csv_result.year == xlsx_result.year == "2020-21"


def test_the_published_xlsx_and_the_converted_csv_give_the_same_rows(
    csv_result: AscofParseResult, xlsx_result: AscofParseResult
) -> None:
    assert xlsx_result.format == "xlsx"
    assert xlsx_result.source.endswith("[in]")
    assert len(xlsx_result.rows) == len(csv_result.rows)
    assert xlsx_result.rows == csv_result.rows
    assert xlsx_result.measures == csv_result.measures


def test_trafford_bury_and_england_2a2_outcomes_are_the_published_figures(
    csv_result: AscofParseResult,
) -> None:
    trafford = csv_result.find("2A2", ons_code="E08000009")
    bury = csv_result.find("2A2", ons_code="E08000002")
    england = csv_result.find("2A2", geo_code="England")
    assert trafford is not None and bury is not None and england is not None
    assert (trafford.geo_code, trafford.geo_name, trafford.geo_level) == (
        "312",
        "Trafford",
        GeoLevel.COUNCIL,
    )
    assert (bury.geo_code, bury.geo_level) == ("305", GeoLevel.COUNCIL)
    assert (england.ons_code, england.geo_level) == ("E92000001", GeoLevel.ENGLAND)
    assert (trafford.value, bury.value, england.value) == (639.4, 644.7, 498.2)
    assert trafford.measure_group == "2A2"
    assert trafford.disaggregation == "Total"


def test_every_withheld_cell_becomes_none_with_its_marker_and_never_zero(
    csv_result: AscofParseResult, raw_rows: list[list[str]]
) -> None:
    markers = Counter(r[7] for r in raw_rows if r[7].startswith("["))
    suppressed = Counter(r.suppression for r in csv_result.rows if r.value is None)
    assert suppressed == markers == Counter({"[x]": 26_520, "[c]": 43})
    assert all(r.suppression is None for r in csv_result.rows if r.value is not None)
    zeros_in_file = sum(1 for r in raw_rows if r[7] == "0")
    assert sum(1 for r in csv_result.rows if r.value == 0) == zeros_in_file


def test_survey_measures_are_withheld_everywhere_but_the_18_councils_that_ran_it(
    csv_result: AscofParseResult,
) -> None:
    # The ASCS was not run nationally in 2020-21: its measures (1A, 1B, 1I1, 1J, 3A, 3D1, 4A,
    # 4B) are [x] for England, every region and council type, and for all but 18 councils.
    survey = ("1A", "1B", "1I1", "1J", "3A", "3D1", "4A", "4B")
    rows = [r for r in csv_result.rows if r.measure_group in survey]
    with_values = {r.geo_code for r in rows if r.value is not None}
    assert len(with_values) == 18
    assert all(r.geo_level is GeoLevel.COUNCIL for r in rows if r.value is not None)
    assert {r.suppression for r in rows if r.value is None} == {"[x]"}
    kirklees = csv_result.find("1A", geo_code="211")
    assert kirklees is not None and kirklees.value == 19.6
    england = csv_result.find("1A", geo_code="England")
    assert england is not None and (england.value, england.suppression) == (None, "[x]")


def test_the_measure_registry_is_read_from_the_file(csv_result: AscofParseResult) -> None:
    measures = csv_result.measures
    assert len(measures) == 79
    assert len({m.group for m in measures.values()}) == 21
    admissions = measures["2A2"]
    assert admissions.group == "2A2"
    assert admissions.description is not None and "65 and over" in admissions.description
    assert admissions.measure_types == (
        MeasureType.NUMERATOR,
        MeasureType.DENOMINATOR,
        MeasureType.OUTCOME,
    )
    assert MeasureType.MARGIN_OF_ERROR in measures["1A"].measure_types
    assert measures["1C1B85OV"].disaggregations == ("85 and over",)


def test_the_file_holds_151_councils_9_regions_5_council_types_and_england(
    csv_result: AscofParseResult,
) -> None:
    levels = Counter(level for _, level in {(r.geo_code, r.geo_level) for r in csv_result.rows})
    assert levels == {
        GeoLevel.COUNCIL: 151,
        GeoLevel.REGION: 9,
        GeoLevel.COUNCIL_TYPE: 5,
        GeoLevel.ENGLAND: 1,
    }
    assert all(r.ons_code is None for r in csv_result.rows if r.geo_level == "Council type")


def test_every_measure_code_splits_into_the_group_and_breakdown_the_file_gives(
    csv_result: AscofParseResult,
) -> None:
    for measure in csv_result.measures.values():
        assert split_measure_code(measure.code) == (measure.group, *measure.disaggregations)


def test_every_measure_group_of_the_file_has_a_direction_and_a_crosswalk_entry(
    csv_result: AscofParseResult,
) -> None:
    groups = {m.group for m in csv_result.measures.values()}
    crosswalked = {entry.old_code for entry in load_crosswalk()}
    assert groups <= crosswalked
    lower = {g for g in groups if g is not None and direction_for(g, "old") is Direction.LOWER}
    assert lower == {"2A1", "2A2"}


def test_each_council_2a2_outcome_is_its_numerator_per_100000_of_its_denominator(
    csv_result: AscofParseResult,
) -> None:
    parts: dict[str, dict[MeasureType, float | None]] = {}
    for row in csv_result.rows:
        if row.measure_code == "2A2" and row.geo_level is GeoLevel.COUNCIL:
            parts.setdefault(row.geo_code, {})[row.measure_type] = row.value
    checked = 0
    for code, values in parts.items():
        num, den, out = (
            values[t] for t in (MeasureType.NUMERATOR, MeasureType.DENOMINATOR, MeasureType.OUTCOME)
        )
        if num is None or den is None or out is None:
            continue
        assert round(num / den * 100_000, 1) == pytest.approx(out, abs=0.051), code
        checked += 1
    assert checked >= 140


def test_trafford_2a2_ranks_and_sits_in_the_funnel_around_england(
    csv_result: AscofParseResult,
) -> None:
    councils = {
        r.geo_code: r.value
        for r in csv_result.rows
        if r.measure_code == "2A2"
        and r.measure_type is MeasureType.OUTCOME
        and r.geo_level is GeoLevel.COUNCIL
    }
    ranks = rank_and_quartile(councils, direction_for("2A2", "old"))
    best = min(v for v in councils.values() if v is not None)
    assert [r.value for r in ranks.values() if r.rank == 1] == [best]
    trafford = ranks["312"]
    lower_or_equal = sum(1 for v in councils.values() if v is not None and v < 639.4)
    assert trafford.rank == lower_or_equal + 1
    denominator = csv_result.find("2A2", geo_code="312", measure_type=MeasureType.DENOMINATOR)
    assert denominator is not None and denominator.value is not None
    limits = funnel_limits_rate(498.2, denominator.value)
    assert limits.upper_95 < 639.4  # a higher admissions rate than chance around England allows


def test_the_lginform_extract_agrees_with_the_ascof_file_for_2020_21(
    csv_result: AscofParseResult,
) -> None:
    extract = parse_lginform(LGINFORM_DIR / "admissions_care_homes_65p.csv")
    assert len(extract.rows) == 170
    (trafford,) = extract.find("E08000009", "2020-21")
    assert trafford.value == 639.4
    assert trafford.period == "2020/21"
    compared = 0
    for row in extract.rows:
        if row.financial_year != "2020-21" or row.value is None:
            continue
        ascof = csv_result.find("2A2", ons_code=row.area_code)
        assert ascof is not None, row.area_code
        assert ascof.value == row.value, row.area_name
        compared += 1
    assert compared == 16  # Trafford, 14 of its peers and England; Stockport is NA there
    (stockport,) = extract.find("E08000007", "2020/21")
    assert (stockport.value, stockport.missing) == (None, "NA")


def test_every_lginform_extract_parses_with_na_as_missing() -> None:
    for name, rows, missing in (
        ("admissions_care_homes_65p.csv", 170, 4),
        ("social_care_satisfaction.csv", 187, 14),
        ("care_homes_rating.csv", 510, 0),
    ):
        extract = parse_lginform(LGINFORM_DIR / name)
        assert len(extract.rows) == rows, name
        assert sum(1 for r in extract.rows if r.value is None) == missing, name
    monthly = parse_lginform(LGINFORM_DIR / "care_homes_rating.csv")
    assert monthly.rows[0].month == "2023-11"
    assert monthly.rows[0].financial_year is None


def test_a_real_file_opened_in_binary_mode_parses_like_its_path() -> None:
    path = Path(ASCOF_CSV)
    with path.open("rb") as handle:
        result = parse_ascof(handle)
    assert result.year == "2020-21"
    assert len(result.rows) == 48_970
