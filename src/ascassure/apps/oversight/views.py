from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.assessments.selectors import assessment_for_team, is_national
from ascassure.apps.assessments.services import ServiceRefusal
from ascassure.apps.assessments.views import assessment_context
from ascassure.apps.oversight import selectors, services
from ascassure.apps.oversight.forms import NoticeForm, SeriousRiskForm

DASHBOARD_ROLES = {BodyRole.NATIONAL_LEAD, BodyRole.ADMINISTRATOR, BodyRole.ANALYST}


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if request.user.body_role not in DASHBOARD_ROLES:
        raise PermissionDenied("The national dashboard is for the programme lead and analysts.")
    context = selectors.national_dashboard(today=timezone.localdate())
    return render(request, "oversight/dashboard.html", context)


@login_required
def assessment_oversight(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for_team(user=request.user, pk=pk)
    national = is_national(request.user)
    risk_form = SeriousRiskForm(
        request.POST if "record_risks" in request.POST else None,
        initial={"found_on": timezone.localdate()},
    )
    notice_form = NoticeForm(
        request.POST if "record_notice" in request.POST else None,
        initial={"sent_on": timezone.localdate()},
    )
    if request.method == "POST":
        if not national:
            raise PermissionDenied("Only the national programme lead records these.")
        form = risk_form if "record_risks" in request.POST else notice_form
        if form.is_valid():
            try:
                if form is risk_form:
                    finding = services.serious_risks_mark(
                        assessment=assessment, by=request.user, **form.cleaned_data
                    )
                    messages.success(
                        request, f"Serious risks recorded. Follow-up created: {finding.follow_up}."
                    )
                else:
                    services.secretary_of_state_notify(
                        assessment=assessment, by=request.user, **form.cleaned_data
                    )
                    messages.success(request, "Notification to the Secretary of State recorded.")
                return redirect("oversight:assessment", pk=assessment.pk)
            except ServiceRefusal as refusal:
                form.add_error(None, " ".join(refusal.reasons))
    context = assessment_context(request, assessment, "oversight:assessment")
    context.update(selectors.oversight_for_assessment(assessment=assessment))
    context.update({"risk_form": risk_form, "notice_form": notice_form, "national": national})
    return render(request, "oversight/assessment.html", context)
