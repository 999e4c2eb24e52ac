"""Pages of the on-site plan. The team reads; the lead inspector and the national lead edit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify

from ascassure.apps.assessments.models import Assessment
from ascassure.apps.assessments.selectors import assessment_for_team
from ascassure.apps.assessments.services import ServiceRefusal
from ascassure.apps.assessments.views import assessment_context
from ascassure.apps.onsite import selectors, services
from ascassure.apps.onsite.forms import ConfirmForm, SessionForm, SessionQuestionsForm, VisitForm
from ascassure.apps.onsite.models import ParticipantRole
from ascassure.domain.lifecycle import Stage
from ascassure.files import render_pdf

TAB = "onsite:plan"


def _plan_url(assessment: Assessment) -> str:
    return reverse("onsite:plan", kwargs={"pk": assessment.pk})


def _can_edit(context: dict) -> bool:
    """From the page's context: whether this person may change the plan now."""
    return context["can_manage"] and Stage(context["assessment"].stage) in services.PLAN_OPEN_STAGES


def _editable(request: HttpRequest, pk: int) -> tuple[Assessment, dict]:
    """The assessment and the page's context, for someone who may change its plan (404
    outside the team, else 403)."""
    assessment = assessment_for_team(user=request.user, pk=pk)
    context = assessment_context(request, assessment, TAB)
    if not context["can_manage"]:
        raise PermissionDenied("Only the lead inspector and the national lead change the plan.")
    return assessment, context


def _refusals_to_form(form, refusal: ServiceRefusal, fields: dict[str, str]) -> None:
    for reason in refusal.reasons:
        form.add_error(fields.get(reason), reason)


@login_required
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for_team(user=request.user, pk=pk)
    visit = selectors.visit_for(assessment=assessment)
    context = assessment_context(request, assessment, TAB)
    window = selectors.onsite_window(assessment=assessment)
    days = selectors.plan_days(visit=visit) if visit else []
    notes = []
    if visit:
        length = len(visit.days)
        if length < services.USUAL_DAYS:
            notes.append(
                f"The visit lasts {length} day{'s' if length > 1 else ''}; "
                f"visits usually last {services.USUAL_DAYS} to {services.MOST_DAYS} days."
            )
        closed = [d for d in days if not d.working_day]
        if closed:
            listed = ", ".join(services.long_date(d.day) for d in closed)
            notes.append(f"Not a working day (weekend or bank holiday): {listed}.")
        if (
            window
            and window.end_date
            and (visit.first_day < window.date or visit.last_day > window.end_date)
        ):
            notes.append(
                "The visit falls outside the expected on-site window "
                f"({services.long_date(window.date)} to {services.long_date(window.end_date)})."
            )
    context.update(
        {
            "visit": visit,
            "days": days,
            "window": window,
            "notes": notes,
            "can_edit": _can_edit(context),
            "session_count": sum(len(d.sessions) for d in days),
        }
    )
    return render(request, "onsite/plan.html", context)


@login_required
def visit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, context = _editable(request, pk)
    visit = selectors.visit_for(assessment=assessment)
    initial = {"version": visit.version if visit else 0}
    if visit:
        initial.update(
            first_day=visit.first_day, last_day=visit.last_day, base_location=visit.base_location
        )
    form = VisitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.onsite_visit_set(
                assessment=assessment,
                first_day=data["first_day"],
                last_day=data["last_day"],
                base_location=data["base_location"],
                by=request.user,
                expected_version=data["version"],
            )
        except ServiceRefusal as refusal:
            length = services.visit_length_problems(data["first_day"], data["last_day"])
            _refusals_to_form(form, refusal, dict.fromkeys(length, "last_day"))
        else:
            messages.success(request, "The visit's dates are saved.")
            return redirect(_plan_url(assessment))
    context.update(
        {"form": form, "visit": visit, "window": selectors.onsite_window(assessment=assessment)}
    )
    return render(request, "onsite/visit_form.html", context)


SESSION_FIELDS = {
    services.DAY_OUTSIDE_VISIT: "day",
    services.TIMES_REVERSED: "end_time",
    services.NO_PLACE: "place",
    services.NO_PARTICIPANTS: "participant_roles",
    services.UNKNOWN_PARTICIPANT: "participant_roles",
}


@login_required
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, context = _editable(request, pk)
    visit = selectors.visit_for(assessment=assessment)
    if visit is None:
        messages.error(request, services.NO_VISIT)
        return redirect(_plan_url(assessment))
    day = request.GET.get("day", "")
    form = SessionForm(
        request.POST or None,
        visit=visit,
        initial={"version": 0, "day": day, "kind": "interview"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(
                assessment=assessment, by=request.user, **form.session_values()
            )
        except ServiceRefusal as refusal:
            _refusals_to_form(form, refusal, SESSION_FIELDS)
        else:
            messages.success(request, f"Session added: {session.title}.")
            return redirect(_plan_url(assessment))
    context.update({"form": form, "visit": visit, "session": None})
    return render(request, "onsite/session_form.html", context)


@login_required
def session_edit(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    assessment, context = _editable(request, pk)
    session = selectors.session_for(assessment=assessment, pk=session_pk)
    form = SessionForm(
        request.POST or None,
        visit=session.visit,
        initial={
            "day": session.day.isoformat(),
            "start_time": session.start_time,
            "end_time": session.end_time,
            "kind": session.kind,
            "title": session.title,
            "participant_roles": session.participant_roles,
            "place": session.place,
            "online_link": session.online_link,
            "notes": session.notes,
            "version": session.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(
                session=session,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                **form.session_values(),
            )
        except ServiceRefusal as refusal:
            _refusals_to_form(form, refusal, SESSION_FIELDS)
        else:
            messages.success(request, f"Session changed: {form.cleaned_data['title']}.")
            return redirect(_plan_url(assessment))
    context.update({"form": form, "visit": session.visit, "session": session})
    return render(request, "onsite/session_form.html", context)


@login_required
def session_delete(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    assessment, context = _editable(request, pk)
    session = selectors.session_for(assessment=assessment, pk=session_pk)
    form = ConfirmForm(request.POST or None, initial={"version": session.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.session_delete(
                session=session, by=request.user, expected_version=form.cleaned_data["version"]
            )
        except ServiceRefusal as refusal:
            form.add_error(None, " ".join(refusal.reasons))
        else:
            messages.success(request, f"Session deleted: {session.title}.")
            return redirect(_plan_url(assessment))
    context.update({"form": form, "session": session})
    return render(request, "onsite/session_delete.html", context)


@login_required
def session_questions(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    assessment = assessment_for_team(user=request.user, pk=pk)
    session = selectors.session_for(assessment=assessment, pk=session_pk)
    context = assessment_context(request, assessment, TAB)
    editable = _can_edit(context)
    if request.method == "POST" and not context["can_manage"]:
        raise PermissionDenied("Only the lead inspector and the national lead change the plan.")
    chosen = list(session.questions.all())
    show_all = request.GET.get("all") == "1"
    roles = None
    if not show_all:
        wanted = set(session.participant_roles) | {q.role for q in chosen}
        roles = [role for role in ParticipantRole.values if role in wanted]
    form = SessionQuestionsForm(
        request.POST or None,
        initial={"questions": [q.pk for q in chosen], "version": session.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.session_questions_set(
                session=session,
                questions=form.cleaned_data["questions"],
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ServiceRefusal as refusal:
            form.add_error(None, " ".join(refusal.reasons))
        else:
            count = len(form.cleaned_data["questions"])
            messages.success(
                request, f"{count} question{'' if count == 1 else 's'} chosen for {session.title}."
            )
            return redirect(_plan_url(assessment))
    selected = {int(v) for v in (form["questions"].value() or [])}
    context.update(
        {
            "form": form,
            "session": session,
            "groups": selectors.question_bank(roles=roles),
            "selected": selected,
            "show_all": show_all,
            "editable": editable,
            "chosen": chosen,
        }
    )
    return render(request, "onsite/session_questions.html", context)


@login_required
def question_bank(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for_team(user=request.user, pk=pk)
    context = assessment_context(request, assessment, TAB)
    context["groups"] = selectors.question_bank()
    return render(request, "onsite/question_bank.html", context)


def _schedule_context(request: HttpRequest, pk: int) -> dict:
    assessment = assessment_for_team(user=request.user, pk=pk)
    visit = selectors.visit_for(assessment=assessment)
    return {
        "assessment": assessment,
        "visit": visit,
        "days": selectors.plan_days(visit=visit, with_questions=True) if visit else [],
    }


@login_required
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "onsite/schedule.html", _schedule_context(request, pk))


@login_required
def schedule_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    context = _schedule_context(request, pk) | {"for_pdf": True}
    pdf = render_pdf(render_to_string("onsite/schedule.html", context, request=request))
    name = slugify(f"on-site schedule {context['assessment'].council.name}")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response
