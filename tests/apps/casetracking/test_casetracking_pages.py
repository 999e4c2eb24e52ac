"""Case tracking pages: the council's upload and list, the team's choices, notes, query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.assessments.models import TeamRole
from ascassure.apps.casetracking import services
from ascassure.apps.casetracking.models import Case, CaseList
from ascassure.apps.casetracking.selectors import cases_for, proposal
from builders import PASSWORD, case_list_csv, make_assessment, make_case_list, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspector(db):
    return make_user(body_role=BodyRole.ASSESSOR, full_name="Ines Inspector")


@pytest.fixture
def editor(trafford):
    return make_user(council=trafford, full_name="Dana Director")


@pytest.fixture
def assessment(trafford, inspector):
    return make_assessment(
        council=trafford, stage="ir_open", team=((inspector, TeamRole.INSPECTOR),)
    )


def sign_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def upload(client, assessment, data, name="cases.csv", version=0):
    return client.post(
        f"/assessments/{assessment.pk}/cases/council/",
        {"file": SimpleUploadedFile(name, data), "version": version},
    )


def test_the_council_uploads_its_list_and_sees_its_cases(client, assessment, editor):
    sign_in(client, editor)
    page = client.get(f"/assessments/{assessment.pk}/cases/council/").content.decode()
    assert "Upload the case list" in page and 'type="file"' in page
    response = upload(client, assessment, case_list_csv(rows=50))
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Case list saved: 50 cases." in html
    assert html.count('<th scope="row" class="govuk-table__header">C') == 50
    assert "Replace the case list" in html


def test_an_upload_with_problems_lists_every_one_by_line_and_column_and_saves_nothing(
    client, assessment, editor
):
    sign_in(client, editor)
    data = case_list_csv(
        rows=3,
        extra_lines=(
            "C4,85+,Physical support,perhaps,no,no,no,no,,,North",
            "C5,85+,Physical support,no,no,no,no,no,32/01/2025,,North",
        ),
    )
    html = upload(client, assessment, data).content.decode()
    assert "There is a problem" in html
    assert "The case list has 2 problems, listed below. Nothing was saved" in html
    assert '<a href="#id_file">' in html
    rows = html.split('id="problem-table"')[1].split("</table>")[0]
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">5</td>' in rows
    assert "hospital_discharge" in rows and "&#x27;perhaps&#x27; is not yes or no" in rows
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">6</td>' in rows
    assert "assessment_date" in rows
    assert not CaseList.objects.exists()


def test_a_file_that_is_not_a_case_list_is_refused_on_the_page(client, assessment, editor):
    sign_in(client, editor)
    html = upload(client, assessment, b"%PDF-1.7 ...", name="cases.pdf").content.decode()
    assert services.NOT_A_CASE_LIST in html and not CaseList.objects.exists()


def test_the_team_accepts_the_proposal_with_its_reasons_and_sees_the_coverage(
    client, assessment, editor, inspector
):
    case_list = make_case_list(assessment=assessment, by=editor)
    sign_in(client, inspector)
    url = f"/assessments/{assessment.pk}/cases/"
    html = client.get(url).content.decode()
    sample = proposal(assessment=assessment, cases=cases_for(case_list=case_list))
    assert "Proposed cases to review (10)" in html
    for choice in sample.choices:
        assert choice.reason.replace("'", "&#x27;") in html
    assert "Criteria covered by the proposal" in html
    response = client.post(
        url + "choose/", {"case_ids": list(sample.case_ids), "version": case_list.version}
    )
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "Cases to review (10)" in html and "Proposed cases to follow in depth" in html
    assert html.count('<strong class="govuk-tag govuk-tag--green">Met</strong>') >= 5
    assert "How representative the cases are" in html


def test_the_team_swaps_cases_with_checkboxes_and_the_coverage_follows(
    client, assessment, editor, inspector
):
    case_list = make_case_list(assessment=assessment, by=editor)
    sign_in(client, inspector)
    url = f"/assessments/{assessment.pk}/cases/choose/"
    html = client.get(url).content.decode()
    assert html.count('name="case_ids" type="checkbox"') == 50
    assert html.count(" checked>") == 10
    plain = [c.case_id for c in case_list.cases.all() if not c.flag_labels]
    response = client.post(url, {"case_ids": plain[:10], "version": 1, "note": "Spread"})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert html.count('<strong class="govuk-tag govuk-tag--red">Not met</strong>') == 5


def test_choosing_the_wrong_number_of_cases_is_refused_on_the_page(
    client, assessment, editor, inspector
):
    case_list = make_case_list(assessment=assessment, by=editor)
    sign_in(client, inspector)
    ids = [c.case_id for c in case_list.cases.all()][:4]
    html = client.post(
        f"/assessments/{assessment.pk}/cases/choose/", {"case_ids": ids, "version": 1}
    ).content.decode()
    assert '<a href="#id_case_ids_0">Choose 10 cases: you chose 4.</a>' in html
    assert html.count(" checked>") == 4  # what they ticked is kept


def test_a_stale_selection_form_is_refused_with_a_message(client, assessment, editor, inspector):
    case_list = make_case_list(assessment=assessment, by=editor)
    ids = [c.case_id for c in case_list.cases.all()]
    services.case_selection_save(
        case_list=case_list, case_ids=ids[:10], by=make_user(), expected_version=1
    )
    sign_in(client, inspector)
    html = client.post(
        f"/assessments/{assessment.pk}/cases/choose/", {"case_ids": ids[10:20], "version": 1}
    ).content.decode()
    assert "Someone else changed the case selection" in html
    assert list(Case.objects.filter(selected=True).values_list("case_id", flat=True)) == ids[:10]


def test_notes_and_reflective_logs_are_added_on_the_case_page(
    client, assessment, editor, inspector
):
    case_list = make_case_list(assessment=assessment, by=editor)
    case = case_list.cases.get(case_id="C7")
    sign_in(client, inspector)
    url = f"/assessments/{assessment.pk}/cases/{case.pk}/"
    client.post(url, {"kind": "note", "text": "Records show a delayed review."})
    client.post(url, {"kind": "reflective_log", "text": "The social worker reflected on it."})
    html = client.get(url).content.decode()
    assert "Records show a delayed review." in html and "The social worker reflected" in html
    assert "<strong>Reflective log</strong> by Ines Inspector" in html
    html = client.post(url, {"kind": "note", "text": ""}).content.decode()
    assert '<a href="#id_text">Enter the note</a>' in html


def test_the_council_never_sees_the_teams_selection_or_notes(client, assessment, editor, inspector):
    case_list = make_case_list(assessment=assessment, by=editor)
    sample = proposal(assessment=assessment, cases=cases_for(case_list=case_list))
    services.case_selection_save(
        case_list=case_list, case_ids=sample.case_ids, by=inspector, expected_version=1
    )
    case = case_list.cases.get(case_id=sample.case_ids[0])
    services.case_note_add(case=case, by=inspector, kind="note", text="Secret team note")
    html = sign_in(client, editor).get(f"/assessments/{assessment.pk}/cases/council/")
    html = html.content.decode()
    assert "Secret team note" not in html and "Chosen to cover" not in html
    assert "To review" not in html and "In depth" not in html
    assert "can no longer be replaced" in html  # only that the list is now fixed


def test_the_file_downloads_as_uploaded_for_the_team_and_the_council(
    client, assessment, editor, inspector
):
    make_case_list(assessment=assessment, by=editor, filename="Trafford list.csv")
    for user in (editor, inspector):
        response = sign_in(client, user).get(f"/assessments/{assessment.pk}/cases/file/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == case_list_csv()
        assert response["Content-Disposition"].startswith("attachment")
        assert "Trafford list.csv" in response["Content-Disposition"]


@pytest.mark.parametrize("page", ["", "choose/", "in-depth/", "{case}/", "council/"])
def test_page_queries_do_not_grow_with_the_number_of_cases(
    client, trafford, editor, inspector, page
):
    counts = []
    for rows in (12, 50):
        assessment = make_assessment(
            council=trafford, stage="ir_open", team=((inspector, TeamRole.INSPECTOR),)
        )
        case_list = make_case_list(assessment=assessment, by=editor, rows=rows)
        ids = [c.case_id for c in case_list.cases.all()]
        services.case_selection_save(
            case_list=case_list, case_ids=ids[:10], by=inspector, expected_version=1
        )
        for case in case_list.cases.all()[:10]:
            services.case_note_add(case=case, by=inspector, kind="note", text="n")
            services.case_note_add(case=case, by=inspector, kind="reflective_log", text="r")
        user = editor if page == "council/" else inspector
        sign_in(client, user)
        case = case_list.cases.first()
        url = f"/assessments/{assessment.pk}/cases/" + page.format(case=case.pk)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_councils_assessment_list_links_to_the_case_list(client, assessment, editor):
    html = sign_in(client, editor).get("/assessments/council/").content.decode()
    assert f'href="/assessments/{assessment.pk}/cases/council/">Case list</a>' in html


def test_the_api_summary_says_how_many_cases_and_choices(client, assessment, editor, inspector):
    make_case_list(assessment=assessment, by=editor)
    data = sign_in(client, inspector).get(f"/api/assessments/{assessment.pk}/").json()
    section = data["sections"]["case_tracking"]
    assert (section["cases"], section["selected"], section["in_depth"]) == (50, 0, 0)
