"""Pages of the information return: the team's tab and the council's side, and the download.

Thin: each view finds what the person may see through a selector (404 otherwise), checks who
may change it (403), validates a form, calls one service, and renders or redirects.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from ascassure.apps.assessments.models import Assessment
from ascassure.apps.assessments.selectors import (
    assessment_for_council_user,
    assessment_for_team,
    is_council_editor,
)
from ascassure.apps.assessments.views import assessment_context, can_manage
from ascassure.apps.councilspace.selectors import self_assessment_for_assessing_body
from ascassure.apps.inforeturn import selectors, services, storage
from ascassure.apps.inforeturn.forms import (
    AnswerForm,
    CompleteForm,
    DueDateForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    IssueForm,
    ItemAddForm,
    UploadForm,
)
from ascassure.apps.inforeturn.models import ExtensionStatus, IRItem, ItemKind
from ascassure.apps.web.feedback import show_refusal
from ascassure.domain import inforeturn as domain
from ascassure.domain.lifecycle import Stage

TAB = "inforeturn:overview"

# Which field a refusal belongs to, so the error summary links to it.
REFUSAL_FIELDS = {
    services.DUE_CHANGE_NEEDS_REASON: "reason",
    services.DUE_DATE_BEFORE_SENT: "due_date",
    services.POINTER_NEEDS_DOCUMENT: "document",
    services.POINTER_NEEDS_SECTION: "section",
    services.NOT_HELD_NEEDS_NOTE: "note",
    domain.EXTENSION_NEEDS_REASON: "reason",
    domain.EXTENSION_DATE_NOT_LATER: "requested_due",
    domain.GRANTED_DATE_NOT_LATER: "new_due",
    domain.REFUSAL_NEEDS_REASON: "reason",
}


def _add_refusal(form, refusal: services.ServiceRefusal, *, latest_version: int | None = None):
    """Put a service's refusal on the form; a stale form gets the latest version to retry."""
    for reason in refusal.reasons:
        field = REFUSAL_FIELDS.get(reason)
        form.add_error(field if field in form.fields else None, reason)
    if latest_version is not None and "version" in form.fields:
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = str(latest_version)


def _require_manager(request: HttpRequest, assessment: Assessment) -> None:
    if not can_manage(request.user, assessment):
        raise PermissionDenied("Only the lead inspector changes the information return.")


def _require_editor(request: HttpRequest, assessment: Assessment) -> None:
    if not is_council_editor(user=request.user, assessment=assessment):
        raise PermissionDenied("Only the council's editors change the information return.")


def _today():
    return timezone.localdate()


# --- the team -------------------------------------------------------------------------------


@login_required
@require_GET
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for_team(user=request.user, pk=pk)
    qs = request.GET.get("qs", "")
    status = request.GET.get("status", "")
    if status not in selectors.STATUS_FILTERS:
        status = ""
    data = selectors.ir_overview(assessment=assessment, today=_today(), qs=qs, status=status)
    if qs and qs not in data.qs_codes:
        qs = ""
        data = selectors.ir_overview(assessment=assessment, today=_today(), status=status)
    context = assessment_context(request, assessment, TAB)
    context.update(
        {
            "overview": data,
            "ir": data.request,
            "filter_qs": qs,
            "filter_status": status,
            "status_filters": selectors.STATUS_FILTERS,
            "filtered": bool(qs or status),
            "can_issue": Stage(assessment.stage) not in (Stage.PLANNED,)
            and not Stage(assessment.stage).is_final,
            "submitted_version": self_assessment_for_assessing_body(assessment=assessment)
            if data.request is not None
            else None,
        }
    )
    return render(request, "inforeturn/team_overview.html", context)


@login_required
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for_team(user=request.user, pk=pk)
    _require_manager(request, assessment)
    if selectors.ir_request_for(assessment=assessment) is not None:
        messages.error(request, services.ALREADY_ISSUED)
        return redirect(TAB, pk=pk)
    name = request.POST.get("template") or request.GET.get("template") or "default"
    if name not in domain.available_templates():
        name = "default"
    template = domain.load_template(name)
    today = _today()
    if request.method == "POST":
        form = IssueForm(request.POST, template=template)
    else:
        form = IssueForm(
            initial={
                "template": name,
                "sent": today,
                "items": [item.key for item in template.items],
            },
            template=template,
        )
    if request.method == "POST" and form.is_valid():
        try:
            ir = services.ir_request_issue(
                assessment=assessment,
                template=form.cleaned_data["template"],
                sent=form.cleaned_data["sent"],
                keys=form.cleaned_data["items"],
                by=request.user,
                today=today,
            )
        except services.ServiceRefusal as refusal:
            _add_refusal(form, refusal)
        else:
            messages.success(request, f"Information return request sent: {ir.items.count()} items.")
            return redirect(TAB, pk=pk)
    sent = (form.cleaned_data.get("sent") if form.is_bound else None) or today
    selected = set(form["items"].value() or [])
    rows = [
        {
            "id": f"id_items_{index}",
            "key": item.key,
            "title": item.title,
            "checked": item.key in selected,
            "hint": f"{item.kind.value.capitalize()}, informs {', '.join(item.qs_codes)}. "
            f"Due {item.due:%-d %b %Y}.",
        }
        for index, item in enumerate(domain.build_request(template, sent=sent))
    ]
    context = assessment_context(request, assessment, TAB)
    context.update(
        {
            "form": form,
            "template": template,
            "item_rows": rows,
            "preview_sent": sent,
            "stage_notified": assessment.stage == Stage.NOTIFIED,
        }
    )
    return render(request, "inforeturn/team_issue.html", context)


@login_required
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for_team(user=request.user, pk=pk)
    _require_manager(request, assessment)
    ir = selectors.ir_request_for(assessment=assessment)
    if ir is None:
        raise Http404("The request has not been sent yet.")
    form = ItemAddForm(request.POST or None, framework_version=assessment.framework_version)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.ir_item_add(
                request=ir,
                title=data["title"],
                description=data["description"],
                kind=data["kind"],
                qs_codes=data["qs_codes"],
                due_date=data["due_date"],
                by=request.user,
            )
        except services.ServiceRefusal as refusal:
            _add_refusal(form, refusal)
        else:
            messages.success(request, f"Item added: {item.title}.")
            return redirect(TAB, pk=pk)
    context = assessment_context(request, assessment, TAB)
    context["form"] = form
    return render(request, "inforeturn/team_item_add.html", context)


def _team_item_page(request: HttpRequest, item: IRItem, due_form=None, status=200):
    assessment = item.request.assessment
    context = assessment_context(request, assessment, TAB)
    context.update(selectors.ir_item_detail(item=item))
    context.update(
        {
            "item": item,
            "overdue": item.is_overdue(_today()),
            "due_form": due_form
            or DueDateForm(
                prefix="due", initial={"due_date": item.due_date, "version": item.version}
            ),
        }
    )
    return render(request, "inforeturn/team_item.html", context, status=status)


@login_required
@require_GET
def team_item(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    item = selectors.ir_item_for_team(user=request.user, pk=pk, item_id=item_id)
    return _team_item_page(request, item)


@login_required
@require_POST
def item_due_date(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    item = selectors.ir_item_for_team(user=request.user, pk=pk, item_id=item_id)
    _require_manager(request, item.request.assessment)
    form = DueDateForm(request.POST, prefix="due")
    if form.is_valid():
        try:
            services.ir_item_due_date_set(
                item=item,
                due_date=form.cleaned_data["due_date"],
                reason=form.cleaned_data["reason"],
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except services.ServiceRefusal as refusal:
            item = selectors.ir_item_for_team(user=request.user, pk=pk, item_id=item_id)
            _add_refusal(form, refusal, latest_version=item.version)
        else:
            messages.success(request, f"Due date of {item.title} changed.")
            return redirect("inforeturn:item", pk=pk, item_id=item.pk)
    return _team_item_page(request, item, due_form=form)


@login_required
@require_POST
def item_remove(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    item = selectors.ir_item_for_team(user=request.user, pk=pk, item_id=item_id)
    _require_manager(request, item.request.assessment)
    version = _posted_version(request)
    try:
        services.ir_item_remove(item=item, by=request.user, expected_version=version)
    except services.ServiceRefusal as refusal:
        show_refusal(request, refusal)
        return redirect("inforeturn:item", pk=pk, item_id=item.pk)
    messages.success(request, f"Item removed: {item.title}.")
    return redirect(TAB, pk=pk)


@login_required
def extension_decide(request: HttpRequest, pk: int, extension_id: int) -> HttpResponse:
    extension = selectors.ir_extension_for_team(user=request.user, pk=pk, extension_id=extension_id)
    assessment = extension.item.request.assessment
    _require_manager(request, assessment)
    form = ExtensionDecisionForm(request.POST or None, initial={"new_due": extension.requested_due})
    if request.method == "POST" and extension.status != ExtensionStatus.PENDING:
        form.is_valid()
        form.add_error(None, services.EXTENSION_ALREADY_DECIDED)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decided = services.ir_extension_decide(
                extension=extension,
                grant=data["decision"] == "grant",
                new_due=data["new_due"],
                reason=data["reason"],
                by=request.user,
            )
        except services.ServiceRefusal as refusal:
            _add_refusal(form, refusal)
        else:
            messages.success(
                request,
                f"Extension {decided.get_status_display().lower()} for {extension.item.title}.",
            )
            return redirect(TAB, pk=pk)
    context = assessment_context(request, assessment, TAB)
    context.update({"form": form, "extension": extension, "item": extension.item})
    return render(request, "inforeturn/extension_decide.html", context)


# --- the council ----------------------------------------------------------------------------


@login_required
@require_GET
def council_overview(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for_council_user(user=request.user, pk=pk)
    data = selectors.ir_overview(assessment=assessment, today=_today())
    return render(
        request,
        "inforeturn/council_overview.html",
        {
            "assessment": assessment,
            "overview": data,
            "ir": data.request,
            "can_edit": is_council_editor(user=request.user, assessment=assessment),
        },
    )


def _council_item_page(request: HttpRequest, item: IRItem, status: int = 200, **forms):
    detail = selectors.ir_item_detail(item=item)
    initial = {"version": item.version}
    can_edit = is_council_editor(user=request.user, assessment=item.request.assessment)
    context = {
        "assessment": item.request.assessment,
        "item": item,
        "overdue": item.is_overdue(_today()),
        "can_edit": can_edit,
        "can_edit_answers": can_edit and not item.is_complete,
        "upload_form": forms.get("upload_form") or UploadForm(prefix="upload", initial=initial),
        "answer_form": forms.get("answer_form")
        or AnswerForm(
            prefix="answer",
            pointable=detail["pointable"],
            initial={
                **initial,
                "link": item.link,
                "document": item.pointer_upload_id or "",
                "section": item.pointer_section,
            },
        ),
        "complete_form": forms.get("complete_form")
        or CompleteForm(prefix="complete", initial={**initial, "note": item.council_note}),
        **detail,
    }
    if item.kind == ItemKind.SELF_ASSESSMENT:
        context["submitted_version"] = self_assessment_for_assessing_body(
            assessment=item.request.assessment
        )
    context["error_form"] = next((f for f in forms.values() if f is not None and f.errors), None)
    return render(request, "inforeturn/council_item.html", context, status=status)


def _council_item_for_edit(request: HttpRequest, pk: int, item_id: int) -> IRItem:
    item = selectors.ir_item_for_council_user(user=request.user, pk=pk, item_id=item_id)
    _require_editor(request, item.request.assessment)
    return item


def _refetch(request: HttpRequest, pk: int, item_id: int) -> IRItem:
    return selectors.ir_item_for_council_user(user=request.user, pk=pk, item_id=item_id)


@login_required
@require_GET
def council_item(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    item = selectors.ir_item_for_council_user(user=request.user, pk=pk, item_id=item_id)
    return _council_item_page(request, item)


@login_required
@require_POST
def council_upload(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    item = _council_item_for_edit(request, pk, item_id)
    form = UploadForm(request.POST, request.FILES, prefix="upload")
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            stored = services.ir_upload_store(
                item=item,
                upload=upload,
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except services.ServiceRefusal as refusal:
            item = _refetch(request, pk, item_id)
            form.add_error("file", " ".join(refusal.reasons))
            form.data = form.data.copy()
            form.data[form.add_prefix("version")] = str(item.version)
        else:
            messages.success(request, f"{stored.original_name} uploaded.")
            return redirect("inforeturn:council-item", pk=pk, item_id=item.pk)
    return _council_item_page(request, item, upload_form=form)


@login_required
@require_POST
def council_answer(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    item = _council_item_for_edit(request, pk, item_id)
    pointable = list(selectors.ir_pointable_uploads(item=item))
    form = AnswerForm(request.POST, prefix="answer", pointable=pointable)
    if form.is_valid():
        try:
            services.ir_item_answer(
                item=item,
                link=form.cleaned_data["link"],
                pointer_upload=form.pointer_upload(),
                pointer_section=form.cleaned_data["section"],
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except services.ServiceRefusal as refusal:
            item = _refetch(request, pk, item_id)
            _add_refusal(form, refusal, latest_version=item.version)
        else:
            messages.success(request, "Link and pointer saved.")
            return redirect("inforeturn:council-item", pk=pk, item_id=item.pk)
    return _council_item_page(request, item, answer_form=form)


@login_required
@require_POST
def council_complete(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    item = _council_item_for_edit(request, pk, item_id)
    form = CompleteForm(request.POST, prefix="complete")
    if form.is_valid():
        try:
            services.ir_item_complete(
                item=item,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except services.ServiceRefusal as refusal:
            item = _refetch(request, pk, item_id)
            _add_refusal(form, refusal, latest_version=item.version)
        else:
            messages.success(request, f"{item.title}: marked complete.")
            return redirect("inforeturn:council", pk=pk)
    return _council_item_page(request, item, complete_form=form)


@login_required
@require_POST
def council_reopen(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    item = _council_item_for_edit(request, pk, item_id)
    version = _posted_version(request)
    try:
        services.ir_item_reopen(item=item, by=request.user, expected_version=version)
    except services.ServiceRefusal as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, f"{item.title}: marked as not complete. You can change it now.")
    return redirect("inforeturn:council-item", pk=pk, item_id=item.pk)


@login_required
@require_POST
def council_upload_remove(request: HttpRequest, pk: int, upload_id: int) -> HttpResponse:
    assessment = assessment_for_council_user(user=request.user, pk=pk)
    _require_editor(request, assessment)
    upload = selectors.ir_upload_for_council_user(user=request.user, pk=pk, upload_id=upload_id)
    version = _posted_version(request)
    try:
        services.ir_upload_remove(upload=upload, by=request.user, expected_version=version)
    except services.ServiceRefusal as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, f"{upload.original_name} removed.")
    return redirect("inforeturn:council-item", pk=pk, item_id=upload.item_id)


@login_required
def council_extension(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    item = _council_item_for_edit(request, pk, item_id)
    form = ExtensionRequestForm(request.POST or None, initial={"version": item.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.ir_extension_request(
                item=item,
                requested_due=form.cleaned_data["requested_due"],
                reason=form.cleaned_data["reason"],
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except services.ServiceRefusal as refusal:
            item = _refetch(request, pk, item_id)
            _add_refusal(form, refusal, latest_version=item.version)
        else:
            messages.success(
                request,
                f"Extension asked for on {item.title}. The assessment team will decide and "
                "you will get an e-mail.",
            )
            return redirect("inforeturn:council-item", pk=pk, item_id=item.pk)
    return render(
        request,
        "inforeturn/council_extension.html",
        {"assessment": item.request.assessment, "item": item, "form": form},
    )


# --- files ----------------------------------------------------------------------------------


@login_required
@require_GET
def download(request: HttpRequest, pk: int, upload_id: int) -> FileResponse:
    """A file, for the assessment's team or its council only, always as an attachment."""
    upload = selectors.ir_upload_for_user(user=request.user, pk=pk, upload_id=upload_id)
    try:
        handle = open(storage.resolve(upload.stored_name), "rb")  # noqa: SIM115 (FileResponse closes it)
    except (OSError, ValueError):
        raise Http404("The file is missing.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=upload.original_name,
        content_type=upload.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _posted_version(request: HttpRequest) -> int:
    """The version the page was built from; -1 (never current) when it is missing or garbled."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1
