import csv
import html
import io
import json
import time
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from django.db import OperationalError, connection
from django.db.models.query import QuerySet
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.assessments.models import Assessment
from ascassure.apps.councils.models import Council
from ascassure.apps.programme import selectors, services
from ascassure.apps.programme.models import Adoption, PlanRun, ProgrammeInputDoc
from ascassure.domain.programme import Team
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


class _Table(HTMLParser):
    """The text of each row of the table with ``id``, cell by cell."""

    def __init__(self, table_id):
        super().__init__()
        self.table_id, self.inside, self.rows, self.cell = table_id, False, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id") == self.table_id:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_rows(page, table_id):
    parser = _Table(table_id)
    parser.feed(page)
    return parser.rows


TEAMS = [
    {"name": "North", "regions": ["North West", "North East"], "onsite_per_week": 1},
    {"name": "London", "regions": ["London"], "onsite_per_week": 1},
]
NORTH = {"E08000009", "E08000002", "E06000001", "E08000003", "E06000002"}


def team_run(lead):
    document = small_document()
    document["capacity"] = {"onsite_per_week": 2, "teams": TEAMS}
    doc = services.input_create(name="Teams", document=document, created_by=lead)
    run = services.plan_run_create(input_doc=doc, time_limit=2, created_by=lead)
    return services.plan_run_execute(run_id=run.pk)


def test_the_weekly_load_shows_each_regional_teams_visits_against_its_own_capacity(client, lead):
    run = team_run(lead)
    page = client.get(reverse("programme:run", kwargs={"pk": run.pk})).content.decode()
    assert "Weekly load by regional team" in page
    assert "<strong>North</strong> (North West, North East; 5 councils): capacity 1 a week" in page
    assert "<strong>London</strong> (London; 1 council): capacity 1 a week" in page
    assert page.count('<svg role="img"') == 3  # national, North, London
    rows = table_rows(page, "team-load-table")
    assert rows[0] == ["Week of", "North", "London"]
    assert len(rows) == 1 + 40
    north, london = {}, {}
    for a in run.result["assessments"]:
        week = date.fromisoformat(a["onsite"]).strftime("%-d %b %Y")
        team = north if a["council"] in NORTH else london
        team[week] = team.get(week, 0) + 1
    for week, north_cell, london_cell in rows[1:]:
        assert north_cell == f"{north.get(week, 0)} of 1"
        assert london_cell == f"{london.get(week, 0)} of 1"
    assert sum(north.values()) == 5 and sum(london.values()) == 1

    book = load_workbook(io.BytesIO(client.get(f"/programme/runs/{run.pk}/plan.xlsx").content))
    sheet = book["Weekly load"]
    assert [c.value for c in sheet[1]][4:] == [
        "North: on-site visits",
        "North: capacity",
        "London: on-site visits",
        "London: capacity",
    ]
    assert sum(row[4] for row in sheet.iter_rows(min_row=2, values_only=True)) == 5


def test_a_week_over_a_teams_capacity_is_marked_in_its_chart_and_table(client, lead):
    run = team_run(lead)
    result = run.result
    north = [a for a in result["assessments"] if a["council"] in NORTH]
    north[1]["onsite"] = north[0]["onsite"]  # two North visits in one week: one too many
    PlanRun.objects.filter(pk=run.pk).update(result=result)
    page = client.get(reverse("programme:run", kwargs={"pk": run.pk})).content.decode()
    assert "capacity 1 a week, exceeded in 1 week." in page
    assert "capacity 1 a week, never exceeded." in page  # London
    week = date.fromisoformat(north[0]["onsite"]).strftime("%-d %b %Y")
    row = next(r for r in table_rows(page, "team-load-table") if r[0] == week)
    assert row[1] == "2 of 1 Over"
    assert "Over" not in row[2]


def test_a_plan_without_regional_teams_shows_the_national_load_only(client, lead):
    run = done_run(lead=lead)
    page = client.get(reverse("programme:run", kwargs={"pk": run.pk})).content.decode()
    assert 'id="load-table"' in page
    assert "regional team" not in page and 'id="team-load-table"' not in page


def test_a_visit_lasting_two_weeks_counts_in_both_weeks_of_its_team():
    document = {
        "start": "2026-01-05",
        "weeks": 4,
        "capacity_per_week": 2,
        "assessments": [
            {"council": "A", "region": "London", "onsite": "2026-01-12"},
            {"council": "B", "region": "London", "onsite": "2026-01-19"},
            {"council": "C", "region": "North West", "onsite": "2026-01-26"},
        ],
    }
    load = selectors.team_load(document, [Team("London", ("London",), 1)], onsite_weeks=2)
    (london,) = load["teams"]
    assert [w["visits"] for w in london["rows"]] == [0, 1, 2, 1]
    assert [w["over"] for w in london["rows"]] == [False, False, True, False]
    assert london["weeks_over"] == 1 and london["councils"] == 2
    assert [w["visits"] for w in selectors.weekly_load(document, onsite_weeks=2)["rows"]] == [
        0,
        1,
        2,
        2,
    ]
    assert selectors.team_load(document, []) is None


def test_a_week_the_input_closes_shows_its_own_capacity_nationally_and_for_each_team(client, lead):
    document = small_document()
    document["capacity"] = {
        "onsite_per_week": 2,
        "teams": TEAMS,
        "onsite_overrides": [
            {"start": "2026-03-30", "end": "2026-04-10", "onsite_per_week": 0, "reason": "Easter"}
        ],
    }
    doc = services.input_create(name="Easter", document=document, created_by=lead)
    run = services.plan_run_execute(
        run_id=services.plan_run_create(input_doc=doc, time_limit=2, created_by=lead).pk
    )
    page = client.get(reverse("programme:run", kwargs={"pk": run.pk})).content.decode()

    national = {r[0]: r[1:] for r in table_rows(page, "load-table")[1:]}
    assert national["30 Mar 2026"][1] == national["6 Apr 2026"][1] == "0"
    assert national["23 Mar 2026"][1] == national["13 Apr 2026"][1] == "2"
    assert national["30 Mar 2026"][0] == national["6 Apr 2026"][0] == "0"  # nobody on site
    assert "different in 2 weeks the input sets apart (such as Christmas)" in page
    teams = {r[0]: r[1:] for r in table_rows(page, "team-load-table")[1:]}
    assert teams["30 Mar 2026"] == ["0 of 0", "0 of 0"]
    assert teams["23 Mar 2026"][1].endswith("of 1")

    book = load_workbook(io.BytesIO(client.get(f"/programme/runs/{run.pk}/plan.xlsx").content))
    capacity = {
        row[1].date().isoformat(): (row[3], row[5], row[7])
        for row in book["Weekly load"].iter_rows(min_row=2, values_only=True)
    }
    assert capacity["2026-03-30"] == (0, 0, 0)
    assert capacity["2026-03-23"] == (2, 1, 1)


def test_the_plan_page_says_how_far_the_plan_may_be_from_the_best_possible(client, lead):
    run = done_run(lead=lead)
    total = run.result["objective"]["total"]
    assert run.result["status"] == "optimal"  # six councils, one a week: proven quickly

    page = client.get(reverse("programme:run", kwargs={"pk": run.pk})).content.decode()

    assert f"This plan costs {total} points" in page
    assert f"can cost less than {total}, so it is the best possible." in page


def test_a_plan_not_proven_best_shows_its_gap_to_the_bound():
    document = {"objective": {"total": 380, "best_bound": 347.0, "gap": 0.0868}}

    quality = selectors.plan_quality(document)

    # (380 - 347) / 380 = 8.68...%
    assert quality == {"total": 380, "bound": 347, "gap": "8.7", "best": False}
    assert selectors.plan_quality({"objective": {"total": None, "best_bound": None}}) is None


def test_a_moment_when_the_database_refuses_a_heartbeat_does_not_lose_the_run(lead, monkeypatch):
    refused = []
    update = QuerySet.update

    def busy_at_first(self, **fields):
        beat = "heartbeat_at" in fields and "started_at" not in fields  # not the claim
        if beat and len(refused) < 2 and self.model is PlanRun:
            refused.append(fields)
            raise OperationalError("database is locked")
        return update(self, **fields)

    def slow_solver(*args, on_solution, **kwargs):
        on_solution(0.1, 500.0)
        time.sleep(1.5)
        raise RuntimeError("no memory left")

    monkeypatch.setattr(QuerySet, "update", busy_at_first)
    monkeypatch.setattr(services, "solve", slow_solver)
    monkeypatch.setattr(services, "HEARTBEAT_SECONDS", 0.1)
    doc = services.input_create(name="Small", document=small_document(), created_by=lead)
    run = services.plan_run_create(input_doc=doc, time_limit=30, created_by=lead)

    run = services.plan_run_execute(run_id=run.pk)

    run.refresh_from_db()
    assert len(refused) == 2 and refused[0]["solutions"] == 1  # the progress write was refused
    assert run.status == "failed" and "no memory left" in run.error  # the run still ended
    assert run.heartbeat_at - run.started_at >= timedelta(seconds=1)  # later beats got through


def test_a_result_the_database_refuses_once_is_saved_on_the_next_try(lead, monkeypatch):
    save = PlanRun.save
    refused = []

    def busy_once(self, *args, **kwargs):
        if "finished_at" in (kwargs.get("update_fields") or []) and not refused:
            refused.append(self.status)
            raise OperationalError("database is locked")
        return save(self, *args, **kwargs)

    monkeypatch.setattr(PlanRun, "save", busy_once)
    monkeypatch.setattr(services, "FINISH_RETRY_SECONDS", 0.01)

    run = done_run(lead=lead)

    run.refresh_from_db()
    assert refused == ["done"]
    assert run.status == "done" and len(run.result["assessments"]) == 6
