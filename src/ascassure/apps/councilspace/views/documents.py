"""Documents: the self-assessment as DOCX and PDF, its import from XLSX, and the lead member's
briefing pack."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from ascassure.apps.councilspace import documents, selectors, services, spreadsheets
from ascassure.apps.councilspace.forms import ImportForm
from ascassure.apps.councilspace.selectors import Workspace
from ascassure.apps.councilspace.views._common import (
    cached_body,
    page_context,
    require_editor,
    self_assessment_for,
    today,
    workspace_page,
)
from ascassure.apps.metrics.selectors import data_version
from ascassure.domain.selfassessment import IMPORT_COLUMNS, parse_import

# GOV.UK classes for the briefing's shared body when it is shown as a page (not in the PDF).
PAGE_CSS = {
    "table": "govuk-table",
    "caption": "govuk-table__caption govuk-table__caption--s",
    "thead": "govuk-table__head",
    "tbody": "govuk-table__body",
    "tr": "govuk-table__row",
    "th": "govuk-table__header",
    "td": "govuk-table__cell",
    "ul": "govuk-list govuk-list--bullet",
    "p": "govuk-body",
    "caveat": "govuk-inset-text",
    "placeholder": "govuk-inset-text",
    "num_th": "govuk-table__header--numeric",
    "num_td": "govuk-table__cell--numeric",
}


def _version(request: HttpRequest, self_assessment):
    number = request.GET.get("version", "")
    if not number:
        return None
    if not number.isdigit():
        return selectors.version_get(self_assessment=self_assessment, number=-1)
    return selectors.version_get(self_assessment=self_assessment, number=int(number))


def _filename(workspace: Workspace, year: int, what: str, version, kind: str) -> str:
    suffix = f"-v{version.number}" if version else f"-draft-{today():%Y-%m-%d}"
    return f"{workspace.council.slug}-{what}-{year}{suffix}.{kind}"


@workspace_page
def export(request: HttpRequest, workspace: Workspace, year: int, kind: str) -> HttpResponse:
    self_assessment = self_assessment_for(workspace, year)
    version = _version(request, self_assessment)
    doc = documents.self_assessment_document(
        self_assessment=self_assessment, today=today(), version=version
    )
    render_as = documents.self_assessment_docx if kind == "docx" else documents.self_assessment_pdf
    data = render_as(doc)
    return documents.download(
        data, _filename(workspace, year, "self-assessment", version, kind), kind
    )


@workspace_page
def briefing(request: HttpRequest, workspace: Workspace, year: int) -> HttpResponse:
    self_assessment = self_assessment_for(workspace, year)

    can_import = request.user.has_perm("metrics.import_data")

    def build() -> dict:
        pack = documents.briefing(self_assessment=self_assessment, today=today())
        return {
            "css": PAGE_CSS,
            "on_page": True,
            "import_url": reverse("metrics:import-new") if can_import else "",
            **documents.briefing_context(pack),
        }

    stamp = selectors.current_assessment_stamp(council=workspace.council)
    body = cached_body(
        request,
        workspace,
        "councilspace/documents/_briefing_body.html",
        build,
        extra=f"{stamp}|{data_version()}|{int(can_import)}",
    )
    return render(
        request,
        "councilspace/briefing.html",
        page_context(workspace, self_assessment, "briefing", body=body),
    )


@workspace_page
def briefing_download(
    request: HttpRequest, workspace: Workspace, year: int, kind: str
) -> HttpResponse:
    self_assessment = self_assessment_for(workspace, year)
    pack = documents.briefing(self_assessment=self_assessment, today=today())
    data = documents.briefing_docx(pack) if kind == "docx" else documents.briefing_pdf(pack)
    name = f"{workspace.council.slug}-lead-member-briefing-{today():%Y-%m-%d}.{kind}"
    return documents.download(data, name, kind)


@workspace_page
def import_template(request: HttpRequest, workspace: Workspace, year: int) -> HttpResponse:
    self_assessment = self_assessment_for(workspace, year)
    data = spreadsheets.import_template(
        self_assessment=self_assessment,
        revisions=selectors.latest_revisions(self_assessment=self_assessment),
    )
    return documents.download(data, f"{workspace.council.slug}-self-assessment-{year}.xlsx", "xlsx")


@workspace_page
def import_page(request: HttpRequest, workspace: Workspace, year: int) -> HttpResponse:
    require_editor(workspace)
    self_assessment = self_assessment_for(workspace, year)
    stamp = selectors.revision_stamp(self_assessment=self_assessment)
    form = ImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial={"stamp": stamp},
    )
    problems: list = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        rows, unreadable = spreadsheets.read_rows(upload.read())
        result = parse_import(rows, self_assessment.framework) if unreadable is None else None
        if result is None or not result.ok:
            problems = [unreadable] if result is None else list(result.problems)
        else:
            try:
                outcome = services.self_assessment_import(
                    self_assessment=self_assessment,
                    entries=result.entries,
                    by=request.user,
                    file_name=upload.name,
                    expected_stamp=form.cleaned_data["stamp"],
                )
            except services.ServiceRefusal as refusal:
                form.add_error(None, " ".join(refusal.reasons))
            else:
                changed = ", ".join(outcome.changed) or "none"
                messages.success(
                    request,
                    f"Imported. Changed: {changed}. Unchanged: {len(outcome.unchanged)}.",
                )
                return redirect("councilspace:year", slug=workspace.council.slug, year=year)
    return render(
        request,
        "councilspace/import.html",
        page_context(
            workspace,
            self_assessment,
            "self-assessment",
            form=form,
            problems=problems,
            columns=[label for _, label in IMPORT_COLUMNS],
        ),
    )
