"""Two people save the same score at the same moment, on two real database connections."""

import threading

import pytest
from django.db import connection, connections

from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.assessments.services import ServiceRefusal
from ascassure.apps.scoring import services
from ascassure.apps.scoring.models import QsScore, ScoreRevision
from builders import make_assessment, make_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_of_two_simultaneous_first_saves_one_wins_and_the_other_is_told(trafford):
    if connection.vendor != "postgresql":
        pytest.skip("row locks between threads are tested on PostgreSQL")
    assessment = make_assessment(council=trafford, stage="scoring")
    people = [make_user(body_role=BodyRole.ASSESSOR) for _ in range(2)]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def save(person, score):
        try:
            start.wait()
            services.qs_score_propose(
                assessment=assessment,
                qs_code="QS1",
                score=score,
                rationale=f"By {person.pk}",
                by=person,
                expected_version=0,
            )
            outcomes.append("saved")
        except ServiceRefusal as refusal:
            outcomes.append(" ".join(refusal.reasons))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(p, s)) for p, s in zip(people, (2, 4), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == sorted(["saved", services.STALE_SCORE])
    record = QsScore.objects.get()
    assert record.version == 1 and ScoreRevision.objects.count() == 1
    assert record.rationale == f"By {record.proposed_by_id}"  # the winner's, whole
