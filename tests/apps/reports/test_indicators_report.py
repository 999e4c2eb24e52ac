"""The draft report's QS sections get their indicators from the metrics when the draft is
generated; drafts generated before keep what they had."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.metrics.indicator_data import import_indicator_data
from ascassure.apps.assessments.models import TeamRole
from ascassure.apps.councils.models import Council
from ascassure.apps.reports import services
from ascassure.apps.reports.selectors import NO_INDICATOR_DATA
from ascassure.domain.reports import section
from builders import PASSWORD, make_assessment, make_rating_lock, make_report

pytestmark = pytest.mark.django_db


def draft_of(council, lead):
    assessment = make_assessment(
        council=council,
        stage="draft_report",
        notification_date=date(2025, 6, 2),
        team=((lead, TeamRole.LEAD_INSPECTOR),),
    )
    return make_report(assessment=assessment, by=lead)


def preview(client, lead, report) -> str:
    assert client.login(username=lead.username, password=PASSWORD)
    return client.get(f"/assessments/{report.assessment_id}/report/preview/").content.decode()


def test_a_generated_draft_lists_each_qs_measures_with_england_quarter_and_period(
    client, tmp_path, trafford, lead
):
    import_indicator_data(tmp_path)
    report = draft_of(trafford, lead)
    document = report.versions.get().document
    assert section(document, "QS4")["indicators"] == [
        {
            "name": "Proportion of people using social care who receive self-directed support",
            "measure": "1C1A",
            "value": "78.0%",
            "england": "92.2%",
            "quartile": "Worst quarter (5 of 5, higher is better)",
            "period": "2020-21",
        }
    ]
    assert [row["measure"] for row in section(document, "QS2")["indicators"]] == ["1A"]
    assert section(document, "QS9")["indicators_missing"] == (
        "No national indicators are mapped to QS9."
    )
    html = preview(client, lead, report)
    table = re.search(r"<caption>Indicators for QS4</caption>.*?</table>", html, re.S).group(0)
    for text in ("1C1A: Proportion of people", "78.0%", "92.2%", "Worst quarter", "2020-21"):
        assert text in table, text


def test_a_council_in_another_region_gets_its_own_figures(tmp_path, lead):
    import_indicator_data(tmp_path)
    camden = Council.objects.get(ons_code="E09000007")
    document = draft_of(camden, lead).versions.get().document
    (row,) = section(document, "QS4")["indicators"]
    assert (row["value"], row["england"]) == ("95.0%", "92.2%")
    assert row["quartile"].startswith("Best quarter")


def test_without_data_each_qs_says_so_and_an_earlier_draft_stays_as_it_was(
    client, tmp_path, trafford, lead
):
    report = draft_of(trafford, lead)
    assert section(report.versions.get().document, "QS4")["indicators_missing"] == (
        NO_INDICATOR_DATA
    )
    assert NO_INDICATOR_DATA in preview(client, lead, report)
    import_indicator_data(tmp_path)
    document = report.versions.get().document
    assert section(document, "QS4")["indicators"] == []
    assert "Indicators for QS4" not in preview(client, lead, report)


def test_a_draft_from_before_indicators_existed_shows_no_indicator_section(client, draft, lead):
    version = draft.versions.get()
    for s in version.document["sections"]:
        s.pop("indicators_missing", None)
    version.save()
    html = preview(client, lead, draft)
    assert "Indicators for QS" not in html and NO_INDICATOR_DATA not in html


def test_generating_takes_the_same_number_of_queries_however_many_measures(
    tmp_path, trafford, lead
):
    import_indicator_data(tmp_path)
    camden = Council.objects.get(ons_code="E09000007")
    counts, documents = [], []
    for council, more in ((trafford, False), (camden, True)):
        if more:
            import_indicator_data(tmp_path, more=True)
        assessment = make_assessment(
            council=council, stage="draft_report", team=((lead, TeamRole.LEAD_INSPECTOR),)
        )
        make_rating_lock(assessment=assessment, by=lead)
        with CaptureQueriesContext(connection) as queries:
            version = services.report_generate(assessment=assessment, by=lead)
        counts.append(len(queries))
        documents.append(version.document)
    assert [len(section(d, "QS7")["indicators"]) for d in documents] == [0, 2]  # 4A and 4B
    assert counts[0] == counts[1]
