import csv
import io
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from ascassure.apps.councils.models import Council
from ascassure.apps.public.selectors import hexmap_cells
from builders import make_result

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_hexmap_places_all_153_councils_in_distinct_cells():
    cells = hexmap_cells()
    assert len(cells) == 153
    assert len({(c.col, c.row) for c in cells}) == 153
    assert {c.code for c in cells} == set(Council.objects.values_list("ons_code", flat=True))


def test_the_national_page_colours_each_council_and_gives_the_map_as_a_table(client, trafford):
    make_result(council=trafford, scores=(3,) * 9)
    html = client.get("/ratings/").content.decode()
    assert "1 of 153 councils have a published rating." in html
    assert html.count("<polygon") == 153
    assert html.count('class="app-hex app-hex--good"') == 1
    assert "<title>Trafford: Good, 75%</title>" in html
    assert '<a class="govuk-link" href="/councils/trafford/">Trafford</a>' in html
    assert "Open Government Licence" in html


def test_open_data_csv_lists_exactly_the_published_results(client, trafford, bury):
    make_result(council=trafford, scores=(3, 3, 2, 3, 3, 2, 3, 3, 3), month=date(2025, 1, 1))
    make_result(council=bury, scores=(2, 2, 2, 2, None, 2, 2, 2, 2), month=date(2025, 3, 1))
    response = client.get("/open-data/ratings.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["ons_code"], r["percent"], r["overall_rating"]) for r in rows] == [
        ("E08000002", "50", "Requires improvement"),
        ("E08000009", "70", "Good"),
    ]
    assert rows[0]["qs5"] == "-"


def test_open_data_json_carries_the_licence_and_the_same_results(client, trafford):
    make_result(council=trafford)
    data = client.get("/open-data/ratings.json").json()
    assert data["licence"] == "Open Government Licence v3.0"
    assert data["schema"].endswith("/open-data/#schema")
    assert [r["ons_code"] for r in data["results"]] == ["E08000009"]
    assert data["results"][0]["qs1"] == 3


def test_the_open_data_page_documents_every_field(client):
    html = client.get("/open-data/").content.decode()
    for field in ("la_name", "ons_code", "publication_month", "percent", "overall_rating", "qs1"):
        assert f"<code>{field}</code>" in html


def test_the_atom_feed_lists_new_reports_newest_first(client, trafford, bury):
    make_result(council=trafford, month=date(2025, 1, 1))
    make_result(council=bury, month=date(2025, 6, 1))
    response = client.get("/feeds/reports.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    titles = [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]
    assert titles == ["Bury: Good (70%)", "Trafford: Good (70%)"]
    link = root.find(f"{ATOM}entry").find(f"{ATOM}link").get("href")
    assert link.startswith("http://testserver/councils/bury/")


def test_a_signed_out_visitor_gets_the_cached_page_until_a_result_is_published(client, trafford):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/ratings/")
    with CaptureQueriesContext(connection) as again:
        html = client.get("/ratings/").content.decode()
    assert len(again) == 1  # the data version only
    assert "0 of 153 councils" in html
    make_result(council=trafford)
    assert "1 of 153 councils" in client.get("/ratings/").content.decode()


def test_a_signed_in_person_never_gets_a_page_cached_for_visitors(client, trafford):
    from builders import make_user

    client.get("/ratings/")
    client.force_login(make_user(full_name="Dana Director"))
    assert "Dana Director" in client.get("/ratings/").content.decode()


def test_the_cached_csv_keeps_its_type_and_licence_headers(client, trafford):
    make_result(council=trafford)
    first = client.get("/open-data/ratings.csv")
    second = client.get("/open-data/ratings.csv")
    assert second.content == first.content
    for header in ("Content-Type", "Content-Disposition", "X-Licence"):
        assert second[header] == first[header]
