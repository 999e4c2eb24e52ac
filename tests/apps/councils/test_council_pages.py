import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ascassure.apps.councils.models import Council
from builders import make_result

pytestmark = pytest.mark.django_db


def council_names(html: str) -> list[str]:
    return re.findall(r'<th scope="row" class="govuk-table__header"><a [^>]*>([^<]+)</a>', html)


def test_the_directory_lists_all_153_councils_by_name(client):
    response = client.get("/councils/")
    assert response.status_code == 200
    names = council_names(response.content.decode())
    assert len(names) == 153
    assert names == sorted(names)


def test_the_directory_filters_by_region_and_type(client):
    html = client.get(
        "/councils/", {"region": "E12000002", "council_type": "metropolitan"}
    ).content.decode()
    names = council_names(html)
    assert "Trafford" in names and "Bury" in names
    assert "Cumberland" not in names  # North West, but a unitary
    assert (
        len(names)
        == Council.objects.filter(region__code="E12000002", council_type="metropolitan").count()
    )


def test_the_directory_filters_by_icb_and_by_rating(client, trafford, bury):
    make_result(council=trafford, scores=(3,) * 9)
    make_result(council=bury, scores=(2,) * 9)
    names = council_names(client.get("/councils/", {"rating": "Good"}).content.decode())
    assert names == ["Trafford"]
    names = council_names(client.get("/councils/", {"rating": "none"}).content.decode())
    assert len(names) == 151
    names = council_names(client.get("/councils/", {"icb": trafford.icb.code}).content.decode())
    assert "Trafford" in names and "Camden" not in names


def test_the_directory_shows_the_latest_rating_and_sorts_by_it(client, trafford, bury):
    make_result(council=trafford, scores=(2,) * 9, month=date(2024, 1, 1))
    make_result(council=trafford, scores=(4,) * 9, month=date(2025, 6, 1))
    make_result(council=bury, scores=(3,) * 9)
    html = client.get("/councils/", {"sort": "rating", "order": "desc"}).content.decode()
    names = council_names(html)
    assert names[:2] == ["Trafford", "Bury"]
    assert "Outstanding" in html and 'aria-sort="descending"' in html


def test_an_unknown_filter_value_is_ignored_rather_than_failing(client):
    response = client.get("/councils/", {"region": "nowhere", "sort": "drop table"})
    assert response.status_code == 200
    assert len(council_names(response.content.decode())) == 153


def test_the_directory_takes_the_same_number_of_queries_whatever_is_published(client, trafford):
    with CaptureQueriesContext(connection) as before:
        client.get("/councils/")
    for council in Council.objects.all()[:40]:
        make_result(council=council)
    with CaptureQueriesContext(connection) as after:
        client.get("/councils/")
    assert len(after) == len(before) <= 6


def test_a_council_page_shows_rating_percentage_and_each_quality_statement(client, trafford):
    make_result(council=trafford, scores=(3, 3, 2, 3, 3, 2, 3, 3, 3))
    html = client.get("/councils/trafford/").content.decode()
    assert "Trafford" in html
    assert "Good" in html and "70%" in html  # 25 of 36 points, rounded up
    assert "QS6 Safe systems, pathways and transitions" in html
    assert "Open Government Licence" in html


def test_a_council_without_a_published_result_says_so(client):
    html = client.get("/councils/camden/").content.decode()
    assert "No assessment of this council has been published yet." in html


def test_an_unknown_council_is_not_found(client):
    assert client.get("/councils/atlantis/").status_code == 404


def test_a_repeated_directory_request_is_served_from_the_cache_until_the_data_changes(
    client, trafford
):
    client.get("/councils/")
    with CaptureQueriesContext(connection) as again:
        html = client.get("/councils/").content.decode()
    assert len(again) == 1  # the data version only
    assert "app-rating--outstanding" not in html
    make_result(council=trafford, scores=(4,) * 9)
    html = client.get("/councils/").content.decode()
    assert "app-rating--outstanding" in html
