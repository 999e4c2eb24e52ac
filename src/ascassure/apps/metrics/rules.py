"""Who may do what with measures (loaded by rules' autodiscovery). Reading is public: ASCOF
and the other published datasets are open data."""

from __future__ import annotations

import rules

from ascassure.apps.accounts.models import BodyRole

ANALYST_ROLES = frozenset({BodyRole.ANALYST, BodyRole.NATIONAL_LEAD, BodyRole.ADMINISTRATOR})


@rules.predicate
def is_analyst(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.body_role in ANALYST_ROLES


rules.add_perm("metrics.import_data", is_analyst)
rules.add_perm("metrics.manage_peer_groups", is_analyst)
rules.add_perm("metrics.edit_registry", is_analyst)
