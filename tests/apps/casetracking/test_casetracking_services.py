"""The case list upload (all or nothing), the team's choices, notes; stale saves refused."""

import io
from pathlib import Path

import openpyxl
import pytest

from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.assessments.services import ServiceRefusal
from ascassure.apps.casetracking import services
from ascassure.apps.casetracking.models import Case, CaseList, CaseNote
from ascassure.apps.casetracking.selectors import (
    case_tracking_summary,
    cases_for,
    proposal,
    representativeness_table,
)
from ascassure.domain.casetracking import parse_case_list, propose_sample
from builders import CASE_HEADINGS, case_list_csv, make_assessment, make_case_list, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(trafford):
    return make_assessment(council=trafford, stage="ir_open")


@pytest.fixture
def editor(trafford):
    return make_user(council=trafford, full_name="Dana Director")


def files_under(root) -> list[Path]:
    return [p for p in Path(root).rglob("*") if p.is_file()] if Path(root).exists() else []


def test_a_valid_list_is_stored_outside_the_web_root_with_every_case(
    assessment, editor, upload_root
):
    data = case_list_csv(rows=50)
    case_list = services.case_list_upload(
        assessment=assessment,
        data=data,
        filename="Trafford cases.csv",
        by=editor,
        expected_version=0,
    )
    assert case_list.cases.count() == 50
    assert case_list.original_name == "Trafford cases.csv" and case_list.kind == "csv"
    stored = services.stored_path(case_list)
    assert stored.read_bytes() == data
    assert stored.is_relative_to(upload_root) and stored.name == f"{case_list.sha256}.csv"
    first = case_list.cases.get(case_id="C1")
    assert (first.position, first.age_band, first.attributes) == (1, "26-64", {"team": "North"})
    assert assessment.events.filter(kind="case_list").get().summary == (
        "Case list uploaded: 50 cases (Trafford cases.csv)"
    )


def test_an_excel_list_is_read_the_same_way(assessment, editor):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in case_list_csv(rows=12).decode().splitlines():
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    case_list = services.case_list_upload(
        assessment=assessment,
        data=buffer.getvalue(),
        filename="cases.xlsx",
        by=editor,
        expected_version=0,
    )
    assert case_list.kind == "xlsx" and case_list.cases.count() == 12


def test_a_list_with_problems_is_refused_whole_listing_every_problem_and_storing_nothing(
    assessment, editor, upload_root
):
    data = case_list_csv(
        rows=5,
        extra_lines=(
            "C6,85+,Physical support,maybe,no,no,no,no,,,North",
            "C1,85+,Physical support,no,no,no,no,no,31/02/2025,,North",
            ",85+,Physical support,no,no,no,no,no,,,North",
        ),
    )
    with pytest.raises(services.CaseListRefused) as refused:
        services.case_list_upload(
            assessment=assessment,
            data=data,
            filename="cases.csv",
            by=editor,
            expected_version=0,
        )
    problems = [(p.line, p.column) for p in refused.value.problems]
    assert problems == [
        (7, "hospital_discharge"),
        (8, "case_id"),
        (8, "assessment_date"),
        (9, "case_id"),
    ]
    assert refused.value.reasons == (
        "The case list has 4 problems, listed below. Nothing was saved: correct the file and "
        "upload it again.",
    )
    assert not CaseList.objects.exists() and not Case.objects.exists()
    assert files_under(upload_root) == []
    assert not assessment.events.filter(kind="case_list").exists()


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"%PDF-1.7 not a list", "cases.pdf", services.NOT_A_CASE_LIST),
        (b"just one line of text\n", "cases.csv", "This file is not a PDF, Word, Excel"),
        (b"name,age\nAnn,80\n", "cases.csv", "has no case ID column"),
        (b"case_id,age_band\nC1,85+\n", "cases.csv", "is missing these columns"),
        (CASE_HEADINGS.encode() + b"\n", "cases.csv", services.NO_CASES),
        (case_list_csv(rows=3), "cases.xlsx", "The file is called .xlsx but it is a CSV file."),
    ],
)
def test_files_that_are_not_case_lists_are_refused_with_a_reason(
    assessment, editor, upload_root, data, filename, message
):
    with pytest.raises(services.CaseListRefused) as refused:
        services.case_list_upload(
            assessment=assessment, data=data, filename=filename, by=editor, expected_version=0
        )
    assert message in " ".join(refused.value.reasons)
    assert not CaseList.objects.exists() and files_under(upload_root) == []


def test_a_failure_while_saving_leaves_no_rows_and_no_file(
    assessment, editor, upload_root, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Case.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        services.case_list_upload(
            assessment=assessment,
            data=case_list_csv(),
            filename="cases.csv",
            by=editor,
            expected_version=0,
        )
    assert not CaseList.objects.exists() and files_under(upload_root) == []


def test_the_list_can_be_replaced_until_the_team_chooses_cases(
    assessment, editor, upload_root, django_capture_on_commit_callbacks
):
    first = make_case_list(assessment=assessment, by=editor, rows=50)
    old_file = services.stored_path(first)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.case_list_upload(
            assessment=assessment,
            data=case_list_csv(rows=20),
            filename="v2.csv",
            by=editor,
            expected_version=first.version,
        )
    assert second.pk == first.pk and second.cases.count() == 20 and second.version == 2
    assert not old_file.exists() and services.stored_path(second).exists()
    lead = make_user(body_role=BodyRole.NATIONAL_LEAD)
    ids = [c.case_id for c in cases_for(case_list=second)][:10]
    services.case_selection_save(case_list=second, case_ids=ids, by=lead, expected_version=2)
    with pytest.raises(ServiceRefusal) as refused:
        services.case_list_upload(
            assessment=assessment,
            data=case_list_csv(rows=30),
            filename="v3.csv",
            by=editor,
            expected_version=3,
        )
    assert refused.value.reasons == (services.LIST_LOCKED,)
    assert CaseList.objects.get().cases.count() == 20


def test_an_upload_based_on_an_older_list_is_refused(assessment, editor):
    make_case_list(assessment=assessment, by=editor, rows=50)
    with pytest.raises(ServiceRefusal) as refused:
        services.case_list_upload(
            assessment=assessment,
            data=case_list_csv(rows=10),
            filename="mine.csv",
            by=editor,
            expected_version=0,
        )
    assert refused.value.reasons == (services.STALE_LIST,)
    assert CaseList.objects.get().cases.count() == 50


@pytest.fixture
def case_list(assessment, editor):
    return make_case_list(assessment=assessment, by=editor, rows=50)


@pytest.fixture
def lead(db):
    return make_user(body_role=BodyRole.NATIONAL_LEAD, full_name="Nadia Lead")


def test_the_proposal_is_the_domains_on_the_same_cases(assessment, case_list):
    domain = propose_sample(parse_case_list(case_list_csv(rows=50)).cases, size=10)
    ours = proposal(assessment=assessment, cases=cases_for(case_list=case_list))
    assert ours.case_ids == domain.case_ids and ours.choices == domain.choices


def test_accepting_the_proposal_keeps_the_domains_reasons(assessment, case_list, lead):
    sample = proposal(assessment=assessment, cases=cases_for(case_list=case_list))
    services.case_selection_save(
        case_list=case_list, case_ids=sample.case_ids, by=lead, expected_version=1
    )
    chosen = {c.case_id: c.selection_reason for c in case_list.cases.filter(selected=True)}
    assert chosen == {ch.case_id: ch.reason for ch in sample.choices}
    event = assessment.events.get(kind="case_selection")
    assert event.summary == "Case tracking: 10 cases chosen for review (10 as proposed)"


def test_a_case_swapped_in_by_the_team_says_who_chose_it_and_why(assessment, case_list, lead):
    sample = proposal(assessment=assessment, cases=cases_for(case_list=case_list))
    outside = next(c.case_id for c in case_list.cases.all() if c.case_id not in sample.case_ids)
    ids = [*sample.case_ids[:9], outside]
    change = services.case_selection_save(
        case_list=case_list,
        case_ids=ids,
        by=lead,
        expected_version=1,
        note="Known complaint about this case",
    )
    assert change.added == tuple(sorted(ids))
    reason = case_list.cases.get(case_id=outside).selection_reason
    assert reason.startswith("Chosen by Nadia Lead on ")
    assert reason.endswith(": Known complaint about this case")


def test_the_team_must_choose_exactly_ten_from_the_list(case_list, lead):
    ids = [c.case_id for c in case_list.cases.all()]
    with pytest.raises(ServiceRefusal) as refused:
        services.case_selection_save(
            case_list=case_list, case_ids=ids[:9], by=lead, expected_version=1
        )
    assert refused.value.reasons == ("Choose 10 cases: you chose 9.",)
    with pytest.raises(ServiceRefusal) as refused:
        services.case_selection_save(
            case_list=case_list, case_ids=[*ids[:9], "X99"], by=lead, expected_version=1
        )
    assert refused.value.reasons == (services.NOT_IN_LIST,)
    assert not Case.objects.filter(selected=True).exists()


def test_two_people_saving_a_selection_from_the_same_version_the_second_is_refused(case_list, lead):
    ids = [c.case_id for c in case_list.cases.all()]
    services.case_selection_save(
        case_list=case_list, case_ids=ids[:10], by=lead, expected_version=1
    )
    with pytest.raises(ServiceRefusal) as refused:
        services.case_selection_save(
            case_list=case_list, case_ids=ids[10:20], by=make_user(), expected_version=1
        )
    assert refused.value.reasons == (services.STALE_SELECTION,)
    assert sorted(case_list.cases.filter(selected=True).values_list("position", flat=True)) == (
        list(range(1, 11))
    )


def test_the_six_in_depth_come_from_the_ten_and_leave_with_them(assessment, case_list, lead):
    sample = proposal(assessment=assessment, cases=cases_for(case_list=case_list))
    services.case_selection_save(
        case_list=case_list, case_ids=sample.case_ids, by=lead, expected_version=1
    )
    outside = next(c.case_id for c in case_list.cases.all() if c.case_id not in sample.case_ids)
    with pytest.raises(ServiceRefusal) as refused:
        services.case_in_depth_save(
            case_list=case_list,
            case_ids=[*sample.case_ids[:5], outside],
            by=lead,
            expected_version=2,
        )
    assert refused.value.reasons == (services.IN_DEPTH_NOT_SELECTED,)
    services.case_in_depth_save(
        case_list=case_list, case_ids=sample.case_ids[:6], by=lead, expected_version=2
    )
    assert case_list.cases.filter(in_depth=True).count() == 6
    assert all(c.in_depth_reason for c in case_list.cases.filter(in_depth=True))
    services.case_selection_save(
        case_list=case_list,
        case_ids=[*sample.case_ids[1:], outside],
        by=lead,
        expected_version=3,
    )
    dropped = case_list.cases.get(case_id=sample.case_ids[0])
    assert (dropped.selected, dropped.in_depth, dropped.in_depth_reason) == (False, False, "")
    assert case_list.cases.filter(in_depth=True).count() == 5


def test_notes_are_added_never_overwritten_and_need_text(case_list, lead):
    case = case_list.cases.first()
    services.case_note_add(case=case, by=lead, kind="note", text="First look")
    services.case_note_add(case=case, by=lead, kind="reflective_log", text="Reflection")
    with pytest.raises(ServiceRefusal) as refused:
        services.case_note_add(case=case, by=lead, kind="diary", text=" ")
    assert set(refused.value.reasons) == {services.CHOOSE_KIND, services.ENTER_TEXT}
    assert list(CaseNote.objects.values_list("kind", "text")) == [
        ("note", "First look"),
        ("reflective_log", "Reflection"),
    ]


def test_representativeness_compares_the_list_with_the_ten_and_the_six(assessment, case_list, lead):
    ids = [c.case_id for c in case_list.cases.order_by("position")]
    services.case_selection_save(
        case_list=case_list, case_ids=ids[:10], by=lead, expected_version=1
    )
    services.case_in_depth_save(case_list=case_list, case_ids=ids[:6], by=lead, expected_version=2)
    table = representativeness_table(cases=cases_for(case_list=case_list))
    rows = {(r.attribute, r.value): r for r in table.rows}
    band = rows[("Age band", "85+")]  # C4, C9, C14 ... : 10 of 50; C4 and C9 in the ten
    assert (band.in_list, band.list_percent, band.in_selected, band.selected_percent) == (
        10,
        20,
        2,
        20,
    )
    assert (band.in_depth, band.in_depth_percent) == (1, 17)
    assert (table.selected_total, table.in_depth_total) == (10, 6)


def test_the_summary_for_the_api_counts_the_cases_and_the_choices(assessment, case_list, lead):
    assert case_tracking_summary(make_assessment(council=assessment.council)) == {
        "case_list": False,
        "cases": 0,
        "selected": 0,
        "in_depth": 0,
    }
    ids = [c.case_id for c in case_list.cases.all()]
    services.case_selection_save(
        case_list=case_list, case_ids=ids[:10], by=lead, expected_version=1
    )
    summary = case_tracking_summary(assessment)
    assert (summary["cases"], summary["selected"], summary["in_depth"]) == (50, 10, 0)
