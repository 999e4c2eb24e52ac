"""The evidence pages: recording, filtering, the matrix, stale saves, constant query counts."""

import re
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.assessments.models import TeamRole
from ascassure.apps.evidence import services
from ascassure.apps.evidence.models import EvidenceItem
from ascassure.domain.evidence import EVIDENCE_BEFORE_PERIOD
from builders import PASSWORD, make_assessment, make_evidence, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspector(db):
    return make_user(body_role=BodyRole.ASSESSOR, full_name="Ines Inspector")


@pytest.fixture
def assessment(trafford, inspector):
    return make_assessment(council=trafford, team=((inspector, TeamRole.INSPECTOR),))


@pytest.fixture
def team_client(client, inspector):
    client.login(username=inspector.username, password=PASSWORD)
    return client


def form(**changes):
    values = {
        "qs_codes": ["QS1", "QS6"],
        "category": "partners",
        "source": "interview",
        "evidence_date": "14/03/2025",
        "summary": "The ICB said discharge planning starts on admission.",
        "direction": "strength",
        "outside_period_reason": "",
    }
    values.update(changes)
    return values


def test_an_inspector_records_evidence_and_sees_it_in_the_list(team_client, assessment):
    url = f"/assessments/{assessment.pk}/evidence/"
    html = team_client.get(url + "new/").content.decode()
    assert 'class="govuk-checkboxes__input" id="id_qs_codes_0" name="qs_codes"' in html
    assert 'class="govuk-radios__input" id="id_direction_0"' in html
    assert "Only needed when the date is before 12 January 2025 or after 12 January 2026" in html
    response = team_client.post(url + "new/", form())
    assert response.status_code == 302 and response["Location"] == url
    item = EvidenceItem.objects.get()
    assert (item.qs_codes, item.category, item.evidence_date) == (
        ["QS1", "QS6"],
        "partners",
        date(2025, 3, 14),
    )
    html = team_client.get(url).content.decode()
    assert "QS1, QS6" in html and "Feedback from partners" in html and "Ines Inspector" in html
    assert "Evidence period: <strong>12 January 2025 to 12 January 2026</strong>" in html


def test_a_date_outside_the_period_asks_for_a_reason_with_the_domains_message(
    team_client, assessment
):
    url = f"/assessments/{assessment.pk}/evidence/new/"
    html = team_client.post(url, form(evidence_date="01/06/2024")).content.decode()
    assert "There is a problem" in html
    assert f'<a href="#id_outside_period_reason">{EVIDENCE_BEFORE_PERIOD}</a>' in html
    assert 'value="01/06/2024"' in html and "discharge planning starts" in html
    assert not EvidenceItem.objects.exists()
    team_client.post(
        url, form(evidence_date="01/06/2024", outside_period_reason="Strategy still in force")
    )
    assert EvidenceItem.objects.get().outside_period_reason == "Strategy still in force"


def test_missing_choices_are_linked_from_the_error_summary_to_the_first_box(
    team_client, assessment
):
    url = f"/assessments/{assessment.pk}/evidence/new/"
    html = team_client.post(url, form(qs_codes=[], category="", direction="")).content.decode()
    assert '<a href="#id_qs_codes_0">Choose at least one quality statement</a>' in html
    assert '<a href="#id_category_0">Choose the evidence category</a>' in html
    assert 'href="#id_direction_0"' in html


def test_the_list_filters_by_statement_category_and_direction(team_client, assessment):
    make_evidence(assessment=assessment, qs_codes=("QS1",), summary="Alpha finding")
    make_evidence(assessment=assessment, qs_codes=("QS2",), summary="Beta finding")
    make_evidence(
        assessment=assessment, qs_codes=("QS1",), category="processes", summary="Gamma finding"
    )
    make_evidence(
        assessment=assessment, qs_codes=("QS1",), direction="shortfall", summary="Delta finding"
    )
    url = f"/assessments/{assessment.pk}/evidence/"

    def shown(**query):
        html = team_client.get(url, query).content.decode()
        return sorted(re.findall(r"(\w+) finding", html))

    assert shown(qs="QS1") == ["Alpha", "Delta", "Gamma"]
    assert shown(qs="QS1", category="processes") == ["Gamma"]
    assert shown(direction="shortfall") == ["Delta"]
    assert shown(qs="QS9") == []


def test_the_matrix_shows_counts_balance_and_gaps_in_words(team_client, assessment):
    make_evidence(assessment=assessment, qs_codes=("QS1",), direction="strength")
    make_evidence(assessment=assessment, qs_codes=("QS1",), direction="strength")
    make_evidence(assessment=assessment, qs_codes=("QS1",), direction="shortfall")
    html = team_client.get(f"/assessments/{assessment.pk}/evidence/triangulation/").content.decode()
    assert '<th scope="col" class="govuk-table__header">People&#x27;s experience</th>' in html
    assert "3 items" in html and "2 strengths" in html and "1 shortfall" in html
    assert '+1</strong><br><span class="govuk-body-s">More strengths than shortfalls' in html
    assert "QS1 has no evidence of feedback from partners" in html
    assert "QS9 has no evidence of people&#x27;s experience" in html
    assert html.count("<strong>Gap:</strong> no evidence") == 9 * 4 - 1
    assert html.count('app-cell--gap"') == 9 * 4 - 1
    assert f'href="/assessments/{assessment.pk}/evidence/new/?qs=QS2&amp;category=people"' in html


def test_a_gap_link_opens_the_form_with_the_statement_and_category_ticked(team_client, assessment):
    html = team_client.get(
        f"/assessments/{assessment.pk}/evidence/new/", {"qs": "QS2", "category": "people"}
    ).content.decode()
    assert 'id="id_qs_codes_1" name="qs_codes" type="checkbox" value="QS2" checked' in html
    assert 'value="people" checked' in html


def test_the_second_person_saving_the_same_item_is_told_and_shown_the_saved_version(
    client, assessment, inspector
):
    item = make_evidence(assessment=assessment, summary="Original")
    url = f"/assessments/{assessment.pk}/evidence/{item.pk}/"
    other = make_user(body_role=BodyRole.NATIONAL_LEAD, full_name="Nadia Lead")
    client.login(username=other.username, password=PASSWORD)
    assert client.post(url, form(summary="Nadia's change", version=1)).status_code == 302
    client.login(username=inspector.username, password=PASSWORD)
    html = client.post(url, form(summary="Ines's change", version=1)).content.decode()
    assert "Someone else changed this evidence item" in html
    assert "The saved version, changed by Nadia Lead" in html and "Nadia&#x27;s change" in html
    assert "Ines&#x27;s change" in html  # what they typed is kept in the form
    item.refresh_from_db()
    assert item.summary == "Nadia's change"
    # Saving again, having seen the other change, is a knowing overwrite.
    assert client.post(url, form(summary="Ines's change", version=2)).status_code == 302
    item.refresh_from_db()
    assert item.summary == "Ines's change"


def test_removing_an_item_asks_first_then_removes_it(team_client, assessment):
    item = make_evidence(assessment=assessment)
    url = f"/assessments/{assessment.pk}/evidence/{item.pk}/remove/"
    assert "Remove this evidence item?" in team_client.get(url).content.decode()
    assert team_client.post(url, {"version": 1}).status_code == 302
    assert not EvidenceItem.objects.exists()


def test_without_a_notification_date_the_pages_say_why_evidence_cannot_be_recorded(
    team_client, trafford, inspector
):
    assessment = make_assessment(
        council=trafford, notification_date=None, team=((inspector, TeamRole.INSPECTOR),)
    )
    html = team_client.get(f"/assessments/{assessment.pk}/evidence/new/").content.decode()
    assert "Set the assessment&#x27;s notification date first" in html
    assert 'name="summary"' not in html


@pytest.mark.parametrize(
    "page", ["", "evidence/", "evidence/triangulation/", "evidence/?qs=QS1&category=people"]
)
def test_page_queries_do_not_grow_with_the_number_of_evidence_items(team_client, assessment, page):
    url = f"/assessments/{assessment.pk}/{page}"
    make_evidence(assessment=assessment)
    team_client.get(url)  # warm caches (sessions, framework)
    cache.clear()  # measure the matrix rendered afresh, not from the cache
    with CaptureQueriesContext(connection) as few:
        assert team_client.get(url).status_code == 200
    for n in range(40):
        make_evidence(
            assessment=assessment,
            qs_codes=(f"QS{n % 9 + 1}",),
            category=("people", "staff_leaders", "partners", "processes")[n % 4],
            direction=("strength", "shortfall", "both")[n % 3],
        )
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        assert team_client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_the_matrix_follows_every_change_to_the_evidence_at_once(team_client, assessment):
    url = f"/assessments/{assessment.pk}/evidence/triangulation/"

    def qs1_people() -> str:
        html = team_client.get(url).content.decode()
        row = html.split("QS1<br>")[1].split("</th>")[1]
        return " ".join(re.sub(r"<[^>]+>", " ", row.split("</td>")[0]).split())

    assert qs1_people() == "Gap: no evidence"
    item = make_evidence(assessment=assessment, qs_codes=("QS1",), direction="strength")
    assert qs1_people().endswith("experience 1 strength 0 shortfalls 0 both")
    services.evidence_item_change(
        item=item,
        data=services.EvidenceInput(
            category="people",
            source="survey",
            evidence_date=date(2025, 9, 1),
            qs_codes=["QS1"],
            summary="Changed",
            direction="shortfall",
        ),
        by=None,
        expected_version=1,
    )
    assert "0 strengths 1 shortfall" in qs1_people()
    services.evidence_item_delete(item=item, by=None, expected_version=2)
    assert qs1_people() == "Gap: no evidence"


def test_the_api_summary_counts_evidence_per_category(team_client, assessment):
    make_evidence(assessment=assessment, category="processes")
    data = team_client.get(f"/api/assessments/{assessment.pk}/").json()
    assert data["sections"]["evidence"] == {
        "total": 1,
        "by_category": {"people": 0, "staff_leaders": 0, "partners": 0, "processes": 1},
    }
