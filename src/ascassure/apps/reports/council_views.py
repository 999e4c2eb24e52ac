"""The council's side of the factual accuracy check: read the draft it was sent, comment on
it with supporting files, confirm there are no inaccuracies, ask for an extension.

Only people of the assessed council reach these pages (others get a 404); only its editors
write (its viewers get a 403). The council sees the version it was sent, never the team's
later working versions, and nothing before the draft is sent.
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

from ascassure.apps.assessments.models import Assessment
from ascassure.apps.assessments.navigation import council_links_for
from ascassure.apps.assessments.selectors import assessment_for_council_user, is_council_editor
from ascassure.apps.assessments.services import ServiceRefusal
from ascassure.apps.reports import fac, rendering, selectors
from ascassure.apps.reports.file_views import file_response
from ascassure.apps.reports.forms import (
    CommentForm,
    ConfirmForm,
    ExtensionRequestForm,
    FilesForm,
)
from ascassure.apps.reports.models import FacRound
from ascassure.domain.reports import long_date, section_choices

COUNCIL_EDITORS_ONLY = "Only the council's editors comment on the draft report."


def _posted(request: HttpRequest):
    """The form data of a POST (even an empty one, which must still be checked), else None."""
    return request.POST if request.method == "POST" else None


def _url(name: str, assessment: Assessment, **kwargs) -> str:
    return reverse(f"reports:{name}", kwargs={"pk": assessment.pk, **kwargs})


def _council(request: HttpRequest, pk: int) -> tuple[Assessment, FacRound | None, bool]:
    assessment = assessment_for_council_user(user=request.user, pk=pk)
    fac_round = selectors.fac_round_for(report=selectors.report_for(assessment=assessment))
    return assessment, fac_round, is_council_editor(user=request.user, assessment=assessment)


def _sent(request: HttpRequest, pk: int, *, write: bool = False):
    assessment, fac_round, editor = _council(request, pk)
    if fac_round is None:
        raise Http404("The draft report has not been sent to you yet.")
    if write and not editor:
        raise PermissionDenied(COUNCIL_EDITORS_ONLY)
    return assessment, fac_round, editor


def _base(assessment: Assessment, **extra) -> dict:
    return {"assessment": assessment, "council_links": council_links_for(assessment.pk), **extra}


@login_required
def home(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, fac_round, editor = _council(request, pk)
    if fac_round is None:
        return render(request, "reports/council/not_sent.html", _base(assessment))
    status = selectors.fac_status(fac_round=fac_round, today=timezone.localdate())
    doc = fac_round.version.document
    return render(
        request,
        "reports/council/home.html",
        _base(
            assessment,
            fac_round=fac_round,
            status=status,
            editor=editor,
            doc=doc,
            profile=doc["profile"],
            result=doc["result"],
            sections=doc["sections"],
            qs_sections=[s for s in doc["sections"] if s["kind"] == "qs"],
            comments=selectors.comments_of(fac_round=fac_round),
            comment_url=_url("council-comment", assessment) if editor and status.open else "",
        ),
    )


@login_required
def draft_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, fac_round, _ = _sent(request, pk)
    html = rendering.render_html(fac_round.version, rendering.DocumentOptions(for_pdf=True))
    response = HttpResponse(rendering.render_pdf(html), content_type="application/pdf")
    name = slugify(f"draft report {assessment.council.name}")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


@login_required
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, fac_round, _ = _sent(request, pk, write=True)
    sections = section_choices(fac_round.version.document)
    wanted = request.GET.get("section", "")
    form = CommentForm(
        _posted(request),
        request.FILES or None,
        sections=sections,
        initial={"section": wanted if wanted in dict(sections) else ""},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            comment = fac.fac_comment_add(
                fac_round=fac_round,
                section_key=data["section"],
                kind=data["kind"],
                comment=data["comment"],
                proposed_change=data["proposed_change"],
                files=[data["file"]] if data["file"] else [],
                by=request.user,
                today=timezone.localdate(),
            )
        except ServiceRefusal as refusal:
            field = "file" if isinstance(refusal, fac.FileRefused) else None
            for reason in refusal.reasons:
                form.add_error(field, reason)
        else:
            messages.success(request, f"Comment {comment.number} sent to the assessment team.")
            return redirect(_url("council-comment-detail", assessment, comment_pk=comment.pk))
    status = selectors.fac_status(fac_round=fac_round, today=timezone.localdate())
    return render(
        request, "reports/council/comment.html", _base(assessment, form=form, status=status)
    )


@login_required
def comment_detail(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    assessment, fac_round, editor = _sent(request, pk)
    comment = selectors.comment_for(fac_round=fac_round, pk=comment_pk)
    status = selectors.fac_status(fac_round=fac_round, today=timezone.localdate())
    form = FilesForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST":
        if not editor:
            raise PermissionDenied(COUNCIL_EDITORS_ONLY)
        if form.is_valid():
            try:
                fac.fac_comment_files_add(
                    comment=comment,
                    files=[form.cleaned_data["file"]],
                    by=request.user,
                    today=timezone.localdate(),
                )
            except ServiceRefusal as refusal:
                for reason in refusal.reasons:
                    form.add_error("file", reason)
            else:
                messages.success(request, "File added.")
                return redirect(_url("council-comment-detail", assessment, comment_pk=comment.pk))
    return render(
        request,
        "reports/council/comment_detail.html",
        _base(
            assessment,
            comment=comment,
            form=form,
            can_add=editor and status.open,
            status=status,
        ),
    )


@login_required
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, fac_round, _ = _sent(request, pk, write=True)
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            fac.fac_confirm_no_inaccuracies(
                fac_round=fac_round, by=request.user, today=timezone.localdate()
            )
        except ServiceRefusal as refusal:
            for reason in refusal.reasons:
                form.add_error(None, reason)
        else:
            messages.success(request, "Thank you: you confirmed there are no other inaccuracies.")
            return redirect(_url("council", assessment))
    return render(
        request,
        "reports/council/confirm.html",
        _base(assessment, form=form, comments=selectors.comments_of(fac_round=fac_round)),
    )


@login_required
def extension(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, fac_round, _ = _sent(request, pk, write=True)
    form = ExtensionRequestForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            fac.fac_extension_request(
                fac_round=fac_round,
                reason=form.cleaned_data["reason"],
                working_days=form.cleaned_data["working_days"],
                by=request.user,
                today=timezone.localdate(),
            )
        except ServiceRefusal as refusal:
            for reason in refusal.reasons:
                form.add_error(None, reason)
        else:
            messages.success(request, "Extension asked for: the assessment team will decide.")
            return redirect(_url("council", assessment))
    return render(
        request,
        "reports/council/extension.html",
        _base(
            assessment,
            form=form,
            fac_round=fac_round,
            deadline_words=long_date(fac_round.deadline_in_force),
        ),
    )


@login_required
def comment_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    _, fac_round, _ = _sent(request, pk)
    return file_response(selectors.comment_file_for(report=fac_round.report, pk=file_pk))
