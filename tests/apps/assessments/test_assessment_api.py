import pytest
from rest_framework.authtoken.models import Token

from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.assessments.models import TeamRole
from builders import make_assessment, make_user

pytestmark = pytest.mark.django_db


def test_the_api_lists_only_the_assessments_the_person_is_assigned_to(client, trafford, bury):
    inspector = make_user(body_role=BodyRole.ASSESSOR)
    mine = make_assessment(council=trafford, team=((inspector, TeamRole.INSPECTOR),))
    make_assessment(council=bury)
    token = Token.objects.create(user=inspector)
    response = client.get("/api/assessments/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["id"] for r in results] == [mine.pk]
    assert results[0]["ons_code"] == "E08000009"
    assert results[0]["stage"] == "planned"


def test_the_api_detail_has_stage_milestones_and_team(client, trafford):
    lead = make_user(body_role=BodyRole.NATIONAL_LEAD)
    inspector = make_user(body_role=BodyRole.ASSESSOR, full_name="Ines Inspector")
    assessment = make_assessment(council=trafford, team=((inspector, TeamRole.LEAD_INSPECTOR),))
    client.force_login(lead)
    data = client.get(f"/api/assessments/{assessment.pk}/").json()
    assert data["stage_label"] == "Planned"
    assert {m["key"]: m["date"] for m in data["milestones"]}["ir_due"] == "2026-02-02"
    assert data["team"] == [{"name": "Ines Inspector", "role": "lead_inspector"}]
    assert isinstance(data["sections"], dict)


def test_the_api_hides_other_assessments_and_refuses_strangers(client, trafford):
    assessment = make_assessment(council=trafford)
    assert client.get("/api/assessments/").status_code in {401, 403}
    client.force_login(make_user(body_role=BodyRole.ASSESSOR))
    assert client.get(f"/api/assessments/{assessment.pk}/").status_code == 404
    client.force_login(make_user(council=trafford))
    assert client.get("/api/assessments/").json()["results"] == []


def test_the_openapi_schema_describes_the_assessment_endpoints(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/assessments/" in schema["paths"]
    assert "/api/assessments/{id}/" in schema["paths"]
