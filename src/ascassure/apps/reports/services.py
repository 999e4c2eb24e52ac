"""Writes for reports: generate the draft, edit it a section at a time, set the publication
date, publish, correct. Each is atomic and refuses in the user's words (``ServiceRefusal``).

Publishing never moves the assessment's stage: that is the core's stage step (``publish``),
whose guards read the facts this app contributes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ascassure.apps.accounts.models import User
from ascassure.apps.assessments.models import Assessment, AssessmentKind
from ascassure.apps.assessments.services import ServiceRefusal, assessment_event_record
from ascassure.apps.councils.models import QS_FIELDS, AssessmentType, Council, PublishedResult
from ascassure.apps.reports import rendering, selectors, storage
from ascassure.apps.reports.models import (
    Publication,
    PublicationKind,
    PublicationWindow,
    Report,
    ReportVersion,
    WindowScope,
)
from ascassure.domain.framework import load_framework
from ascassure.domain.lifecycle import (
    NOT_POSSIBLE_AT_THIS_STAGE,
    Event,
    Stage,
    check,
    fac_comments_decided,
    fac_period_over,
)
from ascassure.domain.reports import (
    DocumentError,
    Profile,
    blackout_refusal,
    draft_document,
    long_date,
    publication_date_refusals,
    section,
    section_update,
)
from ascassure.domain.scoring import ScoringError, score_assessment
from ascassure.files import sha256

ALREADY_GENERATED = "The draft report exists already: edit it a section at a time."
RATING_NOT_LOCKED = (
    "Lock the rating before generating the draft: the report shows the calibrated scores."
)
NO_DRAFT = "Generate the draft report first."
STALE_REPORT = (
    "Someone saved a newer version of the report while you were working on it. Your change "
    "was not saved: look at the latest version and try again."
)
REPORT_PUBLISHED = (
    "The report is published and cannot change. To correct it, start a correction: it "
    "becomes a new, dated version with a note, published beside the original."
)
NO_SUCH_SECTION = "The report has no such section."
NO_PUBLICATION_DATE = "Set the publication date first."
NOT_YET = "The publication date is {day}. Publish on that day."
DATE_PASSED = "The publication date, {day}, has passed. Set a new date first."
ALREADY_PUBLISHED = "The report is published already."
RESULT_EXISTS = (
    "A {kind} result for {council} is already published for {month}. Check the published "
    "results before publishing this one."
)
CORRECTION_NEEDS_NOTE = "Say what the correction changes: the note is published with it."
CORRECTION_OPEN = "A correction is being prepared already."
NO_CORRECTION = "Start a correction first."
CORRECTION_UNCHANGED = "Change a section of the report before publishing the correction."
NOT_PUBLISHED = "Only a published report can be corrected."

_RESULT_TYPE = {
    AssessmentKind.BASELINE: AssessmentType.FORMAL,
    AssessmentKind.REASSESSMENT: AssessmentType.REASSESSMENT,
    AssessmentKind.FOLLOW_UP: AssessmentType.FOLLOW_UP,
}


def _stage(assessment: Assessment) -> Stage:
    return Stage(assessment.stage)


def _locked_report(report: Report) -> Report:
    return (
        Report.objects.select_for_update().select_related("assessment__council").get(pk=report.pk)
    )


def _latest(report: Report) -> ReportVersion | None:
    return report.versions.order_by("-number").first()


def _record(assessment: Assessment, by: User | None, kind: str, summary: str, reason: str = ""):
    assessment_event_record(
        assessment=assessment, actor=by, kind=kind, summary=summary, reason=reason
    )


# --- the draft ------------------------------------------------------------------------------


def report_profile(assessment: Assessment) -> Profile:
    council = Council.objects.select_related("region", "icb").get(pk=assessment.council_id)
    return Profile(
        council=council.name,
        council_type=council.get_council_type_display(),
        region=council.region.name,
        icb=council.icb.short_name,
        assessment_kind=assessment.get_kind_display(),
    )


@transaction.atomic
def report_generate(*, assessment: Assessment, by: User | None) -> ReportVersion:
    """Version 1 of the report, from the calibrated scores, the evidence and the framework."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if _stage(assessment) not in selectors.GENERATE_STAGES:
        raise ServiceRefusal(NOT_POSSIBLE_AT_THIS_STAGE)
    report, _ = Report.objects.get_or_create(assessment=assessment)
    if report.versions.exists():
        raise ServiceRefusal(ALREADY_GENERATED)
    scores = selectors.report_scores(assessment=assessment)
    if not scores.locked:
        raise ServiceRefusal(RATING_NOT_LOCKED)
    framework = load_framework(assessment.framework_version)
    document = draft_document(
        framework,
        profile=report_profile(assessment),
        result=score_assessment(
            [scores.by_code[c] for c in framework.qs_codes], framework=framework
        ),
        locked=scores.locked,
        rationales=scores.rationales,
        evidence=selectors.evidence_notes(assessment=assessment),
        indicators=selectors.indicator_lines(council=assessment.council),
    )
    version = ReportVersion.objects.create(
        report=report,
        number=1,
        document=document,
        note="Generated from the assessment",
        created_by=by,
        created_at=timezone.now(),
    )
    _record(assessment, by, "report_generated", "Draft report generated (version 1)")
    return version


def _editable(report: Report) -> None:
    stage = _stage(report.assessment)
    if selectors.is_published(report=report):
        if not report.correcting:
            raise ServiceRefusal(REPORT_PUBLISHED)
        return
    if stage not in selectors.EDIT_STAGES:
        raise ServiceRefusal(NOT_POSSIBLE_AT_THIS_STAGE)


@transaction.atomic
def report_section_save(
    *,
    report: Report,
    key: str,
    values: Mapping[str, Any],
    base_number: int,
    by: User | None,
    note: str = "",
) -> ReportVersion:
    """A new version with one section changed; refused if the editor's base is not the latest."""
    report = _locked_report(report)
    _editable(report)
    latest = _latest(report)
    if latest is None:
        raise ServiceRefusal(NO_DRAFT)
    if latest.number != base_number:
        raise ServiceRefusal(STALE_REPORT)
    try:
        title = section(latest.document, key)["title"]
        document = section_update(latest.document, key, values)
    except KeyError:
        raise ServiceRefusal(NO_SUCH_SECTION) from None
    except DocumentError as error:
        raise ServiceRefusal(str(error)) from None
    version = ReportVersion.objects.create(
        report=report,
        number=latest.number + 1,
        document=document,
        changed_section=key,
        note=note.strip()[:500],
        created_by=by,
        created_at=timezone.now(),
    )
    _record(
        report.assessment,
        by,
        "report_edited",
        f"Report: {title} edited (version {version.number})",
        note.strip(),
    )
    return version


# --- publication windows --------------------------------------------------------------------


@dataclass(frozen=True)
class WindowLoad:
    national: int
    council: int
    unknown_councils: tuple[str, ...]


@transaction.atomic
def publication_windows_load() -> WindowLoad:
    """Preload the pauses from the programme's data files. Rows loaded before (perhaps edited
    since in the admin) are left as they are. Load the councils first: a council's own window
    needs its council."""
    from ascassure.apps.reports.windows import preload_windows

    councils = {c.ons_code: c for c in Council.objects.only("pk", "ons_code")}
    national = council = 0
    unknown = []
    for window in preload_windows():
        found = councils.get(window.ons_code) if window.ons_code else None
        if window.ons_code and found is None:
            unknown.append(window.ons_code)
            continue
        _, created = PublicationWindow.objects.get_or_create(
            preload_key=window.key,
            defaults={
                "name": window.name,
                "start": window.start,
                "end": window.end,
                "scope": WindowScope.COUNCIL if found else WindowScope.NATIONAL,
                "council": found,
                "source": window.source[:500],
            },
        )
        if found:
            council += created
        else:
            national += created
    return WindowLoad(national=national, council=council, unknown_councils=tuple(unknown))


# --- the publication date -------------------------------------------------------------------


def _date_refusals(report: Report, day: date, today: date) -> tuple[str, ...]:
    fac_round = selectors.fac_round_for(report=report)
    return publication_date_refusals(
        day,
        today=today,
        windows=selectors.windows_for(council=report.assessment.council),
        fac_deadline=fac_round.deadline_in_force if fac_round else None,
        confirmed_no_inaccuracies=fac_round.confirmed if fac_round else False,
    )


@transaction.atomic
def publication_date_set(*, report: Report, day: date, by: User | None, today: date) -> Report:
    """Choose the publication date: never in a pause, never before the check closes (unless
    the council confirmed there are no inaccuracies), never in the past."""
    report = _locked_report(report)
    if selectors.is_published(report=report):
        raise ServiceRefusal(ALREADY_PUBLISHED)
    if _stage(report.assessment) not in selectors.DATE_STAGES:
        raise ServiceRefusal(NOT_POSSIBLE_AT_THIS_STAGE)
    reasons = _date_refusals(report, day, today)
    if reasons:
        raise ServiceRefusal(*reasons)
    report.publication_date = day
    report.publication_date_set_by = by
    report.save(update_fields=["publication_date", "publication_date_set_by"])
    _record(report.assessment, by, "publication_date", f"Publication date set: {long_date(day)}")
    return report


# --- publishing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Frozen:
    number: int
    html_name: str
    html_sha256: str
    pdf_name: str
    pdf_sha256: str
    pdf_size: int


def _freeze_files(
    report: Report, version: ReportVersion, *, published_on: date, corrections
) -> _Frozen:
    """Render the version as published and write its HTML and PDF (not yet recorded)."""
    council = report.assessment.council
    common = {
        "draft": False,
        "published_on": published_on,
        "corrections": tuple(corrections),
    }
    html = rendering.render_html(
        version,
        rendering.DocumentOptions(
            **common,
            council_url=council.get_absolute_url(),
            pdf_url=reverse(
                "reports_public:pdf", kwargs={"slug": council.slug, "version_pk": version.pk}
            ),
        ),
    ).encode()
    pdf = rendering.render_pdf(
        rendering.render_html(version, rendering.DocumentOptions(**common, for_pdf=True))
    )
    stem = f"v{version.number}"
    html_name = storage.new_name(report.assessment_id, stem, "html")
    pdf_name = storage.new_name(report.assessment_id, stem, "pdf")
    storage.write(html_name, html)
    try:
        storage.write(pdf_name, pdf)
    except BaseException:
        storage.remove(html_name)
        raise
    return _Frozen(version.number, html_name, sha256(html), pdf_name, sha256(pdf), len(pdf))


def _apply_freeze(version: ReportVersion, frozen: _Frozen) -> None:
    version.frozen_at = timezone.now()
    version.html_name, version.html_sha256 = frozen.html_name, frozen.html_sha256
    version.pdf_name, version.pdf_sha256 = frozen.pdf_name, frozen.pdf_sha256
    version.pdf_size = frozen.pdf_size
    version.save(
        update_fields=[
            "frozen_at",
            "html_name",
            "html_sha256",
            "pdf_name",
            "pdf_sha256",
            "pdf_size",
        ]
    )


def _publish_refusals(report: Report, today: date) -> tuple[str, ...]:
    assessment = report.assessment
    if selectors.is_published(report=report):
        return (ALREADY_PUBLISHED,)
    if _stage(assessment) not in selectors.PUBLISH_STAGES:
        return (NOT_POSSIBLE_AT_THIS_STAGE,)
    if _latest(report) is None:
        return (NO_DRAFT,)
    day = report.publication_date
    if day is None:
        return (NO_PUBLICATION_DATE,)
    if today < day:
        return (NOT_YET.format(day=long_date(day)),)
    if today > day:
        return (DATE_PASSED.format(day=long_date(day)),)
    if not selectors.report_scores(assessment=assessment).locked:
        return (RATING_NOT_LOCKED,)
    from ascassure.apps.assessments.facts import assessment_facts

    facts = assessment_facts(assessment=assessment, today=today)
    reasons = list(check(Stage.READY_TO_PUBLISH, Event.PUBLISH, facts).reasons)
    for guard in (fac_period_over, fac_comments_decided):
        refusal = guard(facts)
        if refusal is not None:
            reasons.append(refusal)
    return tuple(reasons)


def _published_result(assessment: Assessment, day: date) -> PublishedResult:
    framework = load_framework(assessment.framework_version)
    scores = selectors.report_scores(assessment=assessment)
    ordered = [scores.by_code[c] for c in framework.qs_codes]
    try:
        result = score_assessment(ordered, framework=framework)
    except ScoringError as error:
        raise ServiceRefusal(str(error)) from None
    kind = _RESULT_TYPE[AssessmentKind(assessment.kind)]
    month = day.replace(day=1)
    council = assessment.council
    if PublishedResult.objects.filter(
        council=council, published_month=month, assessment_type=kind
    ).exists():
        raise ServiceRefusal(
            RESULT_EXISTS.format(
                kind=kind.label.lower(), council=council.name, month=f"{month:%B %Y}"
            )
        )
    by_field = dict(zip(QS_FIELDS, ordered, strict=False))
    try:
        with transaction.atomic():
            return PublishedResult.objects.create(
                council=council,
                assessment_type=kind,
                published_month=month,
                rating=result.rating.value,
                percent=result.percent,
                **by_field,
            )
    except IntegrityError:
        raise ServiceRefusal(
            RESULT_EXISTS.format(
                kind=kind.label.lower(), council=council.name, month=f"{month:%B %Y}"
            )
        ) from None


def report_publish(*, report: Report, by: User | None, today: date) -> Publication:
    """Freeze the latest version (HTML and PDF, with their SHA-256), publish it on the
    publication date, and add the published result the public site and open data show.

    The files are rendered before the report is locked (rendering takes a second or two) and
    removed again if anything refuses; the checks run again under the lock.
    """
    report = Report.objects.select_related("assessment__council").get(pk=report.pk)
    reasons = _publish_refusals(report, today)
    if reasons:
        raise ServiceRefusal(*reasons)
    version = _latest(report)
    assert version is not None and report.publication_date is not None
    frozen = _freeze_files(report, version, published_on=report.publication_date, corrections=())
    try:
        with transaction.atomic():
            report = _locked_report(report)
            reasons = _publish_refusals(report, today)
            if reasons:
                raise ServiceRefusal(*reasons)
            latest = _latest(report)
            if latest is None or latest.number != frozen.number:
                raise ServiceRefusal(STALE_REPORT)
            _apply_freeze(latest, frozen)
            result = _published_result(report.assessment, report.publication_date)
            publication = Publication.objects.create(
                assessment=report.assessment,
                version=latest,
                kind=PublicationKind.ORIGINAL,
                date=report.publication_date,
                checksum=frozen.pdf_sha256,
                published_result=result,
                published_by=by,
                published_at=timezone.now(),
            )
            _record(
                report.assessment,
                by,
                "report_published",
                f"Report published (version {latest.number}): {result.rating}, {result.percent}%",
            )
            return publication
    except BaseException:
        storage.remove(frozen.html_name)
        storage.remove(frozen.pdf_name)
        raise


# --- corrections ----------------------------------------------------------------------------


@transaction.atomic
def report_correction_start(*, report: Report, note: str, by: User | None) -> Report:
    """Open the published report for a correction: edits make new versions again."""
    report = _locked_report(report)
    if not selectors.is_published(report=report):
        raise ServiceRefusal(NOT_PUBLISHED)
    if report.correcting:
        raise ServiceRefusal(CORRECTION_OPEN)
    if not note.strip():
        raise ServiceRefusal(CORRECTION_NEEDS_NOTE)
    report.correction_note = note.strip()
    report.correction_started_by = by
    report.save(update_fields=["correction_note", "correction_started_by"])
    _record(report.assessment, by, "correction_started", "Correction of the report started", note)
    return report


def report_correction_publish(*, report: Report, by: User | None, today: date) -> Publication:
    """Publish the corrected version, dated today, with its note, beside the original."""
    report = Report.objects.select_related("assessment__council").get(pk=report.pk)

    def refusals(current: Report) -> tuple[str, ...]:
        if not current.correcting:
            return (NO_CORRECTION,)
        latest = _latest(current)
        if latest is None or latest.frozen:
            return (CORRECTION_UNCHANGED,)
        windows = selectors.windows_for(council=current.assessment.council)
        return tuple(blackout_refusal(w) for w in windows if today in w)

    reasons = refusals(report)
    if reasons:
        raise ServiceRefusal(*reasons)
    version = _latest(report)
    assert version is not None
    earlier = selectors.publications_of(assessment=report.assessment)
    corrections = [
        rendering.Correction(date=p.date, note=p.note)
        for p in earlier
        if p.kind == PublicationKind.CORRECTION
    ] + [rendering.Correction(date=today, note=report.correction_note)]
    original = next(p for p in earlier if p.kind == PublicationKind.ORIGINAL)
    frozen = _freeze_files(report, version, published_on=original.date, corrections=corrections)
    try:
        with transaction.atomic():
            report = _locked_report(report)
            reasons = refusals(report)
            if reasons:
                raise ServiceRefusal(*reasons)
            latest = _latest(report)
            if latest is None or latest.number != frozen.number:
                raise ServiceRefusal(STALE_REPORT)
            _apply_freeze(latest, frozen)
            publication = Publication.objects.create(
                assessment=report.assessment,
                version=latest,
                kind=PublicationKind.CORRECTION,
                date=today,
                note=report.correction_note,
                checksum=frozen.pdf_sha256,
                published_result=original.published_result,
                published_by=by,
                published_at=timezone.now(),
            )
            note = report.correction_note
            report.correction_note = ""
            report.correction_started_by = None
            report.save(update_fields=["correction_note", "correction_started_by"])
            _record(
                report.assessment,
                by,
                "correction_published",
                f"Correction published (version {latest.number})",
                note,
            )
            return publication
    except BaseException:
        storage.remove(frozen.html_name)
        storage.remove(frozen.pdf_name)
        raise
