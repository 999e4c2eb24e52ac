"""Demonstration content for a council's workspace: last year's self-assessment, this year's
started from it with two saved versions, an evidence library and an improvement plan.

All names and figures are made up. ``demo_load`` does nothing if the council already has a
self-assessment, so it is safe to run again.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from ascassure.apps.councils.models import Council
from ascassure.apps.councilspace import selectors, services
from ascassure.apps.councilspace.models import SelfAssessment
from ascassure.domain.selfassessment import Confidence, Entry, EntryStatus

# QS: (what we do, how we know, what we will do next, strengths, areas for development)
_ENTRIES: dict[str, tuple[str, str, str, str, str]] = {
    "QS1": (
        "Most people reach us through our front door team, who resolve about half of all "
        "contacts with advice, equipment or a short piece of work. The rest get a "
        "strengths-based assessment, at home where they prefer, from a named worker.\n"
        "Carers are offered their own assessment, or a joint one with the person they care for.",
        "- Monthly practice audits of 20 case files, moderated by the principal social worker\n"
        "- The adult social care survey and our own follow-up calls after assessment\n"
        "- Waiting list data, reviewed every week by the heads of service",
        "Bring the wait for an occupational therapy assessment under six weeks, and review "
        "everyone with a package of care at least once a year.",
        "- Assessments that start from what matters to the person\n"
        "- Quick reviews after a hospital discharge",
        "- Waiting times for occupational therapy assessments\n"
        "- Fewer than half of carers known to us had an assessment last year",
    ),
    "QS2": (
        "Our community hubs offer advice, information and low-level support in every "
        "neighbourhood. Reablement is offered to everyone leaving hospital who could benefit.",
        "- Reablement outcomes: the share of people still at home 91 days after discharge\n"
        "- Hub visitor feedback cards, summarised each quarter",
        "Extend reablement to people referred from the community, not only from hospital.",
        "- Reablement results above the regional average\n- A well-used online directory",
        "- Information is hard to find for people who do not use the internet",
    ),
    "QS3": (
        "We use our joint strategic needs assessment to see which communities use care least "
        "compared with their need, and we work with community groups to reach them.",
        "- Take-up of services by ethnicity, age and area, compared with the population\n"
        "- Listening events with the deaf community and with Gypsy and Traveller families",
        "Publish an equality action plan for adult social care, agreed with community groups.",
        "- Strong links with faith and community groups",
        "- Data on sexual orientation and gender identity is too incomplete to use\n"
        "- Interpreters are not always booked in time for assessments",
    ),
    "QS4": (
        "We commission home care in five zones, with a small number of providers in each, so "
        "that care workers cover a smaller area and people see the same faces.",
        "- Market position statement and cost of care exercise\n"
        "- Provider quality monitoring visits and CQC ratings of local services",
        "Commission more nursing care for people with dementia within the borough.",
        "- Most local providers rated Good or better\n- Home care zones cut travel time",
        "- Not enough nursing care for people with dementia in the borough\n"
        "- Too many people placed out of area",
    ),
    "QS5": (
        "We run the borough's health and care partnership with the NHS, and fund voluntary "
        "organisations to support carers and people living alone.",
        "- Partnership board minutes and the joint outcomes framework\n"
        "- Feedback from voluntary sector partners in this year's survey",
        "Agree a joint approach to commissioning with the integrated care board.",
        "- Long-standing, trusted partnership with the NHS locally",
        "- Voluntary sector grants are renewed year by year, which makes planning hard",
    ),
    "QS6": (
        "A transitions team works with young people from age 14 and their families. Hospital "
        "discharge runs seven days a week through a joint discharge hub.",
        "- Discharge delays by reason, reviewed daily with the hospital\n"
        "- Audit of transitions cases and feedback from young people and families",
        "Start transition planning at 14 for every young person known to children's services.",
        "- Seven-day discharge hub\n- Good feedback from families about the transitions team",
        "- Some young people are still referred late, close to their 18th birthday",
    ),
    "QS7": (
        "Safeguarding concerns are screened the same day by a multi-agency team. Enquiries "
        "follow Making Safeguarding Personal: we ask people what outcome they want.",
        "- Safeguarding adults board annual report and audits\n"
        "- The share of people asked about, and achieving, the outcomes they wanted",
        "Cut the time from concern to decision on an enquiry to five working days.",
        "- Same-day screening\n- People's wishes recorded in most enquiries",
        "- Learning from safeguarding adults reviews is slow to reach front-line teams",
    ),
    "QS8": (
        "The director reports to the lead member weekly and to scrutiny each quarter. Our "
        "performance framework links front-line data to the council plan.",
        "- Performance reports to scrutiny and cabinet\n- Staff survey and exit interviews",
        "Agree a three-year financial plan for adult social care with the finance director.",
        "- Stable leadership team\n- Timely performance data",
        "- Reliance on agency social workers in the hospital team\n"
        "- Budget pressures from rising demand",
    ),
    "QS9": (
        "We learn from complaints, compliments, audits and people's stories, and we test new "
        "ideas in small pilots before rolling them out.",
        "- Complaints annual report and the changes made in response\n"
        "- Evaluation of the technology-enabled care pilot",
        "Set up a panel of people who draw on care to help design our improvement work.",
        "- Culture of learning and small tests of change",
        "- People who draw on care are not yet involved in designing services",
    ),
}
_I_STATEMENTS = {"QS1": (1, 2), "QS2": (1,), "QS6": (1,), "QS7": (1, 2), "QS8": (1,)}
LAST_YEAR = {"QS1": 3, "QS2": 2, "QS3": 2, "QS4": 2, "QS5": 3, "QS6": 2, "QS7": 3, "QS8": 3}
LAST_YEAR["QS9"] = 2
THIS_YEAR_V1 = {**LAST_YEAR, "QS2": 3}
THIS_YEAR_V2 = {**THIS_YEAR_V1, "QS6": 3}

_EVIDENCE = (
    # title, kind, category, owner, days ago, QS, file
    (
        "Adult social care survey: results for the borough",
        "data_extract",
        "people",
        "Performance and intelligence team",
        120,
        ("QS1", "QS2", "QS3"),
        "csv",
    ),
    (
        "Carers' listening event: what we heard",
        "feedback",
        "people",
        "Carers' lead",
        60,
        ("QS1", "QS5"),
        None,
    ),
    (
        "Case file audit, quarter 2",
        "document",
        "processes",
        "Principal social worker",
        45,
        ("QS1", "QS7"),
        "docx",
    ),
    (
        "Market position statement",
        "document",
        "processes",
        "Head of commissioning",
        500,
        ("QS4",),
        None,
    ),
    (
        "Joint discharge hub: delays by reason",
        "data_extract",
        "partners",
        "Hospital discharge lead",
        30,
        ("QS6",),
        "csv",
    ),
    (
        "Case study: Mrs A's return home after reablement",
        "case_study",
        "people",
        "Reablement service manager",
        90,
        ("QS2", "QS6"),
        None,
    ),
    (
        "Safeguarding adults board annual report",
        "document",
        "partners",
        "Board manager",
        420,
        ("QS7",),
        None,
    ),
    (
        "Staff survey: adult social care results",
        "feedback",
        "staff_leaders",
        "Workforce development lead",
        150,
        ("QS8", "QS9"),
        None,
    ),
    (
        "Provider forum feedback",
        "feedback",
        "partners",
        "Head of commissioning",
        75,
        ("QS4", "QS5"),
        None,
    ),
    (
        "Complaints and compliments annual report",
        "document",
        "processes",
        "Customer relations manager",
        200,
        ("QS9",),
        None,
    ),
)

_ACTIONS = (
    # QS, title, area for development, owner, days from today, status
    (
        "QS1",
        "Clear the occupational therapy waiting list",
        "Waiting times for occupational therapy assessments",
        "Head of assessment",
        -20,
        "in_progress",
    ),
    (
        "QS1",
        "Offer every carer known to us an assessment",
        "Fewer than half of carers known to us had an assessment last year",
        "Carers' lead",
        90,
        "not_started",
    ),
    (
        "QS3",
        "Book interpreters when the referral is made",
        "Interpreters are not always booked in time for assessments",
        "Front door team manager",
        -45,
        "not_started",
    ),
    (
        "QS4",
        "Commission dementia nursing beds in the borough",
        "Not enough nursing care for people with dementia in the borough",
        "Head of commissioning",
        180,
        "in_progress",
    ),
    (
        "QS6",
        "Start transition planning at 14",
        "Some young people are still referred late, close to their 18th birthday",
        "Transitions team manager",
        60,
        "in_progress",
    ),
    (
        "QS7",
        "Share safeguarding review learning in team briefings",
        "Learning from safeguarding adults reviews is slow to reach front-line teams",
        "Principal social worker",
        -5,
        "done",
    ),
    (
        "QS8",
        "Recruit permanent social workers to the hospital team",
        "Reliance on agency social workers in the hospital team",
        "Head of workforce",
        120,
        "not_started",
    ),
)


def _entry(code: str, score: int | None, status: EntryStatus) -> Entry:
    what, how, nxt, strengths, areas = _ENTRIES[code]
    return Entry(
        what_we_do=what,
        how_we_know=how,
        next_steps=nxt,
        strengths=strengths,
        areas_for_development=areas,
        i_statements=_I_STATEMENTS.get(code, ()),
        self_score=score,
        confidence=Confidence.MEDIUM if code in {"QS3", "QS4"} else Confidence.HIGH,
        status=status,
    )


def _save_all(sa: SelfAssessment, scores: dict[str, int], status: EntryStatus, by) -> None:
    latest = selectors.latest_revisions(self_assessment=sa)
    for code, score in scores.items():
        current = latest.get(code)
        services.qs_entry_save(
            self_assessment=sa,
            qs_code=code,
            entry=_entry(code, score, status),
            by=by,
            base_number=current.number if current else 0,
        )


def _csv_file() -> bytes:
    """Demonstration figures, not real ones."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["measure", "this year", "last year", "England"])
    writer.writerow(["Satisfied with care and support (%)", "64.1", "62.8", "63.5"])
    writer.writerow(["Feel they have control over daily life (%)", "78.0", "76.9", "77.6"])
    writer.writerow(["Found it easy to find information (%)", "66.3", "64.0", "67.1"])
    return out.getvalue().encode()


def _docx_file(title: str) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    document.add_paragraph("Demonstration document: 20 case files audited; 16 rated good.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@transaction.atomic
def demo_load(council: Council, editor, viewer, *, today: date | None = None) -> None:
    """Fill a council's workspace for the demonstration. ``editor`` is recorded as the author
    of every change; ``viewer`` (the lead member) only reads, so nothing is written as them."""
    if SelfAssessment.objects.filter(council=council).exists():
        return
    today = today or timezone.localdate()
    last = services.self_assessment_start(council=council, year=today.year - 1, by=editor)
    _save_all(last, LAST_YEAR, EntryStatus.SIGNED_OFF, editor)
    services.self_assessment_version_create(
        self_assessment=last, note="Signed off by the director", by=editor
    )

    this = services.self_assessment_start(
        council=council, year=today.year, by=editor, from_previous=last
    )
    _save_all(this, THIS_YEAR_V1, EntryStatus.IN_REVIEW, editor)
    services.qs_comment_add(
        self_assessment=this,
        qs_code="QS2",
        body="Reablement results justify a 3 now; add the 91-day figure to how we know.",
        by=editor,
    )
    services.self_assessment_version_create(
        self_assessment=this, note="Draft for the lead member's briefing", by=editor
    )
    _save_all(this, THIS_YEAR_V2, EntryStatus.SIGNED_OFF, editor)
    services.self_assessment_version_create(
        self_assessment=this, note="Signed off by the director", by=editor
    )

    for title, kind, category, owner, days, qs_codes, file_kind in _EVIDENCE:
        upload = None
        if file_kind == "csv":
            upload = SimpleUploadedFile(f"{title[:40]}.csv", _csv_file())
        elif file_kind == "docx":
            upload = SimpleUploadedFile(f"{title[:40]}.docx", _docx_file(title))
        services.evidence_item_create(
            council=council,
            data=services.EvidenceData(
                title=title,
                kind=kind,
                category=category,
                owner=owner,
                evidence_date=today - timedelta(days=days),
                qs_codes=qs_codes,
                description="Demonstration evidence.",
            ),
            by=editor,
            upload=upload,
        )
    for code, title, area, owner, days, status in _ACTIONS:
        services.action_create(
            council=council,
            self_assessment=this,
            by=editor,
            data=services.ActionData(
                title=title,
                qs_code=code,
                owner=owner,
                due_date=today + timedelta(days=days),
                status=status,
                source_area=area,
            ),
        )
