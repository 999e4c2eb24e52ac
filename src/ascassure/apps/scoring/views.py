"""Scoring pages: the overview with the live summary, one QS's score, the panel's calibration,
the lock, and the history. Reads go through the core's scoped selector, so people outside the
team (and the panel outside calibration) get a 404; people on the team who may not make a
change get a 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from ascassure.apps.assessments.models import Assessment
from ascassure.apps.assessments.selectors import assessment_for_team
from ascassure.apps.assessments.services import ServiceRefusal
from ascassure.apps.assessments.views import assessment_context
from ascassure.apps.metrics.indicators import qs_indicators_html
from ascassure.apps.scoring import selectors, services
from ascassure.apps.scoring.forms import CalibrationForm, CategoryForm, JudgementForm
from ascassure.domain.framework import QualityStatement

TAB = "scoring:overview"


def _url(name: str, assessment: Assessment, **kwargs) -> str:
    return reverse(f"scoring:{name}", kwargs={"pk": assessment.pk, **kwargs})


def _statement(assessment: Assessment, code: str) -> QualityStatement:
    try:
        return selectors.framework_for(assessment).statement(code)
    except KeyError:
        raise Http404("No such quality statement.") from None


def _row(sheet: selectors.ScoringSheet, code: str) -> selectors.QsRow:
    return next(row for row in sheet.rows if row.statement.code == code)


def _permissions(request: HttpRequest, assessment: Assessment, sheet) -> dict:
    may_score = selectors.can_score(request.user, assessment)
    may_calibrate = selectors.can_calibrate(request.user, assessment)
    unlocked = sheet.lock is None
    return {
        "can_score_now": may_score and unlocked and selectors.scoring_open(assessment),
        "can_calibrate_now": may_calibrate and unlocked and selectors.calibration_open(assessment),
        "can_lock_now": may_calibrate
        and unlocked
        and selectors.calibration_open(assessment)
        and sheet.all_calibrated,
    }


@login_required
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for_team(user=request.user, pk=pk)
    sheet = selectors.scoring_sheet(assessment=assessment)
    context = assessment_context(request, assessment, TAB)
    context.update({"sheet": sheet, "summary": sheet.summary})
    context.update(_permissions(request, assessment, sheet))
    context["scoring_open"] = selectors.scoring_open(assessment)
    context["calibration_open"] = selectors.calibration_open(assessment)
    return render(request, "scoring/overview.html", context)


def _form_class(sheet: selectors.ScoringSheet):
    return CategoryForm if sheet.legacy else JudgementForm


def _initial(row: selectors.QsRow) -> dict:
    record = row.record
    initial: dict = {"version": row.version}
    if record is None:
        return initial
    initial.update(
        score=record.score,
        rationale=record.rationale,
        evidence="\n".join(record.evidence_titles),
        **{f"cat_{code}": value for code, value in record.category_scores.items()},
    )
    return initial


def _rebound_after_stale(request, assessment, statement, form_class, kwargs):
    """After a stale save: the newer version beside the form, and the form with what the person
    typed, now based on that version (saving again replaces it knowingly, not silently)."""
    sheet = selectors.scoring_sheet(assessment=assessment)
    row = _row(sheet, statement.code)
    data = request.POST.copy()
    data["version"] = str(row.version)
    form = form_class(data, initial=_initial(row), **kwargs)
    form.is_valid()
    return sheet, row, form


@login_required
def score_edit(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    assessment = assessment_for_team(user=request.user, pk=pk)
    statement = _statement(assessment, code)
    if not selectors.can_score(request.user, assessment):
        raise PermissionDenied("Only the inspectors on the team propose scores.")
    sheet = selectors.scoring_sheet(assessment=assessment)
    row = _row(sheet, statement.code)
    form_class = _form_class(sheet)
    kwargs = {"framework": sheet.framework, "statement": statement}
    form = form_class(request.POST or None, initial=_initial(row), **kwargs)
    preview = None
    stale = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("action") == "preview" and sheet.legacy:
            values = {name: str(data[name]) for name in form.category_names}
            preview = selectors.hypothetical_summary(
                assessment=assessment, qs_code=statement.code, values=values
            )
        else:
            try:
                services.qs_score_propose(
                    assessment=assessment,
                    qs_code=statement.code,
                    score=data.get("score"),
                    category_scores=form.category_scores() if sheet.legacy else None,
                    rationale=data["rationale"],
                    evidence=services.evidence_from_lines(data["evidence"]),
                    by=request.user,
                    expected_version=data["version"],
                )
            except ServiceRefusal as refusal:
                stale = services.STALE_SCORE in refusal.reasons
                if stale:
                    sheet, row, form = _rebound_after_stale(
                        request, assessment, statement, form_class, kwargs
                    )
                for reason in refusal.reasons:
                    form.add_error(None, reason)
            else:
                messages.success(request, f"{statement.code} score saved.")
                return redirect(_url("overview", assessment) + f"#{statement.code}")
    context = assessment_context(request, assessment, TAB)
    context.update(
        {
            "sheet": sheet,
            "row": row,
            "statement": statement,
            "form": form,
            "summary": sheet.summary,
            "preview": preview,
            "stale": stale,
            "open": selectors.scoring_open(assessment) and sheet.lock is None,
            "characteristics": [
                c for c in sheet.framework.rating_characteristics if c.qs_code == statement.code
            ],
            "indicators": qs_indicators_html(
                council=assessment.council,
                qs_code=statement.code,
                can_import=request.user.has_perm("metrics.import_data"),
            ),
        }
    )
    return render(request, "scoring/score_edit.html", context)


@login_required
def calibration(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for_team(user=request.user, pk=pk)
    sheet = selectors.scoring_sheet(assessment=assessment)
    context = assessment_context(request, assessment, TAB)
    context.update({"sheet": sheet, "summary": sheet.summary})
    context.update(_permissions(request, assessment, sheet))
    context["calibration_open"] = selectors.calibration_open(assessment)
    return render(request, "scoring/calibration.html", context)


@login_required
def calibrate(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    assessment = assessment_for_team(user=request.user, pk=pk)
    statement = _statement(assessment, code)
    if not selectors.can_calibrate(request.user, assessment):
        raise PermissionDenied("Only the calibration panel decides on scores.")
    sheet = selectors.scoring_sheet(assessment=assessment)
    row = _row(sheet, statement.code)
    if row.score is None:
        messages.error(request, services.NOT_PROPOSED)
        return redirect(_url("calibration", assessment))
    decided = row.calibration
    proposed = decided.proposed_score if decided else row.score
    form_kwargs = {"framework": sheet.framework, "statement": statement, "proposed": proposed}
    stale = False
    form = CalibrationForm(
        request.POST or None,
        **form_kwargs,
        initial={
            "agreed_score": row.score,
            "reason": decided.reason if decided else "",
            "version": row.version,
            "proposed": proposed,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.qs_score_calibrate(
                assessment=assessment,
                qs_code=statement.code,
                agreed_score=form.cleaned_data["agreed_score"],
                reason=form.cleaned_data["reason"],
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ServiceRefusal as refusal:
            stale = services.STALE_SCORE in refusal.reasons
            if stale:
                sheet = selectors.scoring_sheet(assessment=assessment)
                row = _row(sheet, statement.code)
                data = request.POST.copy()
                data["version"] = str(row.version)
                form = CalibrationForm(data, initial=form.initial, **form_kwargs)
                form.is_valid()
            for reason in refusal.reasons:
                form.add_error("reason" if reason == services.CHANGE_NEEDS_REASON else None, reason)
        else:
            messages.success(request, f"The panel's decision on {statement.code} is saved.")
            return redirect(_url("calibration", assessment) + f"#{statement.code}")
    context = assessment_context(request, assessment, TAB)
    context.update(
        {
            "sheet": sheet,
            "row": row,
            "statement": statement,
            "form": form,
            "stale": stale,
            "summary": sheet.summary,
            "open": selectors.calibration_open(assessment) and sheet.lock is None,
        }
    )
    return render(request, "scoring/calibrate.html", context)


@login_required
def lock(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for_team(user=request.user, pk=pk)
    if not selectors.can_calibrate(request.user, assessment):
        raise PermissionDenied("Only the calibration panel locks the rating.")
    sheet = selectors.scoring_sheet(assessment=assessment)
    problems: list[str] = []
    if request.method == "POST":
        try:
            services.rating_lock(assessment=assessment, by=request.user)
        except ServiceRefusal as refusal:
            problems = list(refusal.reasons)
        else:
            messages.success(
                request,
                "The rating is locked. Next, record the panel's agreement on the Overview tab.",
            )
            return redirect(_url("overview", assessment))
    context = assessment_context(request, assessment, TAB)
    context.update({"sheet": sheet, "summary": sheet.summary, "problems": problems})
    context.update(_permissions(request, assessment, sheet))
    return render(request, "scoring/lock.html", context)


@login_required
def history(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for_team(user=request.user, pk=pk)
    fw = selectors.framework_for(assessment)
    code = request.GET.get("qs", "")
    if code not in fw.qs_codes:
        code = ""
    context = assessment_context(request, assessment, TAB)
    context.update(
        {
            "revisions": selectors.score_history(assessment=assessment, qs_code=code),
            "codes": fw.qs_codes,
            "current_code": code,
        }
    )
    return render(request, "scoring/history.html", context)


@login_required
@require_GET
def summary_json(request: HttpRequest, pk: int) -> JsonResponse:
    """The live summary; with ``qs`` and that QS's form fields, as if that score were saved."""
    assessment = assessment_for_team(user=request.user, pk=pk)
    code = request.GET.get("qs", "")
    if code:
        statement = _statement(assessment, code)
        summary, score, percent = selectors.hypothetical_summary(
            assessment=assessment, qs_code=statement.code, values=request.GET
        )
        return JsonResponse(
            {"qs": statement.code, "qs_score": score, "qs_percent": percent, **summary.as_json()}
        )
    sheet = selectors.scoring_sheet(assessment=assessment)
    return JsonResponse(sheet.summary.as_json())
