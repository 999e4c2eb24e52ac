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
