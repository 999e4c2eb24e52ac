"""The demonstration world: assessments at every stage, each area's data filled in.

Only for demo mode. Assessments are put at their stage directly (the journeys themselves are
tested step by step in the browser tests); each area's own `demo_load` then fills what an
assessment at that stage would hold, and the timeline records how it got there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from importlib import import_module

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from ascassure.apps.accounts.models import BodyRole, CouncilRole, User
from ascassure.apps.accounts.services import council_membership_add, user_create
from ascassure.apps.assessments.models import Assessment, AssessmentEvent, TeamRole
from ascassure.apps.assessments.services import assessment_create
from ascassure.apps.councils.models import Council
from ascassure.domain.lifecycle import TRANSITIONS, Event, Stage


@dataclass(frozen=True)
class DemoAssessment:
    council: str  # ONS code
    stage: Stage
    notified_days_ago: int


# Greater Manchester and Merseyside, one assessment at each stage.
WORLD = (
    DemoAssessment("E08000007", Stage.PLANNED, -28),  # Stockport
    DemoAssessment("E08000010", Stage.NOTIFIED, 3),  # Wigan
    DemoAssessment("E08000009", Stage.IR_OPEN, 10),  # Trafford
    DemoAssessment("E08000001", Stage.IR_CLOSED, 25),  # Bolton
    DemoAssessment("E08000006", Stage.EVIDENCE_GATHERING, 45),  # Salford
    DemoAssessment("E08000004", Stage.ONSITE, 63),  # Oldham
    DemoAssessment("E08000005", Stage.POST_SITE, 85),  # Rochdale
    DemoAssessment("E08000002", Stage.SCORING, 105),  # Bury
    DemoAssessment("E08000008", Stage.CALIBRATION, 125),  # Tameside
    DemoAssessment("E08000003", Stage.READY_FOR_DRAFT, 145),  # Manchester
    DemoAssessment("E08000011", Stage.DRAFT_REPORT, 160),  # Knowsley
    DemoAssessment("E08000012", Stage.FACTUAL_ACCURACY_CHECK, 175),  # Liverpool
    DemoAssessment("E08000014", Stage.READY_TO_PUBLISH, 200),  # Sefton
    DemoAssessment("E08000015", Stage.PUBLISHED, 240),  # Wirral
)

_PATH: list[tuple[Stage, Event, Stage]] = [
    (t.from_stage, t.event, t.to_stage) for t in TRANSITIONS if t.event != Event.WITHDRAW
]


def _path_to(stage: Stage) -> list[tuple[Stage, Event, Stage]]:
    steps, current = [], Stage.PLANNED
    while current != stage:
        step = next(s for s in _PATH if s[0] == current and s[1] != Event.REOPEN_IR)
        steps.append(step)
        current = step[2]
    return steps


def _council_editor(council: Council, password: str) -> User:
    email = f"dass@{council.slug}.demo.invalid"
    user = User.objects.filter(username=email).first()
    if user is None:
        user = user_create(
            email=email,
            full_name=f"Director, {council.name}",
            password=password,
            body_role=BodyRole.NONE,
            is_demo=True,
        )
        council_membership_add(
            user=user,
            council=council,
            role=CouncilRole.EDITOR,
            job_title="Director of Adult Social Services",
        )
    return user


def _area(label: str):
    """An area's demo module, or None while that area is not installed."""
    if not apps.is_installed(f"ascassure.apps.{label}"):
        return None
    try:
        return import_module(f"ascassure.apps.{label}.demo")
    except ModuleNotFoundError:
        return None


def _record_history(
    assessment: Assessment, stage: Stage, start: date, actor: User, after: Stage | None = None
) -> None:
    steps = _path_to(stage)
    done = len(_path_to(after)) if after else 0
    for number, (before, event, reached) in enumerate(steps):
        if number < done:
            continue
        at = timezone.make_aware(datetime.combine(start + timedelta(days=number * 12), time(10)))
        AssessmentEvent.objects.create(
            assessment=assessment,
            at=min(at, timezone.now()),
            actor=actor,
            kind=event.value,
            from_stage=before.value,
            to_stage=reached.value,
            summary=f"{event.label}: {before.label} → {reached.label}",
        )
    Assessment.objects.filter(pk=assessment.pk).update(stage=stage.value)
    assessment.refresh_from_db()


@transaction.atomic
def demo_world_load(*, today: date, password: str) -> int:
    """Create the demonstration assessments (once). Returns how many were created."""
    if Assessment.objects.exists():
        return 0
    staff = {u.body_role: u for u in User.objects.filter(is_demo=True).exclude(body_role="")}
    lead, assessor = staff[BodyRole.NATIONAL_LEAD], staff[BodyRole.ASSESSOR]
    analyst, panel = staff[BodyRole.ANALYST], staff[BodyRole.PANEL_MEMBER]
    people = {
        "lead_inspector": assessor,
        "inspector": assessor,
        "analyst": analyst,
        "panel_member": panel,
    }
    created = 0
    for item in WORLD:
        council = Council.objects.get(ons_code=item.council)
        notified = today - timedelta(days=item.notified_days_ago)
        team = [(assessor, TeamRole.LEAD_INSPECTOR), (analyst, TeamRole.ANALYST)]
        if item.stage in (Stage.CALIBRATION, Stage.READY_FOR_DRAFT) or item.stage.value in {
            "draft_report",
            "factual_accuracy_check",
            "ready_to_publish",
            "published",
        }:
            team.append((panel, TeamRole.PANEL_MEMBER))
        assessment = assessment_create(
            council=council,
            kind="baseline",
            framework_version="2025",
            notification_date=notified,
            team=team,
            created_by=lead,
        )
        # Areas refuse changes to a finished assessment: fill it just before its last step.
        fill_at = Stage.READY_TO_PUBLISH if item.stage == Stage.PUBLISHED else item.stage
        _record_history(assessment, fill_at, notified, lead)
        _fill(
            assessment,
            fill_at,
            people=people,
            today=today,
            password=password,
            publish_report=item.stage == Stage.PUBLISHED,
        )
        if fill_at != item.stage:
            _record_history(assessment, item.stage, notified, lead, after=fill_at)
        created += 1
    councilspace = _area("councilspace")
    if councilspace is not None:
        trafford = Council.objects.get(ons_code="E08000009")
        members = {m.role: m.user for m in trafford.memberships.select_related("user")}
        councilspace.demo_load(
            council=trafford,
            editor=members.get(CouncilRole.EDITOR),
            viewer=members.get(CouncilRole.VIEWER),
            today=today,
        )
    return created


def _fill(
    assessment: Assessment,
    stage: Stage,
    *,
    people: dict[str, User],
    today: date,
    password: str,
    publish_report: bool = False,
) -> None:
    order = list(Stage)
    reached = order.index(stage)

    def at_least(minimum: Stage) -> bool:
        return reached >= order.index(minimum) and stage != Stage.WITHDRAWN

    editor = _council_editor(assessment.council, password)
    if at_least(Stage.IR_OPEN) and (inforeturn := _area("inforeturn")):
        inforeturn.demo_load(assessment, editor, people["lead_inspector"], today)
    if at_least(Stage.IR_CLOSED) and (casetracking := _area("casetracking")):
        casetracking.demo_load(
            assessment=assessment, uploaded_by=editor, chosen_by=people["lead_inspector"]
        )
    if at_least(Stage.EVIDENCE_GATHERING) and (evidence := _area("evidence")):
        evidence.demo_load(assessment=assessment, by=people["inspector"])
    if at_least(Stage.EVIDENCE_GATHERING) and (onsite := _area("onsite")):
        onsite.demo_load(assessment, people)
    if at_least(Stage.SCORING) and (scoring := _area("scoring")):
        scoring.demo_load(assessment, people)
    if at_least(Stage.DRAFT_REPORT) and (reports := _area("reports")):
        reports.demo_load(assessment=assessment, people=people, today=today, publish=publish_report)
