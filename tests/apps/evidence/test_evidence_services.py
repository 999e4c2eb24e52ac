"""Recording evidence: checked against the framework and the evidence period; stale saves
refused."""

from datetime import date

import pytest

from ascassure.apps.assessments.services import ServiceRefusal
from ascassure.apps.evidence import services
from ascassure.apps.evidence.models import EvidenceItem
from ascassure.apps.evidence.selectors import evidence_summary, triangulation
from ascassure.apps.evidence.services import EvidenceInput
from ascassure.domain.evidence import EVIDENCE_AFTER_PERIOD, EVIDENCE_BEFORE_PERIOD
from builders import make_assessment, make_evidence, make_user

pytestmark = pytest.mark.django_db

# make_assessment's notification date is 12 January 2026: the period is 12 Jan 2025 to 12 Jan 2026.


def data(**changes) -> EvidenceInput:
    values = {
        "category": "people",
        "source": "survey",
        "evidence_date": date(2025, 9, 1),
        "qs_codes": ["QS1"],
        "summary": "People said their assessment was timely.",
        "direction": "strength",
        "outside_period_reason": "",
    }
    values.update(changes)
    return EvidenceInput(**values)


def test_quality_statements_are_kept_as_codes_in_framework_order_without_repeats(trafford):
    assessment = make_assessment(council=trafford)
    item = services.evidence_item_add(
        assessment=assessment,
        data=data(qs_codes=["qs 3", "Assessing needs", "QS3"]),
        by=make_user(),
    )
    assert item.qs_codes == ["QS1", "QS3"]
    assert item.version == 1 and item.recorded_at is not None


def test_evidence_older_than_the_period_needs_a_reason_and_the_refusal_is_the_domains(trafford):
    assessment = make_assessment(council=trafford)
    with pytest.raises(ServiceRefusal) as refused:
        services.evidence_item_add(
            assessment=assessment, data=data(evidence_date=date(2024, 3, 1)), by=None
        )
    assert refused.value.reasons == (EVIDENCE_BEFORE_PERIOD,)
    assert not EvidenceItem.objects.exists()
    item = services.evidence_item_add(
        assessment=assessment,
        data=data(
            evidence_date=date(2024, 3, 1), outside_period_reason="Carers' survey, every 2 years"
        ),
        by=None,
    )
    assert item.outside_period_reason == "Carers' survey, every 2 years"


def test_evidence_dated_after_the_information_return_needs_a_reason_too(trafford):
    assessment = make_assessment(council=trafford)
    with pytest.raises(ServiceRefusal) as refused:
        services.evidence_item_add(
            assessment=assessment, data=data(evidence_date=date(2026, 3, 1)), by=None
        )
    assert refused.value.reasons == (EVIDENCE_AFTER_PERIOD,)


def test_the_period_runs_from_the_notification_date_both_ends_included(trafford):
    assessment = make_assessment(council=trafford)
    for day in (date(2025, 1, 12), date(2026, 1, 12)):
        services.evidence_item_add(assessment=assessment, data=data(evidence_date=day), by=None)
    assert EvidenceItem.objects.count() == 2


def test_a_reason_given_for_evidence_inside_the_period_is_not_kept(trafford):
    assessment = make_assessment(council=trafford)
    item = services.evidence_item_add(
        assessment=assessment, data=data(outside_period_reason="Not needed"), by=None
    )
    assert item.outside_period_reason == ""


def test_without_a_notification_date_there_is_no_period_and_evidence_is_refused(trafford):
    assessment = make_assessment(council=trafford, notification_date=None)
    with pytest.raises(ServiceRefusal) as refused:
        services.evidence_item_add(assessment=assessment, data=data(), by=None)
    assert refused.value.reasons == (services.NO_PERIOD,)


def test_categories_and_statements_outside_the_framework_are_refused_with_every_reason(trafford):
    assessment = make_assessment(council=trafford)
    with pytest.raises(ServiceRefusal) as refused:
        services.evidence_item_add(
            assessment=assessment,
            data=data(category="outcomes", qs_codes=["QS10"], summary=" ", direction="maybe"),
            by=None,
        )
    assert set(refused.value.reasons) == {
        services.UNKNOWN_QS,
        services.CHOOSE_CATEGORY,
        services.ENTER_SUMMARY,
        services.CHOOSE_DIRECTION,
    }
    with pytest.raises(ServiceRefusal) as refused:
        services.evidence_item_add(assessment=assessment, data=data(qs_codes=[]), by=None)
    assert refused.value.reasons == (services.CHOOSE_QS,)
    assert not EvidenceItem.objects.exists()


def test_the_second_of_two_saves_from_the_same_version_is_refused_and_overwrites_nothing(trafford):
    assessment = make_assessment(council=trafford)
    item = make_evidence(assessment=assessment)
    first, second = make_user(full_name="First"), make_user(full_name="Second")
    services.evidence_item_change(
        item=item, data=data(summary="First change"), by=first, expected_version=1
    )
    with pytest.raises(ServiceRefusal) as refused:
        services.evidence_item_change(
            item=item, data=data(summary="Second change"), by=second, expected_version=1
        )
    assert refused.value.reasons == (services.STALE_ITEM,)
    item.refresh_from_db()
    assert (item.summary, item.version, item.changed_by) == ("First change", 2, first)


def test_removing_an_item_is_recorded_on_the_timeline_and_a_stale_removal_is_refused(trafford):
    assessment = make_assessment(council=trafford)
    item = make_evidence(assessment=assessment, qs_codes=("QS2", "QS4"))
    services.evidence_item_change(item=item, data=data(), by=None, expected_version=1)
    with pytest.raises(ServiceRefusal):
        services.evidence_item_delete(item=item, by=None, expected_version=1)
    assert EvidenceItem.objects.filter(pk=item.pk).exists()
    services.evidence_item_delete(item=item, by=make_user(), expected_version=2)
    assert not EvidenceItem.objects.exists()
    event = assessment.events.get(kind="evidence_removed")
    assert event.summary == "Evidence item removed: survey of 01 Sep 2025 (QS1)"


def test_the_summary_counts_items_per_used_category(trafford):
    assessment = make_assessment(council=trafford)
    make_evidence(assessment=assessment, category="people")
    make_evidence(assessment=assessment, category="people", qs_codes=("QS2",))
    make_evidence(assessment=assessment, category="partners")
    assert evidence_summary(assessment) == {
        "total": 3,
        "by_category": {"people": 2, "staff_leaders": 0, "partners": 1, "processes": 0},
    }


def test_the_matrix_counts_an_item_once_for_each_statement_it_bears_on(trafford):
    assessment = make_assessment(council=trafford)
    make_evidence(assessment=assessment, qs_codes=("QS1", "QS7"), direction="shortfall")
    make_evidence(assessment=assessment, qs_codes=("QS1",), direction="both")
    result = triangulation(assessment=assessment)
    assert result.row("QS1", "people").total == 2
    assert result.row("QS7", "people").shortfalls == 1
    assert result.balance("QS1").balance == -1
    assert "QS1 has no evidence of feedback from partners" in [g.message for g in result.gaps]
