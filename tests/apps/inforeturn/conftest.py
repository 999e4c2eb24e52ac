"""An assessment of Trafford with its lead inspector, council editor and viewer, and a request."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from ascassure.apps.accounts.models import BodyRole, CouncilRole
from ascassure.apps.assessments.models import TeamRole
from builders import PASSWORD, make_assessment, make_ir_request, make_user

SENT = date(2026, 1, 12)  # a Monday: standard items due Mon 2 Feb, early ones Mon 19 Jan


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Files go to a fresh directory per test, never to the project's data directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def people(trafford, bury):
    return SimpleNamespace(
        lead=make_user(
            body_role=BodyRole.ASSESSOR, full_name="Lena Lead", email="lena@cqc.example"
        ),
        inspector=make_user(body_role=BodyRole.ASSESSOR, full_name="Ivan Inspector"),
        outsider=make_user(body_role=BodyRole.ASSESSOR, full_name="Oscar Outsider"),
        editor=make_user(
            council=trafford, full_name="Eddie Editor", email="eddie@trafford.example"
        ),
        viewer=make_user(
            council=trafford, council_role=CouncilRole.VIEWER, full_name="Vera Viewer"
        ),
        other_council=make_user(council=bury, full_name="Bea Bury"),
    )


@pytest.fixture
def assessment(trafford, people):
    return make_assessment(
        council=trafford,
        stage="notified",
        notification_date=SENT,
        team=((people.lead, TeamRole.LEAD_INSPECTOR), (people.inspector, TeamRole.INSPECTOR)),
    )


@pytest.fixture
def ir(assessment, people):
    request = make_ir_request(assessment=assessment, by=people.lead, sent=SENT)
    assessment.refresh_from_db()
    return request


@pytest.fixture
def sign_in(client):
    """Sign the test client in as someone (signing out whoever was in)."""

    def _sign_in(user):
        client.logout()
        assert client.login(username=user.username, password=PASSWORD)
        return client

    return _sign_in
