"""The parsers on small hand-made files: encodings, header variants and every kind of error."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from ascassure.domain.metrics import (
    AscofFormatError,
    GeoLevel,
    LgInformFormatError,
    LongCsvFormatError,
    MeasureType,
    financial_year,
    financial_year_from_name,
    month_of,
    normalise_disaggregation,
    parse_ascof,
    parse_lginform,
    parse_long_csv,
)

HEADER = (
    "Geographical Code,Geographical Description,Geographical Level,ONS Code,ASCOF Measure Code,"
    "Disaggregation Level,Measure Type,Measure Value,Measure Group,Measure Group Description"
)
DESC = "Long-term support needs of older adults met by admission to care homes"


def ascof_line(
    code: str = "312",
    name: str = "Trafford",
    level: str = "Council",
    ons: str = "E08000009",
    measure: str = "2A2",
    disagg: str = "Total",
    mtype: str = "Outcome",
    value: str = "639.4",
    group: str = "2A2",
    desc: str = DESC,
) -> str:
    return ",".join((code, name, level, ons, measure, disagg, mtype, value, group, desc))


def write(
    tmp_path: Path, text: str, name: str = "ascof-2020-21.csv", encoding: str = "utf-8"
) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def good_file(tmp_path: Path, *lines: str, name: str = "ascof-2020-21.csv") -> Path:
    return write(tmp_path, "\n".join((HEADER, *lines)) + "\n", name)


def problems_of(error: pytest.ExceptionInfo[AscofFormatError]) -> list[str]:
    return [str(p) for p in error.value.problems]


# --- encodings and layouts -------------------------------------------------------------------


def test_a_windows_1252_file_is_detected_and_decoded(tmp_path: Path) -> None:
    text = HEADER + "\n" + ascof_line(desc="Admissions \u2013 65 and over; £ per head") + "\n"
    path = write(tmp_path, text, encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    result = parse_ascof(path)
    assert result.encoding == "cp1252"
    assert result.rows[0].measure_group_description == "Admissions \u2013 65 and over; £ per head"


def test_a_utf8_file_with_a_byte_order_mark_keeps_its_first_column(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "\n" + ascof_line() + "\n", encoding="utf-8-sig")
    result = parse_ascof(path)
    assert result.encoding == "utf-8-sig"
    assert result.rows[0].geo_code == "312"


def test_a_file_in_neither_utf8_nor_windows_1252_is_refused_naming_the_byte(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ascof-2020-21.csv"
    path.write_bytes(HEADER.encode() + b"\n312,Traff\x81rd\n")
    with pytest.raises(AscofFormatError, match=r"neither UTF-8 nor Windows-1252.*0x81"):
        parse_ascof(path)


def test_header_variants_without_spaces_in_other_case_and_older_names_are_recognised(
    tmp_path: Path,
) -> None:
    header = (
        "GeographicalCode, geographical description ,GEOGRAPHICAL LEVEL,ONSAreaCode,"
        "ascof_measure_code,Disaggregation Level,MeasureType,Measure Value"
    )
    lines = [
        "312,Trafford,Local Authority,E08000009,2A1864,18 to 64,outcome,10.5",
        "NW,North West,Regional,E12000002,2A1864,18 to 64,Outcome,12",
        "M,Metropolitan District,Council type,,2A1864,18 to 64,Outcome,11",
        "England,England,National,E92000001,2A1864,18 to 64,Margin Of Error,1.5",
    ]
    result = parse_ascof(write(tmp_path, "\n".join([header, *lines])), year="2020/21")
    assert [r.geo_level for r in result.rows] == [
        GeoLevel.COUNCIL,
        GeoLevel.REGION,
        GeoLevel.COUNCIL_TYPE,
        GeoLevel.ENGLAND,
    ]
    assert {r.disaggregation for r in result.rows} == {"18-64"}
    assert result.rows[3].measure_type is MeasureType.MARGIN_OF_ERROR
    assert result.rows[2].ons_code is None
    assert result.rows[0].measure_group is None  # the optional group columns are absent
    assert result.measures["2A1864"].group is None
    assert result.year == "2020-21"


def test_columns_the_parser_does_not_use_are_listed_not_silently_dropped(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + ",Notes\n" + ascof_line() + ",checked\n")
    assert parse_ascof(path).ignored_columns == ("Notes",)


def test_two_headers_meaning_the_same_column_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + ",ONS Area Code\n" + ascof_line() + ",E08000009\n")
    with pytest.raises(AscofFormatError) as error:
        parse_ascof(path)
    assert problems_of(error) == [
        "line 1, column 'ONS Area Code': means the same as column 'ONS Code': keep only one"
    ]


def test_blank_lines_are_skipped_and_line_numbers_stay_those_of_the_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER
        + "\n\n"
        + ascof_line()
        + "\n,,,,,,,,,\n"
        + ascof_line(mtype="Numerator", value="100")
        + "\n",
    )
    result = parse_ascof(path)
    assert [r.line for r in result.rows] == [3, 5]


def test_an_xlsx_workbook_is_read_from_the_sheet_named_in(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    cover = workbook.active
    assert cover is not None
    cover.title = "Cover"
    cover.append(["Not the data"])
    sheet = workbook.create_sheet("in")
    sheet.append(HEADER.split(","))
    sheet.append(
        [312, "Trafford", "Council", "E08000009", "2A2", "Total", "Outcome", 639.4, "2A2", DESC]
    )
    sheet.append([None] * 10)
    sheet.append(
        [312, "Trafford", "Council", "E08000009", "2A2", "Total", "Numerator", 350, "2A2", DESC]
    )
    path = tmp_path / "ascof-2020-21.xlsx"
    workbook.save(path)
    result = parse_ascof(path)
    assert result.format == "xlsx"
    assert [(r.geo_code, r.value, r.line) for r in result.rows] == [
        ("312", 639.4, 2),
        ("312", 350.0, 4),
    ]


def test_a_date_in_a_spreadsheet_text_column_is_reported_not_converted(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER.split(","))
    sheet.append(
        [
            312,
            "Trafford",
            "Council",
            "E08000009",
            "2A2",
            datetime(2064, 1, 18),
            "Outcome",
            1.0,
            "2A2",
            DESC,
        ]
    )
    path = tmp_path / "ascof-2020-21.xlsx"
    workbook.save(path)
    with pytest.raises(AscofFormatError) as error:
        parse_ascof(path)
    (problem,) = problems_of(error)
    assert problem.startswith("line 2, column 'Disaggregation Level': spreadsheet cell holds a")


def test_a_legacy_xls_workbook_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "ascof-2020-21.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 60)
    with pytest.raises(AscofFormatError, match=r"save as \.xlsx"):
        parse_ascof(path)


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AscofFormatError, match="empty"):
        parse_ascof(write(tmp_path, "\n\n"))


def test_a_binary_stream_is_read_and_its_name_gives_the_year() -> None:
    stream = io.BytesIO((HEADER + "\n" + ascof_line() + "\n").encode())
    stream.name = "meas-from-asc-of-eng-1920-open-data-csv.csv"
    result = parse_ascof(stream)
    assert (result.year, len(result.rows)) == ("2019-20", 1)


def test_a_text_stream_is_refused_because_the_parser_detects_the_encoding() -> None:
    with pytest.raises(TypeError, match="binary mode"):
        parse_ascof(io.StringIO(HEADER), year="2020-21")  # type: ignore[arg-type]


# --- values ----------------------------------------------------------------------------------


@pytest.mark.parametrize("marker", ["[c]", "[x]", "[z]", "[w]", "c", ":", "", "[X]"])
def test_a_suppression_marker_gives_none_and_keeps_the_marker(tmp_path: Path, marker: str) -> None:
    (row,) = parse_ascof(good_file(tmp_path, ascof_line(value=marker))).rows
    assert row.value is None
    assert row.suppression == marker


@pytest.mark.parametrize(
    ("text", "value"), [("0", 0.0), ("-3.5", -3.5), ("1e3", 1000.0), (" 12 ", 12.0), (".5", 0.5)]
)
def test_a_number_is_read_exactly_and_zero_stays_zero(
    tmp_path: Path, text: str, value: float
) -> None:
    (row,) = parse_ascof(good_file(tmp_path, ascof_line(value=f'"{text}"'))).rows
    assert (row.value, row.suppression) == (value, None)


@pytest.mark.parametrize("text", ["abc", "1,234", "45%", "-", "n/a", "nan", "1_000", "inf"])
def test_a_value_that_is_neither_a_number_nor_a_marker_names_line_and_column(
    tmp_path: Path, text: str
) -> None:
    path = good_file(tmp_path, ascof_line(), ascof_line(mtype="Numerator", value=f'"{text}"'))
    with pytest.raises(AscofFormatError) as error:
        parse_ascof(path)
    assert problems_of(error) == [
        f"line 3, column 'Measure Value': {text!r} is not a number or a known suppression marker"
    ]


def test_the_error_message_lists_each_problem_with_the_file_name(tmp_path: Path) -> None:
    path = good_file(tmp_path, ascof_line(value="abc"), ascof_line(mtype="Base", level="Ward"))
    with pytest.raises(AscofFormatError) as error:
        parse_ascof(path)
    message = str(error.value)
    assert message.splitlines() == [
        f"{path}: 2 problems",
        "  - line 2, column 'Measure Value': 'abc' is not a number or a known suppression marker",
        "  - line 3, column 'Geographical Level': 'Ward' is not a known geographical level",
    ]
    assert error.value.total == 2


# --- structure -------------------------------------------------------------------------------


def test_missing_required_columns_are_each_named(tmp_path: Path) -> None:
    header = "Geographical Code,Geographical Description,Geographical Level,ONS Code,"
    header += "ASCOF Measure Code,Disaggregation Level"
    with pytest.raises(AscofFormatError) as error:
        parse_ascof(write(tmp_path, header + "\n312,Trafford,Council,E08000009,2A2,Total\n"))
    assert problems_of(error) == [
        "line 1, column 'Measure Type': required column is missing",
        "line 1, column 'Measure Value': required column is missing",
    ]


def test_a_row_with_the_wrong_number_of_fields_is_reported(tmp_path: Path) -> None:
    path = good_file(tmp_path, ascof_line(), "312,Trafford,Council")
    with pytest.raises(AscofFormatError) as error:
        parse_ascof(path)
    assert problems_of(error) == ["line 3: expected 10 fields, found 3"]


def test_an_unknown_level_type_empty_code_and_bad_ons_code_are_each_reported(
    tmp_path: Path,
) -> None:
    path = good_file(
        tmp_path,
        ascof_line(level="Ward"),
        ascof_line(mtype="Median"),
        ascof_line(code="", mtype="Numerator"),
        ascof_line(ons="E0800009", mtype="Base"),
        ascof_line(disagg="", mtype="Denominator"),
    )
    with pytest.raises(AscofFormatError) as error:
        parse_ascof(path)
    assert problems_of(error) == [
        "line 2, column 'Geographical Level': 'Ward' is not a known geographical level",
        "line 3, column 'Measure Type': 'Median' is not a known measure type",
        "line 4, column 'Geographical Code': is empty",
        "line 5, column 'ONS Code': 'E0800009' is not an ONS (GSS) code",
        "line 6, column 'Disaggregation Level': is empty",
    ]


def test_a_repeated_row_is_reported_with_the_line_it_repeats(tmp_path: Path) -> None:
    path = good_file(tmp_path, ascof_line(), ascof_line(value="640"))
    with pytest.raises(AscofFormatError) as error:
        parse_ascof(path)
    assert problems_of(error) == [
        "line 3: repeats line 2 (geography '312', measure '2A2', 'Total', 'Outcome')"
    ]


def test_a_geography_whose_name_changes_within_the_file_is_reported(tmp_path: Path) -> None:
    path = good_file(tmp_path, ascof_line(), ascof_line(name="Trafford MBC", mtype="Numerator"))
    with pytest.raises(AscofFormatError) as error:
        parse_ascof(path)
    assert problems_of(error) == [
        "line 3, column 'Geographical Description': 'Trafford MBC' differs from 'Trafford' "
        "given on line 2"
    ]


def test_a_measure_code_whose_group_changes_within_the_file_is_reported(tmp_path: Path) -> None:
    path = good_file(tmp_path, ascof_line(), ascof_line(code="305", name="Bury", group="2A1"))
    with pytest.raises(AscofFormatError) as error:
        parse_ascof(path)
    assert problems_of(error) == [
        "line 3, column 'Measure Group': '2A1' differs from '2A2' given on line 2"
    ]


def test_strict_parsing_is_atomic_and_collecting_returns_good_rows_with_the_errors(
    tmp_path: Path,
) -> None:
    path = good_file(
        tmp_path, ascof_line(), ascof_line(mtype="Numerator", value="x1"), ascof_line(mtype="Base")
    )
    with pytest.raises(AscofFormatError):
        parse_ascof(path)
    result = parse_ascof(path, collect_errors=True)
    assert [r.line for r in result.rows] == [2, 4]
    assert [e.line for e in result.errors] == [3]
    assert result.error_count == 1


def test_collected_errors_stop_at_the_cap_but_are_all_counted(tmp_path: Path) -> None:
    lines = [ascof_line(code=str(300 + i), name=f"C{i}", value="bad") for i in range(7)]
    result = parse_ascof(good_file(tmp_path, *lines), collect_errors=True, max_errors=3)
    assert result.rows == ()
    assert [e.line for e in result.errors] == [2, 3, 4]
    assert result.error_count == 7
    with pytest.raises(AscofFormatError) as error:
        parse_ascof(good_file(tmp_path, *lines), max_errors=3)
    assert (len(error.value.problems), error.value.total) == (3, 7)
    message = str(error.value).splitlines()
    assert message[0] == f"{tmp_path / 'ascof-2020-21.csv'}: 7 problems"
    assert message[-1] == "  ... and 4 more"


# --- the year --------------------------------------------------------------------------------


def test_a_year_given_as_an_argument_wins_and_is_normalised(tmp_path: Path) -> None:
    path = good_file(tmp_path, ascof_line(), name="ascof-2020-21.csv")
    assert parse_ascof(path, year="2023/24").year == "2023-24"


def test_a_year_argument_that_is_not_a_financial_year_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a financial year"):
        parse_ascof(good_file(tmp_path, ascof_line()), year="2020-22")


def test_a_file_name_without_a_year_needs_the_year_argument(tmp_path: Path) -> None:
    path = good_file(tmp_path, ascof_line(), name="ascof.csv")
    with pytest.raises(AscofFormatError, match=r"pass year='2020-21'"):
        parse_ascof(path)
    assert parse_ascof(path, year="2020-21").year == "2020-21"


@pytest.mark.parametrize(
    ("name", "year"),
    [
        ("meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx", "2020-21"),
        ("meas-from-asc-of-eng-1920-open-data-csv.csv", "2019-20"),
        ("meas-from-asc-of-eng-2022-csv-v3.csv", "2021-22"),
        ("meas-from-asc-of-eng-2022-23-timeseries.xlsx", "2022-23"),
        ("ascof_2023_24.csv", "2023-24"),
        ("ascof-england-2024-to-2025.csv", "2024-25"),
        ("folder-2019-20/ascof.csv", None),
        ("ascof.csv", None),
        ("ascof-2021-and-2023.csv", None),
    ],
)
def test_the_financial_year_is_read_from_a_file_name_only_when_unambiguous(
    name: str, year: str | None
) -> None:
    assert financial_year_from_name(name) == year


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2020-21", "2020-21"),
        ("2020/21", "2020-21"),
        ("2020 to 2021", "2020-21"),
        ("2020-2021", "2020-21"),
        ("1999/00", "1999-00"),
        ("2020-22", None),
        ("2020", None),
        ("Nov 2023", None),
    ],
)
def test_a_financial_year_is_recognised_in_its_usual_spellings(text: str, year: str | None) -> None:
    assert financial_year(text) == year


# --- labels ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "canonical"),
    [
        ("18-64", "18-64"),
        ("18 to 64", "18-64"),
        ("18 \u2013 64", "18-64"),
        ("Aged 18-64", "18-64"),
        ("65 and over", "65 and over"),
        ("65+", "65 and over"),
        ("65 or over", "65 and over"),
        ("64 and under", "64 and under"),
        ("Under 65", "64 and under"),
        ("total", "Total"),
        ("FEMALE", "Female"),
        ("White  British", "White British"),
    ],
)
def test_disaggregation_labels_take_one_spelling(label: str, canonical: str) -> None:
    assert normalise_disaggregation(label) == canonical


# --- LG Inform extracts ----------------------------------------------------------------------

LG_HEADER = "area_code,area_name,period,indicator,measure,unit,value"
LG_ROW = 'E08000009,Trafford,{period},Admissions 65+,"Rate per 100,000 aged 65+",Persons,{value}'


def test_an_lginform_extract_reads_na_as_missing_and_periods_as_years_or_months(
    tmp_path: Path,
) -> None:
    text = "\n".join(
        [
            LG_HEADER,
            LG_ROW.format(period="2020/21", value="639.4"),
            LG_ROW.format(period="2021/22", value="NA"),
            LG_ROW.format(period="Nov 2023", value="0"),
        ]
    )
    rows = parse_lginform(write(tmp_path, text, "extract.csv")).rows
    assert [(r.financial_year, r.month, r.value, r.missing) for r in rows] == [
        ("2020-21", None, 639.4, None),
        ("2021-22", None, None, "NA"),
        (None, "2023-11", 0.0, None),
    ]
    assert rows[0].measure == "Rate per 100,000 aged 65+"


def test_an_lginform_value_that_is_not_a_number_or_na_names_line_and_column(
    tmp_path: Path,
) -> None:
    text = LG_HEADER + "\n" + LG_ROW.format(period="2020/21", value="n.a.")
    with pytest.raises(LgInformFormatError) as error:
        parse_lginform(write(tmp_path, text, "extract.csv"))
    assert [str(p) for p in error.value.problems] == [
        "line 2, column 'value': 'n.a.' is not a number, 'NA' or blank"
    ]


def test_an_lginform_extract_without_its_value_column_is_refused(tmp_path: Path) -> None:
    text = "area_code,area_name,period,indicator,measure,unit\nE08000009,Trafford,2020/21,a,b,c"
    with pytest.raises(LgInformFormatError) as error:
        parse_lginform(write(tmp_path, text, "extract.csv"))
    assert [str(p) for p in error.value.problems] == [
        "line 1, column 'value': required column is missing"
    ]


def test_an_lginform_area_repeated_for_the_same_period_is_reported(tmp_path: Path) -> None:
    row = LG_ROW.format(period="2020/21", value="1")
    with pytest.raises(LgInformFormatError, match=r"line 3: repeats line 2"):
        parse_lginform(write(tmp_path, "\n".join([LG_HEADER, row, row]), "extract.csv"))


def test_a_month_period_is_recognised_in_short_and_long_form() -> None:
    assert (month_of("Nov 2023"), month_of("September 2024"), month_of("2023/24")) == (
        "2023-11",
        "2024-09",
        None,
    )


# --- generic long files ----------------------------------------------------------------------


def test_a_long_file_reads_values_with_optional_numerator_and_denominator(
    tmp_path: Path,
) -> None:
    text = "\n".join(
        [
            "Council,Period,Measure,Value,Numerator,Denominator",
            "E08000009,2020-21,2C,639.4,350,54740",
            "E08000009,2021-22,2C,[c],,",
            "E08000002,2020/21,2C,NA,12,",
        ]
    )
    rows = parse_long_csv(write(tmp_path, text, "long.csv")).rows
    assert [(r.council, r.financial_year, r.value, r.suppression) for r in rows] == [
        ("E08000009", "2020-21", 639.4, None),
        ("E08000009", "2021-22", None, "[c]"),
        ("E08000002", "2020-21", None, "NA"),
    ]
    assert [(r.numerator, r.denominator) for r in rows] == [
        (350.0, 54740.0),
        (None, None),
        (12.0, None),
    ]


def test_a_long_file_without_numerator_columns_is_fine(tmp_path: Path) -> None:
    text = "council,period,measure,value\nE08000009,2020-21,2C,639.4\n"
    (row,) = parse_long_csv(write(tmp_path, text, "long.csv")).rows
    assert (row.value, row.numerator, row.denominator) == (639.4, None, None)


def test_a_long_file_reports_bad_numbers_negative_denominators_and_repeats(
    tmp_path: Path,
) -> None:
    text = "\n".join(
        [
            "council,period,measure,value,numerator,denominator",
            "E08000009,2020-21,2C,639.4,35O,54740",
            "E08000009,2021-22,2C,1,1,-5",
            "E08000002,2020-21,2C,1,1,5",
            "E08000002,2020-21,2C,2,1,5",
            ",2020-21,2C,2,1,5",
        ]
    )
    with pytest.raises(LongCsvFormatError) as error:
        parse_long_csv(write(tmp_path, text, "long.csv"))
    assert [str(p) for p in error.value.problems] == [
        "line 2, column 'numerator': '35O' is not a number",
        "line 3, column 'denominator': '-5' is negative",
        "line 5: repeats line 4 (council 'E08000002', period '2020-21', measure '2C')",
        "line 6, column 'council': is empty",
    ]


def test_a_long_file_missing_a_required_column_names_it(tmp_path: Path) -> None:
    with pytest.raises(LongCsvFormatError) as error:
        parse_long_csv(write(tmp_path, "council,period,value\nA,2020-21,1\n", "long.csv"))
    assert [str(p) for p in error.value.problems] == [
        "line 1, column 'measure': required column is missing"
    ]


def test_progress_is_reported_while_reading_and_once_at_the_end(tmp_path: Path) -> None:
    lines = [ascof_line(code=str(100 + i), ons=f"E0800{i:04d}", name=f"C{i}") for i in range(2500)]
    seen: list[int] = []
    result = parse_ascof(good_file(tmp_path, *lines), progress=seen.append)
    assert len(result.rows) == 2500
    assert seen == [1000, 2000, 2500]
    long_seen: list[int] = []
    long_file = write(tmp_path, "council,period,measure,value\nE08000009,2020-21,2A2,1\n", "l.csv")
    parse_long_csv(long_file, progress=long_seen.append)
    assert long_seen == [1]
