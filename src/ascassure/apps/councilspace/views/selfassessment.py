"""The self-assessment: the year's page, one QS (read, edit, comment, history), readiness,
versions and years."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ascassure.apps.councilspace import selectors, services
from ascassure.apps.councilspace.forms import CommentForm, EntryForm, StartForm, VersionForm
from ascassure.apps.councilspace.selectors import Workspace
from ascassure.apps.councilspace.views._common import (
    cached_body,
    page_context,
    require_editor,
    self_assessment_for,
    today,
    workspace_page,
)
from ascassure.apps.metrics.indicators import indicators_for_council
from ascassure.apps.metrics.selectors import data_version
from ascassure.domain.framework import Framework
from ascassure.domain.selfassessment import (
    entry_texts,
    predicted_result,
    split_areas,
)


def _year_url(workspace: Workspace, year: int) -> str:
    return reverse("councilspace:year", args=[workspace.council.slug, year])


def _qs_url(workspace: Workspace, year: int, code: str) -> str:
    return reverse("councilspace:qs", args=[workspace.council.slug, year, code])


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One council: straight to it. Several: choose. None: say so."""
    memberships = selectors.workspace_memberships(user=request.user)
    if len(memberships) == 1:
        return redirect("councilspace:council", slug=memberships[0].council.slug)
    return render(request, "councilspace/home.html", {"memberships": memberships})


@workspace_page
def council_home(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    current = selectors.current_self_assessment(council=workspace.council)
    if current is not None:
        return redirect(_year_url(workspace, current.year))
    form = StartForm(initial={"year": today().year, "start_from": ""}, years=[])
    return render(
        request,
        "councilspace/start.html",
        page_context(
            workspace,
            None,
            "",
            form=form,
            preparation=selectors.preparation(council=workspace.council),
        ),
    )


@workspace_page
def years(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    all_years = list(selectors.self_assessments(council=workspace.council))
    by_year = {sa.year: sa for sa in all_years}
    latest = all_years[0].year if all_years else None
    form = StartForm(
        request.POST if request.method == "POST" else None,
        years=list(by_year),
        initial={
            "year": (latest + 1) if latest else today().year,
            "start_from": str(latest) if latest else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        start_from = by_year.get(_int(form.cleaned_data["start_from"]) or 0)
        try:
            started = services.self_assessment_start(
                council=workspace.council,
                year=form.cleaned_data["year"],
                by=request.user,
                from_previous=start_from,
            )
        except services.ServiceRefusal as refusal:
            form.add_error("year", " ".join(refusal.reasons))
        else:
            messages.success(request, f"The {started.year} self-assessment is started.")
            return redirect(_year_url(workspace, started.year))
    comparison = None
    a, b = _int(request.GET.get("a")), _int(request.GET.get("b"))
    if a in by_year and b in by_year:
        before, after = by_year[a], by_year[b]
        comparison = selectors.compare_sets(
            selectors.latest_revisions(self_assessment=before),
            selectors.latest_revisions(self_assessment=after),
            after.framework,
        )
    template = "councilspace/years.html" if all_years else "councilspace/start.html"
    return render(
        request,
        template,
        page_context(
            workspace,
            all_years[0] if all_years else None,
            "years",
            years=all_years,
            form=form,
            comparison=comparison,
            a=a,
            b=b,
        ),
    )


@workspace_page
def year_detail(request: HttpRequest, workspace: Workspace, year: int) -> HttpResponse:
    self_assessment = self_assessment_for(workspace, year)

    def build() -> dict:
        rows = selectors.qs_rows(self_assessment=self_assessment, today=today())
        fw = self_assessment.framework
        scores = {r.statement.code: r.revision.self_score for r in rows if r.revision}
        return {
            "self_assessment": self_assessment,
            "themes": [
                (theme, [r for r in rows if r.statement.theme == theme.code]) for theme in fw.themes
            ],
            "predicted": predicted_result(scores, fw),
            "latest_version": selectors.versions(self_assessment=self_assessment).first(),
        }

    body = cached_body(request, workspace, "councilspace/_year_body.html", build)
    return render(
        request,
        "councilspace/year.html",
        page_context(
            workspace,
            self_assessment,
            "self-assessment",
            body=body,
            preparation=selectors.preparation(council=workspace.council),
        ),
    )


def _qs(workspace: Workspace, year: int, code: str):
    self_assessment = self_assessment_for(workspace, year)
    statement = selectors.statement_or_404(framework=self_assessment.framework, qs_code=code)
    return self_assessment, statement


@workspace_page
def qs_detail(request: HttpRequest, workspace: Workspace, year: int, code: str) -> HttpResponse:
    self_assessment, statement = _qs(workspace, year, code)

    def build() -> dict:
        fw = self_assessment.framework
        indicators = indicators_for_council(council=workspace.council, qs_code=statement.code)
        revisions = selectors.qs_revisions(self_assessment=self_assessment, qs_code=code)
        latest = revisions[0] if revisions else None
        open_areas = [
            a.text
            for a in selectors.areas_without_action(self_assessment=self_assessment)
            if a.qs_code == code
        ]
        return {
            "self_assessment": self_assessment,
            "statement": statement,
            "theme": fw.theme(statement.theme),
            "revision": latest,
            "revision_count": len(revisions),
            "fields": entry_texts(latest.entry if latest else None, statement, fw),
            "areas": split_areas(latest.areas_for_development) if latest else (),
            "open_areas": open_areas,
            "evidence": selectors.evidence_list(
                council=workspace.council, today=today(), qs_code=code
            ),
            "actions": selectors.actions_list(
                council=workspace.council, today=today(), qs_code=code
            ),
            "comments": selectors.qs_comments(self_assessment=self_assessment, qs_code=code),
            "indicators": indicators,
            "found": indicators.statement(statement.code),
            "can_import": can_import,
        }

    can_import = request.user.has_perm("metrics.import_data")
    body = cached_body(
        request,
        workspace,
        "councilspace/_qs_body.html",
        build,
        extra=f"{data_version()}|{int(can_import)}",
    )
    return render(
        request,
        "councilspace/qs.html",
        page_context(
            workspace,
            self_assessment,
            "self-assessment",
            statement=statement,
            body=body,
            comment_form=CommentForm(),
        ),
    )


@workspace_page
def qs_edit(request: HttpRequest, workspace: Workspace, year: int, code: str) -> HttpResponse:
    require_editor(workspace)
    self_assessment, statement = _qs(workspace, year, code)
    fw = self_assessment.framework
    revisions = selectors.qs_revisions(self_assessment=self_assessment, qs_code=code)
    latest = revisions[0] if revisions else None
    base = latest.number if latest else 0
    conflict = None
    fields_html = None
    if request.method == "POST":
        form = EntryForm(request.POST, statement=statement, framework=fw)
        if form.is_valid():
            try:
                outcome = services.qs_entry_save(
                    self_assessment=self_assessment,
                    qs_code=code,
                    entry=form.entry(),
                    by=request.user,
                    base_number=form.cleaned_data["base"],
                )
            except services.StaleEntry as stale:
                started_from = next(
                    (r for r in revisions if r.number == form.cleaned_data["base"]), None
                )
                conflict = {
                    "latest": stale.latest,
                    "comparison": selectors.compare_revisions(
                        before=started_from, after=stale.latest, statement=statement, fw=fw
                    ),
                }
                # The editor's own text stays in the form; saving again is now a deliberate
                # choice made after seeing the other person's version.
                data = request.POST.copy()
                data["base"] = str(stale.latest.number)
                form = EntryForm(data, statement=statement, framework=fw)
                form.is_valid()
                form.add_error(None, stale.reasons[0])
            except services.ServiceRefusal as refusal:
                for reason in refusal.reasons:
                    form.add_error("status", reason)
            else:
                if outcome.created:
                    messages.success(request, f"{code} saved as version {outcome.revision.number}.")
                else:
                    messages.success(request, f"Nothing had changed: {code} is as it was.")
                return redirect(_qs_url(workspace, year, code))
    else:
        form = EntryForm(
            initial=EntryForm.initial_from(latest.entry if latest else None, base),
            statement=statement,
            framework=fw,
        )
        fields_html = cached_body(
            request, workspace, "councilspace/_qs_edit_fields.html", lambda: {"form": form}
        )
    return render(
        request,
        "councilspace/qs_edit.html",
        page_context(
            workspace,
            self_assessment,
            "self-assessment",
            statement=statement,
            theme=fw.theme(statement.theme),
            form=form,
            revision=latest,
            conflict=conflict,
            fields_html=fields_html,
        ),
    )


@workspace_page
@require_POST
def qs_comment(request: HttpRequest, workspace: Workspace, year: int, code: str) -> HttpResponse:
    self_assessment, _ = _qs(workspace, year, code)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.qs_comment_add(
            self_assessment=self_assessment,
            qs_code=code,
            body=form.cleaned_data["body"],
            by=request.user,
        )
        messages.success(request, "Comment added.")
    else:
        messages.error(request, "Enter a comment before adding it.")
    return redirect(_qs_url(workspace, year, code) + "#comments")


@workspace_page
def qs_history(request: HttpRequest, workspace: Workspace, year: int, code: str) -> HttpResponse:
    self_assessment, statement = _qs(workspace, year, code)
    revisions = selectors.qs_revisions(self_assessment=self_assessment, qs_code=code)
    by_number = {r.number: r for r in revisions}
    b = _int(request.GET.get("b")) or (revisions[0].number if revisions else None)
    a = _int(request.GET.get("a"))
    if a is None and b is not None:
        a = b - 1
    comparison = None
    if b in by_number and (a in by_number or a == 0):
        comparison = selectors.compare_revisions(
            before=by_number.get(a or -1),
            after=by_number[b],
            statement=statement,
            fw=self_assessment.framework,
        )
    return render(
        request,
        "councilspace/qs_history.html",
        page_context(
            workspace,
            self_assessment,
            "self-assessment",
            statement=statement,
            revisions=revisions,
            comparison=comparison,
            a=a,
            b=b,
        ),
    )


def _band_chart(fw: Framework, percent: int | None) -> dict:
    """Widths of the rating bands on a 25-100 scale, and where the percentage sits."""
    low, high = fw.rating_bands[0].low, fw.rating_bands[-1].high
    span = high - low + 1
    return {
        "segments": [
            {
                "rating": band.rating.value,
                "low": band.low,
                "high": band.high,
                "width": f"{(band.high - band.low + 1) / span * 100:.2f}%",
            }
            for band in fw.rating_bands
        ],
        "marker": f"{((percent or low) - low + 0.5) / span * 100:.2f}%",
    }


@workspace_page
def readiness(request: HttpRequest, workspace: Workspace, year: int) -> HttpResponse:
    self_assessment = self_assessment_for(workspace, year)

    def build() -> dict:
        result = selectors.readiness(self_assessment=self_assessment, today=today())
        percent = result.predicted.percent if result.predicted else None
        return {
            "self_assessment": self_assessment,
            "r": result,
            "chart": _band_chart(result.framework, percent),
        }

    body = cached_body(request, workspace, "councilspace/_readiness_body.html", build)
    return render(
        request,
        "councilspace/readiness.html",
        page_context(workspace, self_assessment, "readiness", body=body),
    )


@workspace_page
def versions(request: HttpRequest, workspace: Workspace, year: int) -> HttpResponse:
    self_assessment = self_assessment_for(workspace, year)
    form = VersionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.self_assessment_version_create(
                self_assessment=self_assessment, note=form.cleaned_data["note"], by=request.user
            )
        except services.ServiceRefusal as refusal:
            form.add_error("note", " ".join(refusal.reasons))
        else:
            messages.success(request, f"Saved as version {version.number}.")
            return redirect("councilspace:versions", slug=workspace.council.slug, year=year)

    def build() -> dict:
        all_versions = list(selectors.versions(self_assessment=self_assessment))
        by_number = {v.number: v for v in all_versions}
        a, b = _int(request.GET.get("a")), _int(request.GET.get("b"))
        comparison = None
        if a in by_number and (b in by_number or b == 0):
            before = selectors.version_revisions(version=by_number[a])
            after = (
                selectors.version_revisions(version=by_number[b])
                if b
                else selectors.latest_revisions(self_assessment=self_assessment)
            )
            comparison = selectors.compare_sets(before, after, self_assessment.framework)
        return {
            "self_assessment": self_assessment,
            "versions": all_versions,
            "comparison": comparison,
            "a": a,
            "b": b,
        }

    body = cached_body(request, workspace, "councilspace/_versions_body.html", build)
    return render(
        request,
        "councilspace/versions.html",
        page_context(workspace, self_assessment, "versions", form=form, body=body),
    )
