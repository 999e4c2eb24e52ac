"""A council editor starts the self-assessment, fills a quality statement, sees where the
council probably stands and what would move it, and downloads the self-assessment as Word.
A colleague opening the same QS meanwhile is told, and loses nothing."""

import io
import re
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import expect

from axe import axe_violations
from builders import PASSWORD, make_evidence_item, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, email):
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Workspace").wait_for()


def test_an_editor_fills_a_qs_sees_readiness_and_what_if_and_exports_word(page, browser):
    from ascassure.apps.councils.models import Council

    trafford = Council.objects.get(ons_code="E08000009")
    make_user(email="dana@example.org", full_name="Dana Director", council=trafford)
    make_user(email="eli@example.org", full_name="Eli Editor", council=trafford)
    make_evidence_item(council=trafford, title="Provider forum feedback", qs_codes=("QS4",))

    sign_in(page, "dana@example.org")
    page.get_by_role("link", name="Workspace").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Self-assessment")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Start the self-assessment").click()
    page.wait_for_url("**/workspace/trafford/*/")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Self-assessment \d{4}"))
    assert axe_violations(page) == []

    page.get_by_role("link", name="QS4 Care provision, integration and continuity").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Write this entry").click()
    edit_url = page.url
    page.get_by_label("What we do").fill("We commission home care in five zones.")
    page.get_by_label("How we know").fill("Provider quality visits; the cost of care exercise.")
    page.get_by_label("What we will do next").fill("Commission dementia nursing care locally.")
    page.get_by_label("Strengths").fill("- Most providers rated Good")
    page.get_by_label("Areas for development").fill("- Too many people placed out of area")
    page.get_by_role("group", name="Self-score").get_by_label("2: Some shortfalls").check()
    page.get_by_role("group", name="How confident").get_by_label("Medium").check()
    page.get_by_role("group", name="Status").get_by_label("Signed off").check()
    page.get_by_label("Strengths").fill("")  # signing off without strengths is refused
    page.get_by_role("button", name="Save QS4").click()
    expect(page.get_by_role("alert")).to_contain_text("Add strengths before signing off")
    assert page.get_by_label("What we do").input_value() == "We commission home care in five zones."
    assert axe_violations(page) == []
    # A colleague opens the same QS before Dana saves it.
    other = browser.new_context(base_url=page.url.split("/workspace/")[0]).new_page()
    sign_in(other, "eli@example.org")
    other.goto(edit_url)
    other.get_by_label("What we do").fill("Eli's different text.")

    page.get_by_label("Strengths").fill("- Most providers rated Good")
    page.get_by_role("button", name="Save QS4").click()
    expect(page.get_by_text("QS4 saved as version 1.")).to_be_visible()
    expect(page.get_by_text("Provider forum feedback")).to_be_visible()
    assert axe_violations(page) == []

    # Eli saves from the older version: refused, told who saved, shown the change, text kept.
    other.get_by_role("button", name="Save QS4").click()
    expect(other.get_by_role("alert")).to_contain_text("Dana Director saved QS4")
    expect(
        other.get_by_role("heading", name="What Dana Director saved (version 1)")
    ).to_be_visible()
    assert other.get_by_label("What we do").input_value() == "Eli's different text."
    assert axe_violations(other) == []
    other.context.close()

    page.get_by_role("link", name="Readiness").click()
    expect(
        page.get_by_role("heading", name="Predicted rating: Requires improvement")
    ).to_be_visible()
    expect(page.get_by_role("cell", name="QS4 from 2 to 3 gives Good at 75%")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Self-assessment", exact=True).click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as Word (DOCX)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("trafford-self-assessment-")
    word = Document(io.BytesIO(Path(download.path()).read_bytes()))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "We commission home care in five zones." in text
    assert "Self-score: 2: Some shortfalls. Confidence: Medium. Status: Signed off." in text

    for link in (
        "Evidence library",
        "Improvement plan",
        "Lead member briefing",
        "Versions",
        "Years",
    ):
        page.get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert axe_violations(page) == [], link

    year_url = edit_url.split("/qs/")[0]  # http://.../workspace/trafford/<year>
    for url in (
        "/workspace/trafford/evidence/new/",
        "/workspace/trafford/plan/new/?qs=QS4&area=Too+many+people+placed+out+of+area",
        f"{year_url}/import/",
        f"{year_url}/qs/QS4/history/",
    ):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert axe_violations(page) == [], url
    page.goto("/workspace/trafford/evidence/new/")
    page.get_by_role("button", name="Save evidence").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose the kind of evidence")
    assert axe_violations(page) == []
