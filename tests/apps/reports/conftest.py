from datetime import date

import pytest

from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.assessments.models import TeamRole
from builders import make_assessment, make_evidence, make_report, make_user


@pytest.fixture(autouse=True)
def upload_root(settings, tmp_path):
    """Frozen reports and supporting files go to a fresh directory, never the project's data."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def fast_pdf(monkeypatch):
    """For tests about something else than the PDF's content: a stand-in PDF in a millisecond.

    The tests that read the real PDF do not use it."""
    from ascassure.apps.reports import rendering

    monkeypatch.setattr(
        rendering, "render_pdf", lambda html: b"%PDF-1.7\n% stand-in for " + html[:20].encode()
    )


@pytest.fixture
def lead(db):
    return make_user(full_name="Lena Lead", body_role=BodyRole.ASSESSOR)


@pytest.fixture
def draft(trafford, lead):
    """Trafford's assessment at the draft report stage, with people's experience recorded and
    the draft generated (version 1)."""
    assessment = make_assessment(
        council=trafford,
        stage="draft_report",
        notification_date=date(2025, 6, 2),
        team=((lead, TeamRole.LEAD_INSPECTOR),),
    )
    make_evidence(
        assessment=assessment,
        qs_codes=("QS1",),
        evidence_date=date(2025, 3, 1),
        summary="My social worker came to see me at home and listened to what I wanted.",
    )
    make_evidence(
        assessment=assessment,
        qs_codes=("QS1", "QS2"),
        evidence_date=date(2025, 4, 1),
        direction="shortfall",
        summary="I waited four months for my assessment.",
    )
    return make_report(assessment=assessment, by=lead)


@pytest.fixture
def editor(trafford):
    return make_user(full_name="Dana Director", council=trafford)
