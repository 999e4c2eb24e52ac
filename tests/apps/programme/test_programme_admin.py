import pytest

from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.programme import services
from ascassure.apps.programme.models import PlanRun, ProgrammeInputDoc
from builders import make_user

pytestmark = pytest.mark.django_db

SMALL = {
    "start": "2026-01-05",
    "weeks": 20,
    "councils": ["E08000009", "E08000002"],
    "capacity": {"onsite_per_week": 1},
}


@pytest.fixture
def adopted_run():
    lead = make_user(full_name="Nadia Lead", body_role=BodyRole.NATIONAL_LEAD)
    doc = services.input_create(name="Two councils", document=SMALL, created_by=lead)
    run = services.plan_run_create(input_doc=doc, time_limit=2, created_by=lead)
    run = services.plan_run_execute(run_id=run.pk)
    services.plan_adopt(run=run, by=lead)
    return run


def test_administrators_find_inputs_runs_and_adoptions(admin_client, adopted_run):
    run = adopted_run
    listing = admin_client.get("/admin/programme/planrun/?status__exact=done").content.decode()
    assert f"Run {run.pk} of Two councils" in listing
    page = admin_client.get(f"/admin/programme/planrun/{run.pk}/change/").content.decode()
    assert f'href="/programme/runs/{run.pk}/"' in page and "2 assessments" in page
    assert "Nadia Lead" in page  # the adoption, inline
    assert "Two councils" in admin_client.get("/admin/programme/programmeinputdoc/").text
    page = admin_client.get(f"/admin/programme/programmeinputdoc/{run.input_id}/change/").text
    assert "E08000009" in page  # the document, shown
    assert admin_client.get("/admin/programme/adoption/").status_code == 200


def test_runs_and_adoptions_cannot_be_changed_or_added_in_the_admin(admin_client, adopted_run):
    run = adopted_run
    url = f"/admin/programme/planrun/{run.pk}/change/"
    assert 'name="status"' not in admin_client.get(url).text
    assert admin_client.post(url, {"status": "failed", "time_limit": 300}).status_code == 403
    run.refresh_from_db()
    assert run.status == "done" and run.time_limit == 2
    for model in ("planrun", "adoption", "programmeinputdoc"):
        assert admin_client.get(f"/admin/programme/{model}/add/").status_code == 403
    adoption = run.adoptions.get()
    assert admin_client.get(f"/admin/programme/adoption/{adoption.pk}/delete/").status_code == 403


def test_only_an_inputs_name_changes_in_the_admin(admin_client, adopted_run):
    doc = adopted_run.input
    url = f"/admin/programme/programmeinputdoc/{doc.pk}/change/"
    response = admin_client.post(url, {"name": "Two councils, renamed", "document": "{}"})
    assert response.status_code == 302
    doc = ProgrammeInputDoc.objects.get(pk=doc.pk)
    assert doc.name == "Two councils, renamed" and doc.document == SMALL
    assert PlanRun.objects.get().input_id == doc.pk
