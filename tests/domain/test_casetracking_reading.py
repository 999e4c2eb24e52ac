"""Case tracking: reading the council's case list (values, CSV and Excel)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest

from ascassure.domain.casetracking import (
    CaseListError,
    CaseRecord,
    Problem,
    parse_bool,
    parse_case_list,
    parse_date,
)

HEADER = (
    "case_id,age_band,primary_support_reason,hospital_discharge,transition_from_childrens,"
    "unpaid_carer,safeguarding_enquiry,reablement,assessment_date,review_date"
)


def csv_bytes(*rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode(encoding)


def xlsx_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- values ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("yes", True),
        ("Y", True),
        (" TRUE ", True),
        ("1", True),
        ("no", False),
        ("n", False),
        ("False", False),
        ("0", False),
        ("", False),
        ("  ", False),
        (None, False),
        (True, True),
        (0, False),
        (1.0, True),
    ],
)
def test_yes_no_values_are_read_in_every_usual_spelling(raw: object, expected: bool) -> None:
    assert parse_bool(raw) is expected


@pytest.mark.parametrize("raw", ["maybe", "2", "yes please", "-1", 7])
def test_anything_else_is_not_yes_or_no(raw: object) -> None:
    with pytest.raises(ValueError, match="is not yes or no"):
        parse_bool(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-03-31", date(2026, 3, 31)),
        ("31/03/2026", date(2026, 3, 31)),
        ("1/4/2026", date(2026, 4, 1)),  # day first, as in the UK
        ("", None),
        (None, None),
        (datetime(2026, 3, 31, 9, 30), date(2026, 3, 31)),
        (date(2025, 12, 1), date(2025, 12, 1)),
    ],
)
def test_dates_are_read_in_iso_and_uk_order(raw: object, expected: date | None) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["31/02/2026", "2026/03/31", "03-31-2026", "last week", "45000"])
def test_impossible_or_foreign_dates_are_refused(raw: str) -> None:
    with pytest.raises(ValueError, match="is not a date"):
        parse_date(raw)


# --- reading a CSV --------------------------------------------------------------------------


def test_a_clean_csv_gives_every_case_with_its_flags_dates_and_extra_columns() -> None:
    data = csv_bytes(
        "C1,18-64,Mental health support,yes,no,n,Y,,2025-06-01,01/12/2025,North",
        "C2,85+,Personal care,0,1,true,false,yes,,,South",
        header=HEADER + ",team",
    )
    parsed = parse_case_list(data, filename="cases.csv")
    assert parsed.problems == ()
    assert parsed.cases == (
        CaseRecord(
            "C1",
            "18-64",
            "Mental health support",
            hospital_discharge=True,
            safeguarding_enquiry=True,
            assessment_date=date(2025, 6, 1),
            review_date=date(2025, 12, 1),
            extra=(("team", "North"),),
        ),
        CaseRecord(
            "C2",
            "85+",
            "Personal care",
            transition_from_childrens=True,
            unpaid_carer=True,
            reablement=True,
            extra=(("team", "South"),),
        ),
    )
    assert parsed.extra_columns == ("team",)
    assert parsed.cases[0].extras == {"team": "North"}


def test_a_bad_cell_is_reported_with_its_line_and_column_and_the_row_is_left_out() -> None:
    rows = [f"C{i},65-74,Personal care,no,no,no,no,no,," for i in range(1, 7)]
    rows[5] = "C6,65-74,Personal care,maybe,no,no,no,no,,"  # line 7: the header is line 1
    parsed = parse_case_list(csv_bytes(*rows), filename="cases.csv")
    assert [str(p) for p in parsed.problems] == [
        "line 7, column 'hospital_discharge': 'maybe' is not yes or no"
    ]
    assert [c.case_id for c in parsed.cases] == ["C1", "C2", "C3", "C4", "C5"]


def test_every_problem_in_a_row_is_reported_not_just_the_first() -> None:
    parsed = parse_case_list(
        csv_bytes("C1,18-64,Personal care,maybe,no,perhaps,no,no,31/02/2026,"), filename="x.csv"
    )
    assert parsed.problems == (
        Problem(2, "hospital_discharge", "'maybe' is not yes or no"),
        Problem(2, "unpaid_carer", "'perhaps' is not yes or no"),
        Problem(
            2,
            "assessment_date",
            "'31/02/2026' is not a date (write it as 2026-03-31 or 31/03/2026)",
        ),
    )
    assert parsed.cases == ()


def test_duplicate_case_ids_are_reported_against_the_first_line() -> None:
    parsed = parse_case_list(
        csv_bytes(
            "A7,18-64,Personal care,no,no,no,no,no,,",
            "B2,18-64,Personal care,no,no,no,no,no,,",
            "A7,85+,Personal care,yes,no,no,no,no,,",
            ",85+,Personal care,yes,no,no,no,no,,",
        ),
        filename="x.csv",
    )
    assert [str(p) for p in parsed.problems] == [
        "line 4, column 'case_id': 'A7' is already on line 2",
        "line 5, column 'case_id': the case ID is blank",
    ]
    assert [c.case_id for c in parsed.cases] == ["A7", "B2"]
    assert parsed.cases[0].age_band == "18-64"


def test_headings_match_ignoring_case_spaces_underscores_apostrophes_and_brackets() -> None:
    header = (
        "Case Reference,Age group,PSR,Hospital discharge (Y/N),Transition from children's "
        "services,Unpaid Carer,Section 42 enquiry,REABLEMENT,Date of assessment"
    )
    parsed = parse_case_list(
        csv_bytes("X1,25-34,Learning disability support,Y,Y,N,Y,N,2025-09-30", header=header),
        filename="x.csv",
    )
    assert parsed.problems == ()
    assert parsed.cases == (
        CaseRecord(
            "X1",
            "25-34",
            "Learning disability support",
            hospital_discharge=True,
            transition_from_childrens=True,
            safeguarding_enquiry=True,
            assessment_date=date(2025, 9, 30),
        ),
    )
    assert parsed.columns["transition_from_childrens"] == "Transition from children's services"
    assert parsed.extra_columns == ()


def test_missing_required_columns_are_named_in_one_clear_error() -> None:
    with pytest.raises(CaseListError) as error:
        parse_case_list(csv_bytes("C1,18-64,yes", header="case id,age band,hospital discharge"))
    assert str(error.value) == (
        "The case list is missing these columns: 'primary_support_reason', "
        "'transition_from_childrens', 'unpaid_carer', 'safeguarding_enquiry', 'reablement'."
    )


def test_a_list_without_a_case_id_heading_says_what_it_found() -> None:
    with pytest.raises(CaseListError, match="has no case ID column") as error:
        parse_case_list(b"name,age\nAnn,80\n", filename="people.csv")
    assert "'people.csv'" in str(error.value) and "'name', 'age'" in str(error.value)


def test_two_columns_for_the_same_field_are_refused() -> None:
    with pytest.raises(CaseListError) as error:
        parse_case_list(csv_bytes("", header="case_id,Age,Age band"))
    assert str(error.value) == (
        "The columns 'Age' and 'Age band' both give the age band. Keep one of them."
    )


def test_a_utf8_csv_with_a_byte_order_mark_reads_its_first_heading() -> None:
    data = b"\xef\xbb\xbf" + csv_bytes("C1,18-64,Personal care,no,no,no,no,no,,")
    assert [c.case_id for c in parse_case_list(data).cases] == ["C1"]


def test_a_windows_1252_csv_keeps_its_curly_apostrophes_and_pound_signs() -> None:
    data = csv_bytes(
        "C1,18-64,Carer\u2019s support,no,no,no,no,no,,,\u00a3120",
        header=HEADER + ",weekly cost",
        encoding="cp1252",
    )
    parsed = parse_case_list(data, filename="export.csv")
    assert parsed.cases[0].primary_support_reason == "Carer\u2019s support"
    assert parsed.cases[0].extras == {"weekly cost": "\u00a3120"}


def test_semicolon_separated_lists_are_read_too() -> None:
    data = csv_bytes("C1;18-64;Personal care;yes;no;no;no;no;;", header=HEADER.replace(",", ";"))
    assert parse_case_list(data).cases[0].hospital_discharge is True


def test_line_numbers_count_physical_lines_when_a_cell_spans_two() -> None:
    data = csv_bytes(
        'C1,18-64,"Personal care,\nat home",no,no,no,no,no,,',
        "C2,18-64,Personal care,sometimes,no,no,no,no,,",
    )
    parsed = parse_case_list(data)
    assert parsed.cases[0].primary_support_reason == "Personal care,\nat home"
    assert parsed.problems[0].line == 4


def test_blank_rows_are_skipped_and_a_title_above_the_headings_is_allowed() -> None:
    data = b"Case tracking list for CQC,,,\r\n\r\n" + csv_bytes(
        "", "C1,18-64,Personal care,no,no,no,no,no,,", ",,,,,,,,,"
    )
    parsed = parse_case_list(data)
    assert [c.case_id for c in parsed.cases] == ["C1"]
    assert parsed.problems == ()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The case list 'x.csv' is empty."),
        (b"  \r\n", "The case list 'x.csv' is empty."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "old-style Excel file (.xls)"),
        (b"\x81\x8d\x8f\x90" * 10, "The file is not readable text"),
        (b"PK\x03\x04 not really a zip", "The Excel file could not be opened"),
    ],
)
def test_unreadable_files_get_a_plain_error(data: bytes, message: str) -> None:
    with pytest.raises(CaseListError) as error:
        parse_case_list(data, filename="x.csv")
    assert message in str(error.value)


def test_a_path_can_be_given_instead_of_bytes(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes("C1,18-64,Personal care,no,no,no,no,no,,"))
    assert [c.case_id for c in parse_case_list(path).cases] == ["C1"]
    assert [c.case_id for c in parse_case_list(str(path)).cases] == ["C1"]


# --- reading Excel --------------------------------------------------------------------------


def test_an_excel_list_reads_native_dates_booleans_and_numeric_ids() -> None:
    data = xlsx_bytes(
        [
            ["Case tracking list"],
            [],
            HEADER.split(","),
            [1001, "18-64", "Personal care", True, False, "yes", 0, 1, datetime(2025, 5, 2), None],
            [1002.0, "85+", None, "no", "n", None, None, None, "03/02/2026", "2026-01-05"],
            [1003, "65-74", "Personal care", "maybe", None, None, None, None, None, None],
        ]
    )
    parsed = parse_case_list(data, filename="list.xlsx")
    assert parsed.cases == (
        CaseRecord(
            "1001",
            "18-64",
            "Personal care",
            hospital_discharge=True,
            unpaid_carer=True,
            reablement=True,
            assessment_date=date(2025, 5, 2),
        ),
        CaseRecord(
            "1002", "85+", "", assessment_date=date(2026, 2, 3), review_date=date(2026, 1, 5)
        ),
    )
    assert [str(p) for p in parsed.problems] == [
        "line 6, column 'hospital_discharge': 'maybe' is not yes or no"
    ]


def test_csv_and_excel_of_the_same_list_give_the_same_cases() -> None:
    rows = [
        "C1,18-64,Personal care,yes,no,no,no,no,2025-06-01,",
        "C2,85+,Memory and cognition,no,no,yes,yes,no,,2025-11-30",
    ]
    from_csv = parse_case_list(csv_bytes(*rows))
    from_xlsx = parse_case_list(xlsx_bytes([HEADER.split(","), *[r.split(",") for r in rows]]))
    assert from_csv.cases == from_xlsx.cases
