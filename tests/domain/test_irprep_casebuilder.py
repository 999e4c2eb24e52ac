"""The case list builder's rules: filters, coverage, choosing at most 50, and a written list that
case tracking reads back to the same cases."""

from __future__ import annotations

import io
from datetime import date

import openpyxl  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ascassure.domain.casebuilder import (
    LIST_SIZE,
    BuilderFilter,
    ChoiceRefused,
    choose,
    coverage,
    filter_cases,
    record_from_json,
    record_to_json,
    values_of,
    write_case_list,
)
from ascassure.domain.casetracking import (
    DEFAULT_CRITERIA,
    FLAG_FIELDS,
    CaseRecord,
    CriteriaSet,
    Criterion,
    parse_case_list,
)


def case(case_id: str, *flags: str, age: str = "65-74", psr: str = "Physical support", **kw):
    return CaseRecord(
        case_id=case_id,
        age_band=age,
        primary_support_reason=psr,
        **{flag: flag in flags for flag in FLAG_FIELDS},
        **kw,
    )


CASES = [
    case("C1", "hospital_discharge", age="85+"),
    case("C2", "unpaid_carer", "reablement", psr="Mental health support"),
    case("C3"),
    case("C10", "safeguarding_enquiry", age="18-25"),
    case("C11", "hospital_discharge", "safeguarding_enquiry", age=""),
]


def ids(cases) -> list[str]:
    return [c.case_id for c in cases]


def test_no_filter_shows_every_case_in_the_exports_order():
    assert ids(filter_cases(CASES, BuilderFilter(), DEFAULT_CRITERIA)) == [
        "C1",
        "C2",
        "C3",
        "C10",
        "C11",
    ]
    assert not BuilderFilter().active


def test_ticked_criteria_show_cases_meeting_any_of_them():
    wanted = BuilderFilter(criteria=("hospital_discharge", "reablement"))
    assert ids(filter_cases(CASES, wanted, DEFAULT_CRITERIA)) == ["C1", "C2", "C11"]
    assert wanted.active


def test_age_band_and_support_reason_narrow_the_criteria():
    wanted = BuilderFilter(criteria=("safeguarding_enquiry",), age_band="18-25")
    assert ids(filter_cases(CASES, wanted, DEFAULT_CRITERIA)) == ["C10"]
    by_reason = BuilderFilter(primary_support_reason="Mental health support")
    assert ids(filter_cases(CASES, by_reason, DEFAULT_CRITERIA)) == ["C2"]


def test_a_criterion_from_an_extra_column_filters_too():
    criteria = CriteriaSet((Criterion("Delayed discharge", "delayed discharge"),))
    with_extra = [
        case("A", extra=(("Delayed discharge", "yes"),)),
        case("B", extra=(("Delayed discharge", "no"),)),
    ]
    wanted = BuilderFilter(criteria=("Delayed discharge",))
    assert ids(filter_cases(with_extra, wanted, criteria)) == ["A"]


def test_values_come_with_their_counts_in_natural_order_without_blanks():
    assert values_of(CASES, "age_band") == [("18-25", 1), ("65-74", 2), ("85+", 1)]
    assert values_of(CASES, "primary_support_reason")[0] == ("Mental health support", 1)
    with pytest.raises(KeyError):
        values_of(CASES, "case_id")


def test_coverage_counts_each_criterion_in_the_export_and_among_the_chosen():
    rows = {c.key: c for c in coverage(CASES, ["C1", "C3"], DEFAULT_CRITERIA)}
    assert (rows["hospital_discharge"].in_list, rows["hospital_discharge"].in_sample) == (2, 1)
    assert rows["hospital_discharge"].met
    assert (rows["safeguarding_enquiry"].in_list, rows["safeguarding_enquiry"].in_sample) == (2, 0)
    assert not rows["safeguarding_enquiry"].met
    assert rows["transition_from_childrens"].in_list == 0


def test_choosing_adds_and_removes_and_keeps_the_exports_order():
    order = ids(CASES)
    assert choose([], order=order, add=["C11", "C1"]) == ("C1", "C11")
    assert choose(["C1", "C11"], order=order, add=["C2"], remove=["C1"]) == ("C2", "C11")
    assert choose(["C1", "gone"], order=order) == ("C1",)


def test_choosing_more_than_fifty_or_an_unknown_case_is_refused():
    order = [f"C{n}" for n in range(1, 80)]
    assert len(choose([], order=order, add=order[:LIST_SIZE])) == 50
    with pytest.raises(ChoiceRefused, match="at most 50 cases: this would make 51"):
        choose(order[:50], order=order, add=["C51"])
    with pytest.raises(ChoiceRefused, match="imported export"):
        choose([], order=order, add=["X1"])


def test_a_record_survives_the_json_it_is_kept_as():
    original = case(
        "C7",
        "unpaid_carer",
        assessment_date=date(2025, 3, 1),
        review_date=None,
        extra=(("Team", "North"), ("Notes", "a, b")),
    )
    assert record_from_json(record_to_json(original)) == original


def test_the_written_list_reads_back_to_the_same_cases_with_their_other_columns():
    cases = [
        case("C1", "hospital_discharge", extra=(("Team", "North"), ("Note", 'said "fine"'))),
        case("C2", review_date=date(2026, 1, 31), extra=(("Team", "South, east"), ("Note", ""))),
    ]
    data = write_case_list(cases, ["Team", "Note"])
    assert data.startswith(b"\xef\xbb\xbf")
    parsed = parse_case_list(data, filename="list.csv")
    assert parsed.problems == ()
    assert list(parsed.cases) == cases
    assert parsed.extra_columns == ("Team", "Note")


def test_a_written_list_refuses_a_record_without_a_value_per_other_column():
    with pytest.raises(ValueError, match="other values"):
        write_case_list([case("C1")], ["Team"])


def test_an_excel_export_with_its_own_headings_is_written_back_with_the_known_ones():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Case ref", "Age group", "PSR", "Discharge", "Transition", "Carer",
                  "S42", "Reablement", "Locality"])  # fmt: skip
    sheet.append(["P-1", "85+", "Sensory support", "Y", "N", "N", "Y", "N", "Trafford West"])
    buffer = io.BytesIO()
    book.save(buffer)
    parsed = parse_case_list(buffer.getvalue(), filename="export.xlsx")
    written = write_case_list(parsed.cases, parsed.extra_columns)
    again = parse_case_list(written, filename="list.csv")
    assert again.cases == parsed.cases
    assert again.columns["case_id"] == "case_id"


text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12).map(
    str.strip
)


@st.composite
def case_lists(draw):
    extra_columns = draw(
        st.lists(st.sampled_from(["Team", "Locality", "Worker", "Notes"]), unique=True)
    )
    n = draw(st.integers(min_value=1, max_value=8))
    cases = []
    for i in range(n):
        cases.append(
            CaseRecord(
                case_id=f"C{i + 1}",
                age_band=draw(text),
                primary_support_reason=draw(text),
                **{flag: draw(st.booleans()) for flag in FLAG_FIELDS},
                assessment_date=draw(st.none() | st.dates(date(2000, 1, 1), date(2030, 1, 1))),
                review_date=draw(st.none() | st.dates(date(2000, 1, 1), date(2030, 1, 1))),
                extra=tuple((column, draw(text)) for column in extra_columns),
            )
        )
    return cases, extra_columns


@settings(max_examples=60, deadline=None)
@given(case_lists())
def test_any_list_written_reads_back_unchanged(generated):
    cases, extra_columns = generated
    parsed = parse_case_list(write_case_list(cases, extra_columns), filename="list.csv")
    assert parsed.problems == ()
    assert list(parsed.cases) == cases
