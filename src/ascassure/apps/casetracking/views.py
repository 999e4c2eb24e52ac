"""Pages of case tracking.

The council's side (its editors): upload the case list, see its cases. The team's side: the
proposal of 10 and of 6 with their reasons, adjusting them, notes and reflective logs per case,
and how representative the choice is. Council users never see the team's side.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from ascassure.apps.assessments.models import Assessment
from ascassure.apps.assessments.navigation import council_links_for
from ascassure.apps.assessments.selectors import assessment_for_team
from ascassure.apps.assessments.services import ServiceRefusal
from ascassure.apps.assessments.views import assessment_context
from ascassure.apps.casetracking import selectors, services
from ascassure.apps.casetracking.forms import ChooseForm, NoteForm, UploadForm
from ascassure.apps.casetracking.models import CaseList
from ascassure.files import FileKind

TAB = "casetracking:overview"


def _overview_url(assessment: Assessment) -> str:
    return reverse("casetracking:overview", kwargs={"pk": assessment.pk})


def _team_case_list(request: HttpRequest, pk: int, *, write: bool) -> tuple[Assessment, CaseList]:
    assessment = assessment_for_team(user=request.user, pk=pk)
    if write and not selectors.can_track_cases(user=request.user, assessment=assessment):
        raise PermissionDenied("Only the assessment team chooses cases and writes notes.")
    case_list = selectors.case_list_for(assessment=assessment)
    if case_list is None:
        raise Http404(services.NO_CASE_LIST)
    return assessment, case_list


# --- the team's side ------------------------------------------------------------------------


@login_required
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for_team(user=request.user, pk=pk)
    case_list = selectors.case_list_for(assessment=assessment)
    context = assessment_context(request, assessment, TAB)
    context.update(
        {
            "case_list": case_list,
            "can_track": selectors.can_track_cases(user=request.user, assessment=assessment),
            "no_case_list": services.NO_CASE_LIST,
        }
    )
    if case_list is not None:
        context.update(selectors.team_overview(assessment=assessment, case_list=case_list))
    return render(request, "casetracking/overview.html", context)


def _choose(request: HttpRequest, pk: int, *, in_depth: bool) -> HttpResponse:
    assessment, case_list = _team_case_list(request, pk, write=True)
    view = selectors.team_overview(assessment=assessment, case_list=case_list)
    if in_depth:
        if not view["selected"]:
            messages.error(request, "Choose the cases to review before those to follow in depth.")
            return redirect(_overview_url(assessment))
        pool = view["selected"]
        proposal = view.get("in_depth_proposal") or []
        current = [c.case_id for c in view["in_depth"]]
        size = view["in_depth_size"]
    else:
        pool = view["cases"]
        proposal = view.get("proposal") or []
        current = [c.case_id for c in view["selected"]]
        size = view["sample_size"]
    reasons = {row.case.case_id: row.reason for row in proposal}
    initial = current or [row.case.case_id for row in proposal]
    form = ChooseForm(
        request.POST or None,
        case_ids=[c.case_id for c in pool],
        initial={"case_ids": initial, "version": case_list.version},
    )
    if request.method == "POST" and form.is_valid():
        save = services.case_in_depth_save if in_depth else services.case_selection_save
        try:
            save(
                case_list=case_list,
                case_ids=form.cleaned_data["case_ids"],
                by=request.user,
                expected_version=form.cleaned_data["version"],
                note=form.cleaned_data["note"],
            )
        except ServiceRefusal as refusal:
            for reason in refusal.reasons:
                field = None if reason == services.STALE_SELECTION else "case_ids"
                form.add_error(field, reason)
            if services.STALE_SELECTION in refusal.reasons:
                form.data = form.data.copy()
                form.data["version"] = str(
                    CaseList.objects.values_list("version", flat=True).get(pk=case_list.pk)
                )
        else:
            what = "to follow in depth" if in_depth else "for review"
            messages.success(request, f"Cases chosen {what} saved.")
            return redirect(_overview_url(assessment))
    chosen = set(form["case_ids"].value() or [])
    context = assessment_context(request, assessment, TAB)
    context.update(
        {
            "form": form,
            "in_depth": in_depth,
            "pool": pool,
            "chosen": chosen,
            "reasons": reasons,
            "size": size,
            "coverage": view["in_depth_coverage"] if in_depth else view["coverage"],
            "saved": bool(current),
        }
    )
    return render(request, "casetracking/choose.html", context)


@login_required
def choose_sample(request: HttpRequest, pk: int) -> HttpResponse:
    return _choose(request, pk, in_depth=False)


@login_required
def choose_in_depth(request: HttpRequest, pk: int) -> HttpResponse:
    return _choose(request, pk, in_depth=True)


@login_required
def case_detail(request: HttpRequest, pk: int, case_pk: int) -> HttpResponse:
    assessment, case_list = _team_case_list(request, pk, write=False)
    case = selectors.case_for(case_list=case_list, case_pk=case_pk)
    can_track = selectors.can_track_cases(user=request.user, assessment=assessment)
    form = NoteForm(request.POST or None)
    if request.method == "POST":
        if not can_track:
            raise PermissionDenied("Only the assessment team writes notes.")
        if form.is_valid():
            try:
                note = services.case_note_add(
                    case=case,
                    by=request.user,
                    kind=form.cleaned_data["kind"],
                    text=form.cleaned_data["text"],
                )
            except ServiceRefusal as refusal:
                for reason in refusal.reasons:
                    form.add_error(None, reason)
            else:
                messages.success(request, f"{note.get_kind_display()} added.")
                return redirect("casetracking:case", pk=assessment.pk, case_pk=case.pk)
    context = assessment_context(request, assessment, TAB)
    context.update(
        {
            "case": case,
            "case_list": case_list,
            "notes": case.notes.select_related("author"),
            "form": form,
            "can_track": can_track,
        }
    )
    return render(request, "casetracking/case.html", context)


# --- both sides -----------------------------------------------------------------------------


@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    assessment = selectors.assessment_for_download(user=request.user, pk=pk)
    case_list = selectors.case_list_for(assessment=assessment)
    if case_list is None:
        raise Http404(services.NO_CASE_LIST)
    path = services.stored_path(case_list)
    if not path.exists():
        raise Http404("The case list file is missing.")
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=case_list.original_name,
        content_type=FileKind(case_list.kind).mime,
    )


# --- the council's side ---------------------------------------------------------------------


@login_required
def council(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_for_council_editor(user=request.user, pk=pk)
    case_list = selectors.case_list_for(assessment=assessment)
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        initial={"version": case_list.version if case_list else 0},
    )
    problems = ()
    if request.method == "POST":
        if case_list is not None and not case_list.replaceable:
            form.add_error(None, services.LIST_LOCKED)
        elif form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                saved = services.case_list_upload(
                    assessment=assessment,
                    data=upload.read(),
                    filename=upload.name,
                    by=request.user,
                    expected_version=form.cleaned_data["version"] or 0,
                )
            except services.CaseListRefused as refusal:
                problems = refusal.problems
                for reason in refusal.reasons:
                    form.add_error("file", reason)
            except ServiceRefusal as refusal:
                for reason in refusal.reasons:
                    form.add_error("file", reason)
            else:
                n = saved.cases.count()
                messages.success(request, f"Case list saved: {n} case{'s' * (n != 1)}.")
                return redirect("casetracking:council", pk=assessment.pk)
    cases = selectors.council_cases_for(case_list=case_list) if case_list else []
    return render(
        request,
        "casetracking/council.html",
        {
            "assessment": assessment,
            "case_list": case_list,
            "cases": cases,
            "form": form,
            "problems": problems,
            "council_links": council_links_for(assessment.pk),
        },
    )
