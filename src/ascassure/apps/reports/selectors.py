"""Reads for reports, each within what the person may see.

The team's pages fetch the assessment with the core's ``assessment_for_team``; the council's
with ``assessment_for_council_user`` (its own council only); the public reads only versions
that were published. A draft is never found any other way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q
from django.http import Http404

from ascassure.apps.accounts.models import User
from ascassure.apps.assessments.models import Assessment
from ascassure.apps.assessments.selectors import on_working_team
from ascassure.apps.councils.models import Council, PublishedResult
from ascassure.apps.evidence.models import EvidenceItem
from ascassure.apps.metrics.indicators import indicators_for_council
from ascassure.apps.reports.models import (
    FacComment,
    FacCommentFile,
    FacRound,
    Publication,
    PublicationKind,
    PublicationWindow,
    Report,
    ReportVersion,
)
from ascassure.apps.scoring.models import QsScore, RatingLock
from ascassure.domain.calendar import days_remaining
from ascassure.domain.framework import load_framework
from ascassure.domain.lifecycle import BlackoutWindow, Stage
from ascassure.domain.reports import (
    EvidenceNote,
    IndicatorLine,
    QsIndicatorLines,
    RatingPoint,
    Travel,
    direction_of_travel,
    long_date,
)

GENERATE_STAGES = frozenset({Stage.DRAFT_REPORT})
EDIT_STAGES = frozenset({Stage.DRAFT_REPORT, Stage.FACTUAL_ACCURACY_CHECK, Stage.READY_TO_PUBLISH})
# Sending is recorded at the draft stage, or just after the core's step moved the stage on.
SEND_STAGES = frozenset({Stage.DRAFT_REPORT, Stage.FACTUAL_ACCURACY_CHECK})
DATE_STAGES = frozenset({Stage.FACTUAL_ACCURACY_CHECK, Stage.READY_TO_PUBLISH})
PUBLISH_STAGES = frozenset({Stage.READY_TO_PUBLISH})


# --- who may do what ------------------------------------------------------------------------


def can_edit(user: User, assessment: Assessment) -> bool:
    """The national lead and the assessment's team (not the calibration panel) write the draft."""
    return on_working_team(user, assessment)


# --- the report and its versions ------------------------------------------------------------


def report_for(*, assessment: Assessment) -> Report | None:
    return Report.objects.filter(assessment=assessment).first()


def latest_version(*, report: Report | None) -> ReportVersion | None:
    if report is None:
        return None
    return report.versions.select_related("created_by").order_by("-number").first()


def versions_of(*, report: Report) -> list[ReportVersion]:
    return list(
        report.versions.select_related("created_by", "publication")
        .order_by("-number")
        .defer("document")
    )


def version_for(*, report: Report | None, number: int) -> ReportVersion:
    found = report.versions.filter(number=number).first() if report else None
    if found is None:
        raise Http404("No such version of the report.")
    return found


def is_published(*, report: Report | None) -> bool:
    return report is not None and Publication.objects.filter(assessment=report.assessment).exists()


def publications_of(*, assessment: Assessment) -> list[Publication]:
    return list(
        Publication.objects.filter(assessment=assessment)
        .select_related("version", "published_by")
        .order_by("date", "pk")
    )


# --- what the draft is made from ------------------------------------------------------------


@dataclass(frozen=True)
class Scores:
    """The scores the report shows: the panel's locked ones, or the current ones if unlocked."""

    by_code: dict[str, int | None]
    locked: bool
    rationales: dict[str, str]


def report_scores(*, assessment: Assessment) -> Scores:
    framework = load_framework(assessment.framework_version)
    records = {r.qs_code: r for r in QsScore.objects.filter(assessment=assessment)}
    lock = RatingLock.objects.filter(assessment=assessment).first()
    if lock is not None:
        by_code = {code: lock.scores.get(code) for code in framework.qs_codes}
    else:
        by_code = {
            code: records[code].score if code in records else None for code in framework.qs_codes
        }
    return Scores(
        by_code=by_code,
        locked=lock is not None,
        rationales={code: r.rationale for code, r in records.items()},
    )


def evidence_notes(*, assessment: Assessment) -> list[EvidenceNote]:
    """The assessment's evidence, newest first, as the domain's notes."""
    items = EvidenceItem.objects.filter(assessment=assessment).order_by("-evidence_date", "-pk")
    return [
        EvidenceNote(
            id=item.pk,
            category=item.category,
            qs_codes=tuple(item.qs_codes),
            direction=item.direction,
            summary=item.summary,
        )
        for item in items
    ]


REPORT_INDICATORS_PER_QS = 5
NO_INDICATOR_DATA = (
    "No published national data (such as ASCOF measures) had been imported when this draft "
    "was generated."
)
NO_INDICATOR_FIGURES = "None of the measures mapped to {qs} has a figure for {period}."


def indicator_lines(*, council: Council) -> dict[str, QsIndicatorLines]:
    """Each QS's indicators for the draft: the first few measures with a figure in the latest
    period, or the sentence saying why there are none. One read of the metrics."""
    found = indicators_for_council(council=council)
    out: dict[str, QsIndicatorLines] = {}
    for code in load_framework().qs_codes:
        statement = found.statement(code)
        if not found.has_data:
            out[code] = QsIndicatorLines(missing=NO_INDICATOR_DATA)
            continue
        if not statement.indicators:
            out[code] = QsIndicatorLines(missing=statement.no_indicators)
            continue
        lines = tuple(
            IndicatorLine(
                name=f.measure_name,
                measure=f.measure_code,
                value=f.value_text,
                england=f.england_text,
                quartile=f.quartile_text,
                period=f.period_label,
            )
            for f in statement.figures_with_values[:REPORT_INDICATORS_PER_QS]
        )
        missing = NO_INDICATOR_FIGURES.format(qs=code, period=found.period_label)
        out[code] = QsIndicatorLines(lines=lines, missing="" if lines else missing)
    return out


def people_evidence(*, assessment: Assessment, qs_code: str) -> list[EvidenceItem]:
    """People's-experience evidence for one QS: what the team may quote as "what people said"."""
    items = EvidenceItem.objects.filter(assessment=assessment, category="people").order_by(
        "-evidence_date", "-pk"
    )
    return [item for item in items if qs_code in item.qs_codes]


# --- the factual accuracy check -------------------------------------------------------------


def fac_round_for(*, report: Report | None) -> FacRound | None:
    if report is None:
        return None
    return (
        report.fac_rounds.select_related(
            "version", "sent_by", "extension_requested_by", "extension_decided_by"
        )
        .order_by("-sent_at")
        .first()
    )


@dataclass(frozen=True)
class FacStatus:
    sent_on: date
    deadline: date
    open: bool
    days_left: int
    confirmed: bool
    words: str


def fac_status(*, fac_round: FacRound, today: date) -> FacStatus:
    deadline = fac_round.deadline_in_force
    left = days_remaining(deadline, today=today)
    closes = long_date(deadline)
    if fac_round.confirmed:
        when = fac_round.confirmed_no_inaccuracies_at
        words = (
            f"The council confirmed there are no inaccuracies"
            f"{f' on {long_date(when)}' if when else ''}: the check is over."
        )
        is_open = False
    elif today > deadline:
        words = f"The check closed at the end of {closes}."
        is_open = False
    elif left == 0:
        words = f"Last day for comments: today, {closes}."
        is_open = True
    else:
        words = (
            f"{left} working day{'s' if left != 1 else ''} left: comments close at the end of "
            f"{closes}."
        )
        is_open = True
    return FacStatus(
        sent_on=fac_round.sent_on,
        deadline=deadline,
        open=is_open,
        days_left=left,
        confirmed=fac_round.confirmed,
        words=words,
    )


def comments_of(*, fac_round: FacRound | None) -> list[FacComment]:
    if fac_round is None:
        return []
    return list(
        fac_round.comments.select_related("created_by", "decided_by")
        .prefetch_related("files")
        .order_by("number")
    )


def comment_for(*, fac_round: FacRound | None, pk: int) -> FacComment:
    found = fac_round.comments.filter(pk=pk).first() if fac_round else None
    if found is None:
        raise Http404("No such comment.")
    return found


def comment_file_for(*, report: Report | None, pk: int) -> FacCommentFile:
    """A supporting file of this report's check, or 404 (another report's file is never found)."""
    found = (
        FacCommentFile.objects.filter(pk=pk, comment__fac_round__report=report).first()
        if report is not None
        else None
    )
    if found is None:
        raise Http404("No such file.")
    return found


def undecided_count(*, report: Report | None) -> int:
    if report is None:
        return 0
    return FacComment.objects.filter(fac_round__report=report, decision="").count()


# --- publication windows --------------------------------------------------------------------


def windows_for(*, council: Council) -> tuple[BlackoutWindow, ...]:
    """National pauses and this council's own pre-election periods, as the domain's windows."""
    rows = PublicationWindow.objects.filter(Q(scope="national") | Q(council=council)).order_by(
        "start", "name"
    )
    return tuple(BlackoutWindow(name=w.name, start=w.start, end=w.end) for w in rows)


# --- for the core: facts for the stage rules, and the API summary ---------------------------


def report_facts(assessment: Assessment) -> dict[str, Any]:
    report = report_for(assessment=assessment)
    facts: dict[str, Any] = {"blackout_windows": windows_for(council=assessment.council)}
    if report is None:
        return facts
    fac_round = fac_round_for(report=report)
    facts.update(
        draft_exists=report.versions.exists(),
        publication_date=report.publication_date,
        fac_comments_undecided=undecided_count(report=report),
    )
    if fac_round is not None:
        facts.update(
            fac_deadline=fac_round.deadline_in_force,
            council_confirmed_no_inaccuracies=fac_round.confirmed,
        )
    return facts


def report_summary(assessment: Assessment) -> dict[str, Any]:
    report = report_for(assessment=assessment)
    latest = latest_version(report=report)
    fac_round = fac_round_for(report=report)
    publications = publications_of(assessment=assessment)
    return {
        "versions": latest.number if latest else 0,
        "sent_on": fac_round.sent_on.isoformat() if fac_round else None,
        "fac_deadline": fac_round.deadline_in_force.isoformat() if fac_round else None,
        "confirmed_no_inaccuracies": fac_round.confirmed if fac_round else False,
        "comments": fac_round.comments.count() if fac_round else 0,
        "comments_undecided": undecided_count(report=report),
        "publication_date": (
            report.publication_date.isoformat() if report and report.publication_date else None
        ),
        "published": [
            {"date": p.date.isoformat(), "kind": p.kind, "version": p.version.number}
            for p in publications
        ],
    }


# --- the public side ------------------------------------------------------------------------


def published_version(*, slug: str, version_pk: int) -> tuple[ReportVersion, Publication]:
    """A published version of a report on this council, or 404 for anything else."""
    publication = (
        Publication.objects.select_related("version", "assessment", "assessment__council")
        .filter(version__pk=version_pk, assessment__council__slug=slug)
        .first()
    )
    if publication is None or not publication.version.frozen:
        raise Http404("No published report here.")
    return publication.version, publication


@dataclass(frozen=True)
class PublicReport:
    publication: Publication
    version_pk: int
    pdf_size: int | None
    corrections: list[Publication]
    earlier_versions: list[Publication]


@dataclass(frozen=True)
class ResultRow:
    result: PublishedResult
    report: PublicReport | None


@dataclass(frozen=True)
class CouncilReports:
    latest: ResultRow | None
    earlier: list[ResultRow]
    travel: Travel | None


def council_reports(*, council: Council, results: list[PublishedResult]) -> CouncilReports:
    """The published results of a council (newest first, as given), each with its report.

    A report's newest publication is the one to read; its earlier publications stay listed.
    """
    publications = list(
        Publication.objects.filter(assessment__council=council)
        .select_related("version")
        .order_by("date", "pk")
    )
    by_assessment: dict[int, list[Publication]] = {}
    for p in publications:
        by_assessment.setdefault(p.assessment_id, []).append(p)
    by_result: dict[int, PublicReport] = {}
    for group in by_assessment.values():
        original = next((p for p in group if p.kind == PublicationKind.ORIGINAL), group[0])
        newest = group[-1]
        if original.published_result_id is None:
            continue
        by_result[original.published_result_id] = PublicReport(
            publication=newest,
            version_pk=newest.version_id,
            pdf_size=newest.version.pdf_size,
            corrections=[p for p in group if p.kind == PublicationKind.CORRECTION],
            earlier_versions=[p for p in group if p.pk != newest.pk],
        )
    rows = [ResultRow(result=r, report=by_result.get(r.pk)) for r in results]
    travel = None
    if rows:
        current = RatingPoint(rows[0].result.rating, rows[0].result.percent)
        previous = (
            RatingPoint(rows[1].result.rating, rows[1].result.percent) if len(rows) > 1 else None
        )
        travel = direction_of_travel(previous, current)
    return CouncilReports(latest=rows[0] if rows else None, earlier=rows[1:], travel=travel)
