import pytest
from django.test import override_settings

from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.accounts.selectors import assessments_for_user, councils_for_user
from ascassure.apps.assessments.models import Assessment, AssessmentAssignment, TeamRole
from builders import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_a_person_signs_in_with_email_and_password_and_signs_out(client):
    make_user(email="dana@example.org", full_name="Dana Director")
    response = client.post(
        "/account/sign-in/", {"username": "dana@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "Dana Director" in client.get("/").content.decode()
    client.post("/account/sign-out/")
    assert "Dana Director" not in client.get("/").content.decode()


def test_a_wrong_password_shows_an_error_summary_and_keeps_the_email(client):
    make_user(email="dana@example.org")
    html = client.post(
        "/account/sign-in/", {"username": "dana@example.org", "password": "nope"}
    ).content.decode()
    assert "There is a problem" in html
    assert "Enter a correct email address and password" in html
    assert 'value="dana@example.org"' in html
    assert "<title>Error: Sign in" in html


def test_empty_fields_are_named_in_the_error_summary(client):
    html = client.post("/account/sign-in/", {"username": "", "password": ""}).content.decode()
    assert '<a href="#id_username">Enter your email address</a>' in html
    assert '<a href="#id_password">Enter your password</a>' in html


def test_a_demo_account_cannot_sign_in_outside_demo_mode(client):
    make_user(email="demo@example.org", is_demo=True)
    with override_settings(DEMO_MODE=False):
        response = client.post(
            "/account/sign-in/", {"username": "demo@example.org", "password": PASSWORD}
        )
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.content.decode()
    with override_settings(DEMO_MODE=True):
        response = client.post(
            "/account/sign-in/", {"username": "demo@example.org", "password": PASSWORD}
        )
    assert response.status_code == 302


def test_the_account_page_needs_sign_in(client):
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/sign-in/")


def test_council_staff_see_only_their_own_council(trafford, bury):
    editor = make_user(council=trafford)
    assert list(councils_for_user(user=editor)) == [trafford]
    assert editor.has_perm("councils.read_council_material", trafford)
    assert not editor.has_perm("councils.read_council_material", bury)
    assert editor.has_perm("councils.edit_council_material", trafford)


def test_a_council_viewer_reads_but_does_not_edit(trafford):
    viewer = make_user(council=trafford, council_role="viewer")
    assert viewer.has_perm("councils.read_council_material", trafford)
    assert not viewer.has_perm("councils.edit_council_material", trafford)


def test_assessors_see_only_the_assessments_they_are_assigned_to(trafford, bury):
    assessor = make_user(body_role=BodyRole.ASSESSOR)
    mine = Assessment.objects.create(council=trafford)
    other = Assessment.objects.create(council=bury)
    AssessmentAssignment.objects.create(
        assessment=mine, user=assessor, role=TeamRole.LEAD_INSPECTOR
    )
    assert list(assessments_for_user(user=assessor)) == [mine]
    assert assessor.has_perm("assessments.view_assessment", mine)
    assert not assessor.has_perm("assessments.view_assessment", other)
    assert list(councils_for_user(user=assessor)) == []


def test_the_national_lead_sees_every_assessment(trafford, bury):
    lead = make_user(body_role=BodyRole.NATIONAL_LEAD)
    Assessment.objects.create(council=trafford)
    Assessment.objects.create(council=bury)
    assert assessments_for_user(user=lead).count() == 2
    assert lead.has_perm("assessments.manage_programme")
