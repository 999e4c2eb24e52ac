from datetime import date

import pytest

from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.assessments.facts import assessment_facts
from ascassure.apps.scoring.demo import demo_load
from ascassure.apps.scoring.models import QsScore, RatingLock
from ascassure.domain import lifecycle
from builders import make_assessment, make_user

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)


@pytest.fixture
def people(db):
    return {
        "inspector": make_user(body_role=BodyRole.ASSESSOR),
        "panel_member": make_user(body_role=BodyRole.PANEL_MEMBER),
    }


def check(assessment, event):
    facts = assessment_facts(assessment=assessment, today=TODAY)
    return lifecycle.check(lifecycle.Stage(assessment.stage), event, facts)


def test_before_scoring_the_demo_adds_no_scores(trafford, people):
    demo_load(make_assessment(council=trafford, stage="post_site"), people)
    assert not QsScore.objects.exists()


def test_at_scoring_six_are_proposed_so_the_scores_cannot_go_to_the_panel_yet(trafford, people):
    assessment = make_assessment(council=trafford, stage="scoring")
    demo_load(assessment, people)
    assert QsScore.objects.count() == 6
    decision = check(assessment, lifecycle.Event.SEND_TO_CALIBRATION)
    assert decision.reasons == (lifecycle.QS_NOT_ALL_SCORED,)


def test_at_calibration_all_are_scored_and_some_decided_but_nothing_is_locked(trafford, people):
    assessment = make_assessment(council=trafford, stage="calibration")
    demo_load(assessment, people)
    demo_load(assessment, people)  # twice: nothing more
    assert QsScore.objects.count() == 9
    assert not RatingLock.objects.exists()
    assert check(assessment, lifecycle.Event.CALIBRATE).reasons == (
        lifecycle.CALIBRATION_NOT_AGREED,
        lifecycle.RATING_NOT_LOCKED,
    )


@pytest.mark.parametrize("version", ["2025", "2023"])
def test_after_calibration_the_rating_is_locked_and_agrees_with_the_scores(
    trafford, people, version
):
    assessment = make_assessment(
        council=trafford, stage="ready_for_draft", framework_version=version
    )
    demo_load(assessment, people)
    lock = RatingLock.objects.get()
    assert (lock.rating, lock.percent) == ("Requires improvement", 62)  # QS6 raised by the panel
    facts = assessment_facts(assessment=assessment, today=TODAY)
    assert len(facts.judgements) == 9 and len(facts.calibration_agreed) == 9
