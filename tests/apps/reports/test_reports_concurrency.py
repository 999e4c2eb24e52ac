"""Two people publish the same report at the same moment, on two real database connections:
one publication, one published result, and no stray files."""

import threading
from datetime import date

import pytest
from django.db import connection, connections

from ascassure.apps.assessments.models import Assessment
from ascassure.apps.assessments.services import ServiceRefusal
from ascassure.apps.councils.models import PublishedResult
from ascassure.apps.reports import fac, services
from ascassure.apps.reports.models import Publication
from builders import make_fac_round

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    # Decided before any fixture runs: a transactional test empties the database afterwards.
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks between threads need PostgreSQL"
    ),
]


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """Transactional tests empty the database after each one: load the councils again."""
    from ascassure.apps.councils.services import reference_data_load

    reference_data_load()


def test_of_two_simultaneous_publications_one_wins_and_the_other_is_told(
    draft, lead, editor, fast_pdf, upload_root
):
    fac_round = make_fac_round(report=draft, sent_on=date(2025, 12, 19))
    fac.fac_confirm_no_inaccuracies(fac_round=fac_round, by=editor, today=date(2025, 12, 22))
    Assessment.objects.filter(pk=draft.assessment_id).update(stage="ready_to_publish")
    draft.assessment.refresh_from_db()
    services.publication_date_set(
        report=draft, day=date(2026, 1, 12), by=lead, today=date(2026, 1, 5)
    )
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def publish():
        try:
            start.wait()
            services.report_publish(report=draft, by=lead, today=date(2026, 1, 12))
            outcomes.append("published")
        except ServiceRefusal as refusal:
            outcomes.append(" ".join(refusal.reasons))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == sorted(["published", services.ALREADY_PUBLISHED])
    assert Publication.objects.count() == 1 and PublishedResult.objects.count() == 1
    assert len([p for p in upload_root.rglob("*") if p.is_file()]) == 2  # one HTML, one PDF
