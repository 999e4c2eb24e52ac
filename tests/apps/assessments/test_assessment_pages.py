from datetime import date

import pytest

from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.assessments.models import Assessment, TeamRole
from builders import PASSWORD, make_assessment, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead_client(client):
    lead = make_user(body_role=BodyRole.NATIONAL_LEAD, full_name="Nadia Lead")
    client.login(username=lead.username, password=PASSWORD)
    client.user = lead
    return client


def test_the_national_lead_creates_an_assessment_with_a_lead_inspector(lead_client, trafford):
    inspector = make_user(body_role=BodyRole.ASSESSOR, full_name="Ines Inspector")
    response = lead_client.post(
        "/assessments/new/",
        {
            "council": trafford.pk,
            "kind": "baseline",
            "framework_version": "2025",
            "notification_date": "12/01/2026",
            "lead_inspector": inspector.pk,
        },
    )
    assessment = Assessment.objects.get()
    assert response["Location"] == f"/assessments/{assessment.pk}/"
    assert assessment.notification_date == date(2026, 1, 12)
    assert assessment.assignments.get().role == TeamRole.LEAD_INSPECTOR
    html = lead_client.get(response["Location"]).content.decode()
    assert "Information return due" in html and "Mon 2 Feb 2026" in html


def test_a_bad_date_is_named_in_the_error_summary_and_the_form_keeps_what_was_typed(
    lead_client, trafford
):
    html = lead_client.post(
        "/assessments/new/",
        {
            "council": trafford.pk,
            "kind": "baseline",
            "framework_version": "2025",
            "notification_date": "31/02/2026",
        },
    ).content.decode()
    assert "There is a problem" in html
    assert '<a href="#id_notification_date">Enter a real date, like 12/01/2026</a>' in html
    assert 'value="31/02/2026"' in html
    assert Assessment.objects.count() == 0


def test_a_refused_step_says_why_on_the_page(lead_client, trafford):
    assessment = make_assessment(council=trafford)
    response = lead_client.post(
        f"/assessments/{assessment.pk}/stage/",
        {"event": "notify", "reason": "", "version": assessment.version},
        follow=True,
    )
    assert "Name a lead inspector before notifying the council." in response.content.decode()


def test_overriding_a_milestone_through_the_page_records_it_on_the_timeline(lead_client, trafford):
    assessment = make_assessment(council=trafford)
    response = lead_client.post(
        f"/assessments/{assessment.pk}/milestones/ir_due/",
        {"date": "09/02/2026", "reason": "Half-term", "version": assessment.version},
    )
    assert response.status_code == 302
    html = lead_client.get(f"/assessments/{assessment.pk}/timeline/").content.decode()
    assert "Information return due moved from 02 Feb 2026 to 09 Feb 2026" in html
    assert "Nadia Lead" in html and "Half-term" in html


def test_a_stale_form_is_refused_with_a_message_not_silently_saved(lead_client, trafford):
    assessment = make_assessment(council=trafford)
    old_version = assessment.version
    lead_client.post(
        f"/assessments/{assessment.pk}/milestones/ir_due/",
        {"date": "09/02/2026", "reason": "First", "version": old_version},
    )
    html = lead_client.post(
        f"/assessments/{assessment.pk}/milestones/ir_due/",
        {"date": "16/02/2026", "reason": "Second", "version": old_version},
    ).content.decode()
    assert "Someone else changed this assessment" in html
    assert assessment.milestones.get(key="ir_due").date == date(2026, 2, 9)


def test_the_list_filters_by_stage(lead_client, trafford, bury):
    make_assessment(council=trafford, stage="scoring")
    make_assessment(council=bury)
    html = lead_client.get("/assessments/", {"stage": "scoring"}).content.decode()
    assert "Trafford" in html and "Bury" not in html


def test_an_error_on_a_group_of_checkboxes_links_to_its_first_box(lead_client, trafford):
    assessment = make_assessment(council=trafford)
    person = make_user(body_role=BodyRole.ASSESSOR)
    html = lead_client.post(
        f"/assessments/{assessment.pk}/team/",
        {"lead_inspector": person.pk, "inspector": [person.pk], "version": assessment.version},
    ).content.decode()
    assert '<a href="#id_inspector_0">The lead inspector is already on the team as lead</a>' in html
    assert 'id="id_inspector_0"' in html


def test_the_team_page_names_a_lead_and_several_inspectors(lead_client, trafford):
    assessment = make_assessment(council=trafford)
    lead, a, b = (make_user(body_role=BodyRole.ASSESSOR) for _ in range(3))
    response = lead_client.post(
        f"/assessments/{assessment.pk}/team/",
        {"lead_inspector": lead.pk, "inspector": [a.pk, b.pk], "version": assessment.version},
    )
    assert response.status_code == 302
    assert set(assessment.assignments.values_list("user_id", "role")) == {
        (lead.pk, "lead_inspector"),
        (a.pk, "inspector"),
        (b.pk, "inspector"),
    }


def test_the_overview_shows_a_changed_milestone_at_once_despite_its_cache(lead_client, trafford):
    assessment = make_assessment(council=trafford)
    assert "Mon 2 Feb 2026" in lead_client.get(f"/assessments/{assessment.pk}/").content.decode()
    lead_client.post(
        f"/assessments/{assessment.pk}/milestones/ir_due/",
        {"date": "09/02/2026", "reason": "Half-term", "version": assessment.version},
    )
    html = lead_client.get(f"/assessments/{assessment.pk}/").content.decode()
    assert "Mon 9 Feb 2026" in html and "Half-term" in html
