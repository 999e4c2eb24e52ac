"""The lead inspector plans the site visit: dates, a session with its questions, the schedule."""

from datetime import date

import pytest
from playwright.sync_api import expect

from axe import axe_violations
from builders import PASSWORD, make_assessment, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, email):
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Sign out").wait_for()


def test_plan_the_visit_add_a_session_choose_its_questions_and_print_the_schedule(page):
    from ascassure.apps.accounts.models import BodyRole
    from ascassure.apps.assessments.models import TeamRole
    from ascassure.apps.councils.models import Council
    from ascassure.apps.onsite.services import question_bank_load

    question_bank_load()  # the database is emptied between browser tests
    lead = make_user(email="lena@example.org", full_name="Lena Lead", body_role=BodyRole.ASSESSOR)
    trafford = Council.objects.get(ons_code="E08000009")
    assessment = make_assessment(
        council=trafford,
        stage="evidence_gathering",
        notification_date=date(2026, 1, 12),
        team=((lead, TeamRole.LEAD_INSPECTOR),),
    )
    sign_in(page, "lena@example.org")
    page.goto(f"/assessments/{assessment.pk}/")
    page.get_by_role("link", name="On-site", exact=True).click()
    expect(page.get_by_role("heading", name="On-site plan")).to_be_visible()
    expect(page.get_by_text("16 March to 30 March 2026")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Set the visit's dates").click()
    page.get_by_label("First day").fill("17/03/2026")
    page.get_by_label("Last day").fill("21/03/2026")
    page.get_by_role("button", name="Save the dates").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "A site visit lasts at most 4 days: choose a last day no later than Friday 20 March 2026."
    )
    assert axe_violations(page) == []
    page.get_by_label("Last day").fill("19/03/2026")
    page.get_by_label("Where the team is based (optional)").fill("Trafford Town Hall")
    page.get_by_role("button", name="Save the dates").click()
    expect(page.get_by_role("heading", name="Day 2: Wednesday 18 March 2026")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Add a session on day 2").click()
    assert page.get_by_label("Day").input_value() == "2026-03-18"
    page.get_by_label("Start time").fill("09:30")
    page.get_by_label("End time").fill("10:30")
    page.get_by_label("Interview").check()
    page.get_by_label("Title").fill("Lead member for adult social care")
    page.get_by_role("button", name="Add the session").click()  # nobody chosen, no place
    expect(page.get_by_role("link", name="Choose who the session is with")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Lead member for adult social care").check()
    page.get_by_label("Online link").fill("https://meet.example.org/lead-member")
    page.get_by_role("button", name="Add the session").click()
    expect(page.get_by_role("row", name="09:30 to 10:30")).to_contain_text("Online link")

    page.get_by_role("link", name="0 questions for Lead member for adult social care").click()
    page.get_by_label("What are your priorities for adult social care", exact=False).check()
    page.get_by_label("Tell us about a time you challenged officers", exact=False).check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save the questions").click()
    expect(page.get_by_role("alert")).to_contain_text("2 questions chosen")
    page.get_by_role("link", name="Question bank").click()
    expect(page.get_by_role("heading", name="Lead member for adult social care")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="On-site", exact=True).click()
    page.get_by_role("link", name="Printable schedule").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("On-site schedule: Trafford")
    expect(page.get_by_role("heading", name="09:30 to 10:30: Lead member")).to_be_visible()
    expect(page.get_by_text("Tell us about a time you challenged officers")).to_be_visible()
    assert axe_violations(page) == []
    page.emulate_media(media="print")
    expect(page.get_by_role("link", name="Back to the plan")).to_be_hidden()
    expect(page.get_by_text("https://meet.example.org/lead-member")).to_be_visible()
