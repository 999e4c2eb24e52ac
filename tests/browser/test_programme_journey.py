"""The national lead plans the programme: a refused input first, then the example saved, a run
queued and picked up by the task worker, the plan read (table, chart, calendar), downloaded
and adopted, creating the planned assessments."""

import csv
import threading

import pytest
from playwright.sync_api import expect

from axe import axe_violations
from builders import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIME_LIMIT = 4  # seconds: long enough to be seen running, short enough for a quick journey


@pytest.fixture
def queued_tasks(settings):
    """Runs wait in the database queue, as in production, until a worker picks them up."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def start_worker() -> threading.Thread:
    """The task worker (``ascassure db_worker``) in this process: it takes one task and stops.
    It shares this test's database connection, as the live server does."""
    from django.db import connections
    from django_tasks_db.management.commands.db_worker import Worker

    shared = connections["default"]
    shared.inc_thread_sharing()

    def work() -> None:
        connections["default"] = shared
        try:
            Worker(
                queue_names=["default"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=1,
                worker_id="journey",
            ).run()
        finally:
            shared.dec_thread_sharing()

    thread = threading.Thread(target=work, name="programme-journey-worker", daemon=True)
    thread.start()
    return thread


def test_plan_the_programme_from_the_example_and_adopt_it(page, queued_tasks):
    from ascassure.apps.accounts.models import BodyRole
    from ascassure.apps.assessments.models import Assessment
    from ascassure.apps.programme.models import PlanRun

    make_user(email="nadia@example.org", full_name="Nadia Lead", body_role=BodyRole.NATIONAL_LEAD)
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill("nadia@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Sign out").wait_for()

    page.goto("/programme/")
    expect(page.get_by_role("heading", level=1)).to_have_text("National programme")
    expect(page.get_by_text("No inputs yet.")).to_be_visible()
    assert axe_violations(page) == []

    # The example, with no on-site capacity: refused, naming the field; the text is kept.
    page.get_by_role("link", name="New input").click()
    document = page.get_by_label("Input (JSON)")
    example = document.input_value()
    assert '"onsite_per_week": 2,' in example
    broken = example.replace('"onsite_per_week": 2,', '"onsite_per_week": 0,', 1)
    page.get_by_label("Name").fill("Baseline 2024-2026")
    document.fill(broken)
    page.get_by_role("button", name="Save input").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link")).to_contain_text(
        "The input is not valid at capacity.onsite_per_week"
    )
    assert page.get_by_label("Input (JSON)").input_value() == broken
    assert page.get_by_label("Name").input_value() == "Baseline 2024-2026"
    assert axe_violations(page) == []

    # Put the capacity back and save it.
    page.get_by_label("Input (JSON)").fill(example)
    page.get_by_role("button", name="Save input").click()
    expect(page.get_by_role("alert")).to_contain_text("Input saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Baseline 2024-2026")
    assert axe_violations(page) == []

    # A short run: it waits for the worker, runs with progress shown, then shows the plan.
    page.get_by_label("Time limit (seconds)").fill(str(TIME_LIMIT))
    page.get_by_role("button", name="Run", exact=True).click()
    status = page.locator("#run-status")
    expect(status).to_contain_text("Waiting to start")
    expect(page.get_by_text("The status above updates itself")).to_be_visible()
    assert axe_violations(page) == []
    worker = start_worker()
    expect(status).to_contain_text("Running", timeout=10_000)
    expect(status).to_contain_text("Finished", timeout=30_000)
    worker.join(timeout=10)
    assert not worker.is_alive()
    run = PlanRun.objects.get()
    assert run.status == "done" and len(run.result["assessments"]) == 153
    expect(page.get_by_text("The status above updates itself")).to_have_count(0)

    plan_table = page.locator("#plan-table")
    expect(plan_table.locator("tbody tr")).to_have_count(153)
    first = min(run.result["assessments"], key=lambda a: (a["onsite"], a["name"]))
    expect(plan_table.locator("tbody tr").first.locator("th")).to_contain_text(first["name"])
    expect(
        page.get_by_role("img", name="On-site visits per week across the programme")
    ).to_be_visible()
    page.get_by_text("The weekly load as a table").click()
    expect(page.locator("#load-table tbody tr")).to_have_count(110)
    for team in ("London and East", "Midlands", "North", "South"):  # the example's teams
        expect(page.get_by_role("img", name=f"{team}: on-site visits per week")).to_be_visible()
    page.get_by_text("The weekly load by regional team as a table").click()
    team_table = page.locator("#team-load-table")
    expect(team_table.locator("tbody tr")).to_have_count(110)
    expect(team_table.locator("thead th")).to_have_text(
        ["Week of", "London and East", "Midlands", "North", "South"]
    )
    london = sum(a["region"] == "London" for a in run.result["assessments"])
    expect(page.get_by_role("heading", name=f"London ({london})")).to_be_visible()
    assert axe_violations(page) == []

    # The CSV holds one row per council with the plan's dates.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download plan.csv").click()
    with open(download.value.path(), encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 153
    assert {r["ONS code"]: (r["Notification (week of)"], r["On site (week of)"]) for r in rows} == {
        a["council"]: (a["notification"], a["onsite"]) for a in run.result["assessments"]
    }

    # Adopt, after the confirmation page: 153 planned assessments.
    page.get_by_role("link", name="Adopt this plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Adopt this plan?")
    expect(page.get_by_text("This creates 153 planned assessments")).to_be_visible()
    assert axe_violations(page) == []
    assert not Assessment.objects.exists()
    page.get_by_role("button", name="Adopt this plan").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Plan adopted: 153 planned assessments created."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan adopted")
    assert axe_violations(page) == []
    assert Assessment.objects.filter(stage="planned").count() == 153

    page.get_by_role("link", name="See the assessments").click()
    expect(page.get_by_role("row").filter(has_text=first["name"])).to_contain_text("Planned")
    assert axe_violations(page) == []


def test_a_run_whose_worker_died_says_so_and_starts_again(page, queued_tasks):
    from datetime import timedelta

    from django.utils import timezone

    from ascassure.apps.accounts.models import BodyRole
    from ascassure.apps.programme import services
    from ascassure.apps.programme.models import PlanRun
    from ascassure.domain.programme import example_document

    lead = make_user(email="nadia@example.org", body_role=BodyRole.NATIONAL_LEAD)
    doc = services.input_create(name="Baseline", document=example_document(), created_by=lead)
    run = services.plan_run_create(input_doc=doc, time_limit=20, created_by=lead)
    long_ago = timezone.now() - timedelta(minutes=10)
    PlanRun.objects.filter(pk=run.pk).update(
        status="running", started_at=long_ago, heartbeat_at=long_ago
    )
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill("nadia@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Sign out").wait_for()

    page.goto(f"/programme/runs/{run.pk}/")
    expect(page.locator("#run-status")).to_have_text(
        "Stopped: the worker ended without finishing. No plan was saved."
    )
    assert axe_violations(page) == []
    page.get_by_role("button", name="Start the run again").click()
    expect(page.locator("#run-status")).to_contain_text("Waiting to start")
    again = PlanRun.objects.exclude(pk=run.pk).get()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Run {again.pk}")
    assert again.input_id == doc.pk and again.time_limit == 20 and again.status == "queued"
