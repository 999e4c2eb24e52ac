"""Object-level permissions, named after the domain (loaded by rules' autodiscovery)."""

from __future__ import annotations

import rules

from ascassure.apps.accounts.models import BodyRole, CouncilRole


@rules.predicate
def is_national_lead(user) -> bool:
    return getattr(user, "body_role", "") in {BodyRole.NATIONAL_LEAD, BodyRole.ADMINISTRATOR}


@rules.predicate
def is_member_of_council(user, council) -> bool:
    if not user.is_authenticated or council is None:
        return False
    return user.memberships.filter(council=council).exists()


@rules.predicate
def is_editor_of_council(user, council) -> bool:
    if not user.is_authenticated or council is None:
        return False
    return user.memberships.filter(council=council, role=CouncilRole.EDITOR).exists()


@rules.predicate
def is_assigned_to_assessment(user, assessment) -> bool:
    if not user.is_authenticated or assessment is None:
        return False
    return assessment.assignments.filter(user=user).exists()


rules.add_perm("councils.read_council_material", is_national_lead | is_member_of_council)
rules.add_perm("councils.edit_council_material", is_editor_of_council)
rules.add_perm("assessments.view_assessment", is_national_lead | is_assigned_to_assessment)
rules.add_perm("assessments.manage_programme", is_national_lead)
