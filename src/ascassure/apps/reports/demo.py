"""The report of a demonstration assessment, as far as its stage has gone.

``demo_load(assessment=..., people=..., today=...)``:

* draft report: the draft generated from the assessment, then two sections edited;
* factual accuracy check: that draft sent to the council six days ago, with three comments
  from the council's editor (one with a supporting file), two of them answered;
* ready to publish: the check over (sent 30 days ago, every comment answered), the
  publication date set to today, and the report published: frozen, with its checksum, and
  its result on the public site. Pass ``publish=False`` to stop at the publication date.

``people`` maps a team role (``"lead_inspector"``, ``"inspector"``) to a user. The stage rules
of the services are for people, not for the demo: versions and the check are written directly
where the assessment's stage has moved past the step; comments, decisions, the publication
date and publishing go through the services. Calling it twice changes nothing. It needs the
rating locked (the scoring demo does that) and loads the publication pauses if they are not.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from ascassure.apps.accounts.models import CouncilMembership, CouncilRole, User
from ascassure.apps.assessments.models import Assessment
from ascassure.apps.assessments.services import ServiceRefusal
from ascassure.apps.reports import fac, selectors, services
from ascassure.apps.reports.models import FacRound, PublicationWindow, Report, ReportVersion
from ascassure.domain.calendar import ENGLAND_AND_WALES, fac_deadline
from ascassure.domain.framework import load_framework
from ascassure.domain.lifecycle import Stage
from ascassure.domain.reports import draft_document, section, section_update
from ascassure.domain.scoring import score_assessment

SUMMARY_ADDITION = (
    "People who draw on care and support told us that staff listen and treat them with "
    "respect, but many wait too long for an assessment. Partnerships with the NHS and the "
    "voluntary sector are a strength; leaders know where the council must improve."
)
QS1_FINDINGS = (
    "Over 400 people were waiting for a Care Act assessment, for 11 weeks on average. Once "
    "assessed, people said their assessment was personal and strengths-based.\n\n"
    "The council has a plan to cut waits, with more occupational therapists and a "
    "trusted-assessor scheme with the NHS, but it is too early to see its effect."
)
COMMENTS = (
    (
        "QS1",
        "typographical",
        "The report says 421 people were waiting for an assessment.",
        "412 people were waiting for an assessment on 31 March.",
        "accepted",
        "",
    ),
    (
        "QS8",
        "judgement",
        "The report says performance reports to members lack waiting-list data.",
        "Quarterly reports to the scrutiny committee have included waiting-list data since "
        "June; the September report is attached.",
        "partly_accepted",
        "The September report includes the data; earlier reports in the period did not. "
        "The finding now says so.",
    ),
    (
        "QS4",
        "omission",
        "The report does not mention the new home care framework.",
        "Add that the home care framework starting in April covers the rural east.",
        "",
        "",
    ),
)
EVIDENCE_CSV = b"Month,Reports to scrutiny with waiting-list data\nJune,Yes\nSeptember,Yes\n"


def _editor(assessment: Assessment) -> User | None:
    membership = (
        CouncilMembership.objects.filter(council=assessment.council, role=CouncilRole.EDITOR)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def _draft(assessment: Assessment, by: User | None) -> Report | None:
    """Versions 1 to 3 (generated, then the summary and QS1 edited), written directly."""
    report, _ = Report.objects.get_or_create(assessment=assessment)
    if report.versions.exists():
        return report
    scores = selectors.report_scores(assessment=assessment)
    if not scores.locked:
        return None
    framework = load_framework(assessment.framework_version)
    document = draft_document(
        framework,
        profile=services.report_profile(assessment),
        result=score_assessment(
            [scores.by_code[c] for c in framework.qs_codes], framework=framework
        ),
        locked=True,
        rationales=scores.rationales,
        evidence=selectors.evidence_notes(assessment=assessment),
    )
    now = timezone.now()
    steps = [
        (document, "", "Generated from the assessment"),
    ]
    summary = section(document, "summary")["text"] + "\n\n" + SUMMARY_ADDITION
    document = section_update(document, "summary", {"text": summary})
    steps.append((document, "summary", "Summary written"))
    document = section_update(document, "QS1", {"findings": QS1_FINDINGS})
    steps.append((document, "QS1", "Key findings rewritten"))
    for number, (doc, key, note) in enumerate(steps, start=1):
        ReportVersion.objects.create(
            report=report,
            number=number,
            document=doc,
            changed_section=key,
            note=note,
            created_by=by,
            created_at=now - timedelta(minutes=10 * (len(steps) - number)),
        )
    return report


def _sent(report: Report, sent_on: date, by: User | None) -> FacRound:
    existing = selectors.fac_round_for(report=report)
    if existing is not None:
        return existing
    version = report.versions.order_by("-number").first()
    return FacRound.objects.create(
        report=report,
        version=version,
        sent_on=sent_on,
        working_days=fac.FAC_WORKING_DAYS,
        deadline=fac_deadline(sent_on, working_days=fac.FAC_WORKING_DAYS),
        sent_by=by,
        sent_at=timezone.now(),
    )


def _comments(fac_round: FacRound, *, editor, team, today: date, decide_all: bool) -> None:
    if fac_round.comments.exists():
        return
    for n, (key, kind, comment, change, decision, reason) in enumerate(COMMENTS, start=1):
        files = [SimpleUploadedFile("scrutiny reports.csv", EVIDENCE_CSV)] if n == 2 else []
        made = fac.fac_comment_add(
            fac_round=fac_round,
            section_key=key,
            kind=kind,
            comment=comment,
            proposed_change=change,
            files=files,
            by=editor,
            today=today,
        )
        if decide_all and not decision:
            decision, reason = "not_accepted", "The framework starts after the assessment period."
        if decision:
            fac.fac_comment_decide(
                comment=made, decision=decision, reason=reason, by=team, expected_version=1
            )


@transaction.atomic
def demo_load(
    *,
    assessment: Assessment,
    people: Mapping[str, User] | None = None,
    today: date,
    publish: bool = True,
) -> Report | None:
    people = people or {}
    team = people.get("lead_inspector") or people.get("inspector")
    stage = Stage(assessment.stage)
    order = list(Stage)
    if stage == Stage.WITHDRAWN or order.index(stage) < order.index(Stage.DRAFT_REPORT):
        return None
    if not PublicationWindow.objects.exists():
        services.publication_windows_load()
    report = _draft(assessment, people.get("inspector") or team)
    if report is None or stage == Stage.DRAFT_REPORT:
        return report
    editor = _editor(assessment)
    if stage == Stage.FACTUAL_ACCURACY_CHECK:
        sent_on = ENGLAND_AND_WALES.previous_working_day(today - timedelta(days=6))
        fac_round = _sent(report, sent_on, team)
        _comments(fac_round, editor=editor, team=team, today=today, decide_all=False)
        return report
    sent_on = ENGLAND_AND_WALES.previous_working_day(today - timedelta(days=30))
    fac_round = _sent(report, sent_on, team)
    _comments(fac_round, editor=editor, team=team, today=sent_on, decide_all=True)
    if stage != Stage.READY_TO_PUBLISH or selectors.is_published(report=report):
        return report
    try:
        services.publication_date_set(report=report, day=today, by=team, today=today)
        if publish:
            services.report_publish(report=report, by=team, today=today)
    except ServiceRefusal:  # today is in a pause: the demo leaves the report unpublished
        pass
    return report
