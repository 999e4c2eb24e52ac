"""Demonstration case tracking: a council's list of 50 cases, the team's 10 and 6, some notes.

The list is made up (pseudonymous IDs, invented attributes) from a fixed seed, so every demo
shows the same cases; it goes through the same upload service as a real file.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta

from ascassure.apps.accounts.models import User
from ascassure.apps.assessments.models import Assessment
from ascassure.apps.casetracking import selectors, services
from ascassure.apps.casetracking.models import CaseList

AGE_BANDS = ("18-24", "25-64", "65-74", "75-84", "85+")
AGE_WEIGHTS = (10, 22, 20, 24, 24)
SUPPORT_REASONS = (
    "Physical support: personal care",
    "Physical support: access and mobility",
    "Support with memory and cognition",
    "Learning disability support",
    "Mental health support",
    "Sensory support",
    "Social support",
)
REASON_WEIGHTS = (34, 12, 18, 14, 14, 4, 4)
LOCALITIES = ("North", "Central", "South", "West")


def demo_case_list_csv(*, rows: int = 50, seed: int = 2026, today: date | None = None) -> bytes:
    """A made-up case list in the shape councils send: IDs, age band, support reason, flags."""
    rng = random.Random(seed)
    today = today or date(2026, 1, 5)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "Case ID",
            "Age band",
            "Primary support reason",
            "Hospital discharge (Y/N)",
            "Transition from children's services (Y/N)",
            "Unpaid carer (Y/N)",
            "Safeguarding enquiry (Y/N)",
            "Reablement (Y/N)",
            "Assessment date",
            "Review date",
            "Locality",
        ]
    )
    ids = rng.sample(range(1000, 9999), rows)
    for number in ids:
        age = rng.choices(AGE_BANDS, AGE_WEIGHTS)[0]
        reason = rng.choices(SUPPORT_REASONS, REASON_WEIGHTS)[0]
        if age == "18-24" and reason.startswith("Physical"):
            reason = "Learning disability support"
        older = age in ("75-84", "85+")
        flags = (
            rng.random() < (0.45 if older else 0.15),  # hospital discharge
            age == "18-24",  # transition from children's services
            rng.random() < 0.4,  # unpaid carer
            rng.random() < 0.15,  # safeguarding enquiry
            rng.random() < (0.4 if older else 0.1),  # reablement
        )
        assessed = today - timedelta(days=rng.randint(20, 330))
        reviewed = assessed + timedelta(days=rng.randint(42, 120))
        writer.writerow(
            [
                f"CT-{number}",
                age,
                reason,
                *("Y" if flag else "N" for flag in flags),
                assessed.strftime("%d/%m/%Y"),
                reviewed.strftime("%d/%m/%Y") if reviewed < today else "",
                rng.choice(LOCALITIES),
            ]
        )
    return out.getvalue().encode("utf-8")


DEMO_NOTES = (
    (
        "note",
        "Records complete; the carer's assessment was offered but not taken up. Review is "
        "overdue by six weeks.",
    ),
    (
        "reflective_log",
        "The social worker reflected that the person's own words shaped the plan; she would "
        "have involved the occupational therapist earlier.",
    ),
    (
        "note",
        "Discharged home with reablement; package reduced after four weeks as the person "
        "regained confidence.",
    ),
)


def demo_load(
    *, assessment: Assessment, uploaded_by: User, chosen_by: User, notes: bool = True
) -> CaseList:
    """The council's 50-case list, the proposed 10 and 6 accepted, a few notes (once)."""
    existing = selectors.case_list_for(assessment=assessment)
    if existing is not None:
        return existing
    case_list = services.case_list_upload(
        assessment=assessment,
        data=demo_case_list_csv(today=assessment.notification_date),
        filename=f"{assessment.council.name} case list.csv",
        by=uploaded_by,
        expected_version=0,
    )
    cases = selectors.cases_for(case_list=case_list)
    sample = selectors.proposal(assessment=assessment, cases=cases)
    services.case_selection_save(
        case_list=case_list,
        case_ids=sample.case_ids,
        by=chosen_by,
        expected_version=case_list.version,
    )
    case_list.refresh_from_db()
    cases = selectors.cases_for(case_list=case_list)
    deep = selectors.in_depth_proposal(assessment=assessment, cases=cases)
    services.case_in_depth_save(
        case_list=case_list,
        case_ids=deep.case_ids,
        by=chosen_by,
        expected_version=case_list.version,
    )
    if notes:
        for case_id, (kind, text) in zip(deep.case_ids, DEMO_NOTES, strict=False):
            case = case_list.cases.get(case_id=case_id)
            services.case_note_add(case=case, by=chosen_by, kind=kind, text=text)
    case_list.refresh_from_db()
    return case_list
