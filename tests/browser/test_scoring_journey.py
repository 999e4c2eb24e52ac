"""The team proposes all nine scores and sees the rating; the panel agrees, changes one, locks."""

import pytest
from playwright.sync_api import expect

from axe import axe_violations
from builders import PASSWORD, make_assessment, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCORES = (2, 3, 2, 2, 3, 2, 3, 2, 2)  # 21 of 36: 59%, Requires improvement


def sign_in(page, email):
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Sign out").wait_for()


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("link", name="Sign in").wait_for()


def test_propose_nine_scores_see_the_rating_then_the_panel_agrees_and_locks_it(page):
    from ascassure.apps.accounts.models import BodyRole
    from ascassure.apps.assessments.models import Assessment, TeamRole
    from ascassure.apps.councils.models import Council
    from ascassure.apps.scoring.models import RatingLock

    lead = make_user(email="lena@example.org", full_name="Lena Lead", body_role=BodyRole.ASSESSOR)
    panel = make_user(
        email="pat@example.org", full_name="Pat Panel", body_role=BodyRole.PANEL_MEMBER
    )
    make_user(email="nadia@example.org", full_name="Nadia", body_role=BodyRole.NATIONAL_LEAD)
    trafford = Council.objects.get(ons_code="E08000009")
    assessment = make_assessment(
        council=trafford,
        stage="scoring",
        team=((lead, TeamRole.LEAD_INSPECTOR), (panel, TeamRole.PANEL_MEMBER)),
    )

    # The lead inspector scores the nine quality statements.
    sign_in(page, "lena@example.org")
    page.goto(f"/assessments/{assessment.pk}/")
    page.get_by_role("link", name="Scoring", exact=True).click()
    expect(page.get_by_text("No quality statement is scored yet.")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Score QS1").click()
    page.get_by_role("button", name="Save the score").click()  # nothing chosen
    expect(page.get_by_role("link", name="Choose a score from 1 to 4")).to_be_visible()
    assert axe_violations(page) == []
    for n, score in enumerate(SCORES, start=1):
        if n > 1:
            page.get_by_role("link", name=f"Score QS{n}").click()
        page.locator(f"input[name=score][value='{score}']").check()
        if n == 9:  # the page says what saving would give before it is saved
            expect(page.locator("#if-saved")).to_have_text(
                "If you save this, QS9 scores 2 and the result is Requires improvement at 59%."
            )
        page.get_by_label("Rationale").fill(f"QS{n}: the evidence, weighed, gives {score}.")
        page.get_by_label("Evidence the score rests on (optional)").fill("Case tracking\nASCOF")
        page.get_by_role("button", name="Save the score").click()
        expect(page.get_by_role("alert")).to_contain_text(f"QS{n} score saved.")

    summary = page.locator("#live-summary")
    expect(summary).to_contain_text("Overall result")
    expect(summary).to_contain_text("59%")
    expect(summary).to_contain_text("Requires improvement")
    expect(summary).to_contain_text("Near the top of Requires improvement.")
    expect(summary).to_contain_text("2 more points would lift the rating to Good.")
    expect(page.get_by_text("Every quality statement is scored.")).to_be_visible()
    assert axe_violations(page) == []

    # The lead inspector sends the scores to the panel (the core's stage step).
    page.get_by_role("link", name="Overview", exact=True).click()
    page.get_by_role("button", name="Send to the calibration panel").click()
    expect(page.get_by_text("Trafford: With the calibration panel.")).to_be_visible()
    sign_out(page)

    # The panel agrees eight scores, changes one with its reason, and locks the rating.
    sign_in(page, "pat@example.org")
    page.goto(f"/assessments/{assessment.pk}/scoring/calibration/")
    expect(page.get_by_text("0 of 9")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Agree or change on QS7").click()
    page.locator("input[name=agreed_score][value='2']").check()
    page.get_by_role("button", name="Save the panel's decision").click()
    expect(
        page.get_by_role("link", name="Give the panel's reason for changing the score")
    ).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("The panel's reason").fill("Out of line with similar councils.")
    page.get_by_role("button", name="Save the panel's decision").click()
    for n in (1, 2, 3, 4, 5, 6, 8, 9):
        page.get_by_role("link", name=f"Agree or change on QS{n}").click()
        page.get_by_role("button", name="Save the panel's decision").click()
        expect(page.get_by_role("alert")).to_contain_text(f"decision on QS{n} is saved")
    expect(page.get_by_text("9 of 9")).to_be_visible()
    expect(page.locator("#live-summary")).to_contain_text("56%")  # 20 of 36
    page.get_by_role("link", name="Lock the rating").click()
    expect(page.get_by_text("Requires improvement at 56%")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Lock the rating").click()
    expect(page.get_by_role("region", name="Rating locked")).to_contain_text(
        "Requires improvement (56%), locked on"
    )
    expect(page.get_by_role("link", name="Agree or change on QS1")).to_have_count(0)
    assert axe_violations(page) == []
    assert RatingLock.objects.get().scores["QS7"] == 2
    sign_out(page)

    # The national lead records the panel's agreement: the core's stage step moves it on.
    sign_in(page, "nadia@example.org")
    page.goto(f"/assessments/{assessment.pk}/")
    page.get_by_role("button", name="Record the calibration panel's agreement").click()
    expect(page.get_by_text("Trafford: Ready for the draft report.")).to_be_visible()
    page.get_by_role("link", name="Scoring", exact=True).click()
    page.get_by_role("link", name="History of every score change").click()
    expect(
        page.get_by_role("row").filter(has_text="Out of line with similar councils.")
    ).to_contain_text("3 → 2")
    assert axe_violations(page) == []
    assert Assessment.objects.get().stage == "ready_for_draft"
