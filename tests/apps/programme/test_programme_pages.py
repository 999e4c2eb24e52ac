import csv
import html
import io
import json
import time
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.assessments.models import Assessment
from ascassure.apps.councils.models import Council
from ascassure.apps.programme import services
from ascassure.apps.programme.models import Adoption, PlanRun, ProgrammeInputDoc
from builders import make_assessment, make_user

pytestmark = pytest.mark.django_db

SIX = ["E08000009", "E08000002", "E09000001", "E06000001", "E08000003", "E06000002"]


def small_document(codes=SIX):
    return {
        "start": "2026-01-05",
        "weeks": 40,
        "councils": list(codes),
        "capacity": {"onsite_per_week": 1},
    }


def done_run(codes=SIX, lead=None):
    doc = services.input_create(name="Small", document=small_document(codes), created_by=lead)
    run = services.plan_run_create(input_doc=doc, time_limit=2, created_by=lead)
    return services.plan_run_execute(run_id=run.pk)


@pytest.fixture
def lead(client):
    user = make_user(body_role=BodyRole.NATIONAL_LEAD)
    client.force_login(user)
    return user


def test_the_new_input_page_starts_from_the_example(client, lead):
    response = client.get(reverse("programme:input-new"))
    assert response.status_code == 200
    assert "ascassure-programme-input/1" in response.content.decode()


def test_an_invalid_input_is_refused_with_an_error_summary_naming_the_field(client, lead):
    document = small_document()
    document["capacity"]["onsite_per_week"] = 0
    text = json.dumps(document, indent=2)
    response = client.post(reverse("programme:input-new"), {"name": "Bad", "document": text})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "capacity.onsite_per_week" in page
    assert html.escape(text) in page  # what was typed is kept
    assert not ProgrammeInputDoc.objects.exists()


def test_text_that_is_not_json_is_refused_without_losing_it(client, lead):
    response = client.post(reverse("programme:input-new"), {"name": "Bad", "document": "{oops"})
    page = response.content.decode()
    assert "not valid JSON" in page and "{oops" in page


def test_a_run_in_the_background_produces_a_plan_shown_with_every_council(client, lead):
    response = client.post(
        reverse("programme:input-new"),
        {"name": "Six councils", "document": json.dumps(small_document())},
    )
    doc = ProgrammeInputDoc.objects.get()
    assert response.url == reverse("programme:input", kwargs={"pk": doc.pk})
    response = client.post(response.url, {"time_limit": "2"})
    run = PlanRun.objects.get()
    assert response.url == reverse("programme:run", kwargs={"pk": run.pk})
    assert run.status == "done" and run.solutions >= 1 and run.finished_at
    response = client.get(response.url)
    page = response.content.decode()
    assert "Refresh" not in response
    assert "Adopt this plan" in page and "<svg" in page
    for council in Council.objects.filter(ons_code__in=SIX):
        assert council.name in page
    assert len(run.result["assessments"]) == 6


def test_the_time_limit_is_at_most_five_minutes(client, lead):
    doc = services.input_create(name="Small", document=small_document(), created_by=lead)
    response = client.post(reverse("programme:input", kwargs={"pk": doc.pk}), {"time_limit": "301"})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert not PlanRun.objects.exists()


def test_a_run_not_yet_finished_shows_its_progress_without_reloading_the_page(client, lead):
    doc = services.input_create(name="Small", document=small_document(), created_by=lead)
    run = services.plan_run_create(input_doc=doc, time_limit=30, created_by=lead)
    response = client.get(reverse("programme:run", kwargs={"pk": run.pk}))
    page = response.content.decode()
    # No timed refresh (WCAG 2.2.1): the page asks for the status and offers a link.
    assert "Refresh" not in response and 'http-equiv="refresh"' not in page
    status_url = reverse("programme:run-status", kwargs={"pk": run.pk})
    assert f'data-status-url="{status_url}"' in page and "Check progress" in page
    assert client.get(status_url).json() == {
        "status": "queued",
        "status_label": "Waiting to start",
        "progress": "Waiting for the task worker.",
        "solutions": 0,
        "finished": False,
    }
    PlanRun.objects.filter(pk=run.pk).update(status="running", progress="3 plans found in 2 s.")
    assert client.get(status_url).json()["progress"] == "3 plans found in 2 s."


def test_a_run_on_an_input_with_clashing_hard_rules_names_the_conflicts(client, lead):
    document = small_document()
    document["weeks"] = 3  # six councils, one a week, three weeks
    doc = ProgrammeInputDoc.objects.create(name="Too short", document=document)
    run = services.plan_run_create(input_doc=doc, time_limit=2, created_by=lead)
    run = services.plan_run_execute(run_id=run.pk)
    page = client.get(reverse("programme:run", kwargs={"pk": run.pk})).content.decode()
    assert run.status == "done" and run.result["status"] == "infeasible"
    assert 'id="conflicts"' in page
    assert "Adopt this plan" not in page


def test_the_csv_and_xlsx_downloads_contain_the_plan(client, lead):
    run = done_run(lead=lead)
    rows = list(csv.DictReader(io.StringIO(client.get(f"/programme/runs/{run.pk}/plan.csv").text)))
    plan = {a["council"]: a for a in run.result["assessments"]}
    assert {r["ONS code"]: r["Notification (week of)"] for r in rows} == {
        code: a["notification"] for code, a in plan.items()
    }
    response = client.get(f"/programme/runs/{run.pk}/plan.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Plan"]
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert {v[0]: v[6].date().isoformat() for v in values} == {
        code: a["onsite"] for code, a in plan.items()
    }
    assert book["Weekly load"].max_row == 41


def test_adopting_creates_planned_assessments_with_the_plans_notification_dates_once(
    client, lead, trafford, bury
):
    run = done_run(lead=lead)
    make_assessment(council=trafford, stage="onsite")  # in progress: skipped
    make_assessment(council=bury, stage="published")  # finished: planned again
    url = reverse("programme:run-adopt", kwargs={"pk": run.pk})
    page = client.get(url).content.decode()
    assert "Adopt this plan?" in page and trafford.name in page
    before = Assessment.objects.count()
    client.post(url)
    plan = {a["council"]: date.fromisoformat(a["notification"]) for a in run.result["assessments"]}
    created = Assessment.objects.filter(created_by=lead)
    assert created.count() == 5 == Assessment.objects.count() - before
    assert {a.council.ons_code: a.notification_date for a in created} == {
        code: day for code, day in plan.items() if code != trafford.ons_code
    }
    assert {a.stage for a in created} == {"planned"}
    assert created.get(council=bury).kind == "reassessment"
    adoption = Adoption.objects.get()
    assert adoption.count == 5 and [s["council"] for s in adoption.skipped] == [trafford.ons_code]
    response = client.post(url, follow=True)
    assert "was adopted on" in response.content.decode()
    assert Assessment.objects.count() - before == 5 and Adoption.objects.count() == 1


@pytest.mark.parametrize("role", [BodyRole.ASSESSOR, BodyRole.ANALYST, "council"])
def test_programme_pages_are_refused_to_everyone_but_the_national_lead(client, role, trafford):
    run = done_run()
    user = make_user(council=trafford) if role == "council" else make_user(body_role=role)
    client.force_login(user)
    urls = [
        "/programme/",
        "/programme/inputs/new/",
        f"/programme/inputs/{run.input_id}/",
        f"/programme/runs/{run.pk}/",
        f"/programme/runs/{run.pk}/status.json",
        f"/programme/runs/{run.pk}/plan.csv",
        f"/programme/runs/{run.pk}/plan.xlsx",
        f"/programme/runs/{run.pk}/adopt/",
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert client.post(f"/programme/runs/{run.pk}/adopt/").status_code == 403
    assert not Assessment.objects.exists()


def test_an_administrator_may_plan_and_the_public_is_sent_to_sign_in(client):
    assert client.get("/programme/").status_code == 302
    client.force_login(make_user(body_role=BodyRole.ADMINISTRATOR))
    assert client.get("/programme/").status_code == 200


def test_the_plan_page_makes_as_many_queries_for_six_councils_as_for_two(client, lead):
    small, large = done_run(SIX[:2], lead), done_run(SIX, lead)
    counts = []
    for run in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/programme/runs/{run.pk}/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    list_page = client.get("/programme/").content.decode()
    assert f"Run {large.pk}" in list_page


def silent_run(lead, *, heard_from, started=None):
    """A run the worker claimed, last heard from ``heard_from`` ago (None: never)."""
    doc = services.input_create(name="Small", document=small_document(), created_by=lead)
    run = services.plan_run_create(input_doc=doc, time_limit=30, created_by=lead)
    now = timezone.now()
    PlanRun.objects.filter(pk=run.pk).update(
        status="running",
        started_at=now - (started or heard_from or timedelta(0)),
        heartbeat_at=None if heard_from is None else now - heard_from,
        progress="2 plans found in 20 s; best objective so far 1,234.",
    )
    return run


@pytest.mark.parametrize(
    "heard_from, started",
    [(timedelta(minutes=3), timedelta(minutes=8)), (None, timedelta(minutes=3))],
    ids=["silent-for-three-minutes", "never-heard-from"],
)
def test_a_run_whose_worker_died_is_shown_stopped_and_can_be_started_again(
    client, lead, heard_from, started
):
    run = silent_run(lead, heard_from=heard_from, started=started)
    response = client.get(reverse("programme:run", kwargs={"pk": run.pk}))
    page = response.content.decode()
    assert "Stopped: the worker ended without finishing. No plan was saved." in page
    assert "data-status-url" not in page  # no longer waits for progress
    stopped = PlanRun.objects.get(pk=run.pk)
    assert stopped.status == "stopped" and stopped.finished and stopped.finished_at
    assert "Stopped" in client.get(reverse("programme:index")).content.decode()

    # The page offers to start it again: a new run of the same input, same time limit.
    assert "Start the run again" in page
    input_url = reverse("programme:input", kwargs={"pk": run.input_id})
    assert f'action="{input_url}"' in page and 'name="time_limit" value="30"' in page
    response = client.post(input_url, {"time_limit": "2"})
    again = PlanRun.objects.exclude(pk=run.pk).get()
    assert response.url == reverse("programme:run", kwargs={"pk": again.pk})
    assert again.input_id == run.input_id and again.status == "done"
    assert PlanRun.objects.get(pk=run.pk).status == "stopped"


def test_a_running_run_heard_from_in_the_last_two_minutes_keeps_running(client, lead):
    run = silent_run(lead, heard_from=timedelta(minutes=1, seconds=50), started=timedelta(hours=1))
    status_url = reverse("programme:run-status", kwargs={"pk": run.pk})
    assert client.get(status_url).json()["status"] == "running"
    page = client.get(reverse("programme:run", kwargs={"pk": run.pk})).content.decode()
    assert "Running: 2 plans found" in page and "Start the run again" not in page
    PlanRun.objects.filter(pk=run.pk).update(
        heartbeat_at=timezone.now() - timedelta(minutes=2, seconds=1)
    )
    state = client.get(status_url).json()
    assert state["status"] == "stopped" and state["finished"] is True
    assert state["progress"].startswith("the worker ended without finishing")


def test_the_worker_marks_silent_runs_stopped_before_it_starts_the_next(lead):
    silent = silent_run(lead, heard_from=timedelta(minutes=5))
    alive = silent_run(lead, heard_from=timedelta(seconds=10))
    done_run(lead=lead)
    assert PlanRun.objects.get(pk=silent.pk).status == "stopped"
    assert PlanRun.objects.get(pk=alive.pk).status == "running"


def test_a_running_run_tells_the_database_it_is_alive_while_the_solver_searches(lead, monkeypatch):
    def slow_solver(*args, **kwargs):
        time.sleep(1.2)  # a search that finds nothing for a while, then gives up
        raise RuntimeError("no memory left")

    monkeypatch.setattr(services, "solve", slow_solver)
    monkeypatch.setattr(services, "HEARTBEAT_SECONDS", 0.1)
    doc = services.input_create(name="Small", document=small_document(), created_by=lead)
    run = services.plan_run_create(input_doc=doc, time_limit=30, created_by=lead)
    run = services.plan_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == "failed" and "no memory left" in run.error
    assert run.heartbeat_at - run.started_at >= timedelta(seconds=0.9)
