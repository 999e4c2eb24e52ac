import pytest

from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.assessments.facts import assessment_facts
from ascassure.apps.onsite.demo import demo_load
from ascassure.apps.onsite.models import Session
from builders import make_assessment, make_user

pytestmark = pytest.mark.django_db


def test_the_demo_plans_three_working_days_in_the_on_site_window_and_only_once(trafford):
    lead = make_user(body_role=BodyRole.ASSESSOR)
    assessment = make_assessment(council=trafford, stage="evidence_gathering")
    visit = demo_load(assessment, {"lead_inspector": lead})
    window = assessment.milestones.get(key="onsite_window")
    assert window.date <= visit.first_day and visit.last_day <= window.end_date
    assert visit.first_day.weekday() == 1 and len(visit.days) == 3  # Tuesday to Thursday
    sessions = Session.objects.filter(visit=visit)
    assert sessions.count() == 14
    lead_member = sessions.get(title="Lead member for adult social care")
    assert lead_member.questions.count() == 7
    assert all(q.role == "lead_member" for q in lead_member.questions.all())
    demo_load(assessment, {"lead_inspector": lead})
    assert Session.objects.count() == 14
    facts = assessment_facts(assessment=assessment, today=visit.first_day)
    assert (facts.onsite_start, facts.onsite_end) == (visit.first_day, visit.last_day)
