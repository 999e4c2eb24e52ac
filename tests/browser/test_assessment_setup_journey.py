"""The national lead sets up an assessment, changes a date with a reason, is told why a step
is refused, takes a step, and reads the timeline."""

import pytest
from playwright.sync_api import expect

from ascassure.apps.accounts.models import BodyRole
from axe import axe_violations
from builders import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_create_an_assessment_change_a_milestone_and_move_it_on(page):
    make_user(email="lead@example.org", full_name="Nadia Lead", body_role=BodyRole.NATIONAL_LEAD)
    make_user(email="ines@example.org", full_name="Ines Inspector", body_role=BodyRole.ASSESSOR)

    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill("lead@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Assessments", exact=True).click()
    page.get_by_role("link", name="Create an assessment").click()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Create assessment").click()  # nothing chosen
    expect(page.get_by_role("alert")).to_contain_text("Choose the council to assess")
    page.get_by_label("Council").select_option(label="Stockport")
    page.get_by_label("Notification date").fill("12/01/2026")
    page.get_by_label("Lead inspector").select_option(label="Ines Inspector")
    page.get_by_role("button", name="Create assessment").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Stockport")
    expect(page.get_by_role("row", name="Information return due")).to_contain_text("Mon 2 Feb 2026")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Change information return due").click()
    page.get_by_label("Date", exact=True).fill("09/02/2026")
    page.get_by_role("button", name="Save date").click()  # no reason
    expect(page.get_by_role("alert")).to_contain_text("Give a reason for changing a computed date")
    assert page.get_by_label("Date", exact=True).input_value() == "09/02/2026"
    page.get_by_label("Reason for the change").fill("Half-term week")
    page.get_by_role("button", name="Save date").click()
    expect(page.get_by_role("row", name="Information return due")).to_contain_text("Mon 9 Feb 2026")

    page.get_by_role("button", name="Notify the council").click()
    expect(page.get_by_text("Stockport: Council notified.")).to_be_visible()
    page.get_by_role("button", name="Send the information return request").click()
    expect(page.get_by_text("Add at least one item to the information return")).to_be_visible()

    page.get_by_role("link", name="Timeline").click()
    timeline = page.get_by_role("table")
    expect(timeline).to_contain_text("Information return due moved from 02 Feb 2026 to 09 Feb 2026")
    expect(timeline).to_contain_text("Half-term week")
    expect(timeline).to_contain_text("Nadia Lead")
    assert axe_violations(page) == []
