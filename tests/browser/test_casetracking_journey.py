"""The council uploads its case list (a faulty file first), then an inspector accepts and
adjusts the proposed 10, accepts the 6, and writes a reflective log; axe-core on every page."""

import pytest
from playwright.sync_api import expect

from axe import axe_violations
from builders import PASSWORD, case_list_csv, make_assessment, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, email):
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Sign out").wait_for()


def test_upload_the_list_then_choose_the_ten_and_the_six(page, settings, tmp_path):
    from ascassure.apps.assessments.models import TeamRole
    from ascassure.apps.casetracking.models import Case, CaseList
    from ascassure.apps.councils.models import Council

    settings.MEDIA_ROOT = tmp_path
    trafford = Council.objects.get(ons_code="E08000009")
    make_user(email="dana@example.org", full_name="Dana Director", council=trafford)
    inspector = make_user(
        email="ines@example.org", full_name="Ines Inspector", body_role="assessor"
    )
    assessment = make_assessment(
        council=trafford, stage="ir_open", team=((inspector, TeamRole.INSPECTOR),)
    )

    sign_in(page, "dana@example.org")
    page.goto("/assessments/council/")
    page.get_by_role("link", name="Case list").click()
    expect(page.get_by_role("heading", name="Case list", level=1)).to_be_visible()
    assert axe_violations(page) == []

    faulty = case_list_csv(rows=4, extra_lines=("C5,85+,Physical support,maybe,no,no,no,no,,,N",))
    page.get_by_label("Case list file").set_input_files(
        {"name": "cases.csv", "mimeType": "text/csv", "buffer": faulty}
    )
    page.get_by_role("button", name="Upload the case list").click()
    expect(page.get_by_role("alert")).to_contain_text("The case list has 1 problem")
    row = page.locator("#problem-table tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("6")
    expect(row).to_contain_text("hospital_discharge")
    assert axe_violations(page) == []
    assert not CaseList.objects.exists()

    page.get_by_label("Case list file").set_input_files(
        {"name": "cases.csv", "mimeType": "text/csv", "buffer": case_list_csv(rows=50)}
    )
    page.get_by_role("button", name="Upload the case list").click()
    expect(page.get_by_text("Case list saved: 50 cases.")).to_be_visible()
    expect(page.locator("#council-cases tbody tr")).to_have_count(50)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "ines@example.org")
    page.goto(f"/assessments/{assessment.pk}/")
    page.get_by_role("navigation", name="Assessment sections").get_by_role(
        "link", name="Case tracking"
    ).click()
    expect(page.get_by_role("heading", name="Proposed cases to review (10)")).to_be_visible()
    expect(page.locator("#proposal tbody tr")).to_have_count(10)
    expect(page.locator("#proposal")).to_contain_text("Chosen to cover")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Change the cases", exact=True).click()
    expect(page.locator("#choose-table input:checked")).to_have_count(10)
    assert axe_violations(page) == []
    first_checked = page.locator("#choose-table input:checked").first
    dropped = first_checked.get_attribute("value")
    first_checked.uncheck()
    page.locator("#choose-table input:not(:checked)").first.check()
    page.get_by_label("Why the change (optional)").fill("A case the council flagged to us")
    page.get_by_role("button", name="Save the 10 cases").click()

    expect(page.get_by_text("Cases chosen for review saved.")).to_be_visible()
    expect(page.get_by_role("heading", name="Cases to review (10)")).to_be_visible()
    expect(page.locator("#selected")).to_contain_text("A case the council flagged to us")
    expect(page.locator("#coverage")).to_be_visible()
    assert not Case.objects.get(case_id=dropped).selected
    assert axe_violations(page) == []

    page.get_by_role("button", name="Follow these 6 in depth").click()
    expect(page.get_by_text("Cases chosen to follow in depth saved.")).to_be_visible()
    expect(page.locator("#in-depth tbody tr")).to_have_count(6)
    expect(page.locator("#representativeness-table")).to_be_visible()
    assert axe_violations(page) == []

    page.locator("#in-depth tbody tr th a").first.click()
    page.get_by_label("Reflective log").check()
    page.get_by_label("Text").fill("The worker would now involve the carer earlier.")
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_text("Reflective log added.")).to_be_visible()
    expect(page.get_by_text("The worker would now involve the carer earlier.")).to_be_visible()
    assert axe_violations(page) == []
