"""Writes about people."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from ascassure.apps.accounts.models import BodyRole, CouncilMembership, CouncilRole, User
from ascassure.apps.councils.models import Council


@transaction.atomic
def user_create(
    *,
    email: str,
    full_name: str,
    password: str | None,
    body_role: str = BodyRole.NONE,
    is_demo: bool = False,
) -> User:
    email = User.objects.normalize_email(email).lower()
    user = User(
        username=email,
        email=email,
        full_name=full_name,
        body_role=body_role,
        is_demo=is_demo,
        is_staff=body_role == BodyRole.ADMINISTRATOR,
        is_superuser=body_role == BodyRole.ADMINISTRATOR,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


def council_membership_add(
    *, user: User, council: Council, role: str = CouncilRole.VIEWER, job_title: str = ""
) -> CouncilMembership:
    membership, _ = CouncilMembership.objects.update_or_create(
        user=user, council=council, defaults={"role": role, "job_title": job_title}
    )
    return membership


@dataclass(frozen=True)
class DemoSignIn:
    email: str
    description: str


DEMO_PEOPLE = (
    # email, full name, body role, (council ONS code, council role, job title) or None, description
    ("lead@demo.invalid", "Nadia Lead", BodyRole.NATIONAL_LEAD, None, "national programme lead"),
    (
        "admin@demo.invalid",
        "Alex Admin",
        BodyRole.ADMINISTRATOR,
        None,
        "administrator (admin site)",
    ),
    ("assessor@demo.invalid", "Ines Inspector", BodyRole.ASSESSOR, None, "assessor"),
    ("analyst@demo.invalid", "Ravi Analyst", BodyRole.ANALYST, None, "analyst"),
    ("panel@demo.invalid", "Pat Panel", BodyRole.PANEL_MEMBER, None, "calibration panel member"),
    (
        "dass@trafford.demo.invalid",
        "Dana Director",
        BodyRole.NONE,
        ("E08000009", CouncilRole.EDITOR, "Director of Adult Social Services"),
        "council editor, Trafford",
    ),
    (
        "member@trafford.demo.invalid",
        "Cllr Lee Member",
        BodyRole.NONE,
        ("E08000009", CouncilRole.VIEWER, "Lead member for adult social care"),
        "council viewer (lead member), Trafford",
    ),
    (
        "dass@bury.demo.invalid",
        "Bo Director",
        BodyRole.NONE,
        ("E08000002", CouncilRole.EDITOR, "Director of Adult Social Services"),
        "council editor, Bury",
    ),
)


@transaction.atomic
def demo_people_load(*, password: str) -> list[DemoSignIn]:
    """Create (or reset) the demonstration accounts, all with the given password."""
    sign_ins = []
    for email, full_name, role, membership, description in DEMO_PEOPLE:
        user = User.objects.filter(username=email).first()
        if user is None:
            user = user_create(
                email=email, full_name=full_name, password=password, body_role=role, is_demo=True
            )
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        if membership:
            code, council_role, job_title = membership
            council_membership_add(
                user=user,
                council=Council.objects.get(ons_code=code),
                role=council_role,
                job_title=job_title,
            )
        sign_ins.append(DemoSignIn(email=email, description=description))
    return sign_ins
