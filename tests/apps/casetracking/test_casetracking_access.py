"""Council users see only their own council's case list (editors only); assessors only the
assessments they are on. Every page and the download tried as the wrong person."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ascassure.apps.accounts.models import BodyRole, CouncilRole
from ascassure.apps.assessments.models import TeamRole
from ascassure.apps.casetracking.models import Case, CaseList, CaseNote
from builders import PASSWORD, case_list_csv, make_assessment, make_case_list, make_user

pytestmark = pytest.mark.django_db

TEAM_PAGES = ("", "choose/", "in-depth/", "{case}/")
COUNCIL_PAGES = ("council/",)
DOWNLOAD = "file/"


@pytest.fixture
def assessment(trafford):
    return make_assessment(council=trafford, stage="ir_open")


@pytest.fixture
def case_list(assessment, trafford):
    return make_case_list(assessment=assessment, by=make_user(council=trafford))


def sign_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def url(assessment, case_list, page):
    return f"/assessments/{assessment.pk}/cases/" + page.format(case=case_list.cases.first().pk)


@pytest.mark.parametrize("page", [*TEAM_PAGES, *COUNCIL_PAGES, DOWNLOAD])
def test_another_councils_editor_and_an_unassigned_assessor_get_not_found(
    client, bury, assessment, case_list, page
):
    for who in (make_user(council=bury), make_user(body_role=BodyRole.ASSESSOR)):
        sign_in(client, who)
        assert client.get(url(assessment, case_list, page)).status_code == 404, who


@pytest.mark.parametrize("page", [*COUNCIL_PAGES, DOWNLOAD])
def test_the_councils_own_viewer_is_refused_the_case_list(
    client, trafford, assessment, case_list, page
):
    sign_in(client, make_user(council=trafford, council_role=CouncilRole.VIEWER))
    assert client.get(url(assessment, case_list, page)).status_code == 403


@pytest.mark.parametrize("page", TEAM_PAGES)
def test_the_councils_own_staff_never_reach_the_teams_pages(
    client, trafford, assessment, case_list, page
):
    for role in (CouncilRole.EDITOR, CouncilRole.VIEWER):
        sign_in(client, make_user(council=trafford, council_role=role))
        assert client.get(url(assessment, case_list, page)).status_code == 404, role


def test_the_team_does_not_use_the_councils_upload_page(client, trafford, assessment, case_list):
    inspector = make_user(body_role=BodyRole.ASSESSOR)
    assessment.assignments.create(user=inspector, role=TeamRole.INSPECTOR)
    sign_in(client, inspector)
    assert client.get(url(assessment, case_list, "council/")).status_code == 404


def test_uploads_from_the_wrong_people_store_nothing(client, trafford, bury, assessment):
    for who in (
        make_user(council=bury),
        make_user(body_role=BodyRole.ASSESSOR),
        make_user(council=trafford, council_role=CouncilRole.VIEWER),
    ):
        sign_in(client, who)
        response = client.post(
            f"/assessments/{assessment.pk}/cases/council/",
            {"file": SimpleUploadedFile("cases.csv", case_list_csv()), "version": 0},
        )
        assert response.status_code in (403, 404)
    assert not CaseList.objects.exists()


def test_choices_and_notes_posted_by_the_wrong_people_change_nothing(
    client, trafford, bury, assessment, case_list
):
    ids = [c.case_id for c in case_list.cases.all()][:10]
    panel = make_user(body_role=BodyRole.PANEL_MEMBER)
    assessment.assignments.create(user=panel, role=TeamRole.PANEL_MEMBER)
    assessment.stage = "calibration"
    assessment.save()
    for who, expected in (
        (make_user(council=bury), 404),
        (make_user(council=trafford), 404),
        (make_user(body_role=BodyRole.ASSESSOR), 404),
        (panel, 403),  # the panel reads, but does not choose or write
    ):
        sign_in(client, who)
        for page in ("choose/", "in-depth/"):
            response = client.post(
                url(assessment, case_list, page), {"case_ids": ids, "version": 1}
            )
            assert response.status_code == expected, who
        response = client.post(url(assessment, case_list, "{case}/"), {"kind": "note", "text": "x"})
        assert response.status_code == expected, who
    assert not Case.objects.filter(selected=True).exists() and not CaseNote.objects.exists()


def test_a_case_of_another_assessment_is_not_found_through_this_one(client, trafford, bury):
    lead = make_user(body_role=BodyRole.NATIONAL_LEAD)
    mine = make_assessment(council=trafford, stage="ir_open")
    make_case_list(assessment=mine, by=lead)
    theirs = make_case_list(assessment=make_assessment(council=bury, stage="ir_open"), by=lead)
    sign_in(client, lead)
    response = client.get(f"/assessments/{mine.pk}/cases/{theirs.cases.first().pk}/")
    assert response.status_code == 404


def test_a_council_sees_no_case_list_before_the_assessment_is_under_way(client, trafford):
    planned = make_assessment(council=trafford)
    sign_in(client, make_user(council=trafford))
    assert client.get(f"/assessments/{planned.pk}/cases/council/").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, assessment, case_list):
    for page in (*TEAM_PAGES, *COUNCIL_PAGES, DOWNLOAD):
        response = client.get(url(assessment, case_list, page))
        assert response.status_code == 302 and "/account/sign-in/" in response["Location"]
