import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.assessments.models import Assessment, TeamRole
from ascassure.apps.scoring.models import QsScore, RatingLock, ScoreRevision
from ascassure.domain.scoring import score_assessment, what_if
from builders import PASSWORD, make_assessment, make_scores, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspector(db):
    return make_user(body_role=BodyRole.ASSESSOR, full_name="Ines Inspector")


@pytest.fixture
def panel(db):
    return make_user(body_role=BodyRole.PANEL_MEMBER, full_name="Pat Panel")


@pytest.fixture
def scoring(trafford, inspector, panel):
    return make_assessment(
        council=trafford,
        stage="scoring",
        team=((inspector, TeamRole.INSPECTOR), (panel, TeamRole.PANEL_MEMBER)),
    )


def signed_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def url(assessment, tail=""):
    return f"/assessments/{assessment.pk}/scoring/{tail}"


def test_the_overview_lists_the_nine_statements_by_theme_with_the_live_summary(
    client, scoring, inspector
):
    scores = (2, 3, 2, 2, 3, 2, 3, 2, 2)
    make_scores(assessment=scoring, scores=scores, by=inspector, rationale="Waits are long. " * 30)
    html = signed_in(client, inspector).get(url(scoring)).content.decode()
    assert f'href="{url(scoring)}" aria-current="page">Scoring</a>' in html  # the tab
    for heading in (
        "Theme 1: Working with people",
        "Theme 2: Providing support",
        "Theme 3: Ensuring safety within the system",
        "Theme 4: Leadership",
    ):
        assert heading in html
    assert html.index("QS3 Equity in experience and outcomes") < html.index("Theme 2")
    assert "Waits are long. Waits are long." in html and "…" in html  # an excerpt
    result = score_assessment(scores)
    assert result.percent == 59
    assert '<p class="app-live-summary__percent govuk-!-margin-bottom-2">59%</p>' in html
    assert "Requires improvement" in html and "Near the top of Requires improvement." in html
    assert (result.points_to_next_band, result.points_to_drop_band) == (2, 8)
    assert "2 more points would lift the rating to Good." in html
    assert "8 points fewer would drop it to Inadequate." in html
    up = what_if(scores, "Good")
    assert f"<strong>Up to Good:</strong> {up.describe()}." in html
    down = what_if(scores, "Inadequate")
    assert f"<strong>Down to Inadequate:</strong> {down.describe()}." in html
    assert "Ines Inspector" in html


def test_saving_a_score_through_the_page_updates_the_summary(client, scoring, inspector):
    make_scores(assessment=scoring, scores=(2, 3, 2, 2, 3, 2, 3, 2, None), by=inspector)
    client = signed_in(client, inspector)
    before = client.get(url(scoring)).content.decode()
    assert "Based on 8 of 9 quality statements scored." in before
    page = client.get(url(scoring, "qs/QS9/")).content.decode()
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Score for QS9' in page
    assert "The evidence shows an exceptional standard." in page  # the meaning as a hint
    assert 'aria-describedby="id_score_3-item-hint"' in page
    response = client.post(
        url(scoring, "qs/QS9/"),
        {
            "score": 4,
            "rationale": "An exceptional learning culture.",
            "evidence": "Staff focus group, day 1\nPrincipal social worker interview",
            "version": 0,
            "action": "save",
        },
    )
    assert response["Location"] == url(scoring) + "#QS9"
    record = QsScore.objects.get(qs_code="QS9")
    assert record.evidence_titles == [
        "Staff focus group, day 1",
        "Principal social worker interview",
    ]
    after = client.get(url(scoring)).content.decode()
    assert "Based on" not in after
    assert '<p class="app-live-summary__percent govuk-!-margin-bottom-2">64%</p>' in after
    assert "Overall result" in after and "Good" in after


def test_a_score_without_a_choice_is_named_in_the_error_summary(client, scoring, inspector):
    html = (
        signed_in(client, inspector)
        .post(url(scoring, "qs/QS1/"), {"rationale": "Typed", "version": 0, "action": "save"})
        .content.decode()
    )
    assert '<a href="#id_score_0">Choose a score from 1 to 4</a>' in html
    assert ">Typed</textarea>" in html
    assert not QsScore.objects.exists()


def test_a_second_save_of_the_same_score_is_refused_and_shows_the_newer_version(
    client, scoring, inspector
):
    other = make_user(body_role=BodyRole.ASSESSOR, full_name="Omar Other")
    scoring.assignments.create(user=other, role=TeamRole.INSPECTOR)
    first = signed_in(client, inspector)
    first.post(
        url(scoring, "qs/QS2/"),
        {"score": 3, "rationale": "Ines's reasons", "version": 0, "action": "save"},
    )
    from django.test import Client

    second = signed_in(Client(), other)
    html = second.post(
        url(scoring, "qs/QS2/"),
        {"score": 1, "rationale": "Omar's reasons", "version": 0, "action": "save"},
    ).content.decode()
    assert "Someone else saved this score while you were working on it" in html
    assert "The version saved by Ines Inspector" in html and "Ines&#x27;s reasons" in html
    assert ">Omar&#x27;s reasons</textarea>" in html  # what they typed is kept
    assert 'name="version" value="1"' in html  # a new save now replaces it knowingly
    record = QsScore.objects.get()
    assert (record.score, record.rationale) == (3, "Ines's reasons")
    second.post(
        url(scoring, "qs/QS2/"),
        {"score": 1, "rationale": "Omar's reasons", "version": 1, "action": "save"},
    )
    assert QsScore.objects.get().score == 1
    assert ScoreRevision.objects.count() == 2


def test_a_legacy_assessment_scores_each_category_and_shows_the_computed_score(
    client, trafford, inspector
):
    assessment = make_assessment(
        council=trafford,
        stage="scoring",
        framework_version="2023",
        team=((inspector, TeamRole.INSPECTOR),),
    )
    client = signed_in(client, inspector)
    page = client.get(url(assessment, "qs/QS4/")).content.decode()
    for legend in ("People&#x27;s experience", "Feedback from partners", "Processes"):
        assert f'govuk-fieldset__legend--s">{legend}</legend>' in page
    values = {"cat_people": 3, "cat_staff_leaders": 2, "cat_partners": 3, "cat_processes": 3}
    preview = client.post(
        url(assessment, "qs/QS4/"),
        {**values, "rationale": "", "version": 0, "action": "preview"},
    ).content.decode()
    assert "These category scores give QS4 69%: a score of 3." in preview
    assert not QsScore.objects.exists()
    client.post(url(assessment, "qs/QS4/"), {**values, "rationale": "", "version": 0})
    record = QsScore.objects.get()
    assert (record.score, record.qs_percent, record.category_scores["staff_leaders"]) == (3, 69, 2)
    overview = client.get(url(assessment)).content.decode()
    assert "(categories give 69%)" in overview


def test_the_summary_endpoint_answers_what_a_score_would_give_before_it_is_saved(
    client, scoring, inspector
):
    make_scores(assessment=scoring, scores=(2, 3, 2, 2, 3, 2, 3, 2, None), by=inspector)
    client = signed_in(client, inspector)
    data = client.get(url(scoring, "summary.json"), {"qs": "QS9", "score": "4"}).json()
    assert (data["qs_score"], data["percent"], data["rating"]) == (4, 64, "Good")
    current = client.get(url(scoring, "summary.json")).json()
    assert (current["scored"], current["percent"]) == (8, 60)  # 19 of 32, rounded up


def test_the_panel_changes_a_score_with_a_reason_and_locks_the_rating(client, scoring, panel):
    make_scores(assessment=scoring, scores=(3,) * 9)
    Assessment.objects.filter(pk=scoring.pk).update(stage="calibration")
    client = signed_in(client, panel)
    page = client.get(url(scoring, "calibration/")).content.decode()
    assert "0 of 9</strong> quality statements decided" in page
    assert "Agree or change<span" in page and "Lock the rating" not in page
    refused = client.post(
        url(scoring, "calibration/QS7/"), {"agreed_score": 2, "reason": "", "version": 1}
    ).content.decode()
    assert '<a href="#id_reason">Give the panel&#x27;s reason for changing the score</a>' in refused
    client.post(
        url(scoring, "calibration/QS7/"),
        {"agreed_score": 2, "reason": "Out of line with similar councils.", "version": 1},
    )
    for n in (1, 2, 3, 4, 5, 6, 8, 9):
        client.post(url(scoring, f"calibration/QS{n}/"), {"agreed_score": 3, "version": 1})
    page = client.get(url(scoring, "calibration/")).content.decode()
    assert "9 of 9</strong> quality statements decided" in page
    assert "Out of line with similar councils." in page
    assert f'href="{url(scoring, "lock/")}">Lock the rating</a>' in page
    confirm = client.get(url(scoring, "lock/")).content.decode()
    assert "The panel's scores give <strong>Good</strong> at 73%" in confirm
    response = client.post(url(scoring, "lock/"))
    assert response["Location"] == url(scoring)
    assert RatingLock.objects.get().percent == 73  # 26 of 36
    overview = client.get(url(scoring)).content.decode()
    assert "Rating locked" in overview and "Good (73%), locked on" in overview
    assert "Agree or change" not in overview
    blocked = client.post(
        url(scoring, "calibration/QS7/"), {"agreed_score": 3, "reason": "x", "version": 2}
    ).content.decode()
    assert "The rating is locked, so scores can no longer be changed." in blocked


def test_locking_before_every_statement_is_decided_says_which_are_left(client, scoring, panel):
    make_scores(assessment=scoring, scores=(3,) * 9)
    Assessment.objects.filter(pk=scoring.pk).update(stage="calibration")
    html = signed_in(client, panel).post(url(scoring, "lock/")).content.decode()
    assert "There is a problem" in html
    assert "Still to decide: QS1, QS2, QS3, QS4, QS5, QS6, QS7, QS8, QS9." in html
    assert not RatingLock.objects.exists()


def test_the_history_shows_every_change_and_filters_by_statement(client, scoring, inspector):
    client = signed_in(client, inspector)
    client.post(url(scoring, "qs/QS1/"), {"score": 2, "rationale": "First", "version": 0})
    client.post(url(scoring, "qs/QS1/"), {"score": 3, "rationale": "Second", "version": 1})
    client.post(url(scoring, "qs/QS2/"), {"score": 4, "rationale": "Other", "version": 0})
    html = client.get(url(scoring, "history/")).content.decode()
    assert html.count("Proposed by the team") == 3
    assert "2 → 3" in html and "<strong>Before:</strong> First" in html
    only_qs1 = client.get(url(scoring, "history/"), {"qs": "QS1"}).content.decode()
    assert only_qs1.count("Proposed by the team") == 2
    assert '<option value="QS1" selected>' in only_qs1


def test_the_overview_needs_the_same_number_of_queries_however_long_the_history(
    client, scoring, inspector
):
    records = make_scores(assessment=scoring, by=inspector)
    client = signed_in(client, inspector)
    client.get(url(scoring))  # warm the session and the framework cache

    def overview_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(scoring)).status_code == 200
        return len(captured)

    few = overview_queries()
    for record in records:
        for n in range(20):
            ScoreRevision.objects.create(
                qs_score=record,
                assessment=scoring,
                qs_code=record.qs_code,
                kind="proposed",
                by=inspector,
                at=record.proposed_at,
                old_score=2,
                new_score=3,
                new_rationale=f"Revision {n}",
            )
    assert overview_queries() == few
    assert few <= 10, few  # session, user, assessment, roles, scores, lock
