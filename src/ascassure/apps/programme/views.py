from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render

from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.programme import selectors, services
from ascassure.apps.programme.forms import InputForm, RunForm
from ascassure.apps.programme.models import PlanRun, ProgrammeInputDoc
from ascassure.apps.programme.tasks import plan_run_task
from ascassure.domain.programme import (
    InputError,
    ProgrammeInput,
    example_document,
    parse_input,
    weekly_onsite_capacity,
)

PLANNER_ROLES = {BodyRole.NATIONAL_LEAD, BodyRole.ADMINISTRATOR}


def planners_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.body_role not in PLANNER_ROLES:
            raise PermissionDenied("Programme planning is for the national programme lead.")
        return view(request, *args, **kwargs)

    return wrapped


@planners_only
def index(request: HttpRequest) -> HttpResponse:
    services.plan_runs_stop_abandoned()
    inputs = ProgrammeInputDoc.objects.select_related("created_by").defer("document")
    runs = PlanRun.objects.select_related("input").defer("result", "input__document")[:50]
    return render(request, "programme/index.html", {"inputs": inputs, "runs": runs})


@planners_only
def input_new(request: HttpRequest) -> HttpResponse:
    form = InputForm(
        request.POST or None,
        initial={
            "name": "National programme",
            "document": json.dumps(example_document(), indent=2),
        },
    )
    if request.method == "POST" and form.is_valid():
        doc = services.input_create(
            name=form.cleaned_data["name"],
            document=form.cleaned_data["document"],
            created_by=request.user,
        )
        messages.success(request, "Input saved. Run the scheduler on it.")
        return redirect("programme:input", pk=doc.pk)
    return render(request, "programme/input_new.html", {"form": form})


@planners_only
def input_detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_object_or_404(ProgrammeInputDoc, pk=pk)
    services.plan_runs_stop_abandoned()
    form = RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        run = services.plan_run_create(
            input_doc=doc, time_limit=form.cleaned_data["time_limit"], created_by=request.user
        )
        plan_run_task.enqueue(run.pk)
        return redirect("programme:run", pk=run.pk)
    document = doc.document
    councils = document.get("councils", "all")
    context = {
        "doc": doc,
        "form": form,
        "text": json.dumps(document, indent=2),
        "councils": "all 153" if councils == "all" else len(councils),
        "runs": doc.runs.defer("result"),
    }
    return render(request, "programme/input_detail.html", context)


def _run(pk: int) -> PlanRun:
    return get_object_or_404(PlanRun.objects.select_related("input", "created_by"), pk=pk)


@planners_only
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    services.plan_runs_stop_abandoned()
    run = _run(pk)
    context: dict[str, Any] = {"run": run}
    if run.status == "done" and run.result:
        document = run.result
        inputs = _inputs_of(run)
        teams = inputs.capacity.teams if inputs else ()
        span = inputs.timing.onsite_weeks if inputs else 1
        national = weekly_onsite_capacity(inputs) if inputs else None
        context.update(
            {
                "plan": document,
                "quality": selectors.plan_quality(document),
                "rows": selectors.plan_rows(document),
                "load": selectors.weekly_load(document, onsite_weeks=span, national=national),
                "team_load": selectors.team_load(
                    document, teams, onsite_weeks=span, national=national
                ),
                "calendar": selectors.calendar_by_region(document),
                "adoption": run.adoptions.select_related("by").first(),
            }
        )
    return render(request, "programme/run.html", context)


@planners_only
def run_status(request: HttpRequest, pk: int) -> JsonResponse:
    """What the run page shows while it waits: it asks for this every second or two."""
    services.plan_runs_stop_abandoned()
    run = get_object_or_404(PlanRun.objects.only("status", "progress", "solutions"), pk=pk)
    return JsonResponse(
        {
            "status": run.status,
            "status_label": run.get_status_display(),
            "progress": run.progress,
            "solutions": run.solutions,
            "finished": run.finished,
        }
    )


def _inputs_of(run: PlanRun) -> ProgrammeInput | None:
    """The run's input as the scheduler read it (its regional teams, how long a visit
    lasts); None if it no longer reads, so the plan is still shown without them."""
    try:
        return parse_input(run.input.document)
    except InputError:
        return None


def _plan_or_404(pk: int) -> PlanRun:
    run = _run(pk)
    if not run.has_plan:
        raise Http404("This run has no plan.")
    return run


@planners_only
def run_csv(request: HttpRequest, pk: int) -> HttpResponse:
    run = _plan_or_404(pk)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([label for _, label in selectors.EXPORT_COLUMNS])
    for row in selectors.plan_rows(run.result):
        writer.writerow([row.get(key, "") for key, _ in selectors.EXPORT_COLUMNS])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="programme-plan-{run.pk}.csv"'
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@planners_only
def run_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    from openpyxl import Workbook

    run = _plan_or_404(pk)
    book = Workbook()
    sheet = book.active
    sheet.title = "Plan"
    sheet.append([label for _, label in selectors.EXPORT_COLUMNS])
    dates = {"notification", "onsite", "publication"}
    for row in selectors.plan_rows(run.result):
        sheet.append(
            [
                row[f"{key}_date"] if key in dates else row.get(key)
                for key, _ in selectors.EXPORT_COLUMNS
            ]
        )
    for cells in sheet.iter_cols(min_col=6, max_col=8, min_row=2):
        for cell in cells:
            cell.number_format = "yyyy-mm-dd"
    load = book.create_sheet("Weekly load")
    inputs = _inputs_of(run)
    span = inputs.timing.onsite_weeks if inputs else 1
    capacities = weekly_onsite_capacity(inputs) if inputs else None
    national = selectors.weekly_load(run.result, onsite_weeks=span, national=capacities)
    teams = selectors.team_load(
        run.result,
        inputs.capacity.teams if inputs else (),
        onsite_weeks=span,
        national=capacities,
    )
    header = ["Week", "Monday", "On-site visits", "Capacity"]
    for team in teams["teams"] if teams else []:
        header += [f"{team['name']}: on-site visits", f"{team['name']}: capacity"]
    load.append(header)
    for i, week in enumerate(national["rows"]):
        line = [week["week"], week["monday"], week["visits"], week["capacity"]]
        for cell in teams["weeks"][i]["cells"] if teams else []:
            line += [cell["visits"], cell["capacity"]]
        load.append(line)
    for cells in load.iter_cols(min_col=2, max_col=2, min_row=2):
        for cell in cells:
            cell.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="programme-plan-{run.pk}.xlsx"'
    return response


@planners_only
def run_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    run = _plan_or_404(pk)
    if request.method == "POST":
        try:
            adoption = services.plan_adopt(run=run, by=request.user)
        except services.AdoptionRefused as refused:
            messages.error(request, str(refused))
            return redirect("programme:run-adopt", pk=run.pk)
        messages.success(
            request,
            f"Plan adopted: {adoption.count} planned assessment"
            f"{'s' if adoption.count != 1 else ''} created.",
        )
        return redirect("programme:run-adopt", pk=run.pk)
    adoption = run.adoptions.select_related("by").first()
    preview = None if adoption else services.adoption_preview(run=run)
    return render(
        request,
        "programme/adopt.html",
        {"run": run, "adoption": adoption, "preview": preview},
    )
