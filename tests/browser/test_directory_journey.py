"""A person signs in, opens the council directory, filters and sorts it, and opens a council."""

import re

import pytest
from playwright.sync_api import expect

from axe import axe_violations
from builders import PASSWORD, make_result, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_filter_the_directory_and_open_a_council(page):
    from ascassure.apps.councils.models import Council

    trafford = Council.objects.get(ons_code="E08000009")
    make_result(council=trafford, scores=(3, 3, 2, 3, 3, 2, 3, 3, 3))
    make_user(email="dana@example.org", full_name="Dana Director", council=trafford)

    page.goto("/account/sign-in/")
    assert axe_violations(page) == []
    page.get_by_label("Email address").fill("dana@example.org")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert").get_by_text("Enter a correct email address")).to_be_visible()
    assert page.get_by_label("Email address").input_value() == "dana@example.org"
    assert axe_violations(page) == []

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Dana Director").wait_for()

    page.get_by_role("link", name="Councils").first.click()
    expect(page.locator("#council-table tbody tr")).to_have_count(153)
    assert axe_violations(page) == []

    page.get_by_label("Region").select_option(label="North West")
    page.get_by_label("Council type").select_option(label="Metropolitan district")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/councils/?*region=E12000002*")
    expect(page.locator("#council-table tbody tr")).to_have_count(15)
    names = page.locator("#council-table tbody th").all_inner_texts()
    assert "Trafford" in names and "Cumberland" not in names
    assert len(names) == 15  # Greater Manchester's ten and Merseyside's five
    page.get_by_role("link", name="Rating", exact=True).click()
    page.wait_for_url("**sort=rating*")
    assert page.get_by_label("Region").input_value() == "E12000002"  # filters kept when sorting

    page.get_by_role("link", name="Trafford").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trafford")
    assert re.search(
        r"Good", page.get_by_role("heading", name=re.compile("Overall rating")).inner_text()
    )
    assert page.get_by_text("70%").first.is_visible()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
