from datetime import date

import pytest

from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.assessments import services as core
from ascassure.apps.assessments.facts import assessment_facts
from ascassure.apps.assessments.models import Assessment, AssessmentEvent, TeamRole
from ascassure.apps.assessments.services import ServiceRefusal
from ascassure.apps.scoring import services
from ascassure.apps.scoring.models import Calibration, QsScore, RatingLock, ScoreRevision
from ascassure.domain import lifecycle
from builders import make_assessment, make_scores, make_user

pytestmark = pytest.mark.django_db
TODAY = date(2026, 5, 4)


@pytest.fixture
def inspector(db):
    return make_user(body_role=BodyRole.ASSESSOR, full_name="Ines Inspector")


@pytest.fixture
def panel(db):
    return make_user(body_role=BodyRole.PANEL_MEMBER, full_name="Pat Panel")


def propose(assessment, by, code="QS1", score=3, version=0, rationale="Because.", **extra):
    return services.qs_score_propose(
        assessment=assessment,
        qs_code=code,
        score=score,
        rationale=rationale,
        by=by,
        expected_version=version,
        **extra,
    )


def test_a_proposed_score_is_kept_as_a_revision_and_becomes_a_judgement(trafford, inspector):
    assessment = make_assessment(council=trafford, stage="scoring")
    record = propose(
        assessment,
        inspector,
        code="qs 4",
        score=2,
        evidence=services.evidence_from_lines("Case tracking, person 3\n\n  ASCOF 2A  "),
    )
    assert (record.qs_code, record.score, record.version) == ("QS4", 2, 1)
    assert record.evidence == [
        {"title": "Case tracking, person 3", "id": None},
        {"title": "ASCOF 2A", "id": None},
    ]
    revision = ScoreRevision.objects.get()
    assert (revision.kind, revision.old_score, revision.new_score) == ("proposed", None, 2)
    assert revision.by == inspector
    facts = assessment_facts(assessment=assessment, today=TODAY)
    assert facts.judgements == (lifecycle.QsJudgement("QS4", 2, "Because."),)
    assert AssessmentEvent.objects.filter(kind="qs_score").get().summary == "QS4 score proposed: 2"


def test_every_change_to_a_score_is_kept_and_saving_nothing_new_adds_nothing(trafford, inspector):
    assessment = make_assessment(council=trafford, stage="scoring")
    propose(assessment, inspector, score=2, rationale="First view.")
    propose(assessment, inspector, score=3, rationale="After the focus groups.", version=1)
    propose(assessment, inspector, score=3, rationale="After the focus groups.", version=2)
    revisions = list(ScoreRevision.objects.order_by("at", "pk"))
    assert [(r.old_score, r.new_score) for r in revisions] == [(None, 2), (2, 3)]
    assert revisions[1].old_rationale == "First view."
    assert revisions[1].new_rationale == "After the focus groups."
    assert QsScore.objects.get().version == 2


def test_two_people_saving_the_same_score_the_second_is_refused_and_nothing_is_overwritten(
    trafford, inspector
):
    other = make_user(body_role=BodyRole.ASSESSOR)
    assessment = make_assessment(council=trafford, stage="scoring")
    propose(assessment, inspector, score=2, rationale="Mine", version=0)
    with pytest.raises(ServiceRefusal) as refused:
        propose(assessment, other, score=4, rationale="Theirs", version=0)
    assert refused.value.reasons == (services.STALE_SCORE,)
    record = QsScore.objects.get()
    assert (record.score, record.rationale, record.proposed_by) == (2, "Mine", inspector)
    assert ScoreRevision.objects.count() == 1


def test_a_score_outside_one_to_four_is_refused(trafford, inspector):
    assessment = make_assessment(council=trafford, stage="scoring")
    for bad in (0, 5, None, True):
        with pytest.raises(ServiceRefusal) as refused:
            propose(assessment, inspector, score=bad)
        assert refused.value.reasons == (services.CHOOSE_SCORE,)
    assert not QsScore.objects.exists()


def test_scores_are_proposed_only_at_the_scoring_stage(trafford, inspector):
    for stage in ("post_site", "calibration", "ready_for_draft"):
        assessment = make_assessment(council=trafford, stage=stage)
        with pytest.raises(ServiceRefusal) as refused:
            propose(assessment, inspector)
        assert refused.value.reasons == (services.SCORING_CLOSED,)


def test_an_unknown_quality_statement_is_refused(trafford, inspector):
    assessment = make_assessment(council=trafford, stage="scoring")
    with pytest.raises(ServiceRefusal) as refused:
        propose(assessment, inspector, code="QS10")
    assert refused.value.reasons == (services.UNKNOWN_QS,)


def test_legacy_category_scores_give_the_qs_score_the_domain_computes(trafford, inspector):
    assessment = make_assessment(council=trafford, stage="scoring", framework_version="2023")
    record = propose(
        assessment,
        inspector,
        score=None,
        category_scores={"people": 3, "staff_leaders": 2, "partners": 3, "processes": 3},
    )
    assert (record.qs_percent, record.score) == (69, 3)  # 11 of 16 = 68.75, rounded up
    with pytest.raises(ServiceRefusal) as refused:
        propose(assessment, inspector, score=None, category_scores={"people": 3}, version=1)
    assert refused.value.reasons == (services.SCORE_EVERY_CATEGORY,)


def test_the_core_sends_to_the_panel_only_when_every_qs_has_a_score_and_a_rationale(
    trafford, inspector
):
    lead = make_user(body_role=BodyRole.NATIONAL_LEAD)
    assessment = make_assessment(council=trafford, stage="scoring")
    make_scores(assessment=assessment, scores=(2, 3, 2, 2, 3, 2, 3, 2, None), by=inspector)
    QsScore.objects.filter(qs_code="QS2").update(rationale="  ")
    with pytest.raises(ServiceRefusal) as refused:
        core.assessment_transition(
            assessment=assessment, event="send_to_calibration", by=lead, today=TODAY
        )
    assert refused.value.reasons == (lifecycle.QS_NOT_ALL_SCORED, lifecycle.QS_RATIONALE_MISSING)
    propose(assessment, inspector, code="QS9", score=2)
    propose(assessment, inspector, code="QS2", score=3, version=1)
    moved = core.assessment_transition(
        assessment=assessment, event="send_to_calibration", by=lead, today=TODAY
    )
    assert moved.stage == "calibration"


def calibrate(assessment, by, code="QS1", score=3, reason="", version=1):
    return services.qs_score_calibrate(
        assessment=assessment,
        qs_code=code,
        agreed_score=score,
        reason=reason,
        by=by,
        expected_version=version,
    )


def test_the_panel_agrees_a_score_and_the_agreement_is_kept(trafford, panel):
    assessment = make_assessment(council=trafford, stage="calibration")
    make_scores(assessment=assessment, scores=(3,) * 9)
    decision = calibrate(assessment, panel, code="QS1", score=3, reason="Consistent.")
    assert (decision.outcome, decision.proposed_score, decision.agreed_score) == ("agreed", 3, 3)
    revision = ScoreRevision.objects.filter(kind="calibrated").get()
    assert (revision.old_score, revision.new_score, revision.reason) == (3, 3, "Consistent.")
    assert revision.by == panel


def test_the_panel_changes_a_score_only_with_a_reason_and_its_change_becomes_the_score(
    trafford, panel
):
    assessment = make_assessment(council=trafford, stage="calibration")
    make_scores(assessment=assessment, scores=(3,) * 9)
    with pytest.raises(ServiceRefusal) as refused:
        calibrate(assessment, panel, code="QS7", score=2, reason=" ")
    assert refused.value.reasons == (services.CHANGE_NEEDS_REASON,)
    calibrate(assessment, panel, code="QS7", score=2, reason="Out of line with peers.")
    record = QsScore.objects.get(qs_code="QS7")
    assert (record.score, record.version) == (2, 2)
    # The panel comes back to it and agrees the team's 3 after all: still measured from the 3.
    again = calibrate(assessment, panel, code="QS7", score=3, version=2)
    assert (again.outcome, again.proposed_score, again.agreed_score) == ("agreed", 3, 3)
    assert Calibration.objects.count() == 1
    assert ScoreRevision.objects.filter(kind="calibrated").count() == 2


def test_the_panel_decides_only_while_the_assessment_is_with_it_and_only_on_proposed_scores(
    trafford, panel
):
    assessment = make_assessment(council=trafford, stage="scoring")
    make_scores(assessment=assessment, scores=(3, 3, 3, 3, 3, 3, 3, 3, None))
    with pytest.raises(ServiceRefusal) as refused:
        calibrate(assessment, panel)
    assert refused.value.reasons == (services.NOT_WITH_PANEL,)
    Assessment.objects.filter(pk=assessment.pk).update(stage="calibration")
    with pytest.raises(ServiceRefusal) as refused:
        calibrate(assessment, panel, code="QS9")
    assert refused.value.reasons == (services.NOT_PROPOSED,)


def test_a_panel_decision_based_on_an_older_version_is_refused(trafford, panel):
    assessment = make_assessment(council=trafford, stage="calibration")
    make_scores(assessment=assessment, scores=(3,) * 9)
    calibrate(assessment, panel, code="QS1", score=2, reason="First panel member")
    with pytest.raises(ServiceRefusal) as refused:
        calibrate(assessment, panel, code="QS1", score=4, reason="Second", version=1)
    assert refused.value.reasons == (services.STALE_SCORE,)
    assert QsScore.objects.get(qs_code="QS1").score == 2


def test_the_rating_locks_only_when_every_qs_is_decided_then_nothing_can_change(
    trafford, panel, inspector
):
    assessment = make_assessment(council=trafford, stage="calibration")
    make_scores(assessment=assessment, scores=(2, 3, 2, 2, 3, 2, 3, 2, 2))
    for n in range(1, 8):
        calibrate(assessment, panel, code=f"QS{n}", score=[2, 3, 2, 2, 3, 2, 3][n - 1])
    with pytest.raises(ServiceRefusal) as refused:
        services.rating_lock(assessment=assessment, by=panel)
    assert refused.value.reasons == (services.NOT_ALL_CALIBRATED.format(codes="QS8, QS9"),)
    calibrate(assessment, panel, code="QS8", score=2)
    calibrate(assessment, panel, code="QS9", score=3, reason="Strong learning culture.")
    lock = services.rating_lock(assessment=assessment, by=panel)
    assert (lock.rating, lock.percent) == ("Requires improvement", 62)  # 22 of 36
    assert lock.scores["QS9"] == 3
    with pytest.raises(ServiceRefusal) as refused:
        calibrate(assessment, panel, code="QS9", score=2, reason="x", version=2)
    assert refused.value.reasons == (services.RATING_LOCKED,)
    with pytest.raises(ServiceRefusal) as refused:
        services.rating_lock(assessment=assessment, by=panel)
    assert refused.value.reasons == (services.ALREADY_LOCKED,)
    Assessment.objects.filter(pk=assessment.pk).update(stage="scoring")
    with pytest.raises(ServiceRefusal) as refused:
        propose(assessment, inspector, code="QS1", score=4, version=2)
    assert refused.value.reasons == (services.RATING_LOCKED,)


def test_the_core_records_the_panels_agreement_only_after_the_rating_is_locked(trafford, panel):
    assessment = make_assessment(
        council=trafford, stage="calibration", team=((panel, TeamRole.PANEL_MEMBER),)
    )
    make_scores(assessment=assessment, scores=(3,) * 9, calibrated=True)
    facts = assessment_facts(assessment=assessment, today=TODAY)
    assert len(facts.calibration_agreed) == 9 and facts.rating_locked is False
    with pytest.raises(ServiceRefusal) as refused:
        core.assessment_transition(assessment=assessment, event="calibrate", by=panel, today=TODAY)
    assert refused.value.reasons == (lifecycle.RATING_NOT_LOCKED,)
    services.rating_lock(assessment=assessment, by=panel)
    moved = core.assessment_transition(
        assessment=assessment, event="calibrate", by=panel, today=TODAY
    )
    assert moved.stage == "ready_for_draft"
    assert RatingLock.objects.get().rating == "Good"
