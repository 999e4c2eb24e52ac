"""The council workspace shows the indicators that bear on each quality statement: on the QS
page, and as the lead member briefing's key data (page, PDF and Word)."""

from __future__ import annotations

import io
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from pypdf import PdfReader

from apps.metrics.indicator_data import import_indicator_data
from ascassure.apps.councils.models import Council
from builders import PASSWORD, make_self_assessment, make_user

pytestmark = pytest.mark.django_db
NO_DATA = "No published data (such as ASCOF measures) has been imported for {} yet."


@pytest.fixture
def camden(db):
    return Council.objects.get(ons_code="E09000007")


def member_client(client, council):
    make_self_assessment(council=council)
    user = make_user(council=council, full_name="Dana Director")
    assert client.login(username=user.username, password=PASSWORD)
    return client


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split()
    )


def test_the_qs_page_shows_the_councils_indicators_and_benchmarks(client, tmp_path, trafford):
    import_indicator_data(tmp_path)
    html = member_client(client, trafford).get("/workspace/trafford/2026/qs/QS4/").content.decode()
    assert "Indicators that bear on QS4" in html
    row = re.search(r">1C1A</a>.*?</tr>", html, re.S).group(0)
    for text in ("78.0%", "92.2%", "84.0%", "Worst quarter", "75.3% to 80.5%"):
        assert text in row, text
    assert re.search(r'href="/data/councils/trafford/measures/\d+/\?year=2020-21">1C1A', html)


def test_another_regions_council_sees_its_own_figures(client, tmp_path, camden):
    import_indicator_data(tmp_path)
    html = member_client(client, camden).get("/workspace/camden/2026/qs/QS4/").content.decode()
    row = re.search(r">1C1A</a>.*?</tr>", html, re.S).group(0)
    assert "95.0%" in row and "93.0%" in row and "Best quarter" in row and "78.0%" not in row
    assert ">London</th>" in html


def test_without_data_the_qs_page_and_the_briefing_say_so(client, trafford):
    client = member_client(client, trafford)
    assert (
        NO_DATA.format("Trafford")
        in client.get("/workspace/trafford/2026/qs/QS1/").content.decode()
    )
    assert (
        NO_DATA.format("Trafford")
        in client.get("/workspace/trafford/2026/briefing/").content.decode()
    )
    word = docx_text(client.get("/workspace/trafford/2026/lead-member-briefing.docx").content)
    assert NO_DATA.format("Trafford") in word


def test_the_qs_page_shows_new_data_at_once_and_keeps_its_queries_constant(
    client, tmp_path, trafford
):
    client = member_client(client, trafford)
    url = "/workspace/trafford/2026/qs/QS2/"
    assert NO_DATA.format("Trafford") in client.get(url).content.decode()  # cached body
    import_indicator_data(tmp_path)
    assert client.get(url).content.decode().count("/measures/") == 4  # a new data version
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    import_indicator_data(tmp_path, more=True)
    cache.clear()
    with CaptureQueriesContext(connection) as lots:
        assert client.get(url).content.decode().count("/measures/") == 7
    assert len(lots) == len(few)


def test_the_briefing_lists_key_data_per_qs_on_the_page_in_pdf_and_in_word(
    client, tmp_path, trafford
):
    import_indicator_data(tmp_path)
    client = member_client(client, trafford)
    html = client.get("/workspace/trafford/2026/briefing/").content.decode()
    key_data = html[html.index("<h2>Key data</h2>") : html.index("<h2>Dates of the assessment")]
    assert "Trafford, 2020-21, ASCOF" in key_data and ">North West</th>" in key_data
    row = re.search(
        r">QS4 Care provision, integration and continuity</th>.*?</tr>", key_data, re.S
    ).group(0)
    assert "1C1A" in row and "78.0%" in row and "92.2%" in row and "84.0%" in row
    assert "Worst quarter (5 of 5, higher is better)" in row
    assert re.search(r">QS2 [^<]+</th>.*?19\.1.*?19\.2.*?19\.4", key_data, re.S)
    word = docx_text(client.get("/workspace/trafford/2026/lead-member-briefing.docx").content)
    assert "Quality statement | Measure | Our figure | England | North West | Quarter" in word
    assert re.search(
        r"QS4 [^|]+ \| 1C1A [^|]+ \| 78\.0% \| 92\.2% \| 84\.0% \| Worst quarter", word
    )
    pdf = pdf_text(client.get("/workspace/trafford/2026/lead-member-briefing.pdf").content)
    assert "Trafford, 2020-21, ASCOF" in pdf and "78.0%" in pdf and "92.2%" in pdf


def test_the_briefing_of_another_regions_council_has_its_own_key_data(client, tmp_path, camden):
    import_indicator_data(tmp_path)
    client = member_client(client, camden)
    word = docx_text(client.get("/workspace/camden/2026/lead-member-briefing.docx").content)
    assert re.search(r"QS4 [^|]+ \| 1C1A [^|]+ \| 95\.0% \| 92\.2% \| 93\.0% \| Best quarter", word)
    assert "| London |" in word and "78.0%" not in word


def test_the_briefing_page_takes_the_same_number_of_queries_however_many_measures(
    client, tmp_path, trafford
):
    import_indicator_data(tmp_path)
    client = member_client(client, trafford)
    url = "/workspace/trafford/2026/briefing/"
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    import_indicator_data(tmp_path, more=True)
    cache.clear()
    with CaptureQueriesContext(connection) as lots:
        html = client.get(url).content.decode()
    assert (
        ">QS7 Safeguarding</th>" in html
        and ">QS6 Safe systems, pathways and transitions</th>" in html
    )
    assert len(lots) == len(few)
