"""The case list builder: the council imports its case-system export, filters it, sees the
coverage, chooses up to 50 cases and submits them through case tracking (its checks, all or
nothing, refused once the team has chosen cases). Editors only; nobody else sees it."""

import io
import re
from types import SimpleNamespace

import openpyxl  # type: ignore[import-untyped]
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ascassure.apps.accounts.models import BodyRole, CouncilRole
from ascassure.apps.assessments.models import AssessmentEvent, TeamRole
from ascassure.apps.casetracking import services as casetracking
from ascassure.apps.casetracking.models import Case, CaseList
from ascassure.apps.councilspace import caselist_services as services
from ascassure.apps.councilspace.models import CaseListDraft
from ascassure.domain.casebuilder import TOO_MANY_CHOSEN
from builders import (
    PASSWORD,
    case_list_csv,
    make_assessment,
    make_case_list_draft,
    make_self_assessment,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(trafford, bury):
    return SimpleNamespace(
        editor=make_user(council=trafford, full_name="Eddie Editor"),
        viewer=make_user(council=trafford, council_role=CouncilRole.VIEWER),
        other=make_user(council=bury),
        inspector=make_user(body_role=BodyRole.ASSESSOR, full_name="Ines Inspector"),
        national=make_user(body_role=BodyRole.NATIONAL_LEAD),
    )


@pytest.fixture
def assessment(trafford, people):
    return make_assessment(
        council=trafford, stage="ir_open", team=((people.inspector, TeamRole.INSPECTOR),)
    )


def sign_in(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def xlsx_export() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Adult social care cases, exported 5 January 2026"])
    sheet.append(["Case ref", "Age group", "PSR", "Discharge", "Transition", "Carer", "S42",
                  "Reablement", "Last review", "Locality"])  # fmt: skip
    for n in range(1, 61):
        sheet.append([f"P-{n}", "85+" if n % 3 else "18-25", "Physical support",
                      "Y" if n % 4 == 0 else "N", "Y" if n == 7 else "N", "N",
                      "Y" if n % 10 == 0 else "N", "N", "31/12/2025", "West"])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- importing --------------------------------------------------------------------------------


def test_an_export_is_read_with_its_other_columns_and_rows_with_problems_left_out(trafford, people):
    data = case_list_csv(rows=120, extra_lines=("C121,85+,Physical support,maybe,no,no,no,no,,,N",))
    outcome = services.case_list_draft_import(
        council=trafford, data=data, filename="export.csv", by=people.editor, expected_version=0
    )
    draft = outcome.draft
    assert (outcome.cases, outcome.rows_left_out) == (120, 1)
    assert len(draft.cases) == 120 and draft.extra_columns == ["team"]
    assert draft.cases[0]["extra"] == [["team", "North"]]
    assert draft.problems == [[122, "hospital_discharge", "'maybe' is not yes or no"]]
    assert draft.source_kind == "csv" and draft.source_size == len(data)
    assert draft.chosen == [] and draft.version == 1


def test_an_excel_export_with_its_own_headings_and_a_title_row_is_read(trafford, people):
    outcome = services.case_list_draft_import(
        council=trafford, data=xlsx_export(), filename="export.xlsx", by=people.editor,
        expected_version=0,
    )  # fmt: skip
    assert outcome.cases == 60 and outcome.draft.source_kind == "xlsx"
    assert outcome.draft.extra_columns == ["Locality"]
    assert outcome.draft.columns["case_id"] == "Case ref"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.4\n%%EOF\n", "export.pdf", services.NOT_AN_EXPORT),
        (b"case_id,age_band\nC1,85+\n", "export.csv", "is missing these columns"),
        (
            case_list_csv(rows=0, extra_lines=("C1,85+,Physical support,maybe,no,no,no,no,,,N",)),
            "export.csv",
            "No row of the export could be read: 1 problem",
        ),
        (case_list_csv(rows=0), "export.csv", services.EXPORT_NO_CASES),
    ],
)
def test_an_export_that_cannot_be_used_is_refused_and_nothing_is_kept(
    trafford, people, data, name, message
):
    with pytest.raises(services.ExportRefused, match=re.escape(message)):
        services.case_list_draft_import(
            council=trafford, data=data, filename=name, by=people.editor, expected_version=0
        )
    assert not CaseListDraft.objects.exists()


def test_a_newer_export_replaces_the_old_one_and_keeps_the_chosen_cases_it_still_has(
    trafford, people
):
    draft = make_case_list_draft(council=trafford, by=people.editor, rows=120, chosen=30)
    outcome = services.case_list_draft_import(
        council=trafford,
        data=case_list_csv(rows=20),
        filename="newer.csv",
        by=people.editor,
        expected_version=draft.version,
    )
    assert (outcome.kept, outcome.dropped) == (20, 10)
    assert outcome.draft.chosen == [f"C{n}" for n in range(1, 21)]
    assert outcome.draft.source_name == "newer.csv"
    with pytest.raises(services.ServiceRefusal) as refused:
        services.case_list_draft_import(
            council=trafford,
            data=case_list_csv(rows=5),
            filename="stale.csv",
            by=people.editor,
            expected_version=draft.version,
        )
    assert refused.value.reasons == (services.STALE_DRAFT,)


# --- choosing ---------------------------------------------------------------------------------


def test_cases_are_chosen_and_unchosen_up_to_fifty(trafford, people):
    draft = make_case_list_draft(council=trafford, by=people.editor, rows=120, chosen=48)
    draft = services.case_list_draft_choose(
        council=trafford,
        by=people.editor,
        expected_version=draft.version,
        add=["C100", "C60"],
        remove=["C1"],
    )
    assert len(draft.chosen) == 49 and draft.chosen[-2:] == ["C60", "C100"]
    with pytest.raises(services.ServiceRefusal) as refused:
        services.case_list_draft_choose(
            council=trafford,
            by=people.editor,
            expected_version=draft.version,
            add=["C101", "C102"],
        )
    assert refused.value.reasons == (TOO_MANY_CHOSEN.format(limit=50, count=51),)
    with pytest.raises(services.ServiceRefusal) as refused:
        services.case_list_draft_choose(
            council=trafford, by=people.editor, expected_version=draft.version - 1, add=["C101"]
        )
    assert refused.value.reasons == (services.STALE_DRAFT,)
    assert len(CaseListDraft.objects.get().chosen) == 49


# --- submitting -------------------------------------------------------------------------------


def submit(council, assessment, by, *, list_version=0, today=None):
    draft = CaseListDraft.objects.get(council=council)
    return services.case_list_draft_submit(
        council=council,
        assessment=assessment,
        by=by,
        expected_version=draft.version,
        expected_list_version=list_version,
        today=today or assessment.notification_date,
    )


def test_the_chosen_cases_become_the_assessments_case_list_through_case_tracking(
    trafford, people, assessment
):
    make_case_list_draft(council=trafford, by=people.editor, rows=120, chosen=50)
    case_list = submit(trafford, assessment, people.editor)
    assert case_list.assessment == assessment and case_list.kind == "csv"
    assert case_list.original_name == "trafford-case-list-2026-01-12.csv"
    assert case_list.extra_columns == ["team"]
    cases = list(Case.objects.filter(case_list=case_list).order_by("position"))
    assert [c.case_id for c in cases] == [f"C{n}" for n in range(1, 51)]
    assert cases[0].attributes == {"team": "North"}
    assert casetracking.stored_path(case_list).exists()
    assert AssessmentEvent.objects.filter(kind="case_list", summary__contains="50 cases").exists()
    draft = CaseListDraft.objects.get()
    assert draft.submitted_for == assessment and draft.submitted_count == 50


def test_a_list_can_be_replaced_until_the_team_chooses_then_case_trackings_refusal_stands(
    trafford, people, assessment
):
    draft = make_case_list_draft(council=trafford, by=people.editor, rows=120, chosen=50)
    first = submit(trafford, assessment, people.editor)
    with pytest.raises(services.ServiceRefusal) as refused:
        submit(trafford, assessment, people.editor, list_version=0)
    assert refused.value.reasons == (casetracking.STALE_LIST,)
    services.case_list_draft_choose(
        council=trafford, by=people.editor, expected_version=draft.version, remove=["C50"]
    )
    second = submit(trafford, assessment, people.editor, list_version=first.version)
    assert second.cases.count() == 49
    casetracking.case_selection_save(
        case_list=second,
        case_ids=[f"C{n}" for n in range(1, 11)],
        by=people.inspector,
        expected_version=second.version,
    )
    second.refresh_from_db()
    with pytest.raises(services.ServiceRefusal) as refused:
        submit(trafford, assessment, people.editor, list_version=second.version)
    assert refused.value.reasons == (casetracking.LIST_LOCKED,)
    assert CaseList.objects.get().cases.count() == 49


def test_submitting_goes_through_case_trackings_checks_all_or_nothing(trafford, people, assessment):
    long_band = "x" * 150
    data = case_list_csv(
        rows=3, extra_lines=(f"C4,{long_band},Physical support,no,no,no,no,no,,,N",)
    )
    services.case_list_draft_import(
        council=trafford, data=data, filename="export.csv", by=people.editor, expected_version=0
    )
    draft = CaseListDraft.objects.get()
    services.case_list_draft_choose(
        council=trafford, by=people.editor, expected_version=draft.version, add=["C1", "C4"]
    )
    with pytest.raises(casetracking.CaseListRefused, match="longer than 100 characters"):
        submit(trafford, assessment, people.editor)
    assert not CaseList.objects.exists()
    assert CaseListDraft.objects.get().submitted_at is None


def test_nothing_chosen_no_open_assessment_or_another_councils_is_refused(
    trafford, bury, people, assessment
):
    make_case_list_draft(council=trafford, by=people.editor, rows=20)
    with pytest.raises(services.ServiceRefusal) as refused:
        submit(trafford, assessment, people.editor)
    assert refused.value.reasons == (services.NOTHING_CHOSEN,)
    draft = CaseListDraft.objects.get()
    services.case_list_draft_choose(
        council=trafford, by=people.editor, expected_version=draft.version, add=["C1"]
    )
    for other in (
        make_assessment(council=trafford, stage="published"),
        make_assessment(council=trafford, stage="planned"),
        make_assessment(council=bury, stage="ir_open"),
    ):
        with pytest.raises(services.ServiceRefusal) as refused:
            submit(trafford, other, people.editor)
        assert refused.value.reasons == (services.NO_OPEN_ASSESSMENT,)
    assert not CaseList.objects.exists()


# --- pages ------------------------------------------------------------------------------------


def url(council, page="") -> str:
    return f"/workspace/{council.slug}/case-list-builder/{page}"


def test_the_editor_imports_filters_chooses_and_submits_from_the_page(
    client, trafford, people, assessment
):
    sign_in(client, people.editor)
    html = client.get(url(trafford)).content.decode()
    assert "Import your export" in html and "It has no case list yet." in html
    response = client.post(
        url(trafford, "import/"),
        {"file": SimpleUploadedFile("export.csv", case_list_csv(rows=120)), "version": 0},
        follow=True,
    )
    html = response.content.decode()
    assert "Export imported: 120 cases." in html
    assert 'id="coverage"' in html and "0 of 50 cases" in html

    # filter: hospital discharge cases aged 65-74
    html = client.get(
        url(trafford), {"criteria": "hospital_discharge", "age_band": "65-74"}
    ).content.decode()
    assert "cases match the filter" in html
    assert 'value="hospital_discharge" checked' in html

    # choose every case the filter shows, then untick one
    response = client.post(
        url(trafford, "choose/"),
        {"version": 1, "action": "all", "criteria": "hospital_discharge", "age_band": "65-74"},
        follow=True,
    )
    draft = CaseListDraft.objects.get()
    chosen = list(draft.chosen)
    assert chosen and f"{len(chosen)} of 50 cases chosen." in response.content.decode()
    response = client.post(
        url(trafford, "choose/"),
        {
            "version": draft.version,
            "action": "save",
            "criteria": "hospital_discharge",
            "age_band": "65-74",
            "case_ids": chosen[1:],
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#cases")
    assert "criteria=hospital_discharge" in response["Location"]
    draft.refresh_from_db()
    assert draft.chosen == chosen[1:]

    html = client.get(url(trafford)).content.decode()
    assert f"Submit these {len(chosen) - 1} cases to the assessment" in html
    response = client.post(
        url(trafford, "submit/"), {"version": draft.version, "list_version": 0}, follow=True
    )
    assert "Case list submitted to the assessment" in response.content.decode()
    assert CaseList.objects.get(assessment=assessment).cases.count() == len(chosen) - 1

    # the team sees it on case tracking
    sign_in(client, people.inspector)
    html = client.get(f"/assessments/{assessment.pk}/cases/").content.decode()
    assert f"{len(chosen) - 1} cases" in html


def test_choosing_too_many_shows_the_error_and_keeps_the_ticks(client, trafford, people):
    draft = make_case_list_draft(council=trafford, by=people.editor, rows=120, chosen=0)
    sign_in(client, people.editor)
    response = client.post(url(trafford, "choose/"), {"version": draft.version, "action": "all"})
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in html
    assert "A case list has at most 50 cases: this would make 120." in html
    assert 'href="#id_case_ids_0"' in html
    response = client.post(
        url(trafford, "choose/"),
        {"version": draft.version, "action": "save", "case_ids": ["C3"]},
    )
    assert response.status_code == 302
    response = client.post(
        url(trafford, "choose/"),
        {"version": draft.version, "action": "save", "case_ids": ["C3", "C4"]},
    )
    html = response.content.decode()
    assert services.STALE_DRAFT.split(":")[0] in html
    assert 'value="C4" checked' in html
    assert CaseListDraft.objects.get().chosen == ["C3"]


def test_a_refused_export_shows_its_problems_on_the_page(client, trafford, people):
    sign_in(client, people.editor)
    bad = case_list_csv(rows=0, extra_lines=("C1,85+,Physical support,maybe,no,no,no,no,,,N",))
    response = client.post(
        url(trafford, "import/"), {"file": SimpleUploadedFile("export.csv", bad), "version": 0}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in html
    assert 'id="problems"' in html and "&#x27;maybe&#x27; is not yes or no" in html
    assert not CaseListDraft.objects.exists()


def test_once_the_team_has_chosen_the_page_says_so_and_offers_no_submit(
    client, trafford, people, assessment
):
    make_case_list_draft(council=trafford, by=people.editor, rows=60, chosen=50)
    case_list = submit(trafford, assessment, people.editor)
    casetracking.case_selection_save(
        case_list=case_list,
        case_ids=[f"C{n}" for n in range(1, 11)],
        by=people.inspector,
        expected_version=case_list.version,
    )
    sign_in(client, people.editor)
    html = client.get(url(trafford)).content.decode()
    assert "no longer be replaced" in html and "Submit these" not in html
    response = client.post(
        url(trafford, "submit/"),
        {"version": CaseListDraft.objects.get().version, "list_version": case_list.version + 1},
    )
    assert "no longer be replaced" in response.content.decode()


def test_without_an_open_assessment_the_list_is_built_but_not_submitted(client, trafford, people):
    make_case_list_draft(council=trafford, by=people.editor, rows=60, chosen=5)
    sign_in(client, people.editor)
    html = client.get(url(trafford)).content.decode()
    assert "No assessment of your council is open" in html
    assert "Submit these" not in html
    response = client.post(url(trafford, "submit/"), {"version": 2, "list_version": 0})
    assert services.NO_OPEN_ASSESSMENT in response.content.decode()


# --- who may --------------------------------------------------------------------------------


PAGES = ("", "?criteria=reablement")
POSTS = ("import/", "choose/", "submit/")


def test_viewers_neither_see_nor_change_the_builder_and_have_no_tab(
    client, trafford, people, assessment
):
    draft = make_case_list_draft(council=trafford, by=people.editor, rows=60, chosen=5)
    make_self_assessment(council=trafford)
    sign_in(client, people.viewer)
    for page in PAGES:
        assert client.get(url(trafford, page)).status_code == 403
    for page in POSTS:
        response = client.post(
            url(trafford, page), {"version": draft.version, "action": "clear", "list_version": 0}
        )
        assert response.status_code == 403
    assert CaseListDraft.objects.get().chosen == draft.chosen
    assert not CaseList.objects.exists()
    html = client.get(f"/workspace/{trafford.slug}/2026/").content.decode()
    assert "Case list builder" not in html
    sign_in(client, people.editor)
    assert "Case list builder" in client.get(f"/workspace/{trafford.slug}/2026/").content.decode()


def test_another_council_and_the_assessing_body_get_not_found(client, trafford, people, assessment):
    draft = make_case_list_draft(council=trafford, by=people.editor, rows=60, chosen=5)
    for person in (people.other, people.inspector, people.national):
        sign_in(client, person)
        for page in PAGES:
            assert client.get(url(trafford, page)).status_code == 404
        for page in POSTS:
            response = client.post(
                url(trafford, page),
                {"version": draft.version, "action": "clear", "list_version": 0},
            )
            assert response.status_code == 404
    assert CaseListDraft.objects.get().chosen == draft.chosen


# --- the workspace home --------------------------------------------------------------------


def test_the_home_shows_the_open_assessment_with_its_three_preparations(
    client, trafford, people, assessment
):
    make_self_assessment(council=trafford)
    make_case_list_draft(council=trafford, by=people.editor, rows=60, chosen=7)
    sign_in(client, people.editor)
    html = client.get(f"/workspace/{trafford.slug}/", follow=True).content.decode()
    assert "Assessment open" in html
    assert f'href="/assessments/{assessment.pk}/information-return/council/"' in html
    assert (
        f'href="/assessments/{assessment.pk}/information-return/council/self-assessment/"' in html
    )
    assert "not submitted yet" in html
    assert f'href="/workspace/{trafford.slug}/case-list-builder/"' in html
    assert "7 cases chosen, not submitted yet" in html
    sign_in(client, people.viewer)
    html = client.get(f"/workspace/{trafford.slug}/", follow=True).content.decode()
    assert "Assessment open" in html and "case-list-builder" not in html


def test_the_home_without_an_open_assessment_or_a_self_assessment(client, trafford, people):
    make_assessment(council=trafford, stage="planned")
    sign_in(client, people.editor)
    html = client.get(f"/workspace/{trafford.slug}/").content.decode()
    assert "Start the self-assessment" in html and "Assessment open" not in html
    make_assessment(council=trafford, stage="notified")
    html = client.get(f"/workspace/{trafford.slug}/").content.decode()
    assert "Start the self-assessment" in html and "Assessment open" in html
