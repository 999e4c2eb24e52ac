"""The scoring page of one quality statement shows the indicators that bear on it, with the
assessed council's figures and benchmarks."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.metrics.indicator_data import import_indicator_data
from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.assessments.models import TeamRole
from ascassure.apps.councils.models import Council
from ascassure.apps.metrics.models import QsIndicator
from builders import PASSWORD, make_assessment, make_user

pytestmark = pytest.mark.django_db
NO_DATA = "No published data (such as ASCOF measures) has been imported for {} yet."


@pytest.fixture
def inspector(db):
    return make_user(body_role=BodyRole.ASSESSOR, full_name="Ines Inspector")


def qs_page(client, user, council, code):
    assessment = make_assessment(
        council=council, stage="scoring", team=((user, TeamRole.INSPECTOR),)
    )
    assert client.login(username=user.username, password=PASSWORD)
    url = f"/assessments/{assessment.pk}/scoring/qs/{code}/"
    return url, client.get(url).content.decode()


def row_of(html: str, code: str) -> str:
    return re.search(rf">{code}</a>.*?</tr>", html, re.S).group(0)


def test_the_qs_page_shows_the_councils_indicators_with_england_region_and_quarter(
    client, tmp_path, trafford, inspector
):
    import_indicator_data(tmp_path)
    _url, html = qs_page(client, inspector, trafford, "QS4")
    assert "Indicators that bear on QS4" in html and "QS4 indicators: Trafford, 2020-21" in html
    assert "Self-directed support and direct payments" in html
    row = row_of(html, "1C1A")
    for text in ("78.0%", "92.2%", "84.0%", "Worst quarter", "5 of 5; higher is better"):
        assert text in row, text
    assert "75.3% to 80.5%" in row and "Worse than England" in row
    assert (
        '<th scope="col" class="govuk-table__header govuk-table__header--numeric">North West'
        in (html)
    )
    assert re.search(r'href="/data/councils/trafford/measures/\d+/\?year=2020-21">1C1A</a>', html)
    assert "Import a data file" not in html


def test_a_council_in_another_region_shows_its_own_figures(client, tmp_path, inspector):
    import_indicator_data(tmp_path)
    camden = Council.objects.get(ons_code="E09000007")
    _url, html = qs_page(client, inspector, camden, "QS2")
    row = row_of(html, "1A")
    assert "18.2" in row and "19.2" in row and "18.9" in row and "17.7 to 18.7" in row
    assert ">London</th>" in html and "Trafford" not in row and "19.1" not in row


def test_without_data_the_page_says_so_and_offers_analysts_the_import(client, trafford):
    lead = make_user(body_role=BodyRole.NATIONAL_LEAD, full_name="Nat Lead")
    _url, html = qs_page(client, lead, trafford, "QS1")
    assert NO_DATA.format("Trafford") in html
    assert '<a class="govuk-link" href="/data/imports/new/">Import a data file</a>' in html


def test_the_page_takes_the_same_number_of_queries_however_many_measures(
    client, tmp_path, trafford, inspector
):
    import_indicator_data(tmp_path)
    url, _html = qs_page(client, inspector, trafford, "QS2")
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).content.decode().count("/measures/") == 4  # 1A, four indicators
    import_indicator_data(tmp_path, more=True)
    cache.clear()
    with CaptureQueriesContext(connection) as lots:
        assert client.get(url).content.decode().count("/measures/") == 7
    assert len(lots) == len(few)
    with CaptureQueriesContext(connection) as cached:
        client.get(url)
    assert len(cached) < len(lots)  # the indicators come from the cache per data version


def test_an_edit_to_the_qs_mapping_shows_at_once_on_the_cached_page(
    client, tmp_path, trafford, inspector
):
    import_indicator_data(tmp_path)
    url, html = qs_page(client, inspector, trafford, "QS4")
    assert "Self-directed support and direct payments" in html
    mapping = QsIndicator.objects.get(qs="QS4", ascof_code="3D")
    mapping.indicator = "People choosing how their support is paid for"
    mapping.save()
    html = client.get(url).content.decode()
    assert "People choosing how their support is paid for" in html
    assert "Self-directed support and direct payments" not in html
