"""The data pages: profile, measure detail, quality statements, imports, peers, registry."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.metrics.metrics_files import SMALL, ascof_text
from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.metrics import services
from ascassure.apps.metrics.models import (
    Benchmark,
    DataImport,
    ImportStatus,
    Measure,
    MeasureValue,
    PeerGroup,
)
from builders import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def analyst(client):
    user = make_user(email="ana@example.org", full_name="Ana Analyst", body_role=BodyRole.ANALYST)
    client.login(username=user.username, password=PASSWORD)
    return user


def text_of(response) -> str:
    return response.content.decode()


def measure_pk(code: str) -> int:
    return Measure.objects.get(code=code).pk


# --- the data profile ----------------------------------------------------------------------------


def test_the_profile_shows_every_measure_with_its_comparators_and_a_chart_with_a_table(
    client, small_import
):
    html = text_of(client.get("/data/councils/trafford/"))
    assert "Data profile, 2020-21" in html
    for code in ("2A2", "1C1A", "1A"):
        assert f'id="measure-{code.lower()}"' in html
    assert "639.4" in html and "498.2" in html and "637.6" in html and "669.2" in html
    assert "2 of 4" in html and "Second quarter" in html
    assert "Worse than England (99.8% limit)" in html  # 639.4 against 498.2, lower is better
    charts = re.findall(r'<svg [^>]*role="img" aria-labelledby="([^"]+)"', html)
    assert len(charts) == 3
    assert html.count("<table") >= len(charts)
    assert '<title id="chart-measure-2a2-title">2A2: Trafford compared with other areas' in html


def test_a_suppressed_figure_is_shown_as_missing_not_zero(client, small_import):
    html = text_of(client.get("/data/councils/kent/"))
    row = re.search(r'<section aria-labelledby="measure-2a2">.*?</section>', html, re.S).group(0)
    assert "Suppressed ([c])" in row
    assert ">0.0<" not in row


def test_the_profile_takes_the_same_number_of_queries_however_many_measures(
    client, seeded, ascof_file
):
    one = {k: v for k, v in SMALL.items() if k[1] == "2A2"}
    services.data_import_file(data=ascof_file(one).read_bytes(), file_name="ascof-2020-21.csv")
    with CaptureQueriesContext(connection) as few:
        client.get("/data/councils/trafford/")
    many = dict(SMALL)
    for n in range(30):
        many[("E08000009", f"2B{n % 2 + 1}")] = SMALL[("E08000009", "1C1A")]
        many[("E08000009", f"1C{n % 2 + 1}A")] = SMALL[("E08000009", "1C1A")]
    services.data_import_file(data=ascof_file(many).read_bytes(), file_name="ascof-2020-21.csv")
    with CaptureQueriesContext(connection) as lots:
        html = text_of(client.get("/data/councils/trafford/"))
    assert Benchmark.objects.filter(council__slug="trafford").count() > 3
    assert "2B2" in html
    assert len(lots) == len(few) <= 8


def test_a_repeated_profile_is_served_from_the_cache_until_the_data_changes(
    client, small_import, ascof_file
):
    client.get("/data/councils/trafford/")
    with CaptureQueriesContext(connection) as again:
        html = text_of(client.get("/data/councils/trafford/"))
    assert len(again) == 2  # the council and the data version
    assert "639.4" in html
    values = {k: dict(v) for k, v in SMALL.items()}
    values[("E08000009", "2A2")]["Outcome"] = "650.0"
    services.data_import_file(data=ascof_file(values).read_bytes(), file_name="ascof-2020-21.csv")
    html = text_of(client.get("/data/councils/trafford/"))
    assert "650.0" in html and "639.4" not in html


def test_the_profile_of_a_council_without_data_says_so(client, small_import):
    html = text_of(client.get("/data/councils/cumberland/"))
    assert "No data has been imported for Cumberland yet." in html


def test_an_unknown_council_has_no_profile(client):
    assert client.get("/data/councils/atlantis/").status_code == 404


def test_the_csv_download_has_every_figure_with_its_benchmarks(client, small_import):
    response = client.get("/data/councils/trafford/measures.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="trafford-measures.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 3
    rate = next(r for r in rows if r["measure_code"] == "2A2")
    assert (rate["value"], rate["england"], rate["region"], rate["quartile"]) == (
        "639.4",
        "498.2",
        "637.6",
        "2",
    )
    assert rate["better_direction"] == "lower"
    assert rate["interval_method"] == "Rate (exact Poisson limits)"


# --- one measure ---------------------------------------------------------------------------------


def test_the_measure_page_has_a_funnel_plot_with_every_council_in_a_table(client, small_import):
    html = text_of(client.get(f"/data/councils/trafford/measures/{measure_pk('2A2')}/"))
    assert 'id="chart-funnel"' in html and "Funnel plot: 2A2 (Total), 2020-21" in html
    assert "Figures for all 5 councils" in html
    for name in ("Bury", "Camden", "Manchester", "Kent"):
        assert f">{name}</a>" in html
    assert "265 of 41,443" in html
    assert "Not enough points for an SPC chart: 1 period given, at least 15 needed." in html


def test_a_survey_measure_shows_each_council_with_its_margin_of_error(client, small_import):
    html = text_of(client.get(f"/data/councils/trafford/measures/{measure_pk('1A')}/"))
    assert "Councils with their margins of error" in html
    assert "18.7 to 19.5" in html


def test_a_measure_the_council_has_no_figure_for_is_not_found(client, small_import):
    assert client.get(f"/data/councils/cumberland/measures/{measure_pk('2A2')}/").status_code == 404


def test_the_trend_follows_the_crosswalk_and_marks_the_break_in_series(client, seeded, ascof_file):
    old = {k: v for k, v in SMALL.items() if k[1] == "2A2"}
    for year in ("2021-22", "2022-23"):
        path = ascof_file(old, year=year)
        services.data_import_file(data=path.read_bytes(), file_name=path.name)
    new = {(area, "2C"): types for (area, _code), types in old.items()}
    for year in ("2023-24", "2024-25"):
        path = ascof_file(new, year=year)
        services.data_import_file(data=path.read_bytes(), file_name=path.name)
    html = text_of(client.get(f"/data/councils/trafford/measures/{measure_pk('2C')}/?year=2024-25"))
    table = html[html.index("every period") :]
    assert [m for m in re.findall(r'header">(20\d\d-\d\d)</th>', table)] == [
        "2021-22",
        "2022-23",
        "2023-24",
        "2024-25",
    ]
    assert "Measure renumbered: now 2C." in table
    assert table.count("Series break") == 1
    assert "CLD from 2024-25" in table  # the crosswalk's note for 2A2 → 2C
    assert 'id="chart-trend"' in html and "Series break</text>" in html


def test_editing_the_crosswalk_shows_at_once_on_the_cached_measure_page(client, seeded, ascof_file):
    from ascassure.apps.metrics.models import CrosswalkEntry

    old = {k: v for k, v in SMALL.items() if k[1] == "2A2"}
    new = {(area, "2C"): types for (area, _code), types in old.items()}
    for values, year in ((old, "2022-23"), (new, "2023-24")):
        path = ascof_file(values, year=year)
        services.data_import_file(data=path.read_bytes(), file_name=path.name)
    url = f"/data/councils/trafford/measures/{measure_pk('2C')}/?year=2023-24"
    assert "Series break</strong>" not in text_of(client.get(url))
    entry = CrosswalkEntry.objects.get(old_code="2A2")
    entry.series_break_from, entry.note = "2023-24", "Counted differently from 2023-24."
    entry.save()
    html = text_of(client.get(url))
    assert "Series break</strong>" in html and "Counted differently from 2023-24." in html


def test_a_long_enough_series_gets_statistical_process_control(client, seeded, tmp_path):
    lines = ["council,period,measure,value"]
    values = [50, 51, 49, 50, 52, 48, 50, 51, 49, 50, 51, 50, 49, 50, 51, 90]
    lines += [
        f"Trafford,{2005 + i}-{(6 + i) % 100:02d},Local reviews,{v}" for i, v in enumerate(values)
    ]
    path = tmp_path / "long.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    services.data_import_file(data=path.read_bytes(), file_name=path.name)
    html = text_of(
        client.get(f"/data/councils/trafford/measures/{measure_pk('Local reviews')}/?year=2020-21")
    )
    assert "Statistical process control" in html
    assert "outside the process limits" in html


# --- quality statements --------------------------------------------------------------------------


def test_quality_statement_pages_show_indicators_with_benchmarks_through_the_crosswalk(
    client, seeded, ascof_file
):
    values = {(area, "2D"): types for (area, code), types in SMALL.items() if code == "1C1A"}
    services.data_import_file(data=ascof_file(values).read_bytes(), file_name="x-2020-21.csv")
    html = text_of(client.get("/data/councils/trafford/quality-statements/qs2/"))
    assert "QS2 Supporting people to live healthier lives" in html
    row = re.search(r"Short-term support with no further request.*?</tr>", html, re.S).group(0)
    assert ">2D</a>" in row and "78.0%" in row and "92.2" in row
    assert "Not confirmed" in row
    everything = text_of(client.get("/data/councils/trafford/quality-statements/"))
    assert "QS1" in everything and "QS7" in everything
    assert "No national measure: evidence from other sources" in everything
    assert client.get("/data/councils/trafford/quality-statements/qs99/").status_code == 404


# --- imports -------------------------------------------------------------------------------------


def test_importing_needs_an_analyst(client, trafford):
    response = client.get("/data/imports/new/")
    assert response.status_code == 302 and "/account/sign-in/" in response["Location"]
    user = make_user(email="dana@example.org", council=trafford)
    client.login(username=user.username, password=PASSWORD)
    assert client.get("/data/imports/new/").status_code == 403
    assert client.get("/data/imports/").status_code == 403


def test_an_analyst_imports_a_file_and_reads_the_report(client, seeded):
    analyst(client)
    upload = SimpleUploadedFile("ascof-2020-21.csv", ascof_text().encode(), "text/csv")
    response = client.post("/data/imports/new/", {"source": "auto", "year": "", "file": upload})
    data_import = DataImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/data/imports/{data_import.pk}/"
    assert data_import.status == ImportStatus.DONE
    assert data_import.created_by.full_name == "Ana Analyst"
    html = text_of(client.get(response["Location"]))
    assert "Imported" in html and str(data_import.values_saved) in html
    status = client.get(f"/data/imports/{data_import.pk}/status/").json()
    assert status == {
        "status": "done",
        "status_label": "Imported",
        "rows_done": data_import.rows_total,
        "rows_total": data_import.rows_total,
        "percent": 100,
        "finished": True,
    }
    listing = text_of(client.get("/data/imports/"))
    assert "ascof-2020-21.csv" in listing


def test_a_refused_import_shows_the_validation_report_by_line(client, seeded):
    analyst(client)
    bad = ascof_text().replace(",Outcome,644.7,", ",Outcome,lots,")
    upload = SimpleUploadedFile("ascof-2020-21.csv", bad.encode(), "text/csv")
    response = client.post("/data/imports/new/", {"source": "ascof", "file": upload}, follow=True)
    html = text_of(response)
    assert "The file was not imported" in html
    assert "Validation report" in html
    assert re.search(
        r"<td[^>]*>\d+</td><td[^>]*>Measure Value</td><td[^>]*>&#x27;lots&#x27; is not", html
    )
    assert not MeasureValue.objects.exists()


def test_the_upload_form_refuses_a_file_that_is_not_csv_or_xlsx_and_keeps_the_answers(
    client, seeded
):
    analyst(client)
    upload = SimpleUploadedFile("report.csv", b"%PDF-1.7 binary\x00stuff", "text/csv")
    html = text_of(
        client.post("/data/imports/new/", {"source": "ascof", "year": "2019/20", "file": upload})
    )
    assert "There is a problem" in html
    assert '<a href="#id_file">The selected file must be a CSV or an Excel (.xlsx) file</a>' in html
    assert 'value="2019/20"' in html
    assert '<option value="ascof" selected>' in html
    assert not DataImport.objects.exists()


def test_the_upload_form_refuses_a_file_over_50_mb(client, seeded, monkeypatch):
    from ascassure.apps.metrics import forms

    monkeypatch.setattr(forms, "MAX_FILE_BYTES", 100)
    analyst(client)
    upload = SimpleUploadedFile("big.csv", ascof_text().encode(), "text/csv")
    html = text_of(client.post("/data/imports/new/", {"source": "auto", "file": upload}))
    assert "The selected file must be smaller than 50 MB" in html


def test_the_upload_form_asks_for_a_file_and_a_proper_year(client, seeded):
    analyst(client)
    html = text_of(client.post("/data/imports/new/", {"source": "auto", "year": "last year"}))
    assert "Select a CSV or Excel file to import" in html
    assert "Enter the year as a financial year, like 2020-21" in html
    assert "<title>Error: Import a file" in html


# --- peer groups and the registry ----------------------------------------------------------------


def test_an_analyst_adds_trafford_peers_and_the_profile_compares_with_them(
    client, small_import, trafford
):
    analyst(client)
    response = client.post(
        "/data/peer-groups/new/",
        {"name": "Trafford's peers", "council": trafford.pk, "members": "E08000002\nManchester"},
    )
    assert response.status_code == 302
    group = PeerGroup.objects.get()
    assert (group.kind, group.council) == ("list", trafford)
    html = text_of(client.get("/data/councils/trafford/"))
    assert f'<option value="{group.pk}" selected>Trafford&#x27;s peers</option>' in html
    assert "Peer median" in html
    assert "722.4" in html  # the median of Bury 644.7 and Manchester 800.0
    assert "Trafford&#x27;s peers" not in text_of(client.get("/data/councils/bury/"))


def test_a_custom_group_is_offered_to_every_council(client, small_import):
    analyst(client)
    client.post(
        "/data/peer-groups/new/",
        {"name": "Greater Manchester", "council": "", "members": "Bury\nTrafford\nManchester"},
    )
    assert PeerGroup.objects.get().kind == "custom"
    for slug in ("bury", "camden"):
        assert "Greater Manchester</option>" in text_of(client.get(f"/data/councils/{slug}/"))
    listing = text_of(client.get("/data/peer-groups/"))
    assert "Custom group: Bury, Trafford, Manchester." in listing


def test_a_peer_list_naming_an_unknown_council_is_refused(client, seeded):
    analyst(client)
    html = text_of(
        client.post("/data/peer-groups/new/", {"name": "G", "members": "Bury\nAtlantis"})
    )
    assert "Not a council&#x27;s ONS code or name: Atlantis" in html
    assert not PeerGroup.objects.exists()


def test_nearest_neighbours_are_worked_out_from_an_uploaded_characteristics_table(
    client, small_import
):
    analyst(client)
    from ascassure.apps.councils.models import Council

    table = io.StringIO()
    writer = csv.writer(table)
    writer.writerow(["area_code", "area_name", "over_85_share", "density"])
    for n, council in enumerate(Council.objects.order_by("ons_code")):
        writer.writerow([council.ons_code, council.name, 2 + n % 7, 100 + n * 10])
    upload = SimpleUploadedFile("chars.csv", table.getvalue().encode(), "text/csv")
    response = client.post(
        "/data/peer-groups/characteristics/",
        {"name": "Open census", "neighbours": "5", "file": upload},
    )
    assert response.status_code == 302, re.findall(
        r'govuk-error-message">(.*?)</p>', text_of(response), re.S
    )
    groups = PeerGroup.objects.filter(kind="nearest")
    assert groups.count() == 153
    trafford_group = groups.get(council__slug="trafford")
    assert trafford_group.memberships.count() == 5
    html = text_of(client.get(f"/data/councils/trafford/?peers={trafford_group.pk}"))
    assert "Open census: 5 nearest neighbours" in html


def test_the_registry_lists_measures_and_an_analyst_changes_a_direction(client, small_import):
    html = text_of(client.get("/data/measures/"))
    assert "3 measures" in html and "Long-term support needs of older adults" in html
    assert "Change" not in html
    analyst(client)
    pk = measure_pk("1C1A")
    response = client.post(f"/data/measures/{pk}/direction/", {"direction": "lower"})
    assert response.status_code == 302
    assert Benchmark.objects.get(council__slug="trafford", measure_id=pk).rank == 1


def test_the_admin_lets_staff_edit_directions_crosswalk_and_the_qs_mapping(admin_client, seeded):
    for model in ("measuredirection", "crosswalkentry", "qsindicator", "measure", "dataimport"):
        assert admin_client.get(f"/admin/metrics/{model}/").status_code == 200
    assert "2A2" in text_of(admin_client.get("/admin/metrics/crosswalkentry/"))


def test_the_council_page_links_to_its_data_profile(client):
    html = text_of(client.get("/councils/trafford/"))
    assert 'href="/data/councils/trafford/"' in html


def test_the_data_index_lists_what_is_loaded(client, small_import):
    html = text_of(client.get("/data/"))
    assert "ASCOF open data" in html and "2020-21" in html
    response = client.get("/data/council/", {"council": "bury"})
    assert response["Location"] == "/data/councils/bury/"
