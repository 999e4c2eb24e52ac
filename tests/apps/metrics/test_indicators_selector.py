"""indicators_for_council: the indicators of each quality statement with a council's figures,
as plain values every other area shows."""

from __future__ import annotations

import dataclasses

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.metrics.indicator_data import import_indicator_data
from ascassure.apps.councils.models import Council
from ascassure.apps.metrics.indicators import indicators_for_council

pytestmark = pytest.mark.django_db


@pytest.fixture
def camden(db):
    return Council.objects.select_related("region").get(ons_code="E09000007")


def test_each_figure_carries_its_comparators_quarter_interval_period_and_link(
    tmp_path, trafford, camden
):
    import_indicator_data(tmp_path)
    found = indicators_for_council(council=trafford, qs_code="qs4")
    assert found.period == "2020-21" and found.region_name == "North West"
    assert [s.qs for s in found.statements] == ["QS4"]
    (figure,) = found.statement("QS4").figures
    assert dataclasses.is_dataclass(figure)
    assert (figure.measure_code, figure.value_text) == ("1C1A", "78.0%")
    assert (figure.england_text, figure.region_text) == ("92.2%", "84.0%")
    assert figure.quartile_text == "Worst quarter (5 of 5, higher is better)"
    assert figure.interval_text == "75.3% to 80.5%"  # Wilson, 780 of 1,000
    assert figure.url == f"/data/councils/trafford/measures/{figure.measure_id}/?year=2020-21"

    survey = indicators_for_council(council=camden, qs_code="QS2").statement("QS2").figures[0]
    assert (survey.measure_code, survey.value_text, survey.region_text) == ("1A", "18.2", "18.9")
    assert survey.interval_text == "17.7 to 18.7"  # the published margin of error

    other = indicators_for_council(council=camden, qs_code="QS4").statement("QS4").figures[0]
    assert (other.value_text, other.region_text) == ("95.0%", "93.0%")
    assert other.quartile_words == "Best quarter"


def test_without_data_it_says_so_and_each_statement_still_lists_its_indicators(trafford):
    found = indicators_for_council(council=trafford)
    assert not found.has_data and found.period is None
    assert found.no_data == (
        "No published data (such as ASCOF measures) has been imported for Trafford yet."
    )
    assert found.statement("QS1").indicators
    assert found.statement("QS9").no_indicators == "No national indicators are mapped to QS9."


def test_one_read_takes_the_same_number_of_queries_however_many_measures(tmp_path, trafford):
    import_indicator_data(tmp_path)
    council = Council.objects.get(pk=trafford.pk)
    with CaptureQueriesContext(connection) as few:
        small = indicators_for_council(council=council)
    import_indicator_data(tmp_path, more=True)
    council = Council.objects.get(pk=trafford.pk)
    with CaptureQueriesContext(connection) as lots:
        large = indicators_for_council(council=council)
    count = lambda found: sum(len(s.figures) for s in found.statements)  # noqa: E731
    assert count(large) > count(small) + 5
    assert len(lots) == len(few) <= 6
