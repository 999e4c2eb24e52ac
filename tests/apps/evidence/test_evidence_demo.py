"""The demo evidence loads once, inside the evidence period, and leaves some gaps to show."""

import pytest

from ascassure.apps.evidence.demo import demo_load
from ascassure.apps.evidence.selectors import period_for, triangulation
from builders import make_assessment

pytestmark = pytest.mark.django_db


def test_the_demo_records_thirty_items_once_and_the_matrix_shows_gaps(trafford):
    assessment = make_assessment(council=trafford, stage="evidence_gathering")
    assert demo_load(assessment=assessment) == 30
    assert demo_load(assessment=assessment) == 0
    items = list(assessment.evidence_items.all())
    period = period_for(assessment)
    outside = [i for i in items if not period.includes(i.evidence_date)]
    assert len(items) == 30 and len(outside) == 2
    assert all(i.outside_period_reason for i in outside)
    result = triangulation(assessment=assessment)
    assert 0 < len(result.gaps) < 36
