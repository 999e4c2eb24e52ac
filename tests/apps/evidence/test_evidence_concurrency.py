"""Two people saving the same item at the same moment, in two real transactions: one save wins,
the other is refused, and nothing is overwritten silently."""

import threading
from datetime import date

import pytest
from django.db import connection

from ascassure.apps.assessments.services import ServiceRefusal
from ascassure.apps.evidence import services
from ascassure.apps.evidence.models import EvidenceItem
from ascassure.apps.evidence.services import EvidenceInput
from builders import make_assessment, make_evidence

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """Transactional tests empty the database after each one: load the councils again."""
    from ascassure.apps.councils.services import reference_data_load

    reference_data_load()


def change(summary: str) -> EvidenceInput:
    return EvidenceInput(
        category="people",
        source="survey",
        evidence_date=date(2025, 9, 1),
        qs_codes=["QS1"],
        summary=summary,
        direction="strength",
    )


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="the in-memory test database is shared-cache SQLite"
)
def test_two_simultaneous_saves_from_the_same_version_one_wins_one_is_refused(trafford):
    item = make_evidence(assessment=make_assessment(council=trafford))
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(summary: str) -> None:
        try:
            barrier.wait()
            services.evidence_item_change(
                item=item, data=change(summary), by=None, expected_version=1
            )
            outcomes[summary] = "saved"
        except ServiceRefusal as refusal:
            outcomes[summary] = refusal.reasons[0]
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(s,)) for s in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes.values()) == sorted(["saved", services.STALE_ITEM])
    winner = next(s for s, outcome in outcomes.items() if outcome == "saved")
    assert EvidenceItem.objects.get().summary == winner and item.version == 1
    assert EvidenceItem.objects.get().version == 2
