"""The case list builder: import the case-system export, filter it, see the coverage, choose up
to 50 cases and submit them to the open assessment.

Only the council's editors open it (403 for a viewer, as for the case list itself: it holds
people's cases); nobody outside the council sees it (404).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ascassure.apps.casetracking.services import LIST_LOCKED as CASE_LIST_LOCKED
from ascassure.apps.casetracking.services import CaseListRefused
from ascassure.apps.councilspace import caselist_selectors as selectors
from ascassure.apps.councilspace import caselist_services as services
from ascassure.apps.councilspace.forms import (
    BuilderFilterForm,
    ChooseCasesForm,
    ExportForm,
    SubmitCasesForm,
)
from ascassure.apps.councilspace.models import CaseListDraft
from ascassure.apps.councilspace.selectors import Workspace
from ascassure.apps.councilspace.views._common import page_context, require_editor, workspace_page
from ascassure.domain.casebuilder import values_of

TAB = "case-list"
IR_ITEM_ANSWERED = (
    "The information return's case list item was answered with the same list and marked complete."
)
IR_ITEM_ALREADY_COMPLETE = (
    "The information return's case list item was already complete and was left as it was."
)


def _url(workspace: Workspace, query: list[tuple[str, str]] | None = None, anchor: str = "") -> str:
    url = reverse("councilspace:case-list-builder", args=[workspace.council.slug])
    if query:
        url += "?" + urlencode(query)
    return url + (f"#{anchor}" if anchor else "")


@dataclass(frozen=True)
class _Builder:
    draft: CaseListDraft | None
    destination: selectors.Destination | None
    filter_form: BuilderFilterForm | None = None
    page: selectors.BuilderPage | None = None


def _builder(workspace: Workspace, params) -> _Builder:
    """The draft, where it can go, and the filter the request asks for."""
    draft = selectors.case_list_draft(council=workspace.council)
    destination = selectors.destination(council=workspace.council)
    if draft is None:
        return _Builder(draft=None, destination=destination)
    criteria = selectors.criteria_for(assessment=destination.assessment if destination else None)
    cases = selectors.draft_records(draft)
    filter_form = BuilderFilterForm(
        params,
        criteria=[(c.key, c.title) for c in criteria],
        age_bands=values_of(cases, "age_band"),
        reasons=values_of(cases, "primary_support_reason"),
    )
    page = selectors.builder_page(
        draft=draft, wanted=filter_form.wanted(), criteria=criteria, cases=cases
    )
    return _Builder(draft=draft, destination=destination, filter_form=filter_form, page=page)


def _page(
    request: HttpRequest,
    workspace: Workspace,
    params,
    *,
    import_form: ExportForm | None = None,
    choose_form: ChooseCasesForm | None = None,
    submit_form: SubmitCasesForm | None = None,
    problems=(),
) -> HttpResponse:
    built = _builder(workspace, params)
    draft, destination, page = built.draft, built.destination, built.page
    context = {
        "draft": draft,
        "destination": destination,
        "case_list_locked": CASE_LIST_LOCKED,
        "problems": problems,
        "import_form": import_form
        or ExportForm(initial={"version": draft.version if draft else 0}),
    }
    if draft is not None and page is not None and built.filter_form is not None:
        choose_form = choose_form or ChooseCasesForm(
            shown=[c.case_id for c in page.shown], initial={"version": draft.version}
        )
        bound = choose_form.is_bound
        context.update(
            {
                "page": page,
                "filter_form": built.filter_form,
                "filter_query": built.filter_form.query(),
                "choose_form": choose_form,
                "ticked": set(choose_form["case_ids"].value() or []) if bound else page.chosen,
                "submit_form": submit_form
                or SubmitCasesForm(
                    initial={
                        "version": draft.version,
                        "list_version": destination.list_version if destination else 0,
                    }
                ),
            }
        )
    forms = {"import": import_form, "cases": choose_form, "submit": submit_form}
    failed = [(target, f) for target, f in forms.items() if f is not None and f.errors]
    context["error_form"] = failed[0][1] if failed else None
    context["error_target"] = failed[0][0] if failed else ""
    return render(
        request,
        "councilspace/case_list_builder.html",
        page_context(workspace, None, TAB, **context),
    )


@workspace_page
def case_list_builder(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    require_editor(workspace)
    return _page(request, workspace, request.GET)


@workspace_page
@require_POST
def case_list_builder_import(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    require_editor(workspace)
    form = ExportForm(request.POST, request.FILES)
    problems = ()
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            outcome = services.case_list_draft_import(
                council=workspace.council,
                data=upload.read(),
                filename=upload.name,
                by=request.user,
                expected_version=form.cleaned_data["version"] or 0,
            )
        except services.ExportRefused as refusal:
            problems = refusal.problems
            for reason in refusal.reasons:
                form.add_error("file", reason)
        except services.ServiceRefusal as refusal:
            for reason in refusal.reasons:
                form.add_error(None, reason)
        else:
            text = f"Export imported: {outcome.cases} case{'s' * (outcome.cases != 1)}."
            if outcome.rows_left_out:
                n = outcome.rows_left_out
                text += f" Rows left out because they could not be read: {n} (listed below)."
            if outcome.kept or outcome.dropped:
                text += f" {outcome.kept} of the cases you had chosen are still chosen."
            messages.success(request, text)
            return redirect(_url(workspace))
    return _page(request, workspace, request.GET, import_form=form, problems=problems)


@workspace_page
@require_POST
def case_list_builder_choose(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    """Save the ticks of the cases shown, choose every case the filter shows, or clear."""
    require_editor(workspace)
    built = _builder(workspace, request.POST)
    draft, page = built.draft, built.page
    if draft is None or page is None or built.filter_form is None:
        messages.error(request, services.NOTHING_IMPORTED)
        return redirect(_url(workspace))
    shown = [c.case_id for c in page.shown]
    form = ChooseCasesForm(request.POST, shown=shown)
    if form.is_valid():
        action = form.cleaned_data["action"] or "save"
        ticked = form.cleaned_data["case_ids"]
        if action == "all":
            change = {"add": [c.case_id for c in page.filtered]}
        elif action == "clear":
            change = {"remove": list(draft.chosen)}
        else:
            change = {"add": ticked, "remove": [i for i in shown if i not in ticked]}
        try:
            saved = services.case_list_draft_choose(
                council=workspace.council,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                **change,
            )
        except services.ServiceRefusal as refusal:
            for reason in refusal.reasons:
                form.add_error("case_ids" if reason != services.STALE_DRAFT else None, reason)
            if services.STALE_DRAFT in refusal.reasons:
                form.data = form.data.copy()
                form.data["version"] = str(draft.version)
        else:
            n = len(saved.chosen)
            messages.success(request, f"{n} of {page.list_size} cases chosen.")
            return redirect(_url(workspace, built.filter_form.query(), "cases"))
    return _page(request, workspace, request.POST, choose_form=form)


def _submitted_message(outcome: services.SubmitOutcome) -> str:
    n = outcome.case_list.cases.count()
    text = (
        f"Case list submitted to the assessment: {n} case{'s' * (n != 1)}. The assessment team "
        "can now choose its cases from it."
    )
    answer = outcome.information_return
    if answer.answered:
        text += " " + IR_ITEM_ANSWERED
    elif answer.already_complete:
        text += " " + IR_ITEM_ALREADY_COMPLETE
    return text


@workspace_page
@require_POST
def case_list_builder_submit(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    require_editor(workspace)
    form = SubmitCasesForm(request.POST)
    destination = selectors.destination(council=workspace.council)
    problems = ()
    if form.is_valid():
        if destination is None:
            form.add_error(None, services.NO_OPEN_ASSESSMENT)
        else:
            try:
                outcome = services.case_list_draft_submit_and_answer(
                    council=workspace.council,
                    assessment=destination.assessment,
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                    expected_list_version=form.cleaned_data["list_version"],
                    today=timezone.localdate(),
                )
            except CaseListRefused as refusal:
                problems = refusal.problems
                for reason in refusal.reasons:
                    form.add_error(None, reason)
            except services.ServiceRefusal as refusal:
                for reason in refusal.reasons:
                    form.add_error(None, reason)
            else:
                messages.success(request, _submitted_message(outcome))
                return redirect(_url(workspace))
    return _page(request, workspace, request.GET, submit_form=form, problems=problems)
