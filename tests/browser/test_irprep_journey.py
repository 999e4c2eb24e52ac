"""Preparing the information return from the workspace, end to end: a council editor answers an
item from the evidence library, submits a saved version of the self-assessment, builds the case
list from the case system's export and submits it; the inspector then reads the submitted
self-assessment and sees the case list. axe-core on every page."""

import pytest
from playwright.sync_api import expect

from axe import axe_violations
from builders import (
    PASSWORD,
    case_list_csv,
    make_assessment,
    make_ir_request,
    make_library_file,
    make_self_assessment,
    make_self_assessment_version,
    make_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, email: str) -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Sign out").wait_for()


def test_answer_from_the_library_submit_the_self_assessment_and_build_the_case_list(
    page, settings, tmp_path
):
    from ascassure.apps.accounts.models import BodyRole
    from ascassure.apps.assessments.models import TeamRole
    from ascassure.apps.casetracking.models import CaseList
    from ascassure.apps.councils.models import Council
    from ascassure.apps.inforeturn.models import IRUpload

    settings.MEDIA_ROOT = tmp_path / "media"
    trafford = Council.objects.get(ons_code="E08000009")
    editor = make_user(email="dana@trafford.example", full_name="Dana Director", council=trafford)
    lead = make_user(email="lena@cqc.example", full_name="Lena Lead", body_role=BodyRole.ASSESSOR)
    assessment = make_assessment(
        council=trafford, stage="notified", team=((lead, TeamRole.LEAD_INSPECTOR),)
    )
    make_ir_request(assessment=assessment, by=lead)
    self_assessment = make_self_assessment(
        council=trafford, year=2026, scores={"QS1": 3, "QS2": 2}, by=editor
    )
    make_self_assessment_version(self_assessment=self_assessment, note="Signed off by DMT")
    evidence = make_library_file(
        council=trafford, title="Adult social care strategy 2025", qs_codes=("QS2", "QS8")
    )

    # The workspace's home shows the open assessment and what to prepare for it.
    sign_in(page, "dana@trafford.example")
    page.goto("/workspace/")
    banner = page.locator("#preparation")
    expect(banner).to_contain_text("Assessment open")
    expect(banner).to_contain_text("Self-assessment: not submitted yet")
    assert axe_violations(page) == []

    # 1. An item answered from the evidence library.
    banner.get_by_role("link", name="Information return").click()
    page.get_by_role("link", name="Adult social care strategy").click()
    page.get_by_role("link", name="Answer from your evidence library").click()
    expect(page.get_by_role("heading", name="Answer from your evidence library")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send from the library").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose at least one item from your evidence library.")
    expect(summary).to_be_focused()
    assert axe_violations(page) == []
    page.get_by_label("Adult social care strategy 2025").check()
    page.get_by_role("button", name="Send from the library").click()
    expect(
        page.get_by_text("Attached from your evidence library: carers-strategy.pdf.")
    ).to_be_visible()
    expect(page.get_by_text("From the evidence library")).to_be_visible()
    assert axe_violations(page) == []
    copy = IRUpload.objects.get(source="library")
    assert copy.sha256 == evidence.file_sha256

    # 2. The self-assessment submitted from its saved version.
    page.goto("/workspace/")
    page.locator("#preparation").get_by_role("link", name="Self-assessment").click()
    expect(page.get_by_text("Not submitted yet.")).to_be_visible()
    page.get_by_role("link", name="Submit a saved version of your self-assessment").click()
    assert axe_violations(page) == []
    page.get_by_label("2026 self-assessment, version 1: Signed off by DMT").check()
    page.get_by_role("button", name="Submit this version").click()
    expect(page.get_by_text("Self-assessment 2026, version 1, submitted.")).to_be_visible()
    expect(page.get_by_role("link", name="trafford-self-assessment-2026-v1.pdf")).to_be_visible()
    assert axe_violations(page) == []

    # 3. The case list built from the export: import, filter, choose, check, submit.
    page.goto("/workspace/")
    page.locator("#preparation").get_by_role("link", name="Case list builder").click()
    expect(page.get_by_role("heading", name="Case list builder", level=1)).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Your case-system export").set_input_files(
        {"name": "mosaic-export.csv", "mimeType": "text/csv", "buffer": case_list_csv(rows=120)}
    )
    page.get_by_role("button", name="Import the export").click()
    expect(page.get_by_text("Export imported: 120 cases.")).to_be_visible()
    expect(page.locator("#chosen-count")).to_have_text("0 of 50 cases")
    assert axe_violations(page) == []
    page.get_by_role("group", name="Meets any of these criteria").get_by_label(
        "Hospital discharge"
    ).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#cases-shown")).to_contain_text("40 of 120 cases match the filter")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Choose all 40 cases that match the filter").click()
    expect(page.get_by_text("40 of 50 cases chosen.")).to_be_visible()
    page.get_by_role("checkbox", name="Choose case C3", exact=True).uncheck()
    page.get_by_role("button", name="Save the ticks").click()
    expect(page.get_by_text("39 of 50 cases chosen.")).to_be_visible()
    coverage = page.locator("#coverage")
    expect(coverage.get_by_role("row", name="Hospital discharge")).to_contain_text("39")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Clear filters").click()
    page.get_by_role("checkbox", name="Choose case C2", exact=True).check()
    page.get_by_role("checkbox", name="Choose case C4", exact=True).check()
    page.get_by_role("button", name="Save the ticks").click()
    expect(page.get_by_text("41 of 50 cases chosen.")).to_be_visible()
    page.get_by_role("button", name="Submit these 41 cases to the assessment").click()
    expect(page.get_by_text("Case list submitted to the assessment: 41 cases.")).to_be_visible()
    assert axe_violations(page) == []
    assert CaseList.objects.get(assessment=assessment).cases.count() == 41
    page.get_by_role("button", name="Sign out").click()

    # The lead inspector reads the submitted self-assessment and sees the case list.
    sign_in(page, "lena@cqc.example")
    page.goto(f"/assessments/{assessment.pk}/information-return/")
    page.get_by_role("link", name="Read the submitted self-assessment").click()
    expect(page.get_by_text("2026 self-assessment, version 1")).to_be_visible()
    expect(page.get_by_role("heading", name="QS1 Assessing needs")).to_be_visible()
    expect(page.get_by_role("link", name="Download as Word (DOCX)")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Case tracking").click()
    expect(page.get_by_text("41 cases", exact=True)).to_be_visible()
    assert axe_violations(page) == []
