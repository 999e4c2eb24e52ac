"""The demonstration reports: a draft, a draft in its factual accuracy check, a published one."""

from datetime import date

import pytest

from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.councils.models import Council, PublishedResult
from ascassure.apps.reports import demo, selectors
from ascassure.apps.reports.models import FacComment, Publication, ReportVersion
from builders import make_assessment, make_rating_lock, make_user

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 24)


def assessment_at(ons_code, stage):
    council = Council.objects.get(ons_code=ons_code)
    make_user(council=council)  # the council's editor, who comments
    assessment = make_assessment(council=council, stage=stage)
    make_rating_lock(assessment=assessment)
    return assessment


@pytest.fixture
def people(db):
    lead = make_user(body_role=BodyRole.ASSESSOR)
    return {"lead_inspector": lead, "inspector": lead}


def test_a_draft_has_three_versions_and_is_not_sent(people):
    assessment = assessment_at("E08000011", "draft_report")
    report = demo.demo_load(assessment=assessment, people=people, today=TODAY)
    assert list(report.versions.values_list("number", flat=True)) == [1, 2, 3]
    assert selectors.fac_round_for(report=report) is None


def test_a_draft_in_its_check_has_three_comments_two_answered_and_one_file(people):
    assessment = assessment_at("E08000012", "factual_accuracy_check")
    report = demo.demo_load(assessment=assessment, people=people, today=TODAY)
    fac_round = selectors.fac_round_for(report=report)
    assert fac_round.sent_on == date(2026, 11, 18)  # six days before, a Wednesday
    assert selectors.fac_status(fac_round=fac_round, today=TODAY).open
    comments = FacComment.objects.filter(fac_round=fac_round)
    assert comments.count() == 3
    assert comments.exclude(decision="").count() == 2
    assert sum(c.files.count() for c in comments) == 1


def test_a_report_ready_to_publish_is_published_frozen_once(people, fast_pdf):
    assessment = assessment_at("E08000015", "ready_to_publish")
    report = demo.demo_load(assessment=assessment, people=people, today=TODAY)
    publication = Publication.objects.get(assessment=assessment)
    assert publication.date == TODAY and publication.version.frozen
    assert PublishedResult.objects.filter(council=assessment.council).count() == 1
    demo.demo_load(assessment=assessment, people=people, today=TODAY)
    assert ReportVersion.objects.filter(report=report).count() == 3
    assert Publication.objects.count() == 1
