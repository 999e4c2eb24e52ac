"""The team's report pages (the "Report" tab): the draft, its versions, the factual accuracy
check, the publication date, publishing and corrections.

Reads go through the core's scoped selector, so people outside the team get a 404; people on
the team who may not take a step get a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from ascassure.apps.assessments.models import Assessment
from ascassure.apps.assessments.selectors import assessment_for_team
from ascassure.apps.assessments.services import ServiceRefusal
from ascassure.apps.assessments.views import assessment_context
from ascassure.apps.reports import exports, fac, rendering, selectors, services
from ascassure.apps.reports.file_views import checked_bytes, file_response
from ascassure.apps.reports.forms import (
    CorrectionForm,
    DecideForm,
    ExtensionDecideForm,
    PublicationDateForm,
    QsForm,
    SendForm,
    section_form_class,
)
from ascassure.apps.reports.models import Report, ReportVersion
from ascassure.apps.web.feedback import show_refusal
from ascassure.domain.lifecycle import Stage
from ascassure.domain.reports import long_date
from ascassure.domain.reports import section as find_section

TAB = "reports:overview"


def _posted(request: HttpRequest):
    """The form data of a POST (even an empty one, which must still be checked), else None."""
    return request.POST if request.method == "POST" else None


def _url(name: str, assessment: Assessment, **kwargs) -> str:
    return reverse(f"reports:{name}", kwargs={"pk": assessment.pk, **kwargs})


def _manager(request: HttpRequest, pk: int) -> tuple[Assessment, Report | None, dict]:
    """The assessment, its report and the page's context, for someone who runs the
    assessment (404 outside the team, else 403)."""
    assessment = assessment_for_team(user=request.user, pk=pk)
    context = assessment_context(request, assessment, TAB)
    if not context["can_manage"]:
        raise PermissionDenied("Only the lead inspector and the national lead take this step.")
    return assessment, selectors.report_for(assessment=assessment), context


def _need(report: Report | None) -> Report:
    if report is None:
        raise Http404("There is no report yet.")
    return report


def _context(request, assessment, **extra) -> dict:
    context = assessment_context(request, assessment, TAB)
    context.update(extra)
    return context


@login_required
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for_team(user=request.user, pk=pk)
    report = selectors.report_for(assessment=assessment)
    latest = selectors.latest_version(report=report)
    fac_round = selectors.fac_round_for(report=report)
    today = timezone.localdate()
    stage = Stage(assessment.stage)
    published = selectors.is_published(report=report)
    may_edit = selectors.can_edit(request.user, assessment)
    context = _context(request, assessment)
    may_manage = context["can_manage"]
    editable = latest is not None and (
        (published and report.correcting) or (not published and stage in selectors.EDIT_STAGES)
    )
    context.update(
        report=report,
        latest=latest,
        versions=selectors.versions_of(report=report) if report else [],
        fac_round=fac_round,
        fac_status=selectors.fac_status(fac_round=fac_round, today=today) if fac_round else None,
        comments=selectors.comments_of(fac_round=fac_round),
        undecided=selectors.undecided_count(report=report),
        publications=selectors.publications_of(assessment=assessment),
        published=published,
        sections=latest.document["sections"] if latest else [],
        can_generate=may_edit and latest is None and stage in selectors.GENERATE_STAGES,
        can_edit_now=may_edit and editable,
        can_send=may_manage
        and latest is not None
        and fac_round is None
        and stage in selectors.SEND_STAGES,
        can_set_date=may_manage and not published and stage in selectors.DATE_STAGES,
        can_publish=may_manage and not published and stage in selectors.PUBLISH_STAGES,
        can_correct=may_manage and published and not report.correcting,
        can_publish_correction=may_manage and published and report.correcting,
        may_manage=may_manage,
        stage=stage,
    )
    return render(request, "reports/overview.html", context)


@login_required
@require_POST
def generate(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for_team(user=request.user, pk=pk)
    if not selectors.can_edit(request.user, assessment):
        raise PermissionDenied("Only the assessment team writes the report.")
    try:
        services.report_generate(assessment=assessment, by=request.user)
    except ServiceRefusal as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, "Draft report generated: version 1.")
    return redirect(_url("overview", assessment))


@login_required
def section_edit(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    assessment = assessment_for_team(user=request.user, pk=pk)
    if not selectors.can_edit(request.user, assessment):
        raise PermissionDenied("Only the assessment team writes the report.")
    report = _need(selectors.report_for(assessment=assessment))
    latest = selectors.latest_version(report=report)
    if latest is None:
        raise Http404("There is no draft yet.")
    try:
        current = find_section(latest.document, key)
    except KeyError:
        raise Http404("The report has no such section.") from None
    form_class = section_form_class(current["kind"])
    kwargs = {}
    if form_class is QsForm:
        kwargs["evidence"] = selectors.people_evidence(assessment=assessment, qs_code=key)
        initial = QsForm.initial_for(current, latest.number)
    else:
        initial = {"text": current.get("text", ""), "base": latest.number}
        if current["kind"] == "summary":
            initial["population"] = latest.document["profile"].get("population")
    form = form_class(_posted(request), initial=initial, **kwargs)
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            services.report_section_save(
                report=report,
                key=key,
                values=form.values(),
                base_number=form.cleaned_data["base"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except ServiceRefusal as refusal:
            stale = services.STALE_REPORT in refusal.reasons
            if stale:  # keep what was typed, now based on the newest version
                data = request.POST.copy()
                data["base"] = str(latest.number)
                form = form_class(data, initial=initial, **kwargs)
                form.is_valid()
            for reason in refusal.reasons:
                form.add_error(None, reason)
        else:
            messages.success(request, f"{current['title']} saved.")
            return redirect(_url("overview", assessment) + f"#section-{key}")
    return render(
        request,
        "reports/section_edit.html",
        _context(
            request,
            assessment,
            form=form,
            section=current,
            latest=latest,
            stale=stale,
            published=selectors.is_published(report=report),
        ),
    )


def _version(report: Report, number: int | None) -> ReportVersion:
    if number is None:
        latest = selectors.latest_version(report=report)
        if latest is None:
            raise Http404("There is no draft yet.")
        return latest
    return selectors.version_for(report=report, number=number)


@login_required
def preview(request: HttpRequest, pk: int, number: int | None = None) -> HttpResponse:
    assessment = assessment_for_team(user=request.user, pk=pk)
    report = _need(selectors.report_for(assessment=assessment))
    version = _version(report, number)
    published = getattr(version, "publication", None) if version.frozen else None
    html = rendering.render_html(
        version,
        rendering.DocumentOptions(
            draft=published is None,
            published_on=published.date if published else None,
            back_url=_url("overview", assessment),
            back_label="Back to the report tab",
        ),
    )
    return HttpResponse(html)


@login_required
def version_pdf(request: HttpRequest, pk: int, number: int | None = None) -> HttpResponse:
    assessment = assessment_for_team(user=request.user, pk=pk)
    report = _need(selectors.report_for(assessment=assessment))
    version = _version(report, number)
    if version.frozen:  # published: the PDF as it was published, checked against its SHA-256
        pdf = checked_bytes(version.pdf_name, version.pdf_sha256)
        name = slugify(f"report {assessment.council.name} version {version.number}")
    else:
        pdf = rendering.render_pdf(
            rendering.render_html(version, rendering.DocumentOptions(for_pdf=True))
        )
        name = slugify(f"draft report {assessment.council.name} version {version.number}")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


@login_required
def send(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, report, context = _manager(request, pk)
    report = _need(report)
    latest = selectors.latest_version(report=report)
    form = SendForm(_posted(request), initial={"sent_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            fac_round = fac.fac_send(
                report=report,
                sent_on=form.cleaned_data["sent_on"],
                by=request.user,
                today=timezone.localdate(),
            )
        except ServiceRefusal as refusal:
            for reason in refusal.reasons:
                form.add_error("sent_on" if reason == fac.SENT_IN_FUTURE else None, reason)
        else:
            messages.success(
                request,
                f"Draft sent: the council can comment until the end of "
                f"{long_date(fac_round.deadline)}.",
            )
            return redirect(_url("overview", assessment))
    return render(
        request,
        "reports/send.html",
        dict(context, form=form, latest=latest),
    )


@login_required
def comment_decide(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    assessment, report, context = _manager(request, pk)
    fac_round = selectors.fac_round_for(report=_need(report))
    comment = selectors.comment_for(fac_round=fac_round, pk=comment_pk)
    form = DecideForm(
        _posted(request),
        initial={
            "decision": comment.decision or None,
            "reason": comment.decision_reason,
            "version": comment.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            fac.fac_comment_decide(
                comment=comment,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ServiceRefusal as refusal:
            for reason in refusal.reasons:
                form.add_error("reason" if reason == fac.DECISION_NEEDS_REASON else None, reason)
            comment.refresh_from_db()
        else:
            messages.success(request, f"Decision on comment {comment.number} saved.")
            return redirect(_url("overview", assessment) + "#fac")
    return render(
        request,
        "reports/comment_decide.html",
        dict(context, form=form, comment=comment, fac_round=fac_round),
    )


@login_required
def extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, report, context = _manager(request, pk)
    fac_round = selectors.fac_round_for(report=_need(report))
    if fac_round is None or not fac_round.extension_reason:
        raise Http404("No extension was asked for.")
    form = ExtensionDecideForm(
        _posted(request),
        initial={
            "working_days": fac_round.extension_working_days,
            "version": fac_round.version_stamp,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            fac.fac_extension_decide(
                fac_round=fac_round,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                working_days=form.cleaned_data["working_days"],
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ServiceRefusal as refusal:
            for reason in refusal.reasons:
                form.add_error(None, reason)
        else:
            messages.success(request, "Decision on the extension saved.")
            return redirect(_url("overview", assessment) + "#fac")
    return render(
        request,
        "reports/extension_decide.html",
        dict(context, form=form, fac_round=fac_round),
    )


def _exchange(request: HttpRequest, pk: int):
    assessment = assessment_for_team(user=request.user, pk=pk)
    fac_round = selectors.fac_round_for(report=selectors.report_for(assessment=assessment))
    if fac_round is None:
        raise Http404("The draft has not been sent to the council.")
    name = slugify(f"factual accuracy check {assessment.council.name}")
    return fac_round, selectors.comments_of(fac_round=fac_round), name


@login_required
def export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    _, comments, name = _exchange(request, pk)
    response = HttpResponse(exports.exchange_csv(comments), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@login_required
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    fac_round, comments, name = _exchange(request, pk)
    response = HttpResponse(
        exports.exchange_xlsx(fac_round, comments),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@login_required
def comment_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    assessment = assessment_for_team(user=request.user, pk=pk)
    report = selectors.report_for(assessment=assessment)
    return file_response(selectors.comment_file_for(report=report, pk=file_pk))


@login_required
def publication_date(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, report, context = _manager(request, pk)
    report = _need(report)
    form = PublicationDateForm(_posted(request), initial={"day": report.publication_date})
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_date_set(
                report=report,
                day=form.cleaned_data["day"],
                by=request.user,
                today=timezone.localdate(),
            )
        except ServiceRefusal as refusal:
            for reason in refusal.reasons:
                form.add_error("day", reason)
        else:
            messages.success(request, "Publication date saved.")
            return redirect(_url("overview", assessment) + "#publication")
    fac_round = selectors.fac_round_for(report=report)
    return render(
        request,
        "reports/publication_date.html",
        dict(
            context,
            form=form,
            report=report,
            fac_status=selectors.fac_status(fac_round=fac_round, today=timezone.localdate())
            if fac_round
            else None,
            windows=selectors.windows_for(council=assessment.council),
            today=timezone.localdate(),
        ),
    )


@login_required
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, report, context = _manager(request, pk)
    report = _need(report)
    problems: tuple[str, ...] = ()
    if request.method == "POST":
        try:
            services.report_publish(report=report, by=request.user, today=timezone.localdate())
        except ServiceRefusal as refusal:
            problems = refusal.reasons
        else:
            messages.success(request, "The report is published.")
            return redirect(_url("overview", assessment) + "#publication")
    return render(
        request,
        "reports/publish.html",
        dict(
            context,
            report=report,
            latest=selectors.latest_version(report=report),
            problems=problems,
            scores=selectors.report_scores(assessment=assessment),
        ),
    )


@login_required
def correction(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, report, context = _manager(request, pk)
    report = _need(report)
    form = CorrectionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.report_correction_start(
                report=report, note=form.cleaned_data["note"], by=request.user
            )
        except ServiceRefusal as refusal:
            for reason in refusal.reasons:
                form.add_error(None, reason)
        else:
            messages.success(
                request, "Correction started: edit the sections, then publish the correction."
            )
            return redirect(_url("overview", assessment))
    return render(request, "reports/correction.html", dict(context, form=form))


@login_required
@require_POST
def correction_publish(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, report, _ = _manager(request, pk)
    try:
        services.report_correction_publish(
            report=_need(report), by=request.user, today=timezone.localdate()
        )
    except ServiceRefusal as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, "The correction is published beside the original report.")
    return redirect(_url("overview", assessment) + "#publication")
