"""Pages of the evidence: the list, recording and changing an item, the triangulation matrix.

Everyone who sees the assessment as its team reads the evidence; the team (not the calibration
panel) and the national lead record it. Council users never reach these pages.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from ascassure.apps.assessments.models import Assessment
from ascassure.apps.assessments.selectors import assessment_for_team
from ascassure.apps.assessments.services import ServiceRefusal
from ascassure.apps.assessments.views import assessment_context
from ascassure.apps.evidence import selectors, services
from ascassure.apps.evidence.forms import DeleteForm, EvidenceFilterForm, EvidenceForm
from ascassure.apps.web.feedback import show_refusal
from ascassure.domain.evidence import EVIDENCE_AFTER_PERIOD, EVIDENCE_BEFORE_PERIOD

TAB = "evidence:list"
PER_PAGE = 50
MATRIX_CACHE_SECONDS = 3600
FIELD_OF_REASON = {
    services.CHOOSE_QS: "qs_codes",
    services.UNKNOWN_QS: "qs_codes",
    services.CHOOSE_CATEGORY: "category",
    services.CHOOSE_SOURCE: "source",
    services.CHOOSE_DIRECTION: "direction",
    services.ENTER_SUMMARY: "summary",
    EVIDENCE_BEFORE_PERIOD: "outside_period_reason",
    EVIDENCE_AFTER_PERIOD: "outside_period_reason",
}


def _list_url(assessment: Assessment) -> str:
    return reverse("evidence:list", kwargs={"pk": assessment.pk})


def _for_recording(request: HttpRequest, pk: int) -> Assessment:
    """The assessment, for someone who records evidence on it (404 outside the team, else 403)."""
    assessment = assessment_for_team(user=request.user, pk=pk)
    if not selectors.can_record_evidence(user=request.user, assessment=assessment):
        raise PermissionDenied("Only the assessment team records evidence.")
    return assessment


def _refusal_to_form(form: EvidenceForm, refusal: ServiceRefusal) -> None:
    for reason in refusal.reasons:
        field = FIELD_OF_REASON.get(reason)
        if field is None and " is not an evidence category of " in reason:
            field = "category"
        form.add_error(field, reason)


def _form_page(request, assessment, form, *, item=None, saved=None) -> HttpResponse:
    context = assessment_context(request, assessment, TAB)
    context.update(
        {
            "form": form,
            "item": item,
            "saved": saved,
            "period": form.period,
            "no_period": services.NO_PERIOD,
            "categories": _category_titles(assessment),
        }
    )
    return render(request, "evidence/form.html", context)


@login_required
def evidence_list(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for_team(user=request.user, pk=pk)
    framework = selectors.framework_for(assessment)
    filter_form = EvidenceFilterForm(request.GET or None, framework=framework)
    filters = filter_form.filters()
    period = selectors.period_for(assessment)
    page = selectors.evidence_page(
        assessment=assessment,
        period=period,
        page=request.GET.get("page"),
        per_page=PER_PAGE,
        **filters,
    )
    context = assessment_context(request, assessment, TAB)
    context.update(
        {
            "filter_form": filter_form,
            "filtered": any(filters.values()),
            "page": page,
            "count": page.paginator.count,
            "period": period,
            "no_period": services.NO_PERIOD,
            "can_record": selectors.can_record_evidence(user=request.user, assessment=assessment),
        }
    )
    return render(request, "evidence/list.html", context)


@login_required
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _for_recording(request, pk)
    framework = selectors.framework_for(assessment)
    period = selectors.period_for(assessment)
    initial = {
        "qs_codes": [q for q in request.GET.getlist("qs") if q in framework.qs_codes],
        "category": request.GET.get("category", ""),
    }
    form = EvidenceForm(request.POST or None, framework=framework, period=period, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_item_add(
                assessment=assessment, data=form.evidence_input(), by=request.user
            )
        except ServiceRefusal as refusal:
            _refusal_to_form(form, refusal)
        else:
            messages.success(request, "Evidence recorded.")
            return redirect(_list_url(assessment))
    return _form_page(request, assessment, form)


@login_required
def evidence_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    assessment = _for_recording(request, pk)
    item = selectors.evidence_item_for(assessment=assessment, item_pk=item_pk)
    framework = selectors.framework_for(assessment)
    form = EvidenceForm(
        request.POST or None,
        framework=framework,
        period=selectors.period_for(assessment),
        initial={
            "qs_codes": item.qs_codes,
            "category": item.category,
            "source": item.source,
            "evidence_date": item.evidence_date,
            "summary": item.summary,
            "direction": item.direction,
            "outside_period_reason": item.outside_period_reason,
            "version": item.version,
        },
    )
    saved = None
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_item_change(
                item=item,
                data=form.evidence_input(),
                by=request.user,
                expected_version=form.cleaned_data["version"] or 0,
            )
        except ServiceRefusal as refusal:
            if services.STALE_ITEM in refusal.reasons:
                # Show what is saved now; the next save is a knowing overwrite of that version.
                saved = selectors.evidence_item_for(assessment=assessment, item_pk=item.pk)
                form.data = form.data.copy()
                form.data["version"] = str(saved.version)
                form.add_error(None, services.STALE_ITEM)
            elif services.GONE_ITEM in refusal.reasons:
                messages.error(request, services.GONE_ITEM)
                return redirect(_list_url(assessment))
            else:
                _refusal_to_form(form, refusal)
        else:
            messages.success(request, "Evidence saved.")
            return redirect(_list_url(assessment))
    return _form_page(request, assessment, form, item=item, saved=saved)


@login_required
def evidence_delete(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    assessment = _for_recording(request, pk)
    item = selectors.evidence_item_for(assessment=assessment, item_pk=item_pk)
    form = DeleteForm(request.POST or None, initial={"version": item.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_item_delete(
                item=item, by=request.user, expected_version=form.cleaned_data["version"]
            )
        except ServiceRefusal as refusal:
            show_refusal(request, refusal)
            return redirect("evidence:edit", pk=assessment.pk, item_pk=item.pk)
        messages.success(request, "Evidence item removed.")
        return redirect(_list_url(assessment))
    context = assessment_context(request, assessment, TAB)
    context.update({"form": form, "item": item, "categories": _category_titles(assessment)})
    return render(request, "evidence/delete.html", context)


def _category_titles(assessment: Assessment) -> dict[str, str]:
    return {c.code: c.title for c in selectors.framework_for(assessment).used_categories}


def _matrix_body(assessment: Assessment, *, can_record: bool) -> str:
    """The gaps and the matrix, rendered once per state of the evidence and kept in the
    process's cache: the stamp in the key changes with every change to the evidence."""
    stamp = selectors.evidence_stamp(assessment=assessment)
    key = f"evidence:matrix:{assessment.pk}:{stamp}:{int(can_record)}"
    body = cache.get(key)
    if body is None:
        body = render_to_string(
            "evidence/_matrix.html",
            {
                "assessment": assessment,
                "table": selectors.triangulation_table(assessment=assessment),
                "can_record": can_record,
            },
        )
        cache.set(key, body, timeout=MATRIX_CACHE_SECONDS)
    return body


@login_required
def triangulation(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for_team(user=request.user, pk=pk)
    can_record = selectors.can_record_evidence(user=request.user, assessment=assessment)
    context = assessment_context(request, assessment, TAB)
    context["matrix"] = mark_safe(_matrix_body(assessment, can_record=can_record))  # noqa: S308
    return render(request, "evidence/triangulation.html", context)
