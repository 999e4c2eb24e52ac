"""Inputs, runs and adoption of a national programme plan."""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone

from ascassure.apps.accounts.models import User
from ascassure.apps.assessments.models import Assessment, AssessmentKind
from ascassure.apps.assessments.services import assessment_create
from ascassure.apps.councils.models import Council
from ascassure.apps.programme.models import Adoption, PlanRun, ProgrammeInputDoc, RunStatus
from ascassure.domain.framework import DEFAULT_VERSION
from ascassure.domain.lifecycle import Stage
from ascassure.domain.programme import InputError, parse_input, plan_document, solve

logger = logging.getLogger(__name__)

MAX_TIME_LIMIT = 300
HEARTBEAT_SECONDS = 5.0
"""How often a running run tells the database it is still alive, plans found or not."""
FINISH_ATTEMPTS = 5  # tries to save a run's result before giving up
FINISH_RETRY_SECONDS = 2.0
SILENT_FOR = timedelta(minutes=2)
"""A running run silent for this long has lost its worker (the worker writes every few
seconds for as long as the solver runs, whatever the time limit)."""
STOPPED_PROGRESS = "the worker ended without finishing. No plan was saved."
_FINAL_STAGES = [s.value for s in Stage if s.is_final]


def input_parse_text(text: str) -> dict[str, Any]:
    """The decoded, validated document; :class:`InputError` names the field at fault."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError("(document)", f"not valid JSON: {error}") from None
    parse_input(data)
    return data


def input_create(
    *, name: str, document: dict[str, Any], created_by: User | None
) -> ProgrammeInputDoc:
    parse_input(document)
    return ProgrammeInputDoc.objects.create(name=name, document=document, created_by=created_by)


def plan_run_create(
    *, input_doc: ProgrammeInputDoc, time_limit: int, created_by: User | None
) -> PlanRun:
    if not 1 <= time_limit <= MAX_TIME_LIMIT:
        raise ValueError(f"The time limit must be between 1 and {MAX_TIME_LIMIT} seconds.")
    return PlanRun.objects.create(
        input=input_doc,
        input_version=input_doc.version,
        time_limit=time_limit,
        created_by=created_by,
        progress="Waiting for the task worker.",
    )


class _Progress:
    """Shared between the solver's callback (any thread) and the task's thread (database)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.solutions = 0
        self.best: float | None = None
        self.seconds = 0.0
        self.changed = False

    def __call__(self, seconds: float, objective: float) -> None:
        with self.lock:
            self.solutions += 1
            self.best = objective if self.best is None else min(self.best, objective)
            self.seconds = seconds
            self.changed = True

    def take(self) -> tuple[int, float | None, float] | None:
        with self.lock:
            if not self.changed:
                return None
            self.changed = False
            return self.solutions, self.best, self.seconds

    def again(self) -> None:
        """What was taken could not be saved: offer the latest again at the next take."""
        with self.lock:
            self.changed = True


def plan_runs_stop_abandoned(*, now: datetime | None = None) -> int:
    """Runs still marked running whose worker has said nothing for :data:`SILENT_FOR` (it was
    stopped or died) are marked stopped, so that the page says so and they can be started
    again. Called by the pages that show runs and by the worker before each run; returns how
    many were stopped, in one query."""
    now = now or timezone.now()
    cutoff = now - SILENT_FOR
    silent = PlanRun.objects.filter(status=RunStatus.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    )
    stopped = silent.update(
        status=RunStatus.STOPPED,
        progress=STOPPED_PROGRESS,
        error="The worker ended without finishing the run.",
        finished_at=now,
    )
    if stopped:
        logger.warning("%s programme run(s) marked stopped: no word from the worker", stopped)
    return stopped


def plan_run_execute(*, run_id: int) -> PlanRun:
    """Run the scheduler for a queued run, writing progress as plans are found and a
    heartbeat every few seconds. Never raises for a bad input or a solver failure: the run's
    status and error say what happened. Running it twice does nothing."""
    plan_runs_stop_abandoned()
    now = timezone.now()
    claimed = PlanRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING,
        started_at=now,
        heartbeat_at=now,
        progress="Starting the solver.",
    )
    run = PlanRun.objects.select_related("input").get(pk=run_id)
    if not claimed:
        return run
    try:
        inputs = parse_input(run.input.document)
    except InputError as error:
        return _finish(run, RunStatus.FAILED, error=f"The input is not valid: {error}")

    progress = _Progress()
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["result"] = solve(
                inputs, time_limit=float(run.time_limit), workers=2, on_solution=progress
            )
        except Exception as error:  # reported on the run page
            logger.exception("programme run %s failed", run_id)
            outcome["error"] = error

    thread = threading.Thread(target=work, name=f"programme-run-{run_id}", daemon=True)
    thread.start()
    running = PlanRun.objects.filter(pk=run_id, status=RunStatus.RUNNING)
    last_beat = time.monotonic()
    while thread.is_alive():
        thread.join(0.5)
        seen = progress.take()
        if seen is not None:
            solutions, best, seconds = seen
            fields: dict[str, Any] = {
                "solutions": solutions,
                "best_objective": None if best is None else round(best),
                "progress": f"{solutions} plan{'s' if solutions != 1 else ''} found in "
                f"{seconds:.0f} s; best objective so far {best:,.0f}.",
            }
        elif time.monotonic() - last_beat >= HEARTBEAT_SECONDS:
            fields = {}
        else:
            continue
        try:
            running.update(heartbeat_at=timezone.now(), **fields)
        except DatabaseError:  # e.g. the database busy for a moment: the search goes on
            logger.warning("programme run %s: progress not saved; trying again", run_id)
            if seen is not None:
                progress.again()
            continue
        last_beat = time.monotonic()
    if "error" in outcome:
        return _finish(run, RunStatus.FAILED, error=f"The solver stopped: {outcome['error']}")
    result = outcome["result"]
    document = plan_document(result, inputs)
    run.solutions = result.stats.solutions
    run.best_objective = result.total
    found = result.stats.solutions
    return _finish(
        run,
        RunStatus.DONE,
        result=document,
        progress=f"{result.status}, {found} plan{'s' if found != 1 else ''} found.",
    )


def _finish(
    run: PlanRun,
    status: str,
    *,
    error: str = "",
    result: dict[str, Any] | None = None,
    progress: str = "",
) -> PlanRun:
    run.status = status
    run.error = error
    run.result = result
    run.progress = progress or error
    run.finished_at = timezone.now()
    fields = ["status", "error", "result", "progress", "finished_at", "solutions", "best_objective"]
    for attempt in range(1, FINISH_ATTEMPTS + 1):
        try:
            run.save(update_fields=fields)
            break
        except DatabaseError:  # a busy database: the result is worth a few more tries
            if attempt == FINISH_ATTEMPTS:
                raise
            logger.warning("programme run %s: result not saved (try %s); retrying", run.pk, attempt)
            time.sleep(FINISH_RETRY_SECONDS)
    return run


class AdoptionRefused(Exception):
    pass


@dataclass(frozen=True)
class AdoptionPreview:
    to_create: list[dict[str, Any]]
    skipped: list[dict[str, str]]


def adoption_preview(*, run: PlanRun) -> AdoptionPreview:
    """Which councils get a planned assessment, and which are skipped and why."""
    rows = (run.result or {}).get("assessments", [])
    codes = [r["council"] for r in rows]
    known = set(Council.objects.filter(ons_code__in=codes).values_list("ons_code", flat=True))
    open_stages = dict(
        Assessment.objects.filter(council__ons_code__in=codes)
        .exclude(stage__in=_FINAL_STAGES)
        .values_list("council__ons_code", "stage")
    )
    to_create, skipped = [], []
    for row in rows:
        code = row["council"]
        if code not in known:
            skipped.append({"council": code, "name": row["name"], "reason": "Not in the register"})
        elif code in open_stages:
            stage = Stage(open_stages[code]).label
            skipped.append(
                {
                    "council": code,
                    "name": row["name"],
                    "reason": f"Already has an assessment in progress ({stage})",
                }
            )
        else:
            to_create.append(row)
    return AdoptionPreview(to_create=to_create, skipped=skipped)


@transaction.atomic
def plan_adopt(*, run: PlanRun, by: User) -> Adoption:
    """One planned assessment per council with the plan's notification date; councils with an
    assessment that is neither published nor withdrawn are skipped. A run is adopted once."""
    run = PlanRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.DONE or not run.has_plan:
        raise AdoptionRefused("This run has no plan to adopt.")
    earlier = run.adoptions.first()
    if earlier is not None:
        raise AdoptionRefused(
            f"This plan was adopted on {timezone.localtime(earlier.at):%d %B %Y at %H:%M}."
        )
    preview = adoption_preview(run=run)
    councils = Council.objects.in_bulk(
        [r["council"] for r in preview.to_create], field_name="ons_code"
    )
    assessed = set(
        Assessment.objects.filter(
            council__in=councils.values(), stage=Stage.PUBLISHED.value
        ).values_list("council_id", flat=True)
    )
    for row in preview.to_create:
        council = councils[row["council"]]
        assessment_create(
            council=council,
            kind=AssessmentKind.REASSESSMENT if council.pk in assessed else AssessmentKind.BASELINE,
            framework_version=DEFAULT_VERSION,
            notification_date=date.fromisoformat(row["notification"]),
            created_by=by,
        )
    return Adoption.objects.create(
        run=run, by=by, count=len(preview.to_create), skipped=preview.skipped
    )
