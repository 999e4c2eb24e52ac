from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.assessments.models import Assessment, AssessmentEvent, TeamRole
from ascassure.apps.assessments.services import ServiceRefusal
from ascassure.apps.councils.models import Council
from ascassure.apps.oversight import services
from ascassure.apps.oversight.selectors import follow_up_period, onsite_to_publication
from builders import PASSWORD, make_assessment, make_result, make_user

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def event(assessment, kind, day):
    AssessmentEvent.objects.create(
        assessment=assessment, kind=kind, summary=kind, at=datetime(*day, 12, tzinfo=LONDON)
    )


def test_recording_serious_risks_creates_a_follow_up_whose_period_runs_between_publications(
    trafford,
):
    lead = make_user(body_role=BodyRole.NATIONAL_LEAD)
    first = make_assessment(council=trafford, stage="published")
    finding = services.serious_risks_mark(
        assessment=first, summary="Unsafe hospital discharges", found_on=date(2026, 3, 2), by=lead
    )
    follow_up = finding.follow_up
    assert (follow_up.kind, follow_up.follows, follow_up.council) == ("follow_up", first, trafford)
    assert follow_up.stage == "planned"
    assert follow_up_period(follow_up=follow_up).start is None
    event(first, "publish", (2026, 4, 20))
    event(follow_up, "publish", (2026, 10, 5))
    period = follow_up_period(follow_up=follow_up)
    assert (period.start, period.end) == (date(2026, 4, 20), date(2026, 10, 5))
    assert first.events.filter(kind="serious_risks").exists()


def test_serious_risks_need_a_summary_and_a_failed_attempt_creates_nothing(trafford):
    lead = make_user(body_role=BodyRole.NATIONAL_LEAD)
    first = make_assessment(council=trafford)
    with pytest.raises(ServiceRefusal) as refused:
        services.serious_risks_mark(
            assessment=first, summary=" ", found_on=date(2026, 3, 2), by=lead
        )
    assert refused.value.reasons == (services.RISKS_NEED_SUMMARY,)
    assert Assessment.objects.count() == 1


def test_a_notice_to_the_secretary_of_state_is_recorded_and_shown_to_the_team(client, trafford):
    lead = make_user(body_role=BodyRole.NATIONAL_LEAD)
    inspector = make_user(body_role=BodyRole.ASSESSOR)
    assessment = make_assessment(council=trafford, team=((inspector, TeamRole.INSPECTOR),))
    client.force_login(lead)
    response = client.post(
        f"/assessments/{assessment.pk}/serious-risks/",
        {
            "record_notice": "1",
            "sent_on": "05/10/2026",
            "intervention_stage": "enhanced_monitoring",
            "content": "Serious failings in safeguarding",
        },
    )
    assert response.status_code == 302
    client.force_login(inspector)
    html = client.get(f"/assessments/{assessment.pk}/serious-risks/").content.decode()
    assert "5 October 2026, enhanced monitoring and support: Serious failings" in html
    assert "Record a notification" not in html  # the inspector reads, does not record
    response = client.post(
        f"/assessments/{assessment.pk}/serious-risks/",
        {"record_risks": "1", "found_on": "05/10/2026", "summary": "x"},
    )
    assert response.status_code == 403


def test_the_serious_risks_page_is_not_found_for_an_unassigned_assessor_or_council_staff(
    client, trafford
):
    assessment = make_assessment(council=trafford)
    for user in (make_user(body_role=BodyRole.ASSESSOR), make_user(council=trafford)):
        client.force_login(user)
        assert client.get(f"/assessments/{assessment.pk}/serious-risks/").status_code == 404


def test_time_from_site_visit_to_publication_gives_median_and_longest(trafford, bury):
    stockport = Council.objects.get(name="Stockport")
    for council, end, published in (
        (trafford, (2026, 1, 9), (2026, 3, 10)),  # 60 days
        (bury, (2026, 1, 16), (2026, 6, 15)),  # 150 days
        (stockport, (2026, 2, 6), (2026, 4, 7)),  # 60 days
    ):
        assessment = make_assessment(council=council)
        event(assessment, "finish_onsite", end)
        event(assessment, "publish", published)
    make_assessment(council=Council.objects.get(name="Wigan"))  # not yet published: left out
    durations = onsite_to_publication()
    assert (durations.count, durations.median_days, durations.longest_days) == (3, 60, 150)
    assert durations.longest_council == "Bury"


def test_the_dashboard_shows_stages_rating_spread_and_heat_map_in_few_queries(client, trafford):
    lead = make_user(body_role=BodyRole.NATIONAL_LEAD)
    make_assessment(council=trafford, stage="scoring")
    make_result(council=trafford, scores=(3, 3, 2, 3, 3, 2, 3, 3, 3))
    client.force_login(lead)
    html = client.get("/dashboard/").content.decode()
    assert "Scoring" in html and "1 under way" in html
    assert "Published ratings (1 councils)" in html
    assert 'app-heat--2">2</td>' in html
    for council in Council.objects.exclude(pk=trafford.pk)[:30]:
        make_result(council=council)
    with CaptureQueriesContext(connection) as queries:
        client.get("/dashboard/")
    assert len(queries) <= 12


def test_the_dashboard_is_refused_to_assessors_and_council_staff(client, trafford):
    for user in (make_user(body_role=BodyRole.ASSESSOR), make_user(council=trafford)):
        assert client.login(username=user.username, password=PASSWORD)
        assert client.get("/dashboard/").status_code == 403
