"""Pages for answering the information return from the council's workspace, and the team's page
of the self-assessment the council submitted.

Same rules as the other pages (:mod:`.views`): the council's editors change (403 for a viewer),
nobody outside the council or the team sees anything (404).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from ascassure.apps.assessments.selectors import assessment_for_council_user, assessment_for_team
from ascassure.apps.assessments.views import assessment_context
from ascassure.apps.inforeturn import services, workspace_selectors, workspace_services
from ascassure.apps.inforeturn.forms import LibraryForm, SelfAssessmentSubmitForm
from ascassure.apps.inforeturn.models import ItemKind
from ascassure.apps.inforeturn.views import (
    TAB,
    _add_refusal,
    _council_item_for_edit,
    _refetch,
    _today,
)

NO_SELF_ASSESSMENT_ITEM = "Your information return does not ask for the self-assessment."
# A refusal about the whole item goes at the top; the section's, on the section; any other
# (a file missing, changed, not sent yet ...) is about the items chosen.
ITEM_REFUSALS = {
    services.ITEM_STALE,
    services.ITEM_COMPLETE_READ_ONLY,
    services.ASSESSMENT_FINISHED,
}


def _choice_hint(choice: workspace_selectors.LibraryChoice) -> str:
    evidence = choice.evidence
    parts = [
        f"{evidence.file_type.upper()}, {evidence.kind_label.lower()}, "
        f"{evidence.evidence_date:%B %Y}, {', '.join(evidence.qs_codes) or 'no QS'}"
    ]
    if choice.attached:
        parts.append("already attached to this item")
    elif choice.sent_under:
        parts.append(f"already sent under “{choice.sent_under}”")
    if evidence.stale:
        parts.append("older than 12 months")
    return "; ".join(parts) + "."


@login_required
def council_library(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    """Answer an item from the council's evidence library: copies of files, or a pointer."""
    item = _council_item_for_edit(request, pk, item_id)
    choices = workspace_selectors.library_choices(item=item, today=_today())
    values = [(c.value, c.evidence.title) for c in choices.all]
    form = LibraryForm(
        request.POST if request.method == "POST" else None,
        prefix="library",
        values=values,
        initial={"version": item.version, "how": "copy"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = workspace_services.ir_item_answer_from_library(
                item=item,
                evidence=choices.evidence_for(data["evidence"]),
                by=request.user,
                expected_version=data["version"],
                as_pointer=data["how"] == "pointer",
                section=data["section"],
            )
        except services.ServiceRefusal as refusal:
            item = _refetch(request, pk, item_id)
            for reason in refusal.reasons:
                if reason in ITEM_REFUSALS:
                    form.add_error(None, reason)
                elif reason == services.POINTER_NEEDS_SECTION:
                    form.add_error("section", reason)
                else:
                    form.add_error("evidence", reason)
            form.data = form.data.copy()
            form.data[form.add_prefix("version")] = str(item.version)
        else:
            if outcome.pointer is not None:
                messages.success(
                    request, f"Pointer saved to {outcome.pointer.original_name}, {data['section']}."
                )
            else:
                names = ", ".join(u.original_name for u in outcome.attached)
                text = f"Attached from your evidence library: {names}."
                if outcome.skipped:
                    text += f" Already attached, so not sent again: {', '.join(outcome.skipped)}."
                messages.success(request, text)
            return redirect("inforeturn:council-item", pk=pk, item_id=item.pk)
    return render(
        request,
        "inforeturn/council_library.html",
        {
            "assessment": item.request.assessment,
            "item": item,
            "form": form,
            "choices": choices,
            "hints": {c.value: _choice_hint(c) for c in choices.all},
            "matching": choices.matching_values,
            "workspace_slug": item.request.assessment.council.slug,
        },
    )


@login_required
def council_self_assessment(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    """Submit a saved version of the self-assessment as the answer to the item."""
    item = _council_item_for_edit(request, pk, item_id)
    if item.kind != ItemKind.SELF_ASSESSMENT:
        raise Http404(workspace_services.NOT_A_SELF_ASSESSMENT_ITEM)
    assessment = item.request.assessment
    versions = list(workspace_selectors.submittable_versions(assessment=assessment))
    form = SelfAssessmentSubmitForm(
        request.POST if request.method == "POST" else None,
        prefix="submit",
        versions=versions,
        initial={
            "version": item.version,
            "self_assessment_version": str(versions[0].pk) if versions else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen_version()
        try:
            workspace_services.ir_self_assessment_submit(
                item=item,
                version=chosen,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                today=_today(),
            )
        except services.ServiceRefusal as refusal:
            item = _refetch(request, pk, item_id)
            _add_refusal(form, refusal, latest_version=item.version)
        else:
            messages.success(
                request,
                f"Self-assessment {chosen.self_assessment.year}, version {chosen.number}, "
                "submitted. The assessment team can now read it; the item is marked complete.",
            )
            return redirect("inforeturn:council-item", pk=pk, item_id=item.pk)
    return render(
        request,
        "inforeturn/council_self_assessment.html",
        {
            "assessment": assessment,
            "item": item,
            "form": form,
            "versions": versions,
            "workspace_slug": assessment.council.slug,
        },
    )


@login_required
@require_GET
def council_self_assessment_item(request: HttpRequest, pk: int) -> HttpResponse:
    """The item that asks for the self-assessment (the workspace links here)."""
    assessment = assessment_for_council_user(user=request.user, pk=pk)
    item = workspace_selectors.self_assessment_item(assessment=assessment)
    if item is None:
        messages.info(request, NO_SELF_ASSESSMENT_ITEM)
        return redirect("inforeturn:council", pk=pk)
    return redirect("inforeturn:council-item", pk=pk, item_id=item.pk)


@login_required
@require_GET
def team_self_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    """The self-assessment the council submitted, read-only; "not yet submitted" before."""
    assessment = assessment_for_team(user=request.user, pk=pk)
    context = assessment_context(request, assessment, TAB)
    context.update(
        {
            "submitted": workspace_selectors.submitted_self_assessment(
                assessment=assessment, today=_today()
            ),
            "item": workspace_selectors.self_assessment_item(assessment=assessment),
        }
    )
    return render(request, "inforeturn/team_self_assessment.html", context)
