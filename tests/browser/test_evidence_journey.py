"""An inspector records evidence (one item outside the evidence period), filters the list and
reads the triangulation matrix, with axe-core checks on every page."""

import re

import pytest
from playwright.sync_api import expect

from axe import axe_violations
from builders import PASSWORD, make_assessment, make_evidence, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_record_evidence_filter_it_and_read_the_matrix(page):
    from ascassure.apps.assessments.models import TeamRole
    from ascassure.apps.councils.models import Council
    from ascassure.apps.evidence.models import EvidenceItem

    trafford = Council.objects.get(ons_code="E08000009")
    inspector = make_user(
        email="ines@example.org", full_name="Ines Inspector", body_role="assessor"
    )
    assessment = make_assessment(
        council=trafford, stage="evidence_gathering", team=((inspector, TeamRole.INSPECTOR),)
    )
    make_evidence(assessment=assessment, qs_codes=("QS2",), summary="Prevention strategy")

    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill("ines@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Ines Inspector").wait_for()

    page.goto(f"/assessments/{assessment.pk}/")
    page.get_by_role("navigation", name="Assessment sections").get_by_role(
        "link", name="Evidence"
    ).click()
    expect(page.get_by_role("heading", name="Evidence items")).to_be_visible()
    expect(page.get_by_text("Evidence period: 12 January 2025 to 12 January 2026")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Record evidence").click()
    expect(page.get_by_role("heading", name="Record evidence")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("QS1 Assessing needs").check()
    page.get_by_label("QS7 Safeguarding").check()
    page.get_by_role("group", name="Evidence category").get_by_label("People's experience").check()
    page.get_by_label("Source").select_option(label="Focus group")
    page.get_by_label("Date of the evidence").fill("01/06/2024")
    page.get_by_label("Summary").fill("Carers said assessments were late and rushed.")
    page.get_by_role("group", name="What does it point to?").get_by_label("Shortfall").check()
    page.get_by_role("button", name="Save evidence").click()

    summary = page.get_by_role("alert")
    expect(summary.get_by_text("This evidence is older than the evidence period")).to_be_visible()
    assert page.get_by_label("QS7 Safeguarding").is_checked()  # what was entered is kept
    assert axe_violations(page) == []
    summary.get_by_role("link").click()
    expect(page.get_by_label("Reason for using evidence")).to_be_focused()
    page.get_by_label("Reason for using evidence").fill("Carers' survey, run every two years.")
    page.get_by_role("button", name="Save evidence").click()

    expect(page.get_by_text("Evidence recorded.")).to_be_visible()
    expect(page.locator("#evidence-table tbody tr")).to_have_count(2)
    expect(page.get_by_text("Outside period", exact=True)).to_be_visible()
    assert axe_violations(page) == []
    assert EvidenceItem.objects.filter(qs_codes=["QS1", "QS7"]).count() == 1

    page.get_by_label("Quality statement").select_option("QS7")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r".*qs=QS7.*"))
    expect(page.locator("#evidence-table tbody tr")).to_have_count(1)
    expect(page.get_by_text("1 evidence item match the filters.")).to_be_visible()

    page.get_by_role("link", name="Triangulation matrix").click()
    expect(page.get_by_role("heading", name="Triangulation matrix")).to_be_visible()
    expect(page.get_by_text("QS1 has no evidence of feedback from partners")).to_be_visible()
    cell = page.locator("#triangulation tbody tr").filter(has_text="QS7").locator("td").first
    expect(cell).to_contain_text("1 item")
    expect(cell).to_contain_text("1 shortfall")
    assert axe_violations(page) == []

    page.get_by_role("link", name=re.compile("record evidence for QS1")).first.click()
    assert page.get_by_label("QS1 Assessing needs").is_checked()
