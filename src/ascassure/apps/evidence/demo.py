"""Demonstration evidence: 30 items across the quality statements and categories.

Dates are placed relative to the assessment's notification date, so the items fall inside the
evidence period (two older ones give their reason). A few cells of the matrix are left empty
on purpose, so the demo shows gaps.
"""

from __future__ import annotations

from datetime import timedelta

from ascassure.apps.accounts.models import User
from ascassure.apps.assessments.models import Assessment
from ascassure.apps.evidence.models import EvidenceItem
from ascassure.apps.evidence.services import EvidenceInput, evidence_item_add

# (QS codes, category, source, days before notification, direction, summary, reason if older)
DEMO_EVIDENCE: tuple[tuple[tuple[str, ...], str, str, int, str, str, str], ...] = (
    (
        ("QS1",),
        "people",
        "survey",
        40,
        "shortfall",
        "Survey: 41% of respondents waited more than 3 months for a Care Act assessment.",
        "",
    ),
    (
        ("QS1",),
        "people",
        "focus_group",
        25,
        "both",
        "Carers' focus group: assessors listened well, but nobody explained what happens next.",
        "",
    ),
    (
        ("QS1",),
        "staff_leaders",
        "interview",
        10,
        "strength",
        "Principal social worker: strengths-based practice framework embedded since spring.",
        "",
    ),
    (
        ("QS1", "QS3"),
        "processes",
        "data",
        60,
        "shortfall",
        "Waiting list data: 812 people awaiting assessment at quarter end, up 12% on the year.",
        "",
    ),
    (
        ("QS1",),
        "partners",
        "feedback",
        90,
        "strength",
        "Hospital trust: trusted assessor model shortens the wait for assessment on the ward.",
        "",
    ),
    (
        ("QS2",),
        "people",
        "case_tracking",
        15,
        "strength",
        "Case tracking: reablement helped three of the six people followed to live at home.",
        "",
    ),
    (
        ("QS2",),
        "processes",
        "document",
        200,
        "strength",
        "Prevention strategy 2024-27 sets out information and advice, with an action plan.",
        "",
    ),
    (
        ("QS2",),
        "staff_leaders",
        "focus_group",
        20,
        "both",
        "Front-door staff: good signposting, but the community directory is out of date.",
        "",
    ),
    (
        ("QS3",),
        "people",
        "feedback",
        120,
        "shortfall",
        "Voluntary sector feedback: interpreters are hard to book for assessments.",
        "",
    ),
    (
        ("QS3",),
        "processes",
        "data",
        150,
        "both",
        "Equality data: uptake of direct payments lower among older Asian residents.",
        "",
    ),
    (
        ("QS4",),
        "people",
        "survey",
        70,
        "strength",
        "ASCS: 68% of people using services are satisfied with their care and support.",
        "",
    ),
    (
        ("QS4",),
        "partners",
        "interview",
        12,
        "shortfall",
        "Provider forum: fee uplift came late; two home care providers handed back packages.",
        "",
    ),
    (
        ("QS4", "QS8"),
        "processes",
        "document",
        500,
        "both",
        "Market position statement, still in force: sufficiency of nursing beds a known risk.",
        "The market position statement is from 2023 but remains the council's current one.",
    ),
    (
        ("QS4",),
        "staff_leaders",
        "interview",
        9,
        "strength",
        "Commissioning lead: a new framework for home care with guaranteed hours.",
        "",
    ),
    (
        ("QS5",),
        "partners",
        "interview",
        11,
        "strength",
        "ICB director: joint commissioning of intermediate care through a pooled budget.",
        "",
    ),
    (
        ("QS5",),
        "people",
        "focus_group",
        30,
        "strength",
        "Community groups: the council funds and listens to local user-led organisations.",
        "",
    ),
    (
        ("QS5",),
        "processes",
        "document",
        100,
        "strength",
        "Section 75 agreement and partnership board minutes show shared priorities.",
        "",
    ),
    (
        ("QS6", "QS4"),
        "people",
        "case_tracking",
        18,
        "shortfall",
        "Case tracking: a young person's move from children's services started at 17 and a half.",
        "",
    ),
    (
        ("QS6",),
        "partners",
        "data",
        45,
        "both",
        "Discharge data: 91% of people discharged home, but delays for complex packages.",
        "",
    ),
    (
        ("QS6",),
        "staff_leaders",
        "interview",
        8,
        "strength",
        "Transitions team formed last year; staff describe clearer handovers.",
        "",
    ),
    (
        ("QS6",),
        "processes",
        "document",
        80,
        "strength",
        "Hospital discharge protocol agreed with the trust and the ICB.",
        "",
    ),
    (
        ("QS7",),
        "people",
        "case_tracking",
        14,
        "strength",
        "Case tracking: the person's wishes were recorded and met in a safeguarding enquiry.",
        "",
    ),
    (
        ("QS7",),
        "processes",
        "data",
        55,
        "shortfall",
        "SAC: section 42 enquiries take a median of 71 days to conclude.",
        "",
    ),
    (
        ("QS7",),
        "partners",
        "feedback",
        35,
        "both",
        "Safeguarding adults board: good multi-agency work, slow feedback to referrers.",
        "",
    ),
    (
        ("QS7",),
        "staff_leaders",
        "focus_group",
        13,
        "strength",
        "Staff know how to raise a concern and feel supported by managers.",
        "",
    ),
    (
        ("QS8",),
        "staff_leaders",
        "interview",
        7,
        "both",
        "Director and lead member: clear vision; budget pressures delay some plans.",
        "",
    ),
    (
        ("QS8",),
        "processes",
        "document",
        600,
        "shortfall",
        "Internal audit found weak oversight of the waiting list.",
        "A significant older concern: the audit is from 2024 and the action plan is still open.",
    ),
    (
        ("QS8",),
        "partners",
        "interview",
        10,
        "strength",
        "Health and wellbeing board chair: adult social care is a strong partner.",
        "",
    ),
    (
        ("QS9",),
        "staff_leaders",
        "focus_group",
        16,
        "strength",
        "Practice forums and a learning review after each complaint upheld.",
        "",
    ),
    (
        ("QS9",),
        "processes",
        "document",
        130,
        "strength",
        "Quality assurance framework: monthly case audits with feedback to workers.",
        "",
    ),
)


def demo_load(*, assessment: Assessment, by: User | None = None) -> int:
    """Record the demo evidence on ``assessment`` (once: nothing happens if it has evidence).

    Returns how many items were recorded. Needs the notification date (the evidence period
    counts back from it).
    """
    if (
        assessment.notification_date is None
        or EvidenceItem.objects.filter(assessment=assessment).exists()
    ):
        return 0
    for qs_codes, category, source, days, direction, summary, reason in DEMO_EVIDENCE:
        evidence_item_add(
            assessment=assessment,
            by=by,
            data=EvidenceInput(
                category=category,
                source=source,
                evidence_date=assessment.notification_date - timedelta(days=days),
                qs_codes=qs_codes,
                summary=summary,
                direction=direction,
                outside_period_reason=reason,
            ),
        )
    return len(DEMO_EVIDENCE)
