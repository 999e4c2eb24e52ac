"""The national data set for the benchmarks: one assessment for each of the 153 councils, each
with 300 evidence items and a 50-case list (10 chosen, 6 in depth), written with bulk_create.

Run against a demo database (the benchmark's ``prepare`` step does this):

    python bench/_national_dataset.py build        # prints what it made and how long it took
    python bench/_national_dataset.py session EMAIL # prints a signed-in session key for EMAIL
    python bench/_national_dataset.py cpu EMAIL PATH... # CPU per request, in-process

Not a benchmark itself (the leading underscore keeps it out of ``make bench``).
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

EVIDENCE_PER_ASSESSMENT = 300
CASES_PER_ASSESSMENT = 50
NOTIFIED = date(2026, 1, 12)
CATEGORIES = ("people", "staff_leaders", "partners", "processes")
SOURCES = ("survey", "interview", "focus_group", "case_tracking", "document", "data", "feedback")
DIRECTIONS = ("strength", "shortfall", "both")
SENTENCE = (
    "people said waiting times for assessment were long but staff were kind; carers asked for "
    "clearer information; the provider forum described late fee uplifts; the board minutes "
    "record a plan to reduce the waiting list by the end of the year"
)
WORDS = SENTENCE.split(" ")


def _setup() -> None:
    from ascassure.cli import django_setup

    django_setup()


def build(
    *, evidence: int = EVIDENCE_PER_ASSESSMENT, cases: int = CASES_PER_ASSESSMENT
) -> dict[str, int]:
    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone

    from ascassure.apps.accounts.models import User
    from ascassure.apps.assessments.models import (
        Assessment,
        AssessmentAssignment,
        AssessmentEvent,
        Milestone,
        TeamRole,
    )
    from ascassure.apps.casetracking.demo import demo_case_list_csv
    from ascassure.apps.casetracking.models import Case, CaseList
    from ascassure.apps.councils.models import Council
    from ascassure.apps.evidence.models import EvidenceItem
    from ascassure.domain.calendar import ENGLAND_AND_WALES, assessment_timeline
    from ascassure.domain.casetracking import parse_case_list, propose_in_depth, propose_sample
    from ascassure.files import sha256

    lead = User.objects.get(username="lead@demo.invalid")
    inspector = User.objects.get(username="assessor@demo.invalid")
    now = timezone.now()
    timeline = assessment_timeline(NOTIFIED, calendar=ENGLAND_AND_WALES)
    with transaction.atomic():
        councils = list(Council.objects.order_by("name"))
        assessments = Assessment.objects.bulk_create(
            [
                Assessment(
                    council=council,
                    kind="baseline",
                    framework_version="2025",
                    stage="evidence_gathering",
                    notification_date=NOTIFIED,
                    created_by=lead,
                )
                for council in councils
            ]
        )
        assessments = list(Assessment.objects.filter(pk__in=[a.pk for a in assessments]))
        assessments.sort(key=lambda a: a.pk)
        AssessmentAssignment.objects.bulk_create(
            AssessmentAssignment(assessment=a, user=inspector, role=TeamRole.LEAD_INSPECTOR)
            for a in assessments
        )
        Milestone.objects.bulk_create(
            Milestone(
                assessment=a,
                key=m.key,
                label=m.label,
                position=position,
                note=m.note,
                date=m.date,
                end_date=m.end,
                computed_date=m.date,
                computed_end_date=m.end,
            )
            for a in assessments
            for position, m in enumerate(timeline)
        )
        AssessmentEvent.objects.bulk_create(
            AssessmentEvent(
                assessment=a,
                at=now,
                actor=lead,
                kind="created",
                summary="Created",
                to_stage="planned",
            )
            for a in assessments
        )
        items = []
        for a in assessments:
            rng = random.Random(a.pk)
            for _ in range(evidence):
                qs = rng.sample(range(1, 10), rng.choice((1, 1, 1, 2, 3)))
                items.append(
                    EvidenceItem(
                        assessment=a,
                        category=rng.choice(CATEGORIES),
                        source=rng.choice(SOURCES),
                        evidence_date=NOTIFIED - timedelta(days=rng.randint(0, 364)),
                        qs_codes=[f"QS{n}" for n in sorted(qs)],
                        summary=" ".join(rng.choices(WORDS, k=rng.randint(12, 40))).capitalize(),
                        direction=rng.choice(DIRECTIONS),
                        recorded_by=inspector,
                        recorded_at=now,
                    )
                )
        EvidenceItem.objects.bulk_create(items, batch_size=2000)
        case_rows = []
        for a in assessments:
            data = demo_case_list_csv(rows=cases, seed=a.pk)
            digest = sha256(data)
            relative = f"casetracking/{a.pk}/{digest}.csv"
            target = Path(settings.MEDIA_ROOT) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            parsed = parse_case_list(data)
            sample = propose_sample(parsed.cases)
            deep = propose_in_depth(parsed.cases, sample)
            reasons = {c.case_id: c.reason for c in sample.choices}
            deep_reasons = {c.case_id: c.reason for c in deep.choices}
            case_list = CaseList.objects.create(
                assessment=a,
                original_name=f"{a.council.name} case list.csv",
                sha256=digest,
                kind="csv",
                size=len(data),
                stored_name=relative,
                columns=dict(parsed.columns),
                extra_columns=list(parsed.extra_columns),
                uploaded_by=None,
                uploaded_at=now,
                selection_saved_at=now,
                selection_saved_by=inspector,
                in_depth_saved_at=now,
                in_depth_saved_by=inspector,
                version=3,
            )
            for position, case in enumerate(parsed.cases, start=1):
                case_rows.append(
                    Case(
                        case_list=case_list,
                        position=position,
                        case_id=case.case_id,
                        age_band=case.age_band,
                        primary_support_reason=case.primary_support_reason,
                        hospital_discharge=case.hospital_discharge,
                        transition_from_childrens=case.transition_from_childrens,
                        unpaid_carer=case.unpaid_carer,
                        safeguarding_enquiry=case.safeguarding_enquiry,
                        reablement=case.reablement,
                        assessment_date=case.assessment_date,
                        review_date=case.review_date,
                        attributes=case.extras,
                        selected=case.case_id in reasons,
                        selection_reason=reasons.get(case.case_id, ""),
                        in_depth=case.case_id in deep_reasons,
                        in_depth_reason=deep_reasons.get(case.case_id, ""),
                    )
                )
        Case.objects.bulk_create(case_rows, batch_size=2000)
    return {
        "assessments": len(assessments),
        "evidence": len(items),
        "cases": len(case_rows),
        "middle": assessments[len(assessments) // 2].pk,
    }


def session(email: str) -> str:
    """A session key of ``email`` signed in, as the sign-in page would make it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from ascassure.apps.accounts.models import User

    user = User.objects.get(username=email)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "ascassure.apps.accounts.backends.AccountBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key or ""


def cpu_per_request(email: str, paths: list[str], times: int = 100) -> dict[str, float]:
    """Milliseconds of this process's CPU per request, in-process (no server, no network):
    a figure that other work on the machine disturbs much less than latency."""
    from django.test import Client

    from ascassure.apps.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=email))
    result = {}
    for path in paths:
        for _ in range(5):
            assert client.get(path, HTTP_HOST="127.0.0.1").status_code == 200, path
        started = time.process_time()
        for _ in range(times):
            client.get(path, HTTP_HOST="127.0.0.1")
        result[path] = (time.process_time() - started) / times * 1000
    return result


def main(argv: list[str]) -> int:
    _setup()
    if argv[:1] == ["build"]:
        started = time.perf_counter()
        made = build()
        seconds = time.perf_counter() - started
        print(
            f"built {made['assessments']} assessments, {made['evidence']} evidence items, "
            f"{made['cases']} cases in {seconds:.1f} s; middle assessment {made['middle']}"
        )
        return 0
    if argv[:1] == ["cpu"] and len(argv) > 2:
        for path, ms in cpu_per_request(argv[1], argv[2:]).items():
            print(f"{path:<40} {ms:6.2f} ms of CPU per request, in-process")
        return 0
    if argv[:1] == ["session"] and len(argv) == 2:
        print(session(argv[1]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
