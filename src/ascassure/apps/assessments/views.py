from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from ascassure.apps.assessments import selectors, services
from ascassure.apps.assessments.forms import (
    AssessmentCreateForm,
    MilestoneForm,
    NotificationDateForm,
    StageForm,
    TeamForm,
)
from ascassure.apps.assessments.models import Assessment, TeamRole
from ascassure.apps.assessments.navigation import council_links_for, tabs_for
from ascassure.apps.web.caching import cached_fragment
from ascassure.apps.web.feedback import show_refusal
from ascassure.domain.lifecycle import Event, Stage, allowed_events

MANAGER_ROLES = {TeamRole.LEAD_INSPECTOR}


def can_manage(user, assessment: Assessment) -> bool:
    """The national lead and the assessment's lead inspector run its stages and dates."""
    if selectors.is_national(user):
        return True
    return assessment.assignments.filter(user=user, role__in=MANAGER_ROLES).exists()


def can_fire(user, assessment: Assessment, event: Event, *, manages: bool | None = None) -> bool:
    """`manages`: can_manage's answer when the caller already has it."""
    if event == Event.CALIBRATE:
        return (
            selectors.is_national(user)
            or assessment.assignments.filter(user=user, role=TeamRole.PANEL_MEMBER).exists()
        )
    return can_manage(user, assessment) if manages is None else manages


def assessment_context(request: HttpRequest, assessment: Assessment, tab: str) -> dict:
    return {
        "assessment": assessment,
        "tabs": tabs_for(assessment.pk, tab),
        "can_manage": can_manage(request.user, assessment),
    }


@login_required
def assessment_list(request: HttpRequest) -> HttpResponse:
    if not request.user.body_role:
        return redirect("assessments:council-list")
    stage = request.GET.get("stage", "")
    if stage and stage not in {s.value for s in Stage}:
        stage = ""
    return render(
        request,
        "assessments/list.html",
        {
            "assessments": selectors.assessment_list(user=request.user, stage=stage),
            "stage_counts": selectors.stage_counts(user=request.user),
            "stages": list(Stage),
            "current_stage": stage,
            "can_create": selectors.is_national(request.user),
        },
    )


@login_required
def assessment_create(request: HttpRequest) -> HttpResponse:
    if not selectors.is_national(request.user):
        raise PermissionDenied("Only the national programme lead creates assessments.")
    form = AssessmentCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        lead = data["lead_inspector"]
        assessment = services.assessment_create(
            council=data["council"],
            kind=data["kind"],
            framework_version=data["framework_version"],
            notification_date=data["notification_date"],
            team=[(lead, TeamRole.LEAD_INSPECTOR)] if lead else [],
            created_by=request.user,
        )
        messages.success(request, f"{assessment} created.")
        return redirect(assessment)
    return render(request, "assessments/create.html", {"form": form})


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_for_team(user=request.user, pk=pk)
    context = assessment_context(request, assessment, "assessments:detail")
    stage = Stage(assessment.stage)
    # The milestones and the team change only with the assessment's version: render them once
    # per version (and per whether the reader may change them).
    version = f"{assessment.pk}.{assessment.version}.{context['can_manage']}"
    panel = {"assessment": assessment, "can_manage": context["can_manage"]}
    context.update(
        {
            "milestones_html": cached_fragment(
                name="assessment:milestones",
                version=version,
                query="",
                render=lambda: render_to_string(
                    "assessments/_milestones.html",
                    {**panel, "milestones": assessment.milestones.all()},
                ),
            ),
            "team_html": cached_fragment(
                name="assessment:team",
                version=version,
                query="",
                render=lambda: render_to_string(
                    "assessments/_team.html",
                    {
                        **panel,
                        "team": assessment.assignments.select_related("user").order_by("role"),
                    },
                ),
            ),
            "events": [
                e
                for e in allowed_events(stage)
                if can_fire(request.user, assessment, e, manages=context["can_manage"])
            ],
            "stage_form": StageForm(initial={"version": assessment.version}),
            "date_form": NotificationDateForm(
                initial={
                    "notification_date": assessment.notification_date,
                    "version": assessment.version,
                }
            ),
        }
    )
    return render(request, "assessments/detail.html", context)


@login_required
@require_POST
def assessment_stage(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_for_team(user=request.user, pk=pk)
    form = StageForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That step could not be read. Try again.")
        return redirect(assessment)
    try:
        event = Event(form.cleaned_data["event"])
    except ValueError:
        event = None
    if event is None or not can_fire(request.user, assessment, event):
        raise PermissionDenied("You cannot take that step on this assessment.")
    try:
        services.assessment_transition(
            assessment=assessment,
            event=event.value,
            by=request.user,
            today=timezone.localdate(),
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except services.ServiceRefusal as refusal:
        show_refusal(request, refusal)
    else:
        assessment.refresh_from_db()
        messages.success(request, f"{assessment.council}: {Stage(assessment.stage).label}.")
        # A panel member no longer sees an assessment once it leaves calibration.
        if not selectors.assessments_for_team(user=request.user).filter(pk=pk).exists():
            return redirect("assessments:list")
    return redirect(assessment)


@login_required
@require_POST
def assessment_notification_date(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_for_team(user=request.user, pk=pk)
    if not can_manage(request.user, assessment):
        raise PermissionDenied
    form = NotificationDateForm(request.POST)
    if form.is_valid():
        try:
            services.assessment_notification_date_set(
                assessment=assessment,
                notification_date=form.cleaned_data["notification_date"],
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
            messages.success(request, "Notification date saved; milestones recomputed.")
        except services.ServiceRefusal as refusal:
            show_refusal(request, refusal)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(assessment)


@login_required
def assessment_team(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_for_team(user=request.user, pk=pk)
    if not can_manage(request.user, assessment):
        raise PermissionDenied
    current: dict[str, object] = {}
    for assignment in assessment.assignments.all():
        if assignment.role == TeamRole.LEAD_INSPECTOR:
            current[assignment.role] = assignment.user_id
        else:
            current.setdefault(assignment.role, []).append(assignment.user_id)
    form = TeamForm(request.POST or None, initial={**current, "version": assessment.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_team_set(
                assessment=assessment,
                team=form.team(),
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except services.ServiceRefusal as refusal:
            form.add_error(None, " ".join(refusal.reasons))
        else:
            messages.success(request, "Team saved.")
            return redirect(assessment)
    context = assessment_context(request, assessment, "assessments:detail")
    context["form"] = form
    return render(request, "assessments/team.html", context)


@login_required
def milestone_edit(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    assessment = selectors.assessment_for_team(user=request.user, pk=pk)
    if not can_manage(request.user, assessment):
        raise PermissionDenied
    milestone = get_object_or_404(assessment.milestones, key=key)
    form = MilestoneForm(
        request.POST or None,
        initial={
            "date": milestone.date,
            "end_date": milestone.end_date,
            "version": assessment.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_override(
                milestone=milestone,
                new_date=form.cleaned_data["date"],
                new_end_date=form.cleaned_data["end_date"],
                reason=form.cleaned_data["reason"],
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except services.ServiceRefusal as refusal:
            for reason in refusal.reasons:
                field = "end_date" if reason == services.END_BEFORE_START else None
                form.add_error(field, reason)
        else:
            messages.success(request, f"{milestone.label} changed.")
            return redirect(assessment)
    context = assessment_context(request, assessment, "assessments:detail")
    context.update({"form": form, "milestone": milestone})
    return render(request, "assessments/milestone.html", context)


@login_required
def assessment_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_for_team(user=request.user, pk=pk)
    context = assessment_context(request, assessment, "assessments:timeline")
    context["events"] = selectors.assessment_events(assessment=assessment)
    return render(request, "assessments/timeline.html", context)


@login_required
def council_assessment_list(request: HttpRequest) -> HttpResponse:
    assessments = list(selectors.assessments_for_council_user(user=request.user))
    for assessment in assessments:
        assessment.council_links = council_links_for(assessment.pk)
    return render(request, "assessments/council_list.html", {"assessments": assessments})
