"""Plain keyword-argument builders for test data."""

from __future__ import annotations

import itertools
from datetime import date

from ascassure.apps.accounts.models import BodyRole, CouncilRole, User
from ascassure.apps.accounts.services import council_membership_add, user_create
from ascassure.apps.councils.models import Council, PublishedResult
from ascassure.domain.scoring import score_assessment

PASSWORD = "correct horse battery staple"
_numbers = itertools.count(1)


def make_user(
    *,
    email: str | None = None,
    full_name: str = "Test Person",
    body_role: str = BodyRole.NONE,
    council: Council | None = None,
    council_role: str = CouncilRole.EDITOR,
    is_demo: bool = False,
) -> User:
    user = user_create(
        email=email or f"person{next(_numbers)}@example.org",
        full_name=full_name,
        password=PASSWORD,
        body_role=body_role,
        is_demo=is_demo,
    )
    if council is not None:
        council_membership_add(user=user, council=council, role=council_role)
    return user


def make_result(
    *,
    council: Council,
    scores: tuple[int | None, ...] = (3, 3, 2, 3, 3, 2, 3, 3, 3),
    month: date = date(2025, 1, 1),
    assessment_type: str = "formal",
) -> PublishedResult:
    scored = score_assessment(scores)
    return PublishedResult.objects.create(
        council=council,
        published_month=month,
        assessment_type=assessment_type,
        rating=scored.rating.value,
        percent=scored.percent,
        **{f"qs{n}": score for n, score in enumerate(scores, start=1)},
    )


def make_assessment(
    *,
    council: Council,
    stage: str = "planned",
    notification_date: date | None = date(2026, 1, 12),
    team: tuple[tuple[User, str], ...] = (),
    kind: str = "baseline",
    framework_version: str = "2025",
):
    """An assessment, created through the service, then put at the given stage directly."""
    from ascassure.apps.assessments.models import Assessment
    from ascassure.apps.assessments.services import assessment_create

    assessment = assessment_create(
        council=council,
        kind=kind,
        framework_version=framework_version,
        notification_date=notification_date,
        team=team,
        created_by=None,
    )
    if stage != "planned":
        Assessment.objects.filter(pk=assessment.pk).update(stage=stage)
        assessment.refresh_from_db()
    return assessment


# --- on-site plan and scoring (apps/onsite, apps/scoring) -----------------------------------


def make_visit(
    *,
    assessment,
    first_day: date = date(2026, 3, 17),
    days: int = 3,
    base_location: str = "Trafford Town Hall, Talbot Road",
):
    """An on-site visit, written directly (services are tested on their own)."""
    from datetime import timedelta

    from ascassure.apps.onsite.models import OnsiteVisit

    return OnsiteVisit.objects.create(
        assessment=assessment,
        first_day=first_day,
        last_day=first_day + timedelta(days=days - 1),
        base_location=base_location,
    )


def make_session(
    *,
    visit,
    day: date | None = None,
    start: str = "10:00",
    end: str = "11:00",
    kind: str = "interview",
    title: str = "Interview with the director",
    roles: tuple[str, ...] = ("dass",),
    place: str = "Committee room 2",
    online_link: str = "",
):
    from datetime import time

    from ascassure.apps.onsite.models import Session

    return Session.objects.create(
        visit=visit,
        day=day or visit.first_day,
        start_time=time.fromisoformat(start),
        end_time=time.fromisoformat(end),
        kind=kind,
        title=title,
        participant_roles=list(roles),
        place=place,
        online_link=online_link,
    )


def make_scores(
    *,
    assessment,
    scores: tuple[int | None, ...] = (2, 3, 2, 2, 3, 2, 3, 2, 2),
    by: User | None = None,
    rationale: str = "The evidence, weighed across the categories, shows this.",
    calibrated: bool = False,
):
    """The team's QS scores (QS1..QS9 in order; None leaves a QS unscored), written directly,
    each with its first revision; ``calibrated`` also records the panel agreeing each one."""
    from django.utils import timezone

    from ascassure.apps.scoring.models import Calibration, QsScore, ScoreRevision

    now = timezone.now()
    records = []
    for n, score in enumerate(scores, start=1):
        if score is None:
            continue
        record = QsScore.objects.create(
            assessment=assessment,
            qs_code=f"QS{n}",
            score=score,
            rationale=rationale,
            proposed_by=by,
            proposed_at=now,
            version=1,
        )
        ScoreRevision.objects.create(
            qs_score=record,
            assessment=assessment,
            qs_code=record.qs_code,
            kind="proposed",
            by=by,
            at=now,
            new_score=score,
            new_rationale=rationale,
        )
        if calibrated:
            Calibration.objects.create(
                qs_score=record,
                outcome="agreed",
                proposed_score=score,
                agreed_score=score,
                panel_member=by,
                at=now,
            )
        records.append(record)
    return records


# --- council workspace (councilspace) ---------------------------------------------------------

FULL_ENTRY_TEXT = {
    "what_we_do": "We assess people's needs with them, at home where they prefer.",
    "how_we_know": "Case file audits each quarter; the adult social care survey.",
    "next_steps": "Cut the waiting list for occupational therapy assessments.",
    "strengths": "- Strengths-based practice\n- Quick reviews after hospital discharge",
    "areas_for_development": "- Waiting times for OT assessments\n- Carers' assessments",
}


def make_self_assessment(
    *,
    council: Council,
    year: int = 2026,
    scores: dict[str, int | None] | None = None,
    by: User | None = None,
    status: str = "draft",
    confidence: str = "medium",
):
    """A year's self-assessment; ``scores`` gives the QS with an entry (a full one) and its
    self-score, saved through the service as each QS's first revision."""
    from ascassure.apps.councilspace import services
    from ascassure.domain.selfassessment import Confidence, Entry, EntryStatus

    self_assessment = services.self_assessment_start(council=council, year=year, by=by)
    for code, score in (scores or {}).items():
        services.qs_entry_save(
            self_assessment=self_assessment,
            qs_code=code,
            entry=Entry(
                **FULL_ENTRY_TEXT,
                self_score=score,
                confidence=Confidence(confidence) if score is not None else None,
                status=EntryStatus(status),
            ),
            by=by,
            base_number=0,
        )
    return self_assessment


def make_evidence_item(
    *,
    council: Council,
    title: str = "Adult social care survey results",
    qs_codes: tuple[str, ...] = ("QS1",),
    evidence_date: date = date(2026, 1, 5),
    category: str = "people",
    kind: str = "data_extract",
    owner: str = "Performance team",
    by: User | None = None,
):
    from ascassure.apps.councilspace import services

    return services.evidence_item_create(
        council=council,
        data=services.EvidenceData(
            title=title,
            kind=kind,
            category=category,
            owner=owner,
            evidence_date=evidence_date,
            qs_codes=qs_codes,
        ),
        by=by,
    )


def make_improvement_action(
    *,
    council: Council,
    qs_code: str = "QS1",
    title: str = "Clear the occupational therapy waiting list",
    due_date: date = date(2026, 6, 30),
    status: str = "not_started",
    owner: str = "Head of Assessment",
    source_area: str = "",
    by: User | None = None,
):
    from ascassure.apps.councilspace import services

    return services.action_create(
        council=council,
        data=services.ActionData(
            title=title,
            qs_code=qs_code,
            owner=owner,
            due_date=due_date,
            status=status,
            source_area=source_area,
        ),
        by=by,
    )


# --- evidence and case tracking -------------------------------------------------------------


def make_evidence(
    *,
    assessment,
    by: User | None = None,
    qs_codes: tuple[str, ...] = ("QS1",),
    category: str = "people",
    source: str = "survey",
    evidence_date: date = date(2025, 9, 1),
    direction: str = "strength",
    summary: str = "People said their assessment was timely.",
    outside_period_reason: str = "",
):
    """An evidence item, recorded through the service (so it is checked like a real one)."""
    from ascassure.apps.evidence.services import EvidenceInput, evidence_item_add

    return evidence_item_add(
        assessment=assessment,
        by=by,
        data=EvidenceInput(
            category=category,
            source=source,
            evidence_date=evidence_date,
            qs_codes=qs_codes,
            summary=summary,
            direction=direction,
            outside_period_reason=outside_period_reason,
        ),
    )


CASE_HEADINGS = (
    "case_id,age_band,primary_support_reason,hospital_discharge,transition_from_childrens,"
    "unpaid_carer,safeguarding_enquiry,reablement,assessment_date,review_date,team"
)
_AGE_BANDS = ("18-25", "26-64", "65-74", "75-84", "85+")
_REASONS = (
    "Physical support",
    "Learning disability support",
    "Mental health support",
    "Support with memory and cognition",
    "Sensory support",
)


def case_list_csv(*, rows: int = 50, extra_lines: tuple[str, ...] = ()) -> bytes:
    """A valid case list of ``rows`` cases (C1, C2 ...), then any ``extra_lines`` as written."""
    lines = [CASE_HEADINGS]
    for n in range(1, rows + 1):
        flags = ["yes" if (n + k) % (k + 3) == 0 else "no" for k in range(5)]
        lines.append(
            f"C{n},{_AGE_BANDS[n % 5]},{_REASONS[(n // 5) % 5]},{','.join(flags)},"
            f"{(n % 28) + 1:02d}/03/2025,,{'North' if n % 2 else 'South'}"
        )
    lines.extend(extra_lines)
    return ("\n".join(lines) + "\n").encode()


def make_case_list(*, assessment, by: User, rows: int = 50, filename: str = "cases.csv"):
    """A case list uploaded through the service."""
    from ascassure.apps.casetracking.services import case_list_upload

    return case_list_upload(
        assessment=assessment,
        data=case_list_csv(rows=rows),
        filename=filename,
        by=by,
        expected_version=0,
    )


# --- information return (apps/inforeturn) ---------------------------------------------------


def make_ir_request(
    *,
    assessment,
    by: User | None = None,
    sent: date = date(2026, 1, 12),
    keys: tuple[str, ...] | None = None,
    today: date | None = None,
):
    """An information return request sent through the service (the assessment must be notified)."""
    from ascassure.apps.inforeturn.services import ir_request_issue

    return ir_request_issue(
        assessment=assessment,
        template="default",
        sent=sent,
        keys=keys,
        by=by,
        today=today or sent,
    )


def make_ir_upload(*, item, by: User | None = None, name: str = "report.csv", content=None):
    """A file stored for an item through the service (a small CSV unless ``content`` is given)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import TestCase

    from ascassure.apps.inforeturn.services import ir_upload_store

    item.refresh_from_db()
    data = content if content is not None else b"Measure,Value\nWaiting,212\nReviews,388\n"
    # The file moves into place when the transaction commits: run that now inside a test.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return ir_upload_store(
            item=item, upload=SimpleUploadedFile(name, data), by=by, expected_version=item.version
        )


# --- reports, factual accuracy check and publication (apps/reports) -------------------------

REPORT_SCORES = (2, 3, 2, 2, 3, 2, 3, 2, 2)  # 21 of 36: 59%, Requires improvement


def make_rating_lock(*, assessment, scores: tuple[int, ...] = REPORT_SCORES, by=None):
    """Calibrated scores and the locked rating, written directly (scoring has its own tests)."""
    from django.utils import timezone

    from ascassure.apps.scoring.models import RatingLock

    make_scores(assessment=assessment, scores=scores, by=by, calibrated=True)
    result = score_assessment(scores)
    return RatingLock.objects.create(
        assessment=assessment,
        rating_locked_at=timezone.now(),
        locked_by=by,
        percent=result.percent,
        rating=result.rating.value,
        scores={f"QS{n}": s for n, s in enumerate(scores, start=1)},
    )


def make_report(*, assessment, by=None, scores: tuple[int, ...] = REPORT_SCORES):
    """The draft report (version 1) of an assessment at the draft report stage, generated
    through the service after the scores are calibrated and the rating locked."""
    from ascassure.apps.reports.services import report_generate

    make_rating_lock(assessment=assessment, scores=scores, by=by)
    return report_generate(assessment=assessment, by=by).report


def make_fac_round(*, report, sent_on: date = date(2025, 12, 19), by=None, today=None):
    """The draft sent to the council on ``sent_on`` (the assessment must be at draft_report)."""
    from ascassure.apps.reports.fac import fac_send

    return fac_send(report=report, sent_on=sent_on, by=by, today=today or sent_on)


def make_fac_comment(
    *,
    fac_round,
    by=None,
    section_key: str = "QS1",
    kind: str = "typographical",
    comment: str = "The report says 421 people wait; it is 412.",
    proposed_change: str = "412 people wait for an assessment.",
    files=(),
    today=None,
):
    from ascassure.apps.reports.fac import fac_comment_add

    return fac_comment_add(
        fac_round=fac_round,
        section_key=section_key,
        kind=kind,
        comment=comment,
        proposed_change=proposed_change,
        files=files,
        by=by,
        today=today or fac_round.sent_on,
    )


# --- preparing the information return from the workspace (irprep) ---------------------------

LIBRARY_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def make_library_file(
    *,
    council: Council,
    title: str = "Carers' strategy 2025 to 2028",
    qs_codes: tuple[str, ...] = ("QS1",),
    name: str = "carers-strategy.pdf",
    content: bytes | None = None,
    category: str = "processes",
    by: User | None = None,
):
    """An evidence library item with a file (a small PDF unless ``content`` is given)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ascassure.apps.councilspace import services

    return services.evidence_item_create(
        council=council,
        data=services.EvidenceData(
            title=title,
            kind="document",
            category=category,
            owner="Strategy team",
            evidence_date=date(2026, 1, 5),
            qs_codes=qs_codes,
        ),
        by=by,
        upload=SimpleUploadedFile(name, LIBRARY_PDF if content is None else content),
    )


def make_self_assessment_version(*, self_assessment, note: str = "For the IR", by=None):
    """The self-assessment as it stands, kept as its next saved version."""
    from ascassure.apps.councilspace.services import self_assessment_version_create

    return self_assessment_version_create(self_assessment=self_assessment, note=note, by=by)


def make_case_list_draft(*, council: Council, by: User, rows: int = 120, chosen: int = 0):
    """The council's case list builder with an export of ``rows`` cases (C1 ...) imported
    through the service, and its first ``chosen`` cases chosen."""
    from ascassure.apps.councilspace import caselist_services

    outcome = caselist_services.case_list_draft_import(
        council=council,
        data=case_list_csv(rows=rows),
        filename="case-system-export.csv",
        by=by,
        expected_version=0,
    )
    draft = outcome.draft
    if chosen:
        draft = caselist_services.case_list_draft_choose(
            council=council,
            by=by,
            expected_version=draft.version,
            add=[f"C{n}" for n in range(1, chosen + 1)],
        )
    return draft
