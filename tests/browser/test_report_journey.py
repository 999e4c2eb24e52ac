"""The team generates and sends the draft; the council comments with a file and confirms;
the team decides, sets the date and publishes; the public reads the report. axe-core on
every kind of page, the public report included."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from axe import axe_violations
from builders import (
    PASSWORD,
    make_assessment,
    make_evidence,
    make_rating_lock,
    make_result,
    make_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def sign_in(page, email):
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Sign out").wait_for()


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("link", name="Sign in").wait_for()


def stage_step(page, assessment, label, expected):
    page.goto(f"/assessments/{assessment.pk}/")
    page.get_by_role("button", name=label).click()
    expect(page.get_by_role("alert")).to_contain_text(f"{expected}.")


def report_tab(page, assessment):
    page.goto(f"/assessments/{assessment.pk}/")
    page.get_by_role("navigation", name="Assessment sections").get_by_role(
        "link", name="Report"
    ).click()


def test_send_comment_confirm_decide_publish_and_read_the_report(page, tmp_path):
    from ascassure.apps.assessments.models import Assessment, TeamRole
    from ascassure.apps.councils.models import Council, PublishedResult

    trafford = Council.objects.get(ons_code="E08000009")
    lead = make_user(email="lena@example.org", full_name="Lena Lead", body_role="assessor")
    make_user(email="dana@trafford.example.org", full_name="Dana Director", council=trafford)
    assessment = make_assessment(
        council=trafford, stage="draft_report", team=((lead, TeamRole.LEAD_INSPECTOR),)
    )
    make_rating_lock(assessment=assessment)
    make_evidence(
        assessment=assessment,
        qs_codes=("QS1",),
        evidence_date=timezone.localdate() - timedelta(days=400),
        summary="My social worker listened to what I wanted.",
        outside_period_reason="The survey runs every two years.",
    )
    make_result(council=trafford, scores=(3, 3, 3, 3, 3, 3, 3, 3, 2), month=date(2024, 2, 1))
    today = timezone.localdate()

    # The team generates the draft, edits the summary and sends it.
    sign_in(page, "lena@example.org")
    report_tab(page, assessment)
    expect(page.get_by_role("heading", name="Report", exact=True)).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Generate the draft report").click()
    expect(page.get_by_role("alert")).to_contain_text("Draft report generated: version 1.")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Edit Summary").click()
    page.get_by_label("Population (optional)").fill("many")
    page.get_by_role("button", name="Save summary").click()
    expect(page.get_by_role("link", name="Enter the population as a whole number")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Population (optional)").fill("235000")
    page.get_by_label("Summary", exact=True).fill(
        "Trafford knows its strengths and where it must improve.\n\nPeople wait too long."
    )
    page.get_by_role("button", name="Save summary").click()
    expect(page.get_by_role("alert")).to_contain_text("Summary saved.")
    page.get_by_role("link", name="Preview the report (version 2)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Trafford: assessment of adult social care"
    )
    expect(page.get_by_text("235,000")).to_be_visible()
    assert axe_violations(page) == []
    page.go_back()
    page.get_by_role("link", name="Send the draft to the council").click()
    assert axe_violations(page) == []
    page.get_by_label("Date of the e-mail to the council").fill(today.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Record that the draft was sent").click()
    expect(page.get_by_role("alert")).to_contain_text("Draft sent: the council can comment until")
    stage_step(
        page,
        assessment,
        "Send the draft report for a factual accuracy check",
        "Factual accuracy check",
    )
    sign_out(page)

    # The council reads the version it was sent, comments with a file and confirms.
    sign_in(page, "dana@trafford.example.org")
    page.goto("/assessments/council/")
    page.get_by_role("link", name="Draft report").click()
    expect(page.get_by_role("heading", name="Draft report: factual accuracy check")).to_be_visible()
    expect(page.locator("#fac-status")).to_contain_text("working days left")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Comment on QS1").click()
    page.get_by_role("button", name="Send the comment").click()
    expect(page.get_by_role("link", name="Choose the kind of comment")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("group", name="Kind of comment").get_by_label(
        "Typographical or numerical error, or a wrong job title"
    ).check()
    page.get_by_label("What is inaccurate or missing").fill("The report says 421 people wait.")
    page.get_by_label("Your proposed change").fill("412 people wait.")
    evidence = tmp_path / "waits.csv"
    evidence.write_text("Month,Waiting\nMarch,412\n")
    page.get_by_label("Supporting evidence (optional)").set_input_files(str(evidence))
    page.get_by_role("button", name="Send the comment").click()
    expect(page.get_by_role("alert")).to_contain_text("Comment 1 sent to the assessment team.")
    expect(page.get_by_role("link", name="waits.csv")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Back to the draft report").click()
    page.get_by_role("link", name="Confirm there are no inaccuracies").click()
    page.get_by_label("We have checked the draft report").check()
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("#fac-status")).to_contain_text("confirmed there are no inaccuracies")
    assert axe_violations(page) == []
    sign_out(page)

    # The team decides, closes the check, sets today as the date and publishes.
    sign_in(page, "lena@example.org")
    report_tab(page, assessment)
    page.get_by_role("link", name="Decide on comment 1").click()
    page.get_by_label("Accepted", exact=True).check()
    page.get_by_label("Reason").fill("Corrected in QS1.")
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_role("alert")).to_contain_text("Decision on comment 1 saved.")
    expect(page.locator("#comment-1")).to_contain_text("Accepted")
    assert axe_violations(page) == []
    stage_step(page, assessment, "Close the factual accuracy check", "Ready to publish")
    report_tab(page, assessment)
    page.get_by_role("link", name="Set the publication date").click()
    assert axe_violations(page) == []
    page.get_by_label("Publication date").fill(today.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Save the publication date").click()
    expect(page.get_by_role("alert")).to_contain_text("Publication date saved.")
    page.get_by_role("link", name="Publish the report").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Publish the report now").click()
    expect(page.get_by_role("alert")).to_contain_text("The report is published.")
    expect(page.get_by_role("link", name="Edit Summary")).to_have_count(0)
    stage_step(page, assessment, "Publish the report", "Published")
    assert Assessment.objects.get().stage == "published"
    sign_out(page)

    # The public reads the report on the council's page, in HTML and PDF.
    page.goto("/councils/trafford/")
    expect(page.locator("#direction-of-travel + p")).to_have_text(
        "Down from Good (73%) to Requires improvement (59%)."
    )
    assert axe_violations(page) == []
    pdf = page.get_by_role("link", name=re.compile("Download the report as a PDF"))
    response = page.request.get(pdf.get_attribute("href"))
    assert response.ok and response.body().startswith(b"%PDF")
    page.get_by_role("link", name=re.compile("Read the report")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Trafford: assessment of adult social care"
    )
    expect(page.get_by_text(f"Published {today.day} {today:%B %Y}.")).to_be_visible()
    expect(page.get_by_text("Draft, version")).to_have_count(0)
    assert axe_violations(page) == []
    assert PublishedResult.objects.filter(council=trafford).count() == 2
