"""The evidence library and the improvement plan."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ascassure.apps.councilspace import documents, selectors, services, spreadsheets, uploads
from ascassure.apps.councilspace.forms import ActionForm, EvidenceForm
from ascassure.apps.councilspace.selectors import Workspace
from ascassure.apps.councilspace.views._common import (
    cached_body,
    current_self_assessment_for,
    page_context,
    require_editor,
    today,
    workspace_page,
)
from ascassure.domain.framework import load_framework
from ascassure.domain.selfassessment import ActionStatus, stale_before
from ascassure.files import FileKind


def _framework(workspace: Workspace):
    current = current_self_assessment_for(workspace)
    return current.framework if current else load_framework()


# --- evidence ---------------------------------------------------------------------------------


@workspace_page
def evidence_list(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    fw = _framework(workspace)
    qs_code = request.GET.get("qs", "")
    qs_code = qs_code if qs_code in fw.qs_codes else ""
    category = request.GET.get("category", "")
    category = category if category in {c.code for c in fw.used_categories} else ""
    stale_only = request.GET.get("stale") == "1"

    def build() -> dict:
        items = selectors.evidence_list(
            council=workspace.council,
            today=today(),
            qs_code=qs_code,
            category=category,
            stale_only=stale_only,
        )
        return {
            "items": items,
            "framework": fw,
            "categories": {c.code: c.title for c in fw.categories},
            "filters": {"qs": qs_code, "category": category, "stale": stale_only},
            "stale_before": stale_before(today()),
            "filtered": bool(qs_code or category or stale_only),
        }

    body = cached_body(request, workspace, "councilspace/_evidence_list_body.html", build)
    return render(
        request,
        "councilspace/evidence_list.html",
        page_context(workspace, None, "evidence", body=body),
    )


def _evidence_form_page(
    request: HttpRequest, workspace: Workspace, form: EvidenceForm, item=None
) -> HttpResponse:
    return render(
        request,
        "councilspace/evidence_form.html",
        page_context(workspace, None, "evidence", form=form, item=item),
    )


@workspace_page
def evidence_new(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    require_editor(workspace)
    fw = _framework(workspace)
    initial = {"qs_codes": [request.GET["qs"]]} if request.GET.get("qs") in fw.qs_codes else {}
    form = EvidenceForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        framework=fw,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = services.evidence_item_create(
                council=workspace.council,
                data=form.data_object(),
                by=request.user,
                upload=form.cleaned_data.get("file"),
            )
        except services.UploadProblem as refusal:
            form.add_error("file", " ".join(refusal.reasons))
        else:
            messages.success(request, f"“{item.title}” added to the evidence library.")
            return redirect("councilspace:evidence-item", slug=workspace.council.slug, pk=item.pk)
    return _evidence_form_page(request, workspace, form)


@workspace_page
def evidence_item(request: HttpRequest, workspace: Workspace, pk: int) -> HttpResponse:
    item = selectors.evidence_item_get(council=workspace.council, pk=pk, today=today())
    fw = _framework(workspace)
    return render(
        request,
        "councilspace/evidence_item.html",
        page_context(
            workspace,
            None,
            "evidence",
            item=item,
            category=next((c.title for c in fw.categories if c.code == item.category), ""),
            statements=[fw.statement(code) for code in item.qs_codes if code in fw.qs_codes],
        ),
    )


@workspace_page
def evidence_edit(request: HttpRequest, workspace: Workspace, pk: int) -> HttpResponse:
    require_editor(workspace)
    item = selectors.evidence_item_get(council=workspace.council, pk=pk, today=today())
    fw = _framework(workspace)
    initial = {
        "title": item.title,
        "kind": item.kind,
        "category": item.category,
        "qs_codes": item.qs_codes,
        "owner": item.owner,
        "evidence_date": item.evidence_date,
        "description": item.description,
        "link": item.link,
        "version": item.version,
    }
    form = EvidenceForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        framework=fw,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_item_update(
                item=item,
                data=form.data_object(),
                by=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                upload=form.cleaned_data.get("file"),
            )
        except services.UploadProblem as refusal:
            form.add_error("file", " ".join(refusal.reasons))
        except services.ServiceRefusal as refusal:
            form.add_error(None, " ".join(refusal.reasons))
        else:
            messages.success(request, "Evidence saved.")
            return redirect("councilspace:evidence-item", slug=workspace.council.slug, pk=item.pk)
    if item.has_file:
        form.fields["file"].label = "Replace the file (optional)"
    return _evidence_form_page(request, workspace, form, item)


@workspace_page
def evidence_download(request: HttpRequest, workspace: Workspace, pk: int) -> FileResponse:
    item = selectors.evidence_item_get(council=workspace.council, pk=pk, today=today())
    if not item.has_file:
        raise Http404(selectors.NOT_FOUND)
    path = uploads.stored_path(workspace.council.ons_code, item.file_sha256)
    if not path.exists():
        raise Http404(selectors.NOT_FOUND)
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=item.file_name,
        content_type=FileKind(item.file_type).mime,
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- improvement plan -------------------------------------------------------------------------


@workspace_page
def plan(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    fw = _framework(workspace)
    qs_code = request.GET.get("qs", "")
    qs_code = qs_code if qs_code in fw.qs_codes else ""
    status = request.GET.get("status", "")
    status = status if status in {s.value for s in ActionStatus} else ""

    def build() -> dict:
        actions = selectors.actions_list(
            council=workspace.council, today=today(), qs_code=qs_code, status=status
        )
        current = selectors.current_self_assessment(council=workspace.council)
        return {
            "actions": actions,
            "overdue": [a for a in actions if a.overdue],
            "open_areas": (
                selectors.areas_without_action(self_assessment=current) if current else []
            ),
            "framework": fw,
            "statuses": list(ActionStatus),
            "filters": {"qs": qs_code, "status": status},
        }

    body = cached_body(request, workspace, "councilspace/_plan_body.html", build)
    return render(
        request, "councilspace/plan.html", page_context(workspace, None, "plan", body=body)
    )


def _action_form_page(request, workspace, form, action=None) -> HttpResponse:
    return render(
        request,
        "councilspace/action_form.html",
        page_context(workspace, None, "plan", form=form, action=action),
    )


@workspace_page
def action_new(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    require_editor(workspace)
    fw = _framework(workspace)
    initial = {
        "qs_code": request.GET.get("qs", "") if request.GET.get("qs") in fw.qs_codes else "",
        "source_area": request.GET.get("area", "")[:2000],
        "title": request.GET.get("area", "")[:200],
        "status": ActionStatus.NOT_STARTED.value,
    }
    form = ActionForm(
        request.POST if request.method == "POST" else None, framework=fw, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        action = services.action_create(
            council=workspace.council,
            data=form.data_object(),
            by=request.user,
            self_assessment=selectors.current_self_assessment(council=workspace.council),
        )
        messages.success(request, f"Action “{action.title}” added to the plan.")
        return redirect("councilspace:plan", slug=workspace.council.slug)
    return _action_form_page(request, workspace, form)


@workspace_page
def action_edit(request: HttpRequest, workspace: Workspace, pk: int) -> HttpResponse:
    require_editor(workspace)
    action = selectors.action_get(council=workspace.council, pk=pk)
    fw = _framework(workspace)
    initial = {
        "title": action.title,
        "qs_code": action.qs_code,
        "source_area": action.source_area,
        "detail": action.detail,
        "owner": action.owner,
        "due_date": action.due_date,
        "status": action.status,
        "version": action.version,
    }
    form = ActionForm(
        request.POST if request.method == "POST" else None, framework=fw, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                action=action,
                data=form.data_object(),
                by=request.user,
                expected_version=form.cleaned_data["version"] or 0,
            )
        except services.ServiceRefusal as refusal:
            form.add_error(None, " ".join(refusal.reasons))
        else:
            messages.success(request, "Action saved.")
            return redirect("councilspace:plan", slug=workspace.council.slug)
    return _action_form_page(request, workspace, form, action)


@workspace_page
def plan_xlsx(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    actions = selectors.actions_list(council=workspace.council, today=today())
    data = spreadsheets.plan_xlsx(
        council=workspace.council, actions=actions, framework=_framework(workspace), today=today()
    )
    return documents.download(
        data, f"{workspace.council.slug}-improvement-plan-{today():%Y-%m-%d}.xlsx", "xlsx"
    )
