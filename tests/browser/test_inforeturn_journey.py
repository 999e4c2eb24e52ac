"""The information return end to end: the team sends the request; a council editor uploads a
file (after one refused) and asks for more time; the team grants it. axe-core on every page."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from axe import axe_violations
from builders import PASSWORD, make_assessment, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def sign_in(page, email: str) -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Sign out").wait_for()


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("link", name="Sign in").wait_for()


def test_send_the_request_upload_a_file_ask_for_more_time_and_grant_it(page, settings, tmp_path):
    from ascassure.apps.accounts.models import BodyRole
    from ascassure.apps.assessments.models import TeamRole
    from ascassure.apps.councils.models import Council
    from ascassure.apps.inforeturn.models import IRItem, IRUpload

    settings.MEDIA_ROOT = tmp_path / "media"
    trafford = Council.objects.get(ons_code="E08000009")
    lead = make_user(email="lena@cqc.example", full_name="Lena Lead", body_role=BodyRole.ASSESSOR)
    make_user(email="eddie@trafford.example", full_name="Eddie Editor", council=trafford)
    assessment = make_assessment(
        council=trafford, stage="notified", team=((lead, TeamRole.LEAD_INSPECTOR),)
    )
    overview = f"/assessments/{assessment.pk}/information-return/"

    # The lead inspector sends the request from the default template.
    sign_in(page, "lena@cqc.example")
    page.goto(overview)
    expect(page.get_by_role("heading", name="Information return", level=2)).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Send the information return request").click()
    expect(page.get_by_label("Self-assessment")).to_be_checked()
    assert axe_violations(page) == []
    page.get_by_label("Market position statement").uncheck()
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("Information return request sent: 21 items.")).to_be_visible()
    expect(page.get_by_text("0 of 21 items complete")).to_be_visible()
    assert page.locator("progress").get_attribute("value") == "0"
    assert axe_violations(page) == []
    sign_out(page)

    # A council editor finds the request, has a file refused, then uploads the right one.
    sign_in(page, "eddie@trafford.example")
    page.get_by_role("link", name="Your assessments").click()
    page.get_by_role("link", name="Information return").click()
    expect(page.get_by_role("heading", name="Information return", level=1)).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Adult social care strategy").click()
    assert axe_violations(page) == []
    upload = page.get_by_label("Upload a file")
    upload.set_input_files({"name": "strategy.docx", "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_role("button", name="Upload file").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The file is called .docx but it is a PDF.")
    expect(summary).to_be_focused()
    assert page.title().startswith("Error: ")
    assert axe_violations(page) == []
    assert not IRUpload.objects.exists()
    upload.set_input_files({"name": "strategy.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_role("button", name="Upload file").click()
    expect(page.get_by_text("strategy.pdf uploaded.")).to_be_visible()
    expect(page.get_by_role("link", name="strategy.pdf")).to_be_visible()
    assert axe_violations(page) == []
    stored = IRUpload.objects.get()
    assert stored.path.read_bytes() == PDF

    # ... and asks for two more weeks.
    strategy = IRItem.objects.get(key="strategy")
    wanted = strategy.due_date + timedelta(days=14)
    page.get_by_role("link", name="Ask for an extension").click()
    assert axe_violations(page) == []
    page.get_by_label("New date you can send it by").fill(wanted.strftime("%d/%m/%Y"))
    page.get_by_label("Why you need more time").fill("Cabinet approves the refresh next month.")
    page.get_by_role("button", name="Ask for an extension").click()
    expect(page.get_by_text("The assessment team has not decided yet.")).to_be_visible()
    assert axe_violations(page) == []
    sign_out(page)

    # The lead inspector grants it; the item's due date moves.
    sign_in(page, "lena@cqc.example")
    page.goto(overview)
    expect(page.get_by_text("Cabinet approves the refresh next month.")).to_be_visible()
    page.get_by_role("link", name="Decide the extension for Adult social care strategy").click()
    assert axe_violations(page) == []
    page.get_by_label("Grant the extension").check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_text("Extension granted for Adult social care strategy.")).to_be_visible()
    assert axe_violations(page) == []
    strategy.refresh_from_db()
    assert strategy.due_date == wanted
    page.get_by_role("link", name="Adult social care strategy").click()
    expect(
        page.get_by_text(f"First asked for by {strategy.original_due_date:%-d %B %Y}")
    ).to_be_visible()
    assert axe_violations(page) == []
