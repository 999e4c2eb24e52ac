"""The real ASCOF 2020-21 file (as published, XLSX) and the LG Inform extracts, imported once
for this module. Skipped, saying why, when the fetched files are not beside the repository."""

from __future__ import annotations

import statistics
from collections import defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.metrics.metrics_files import LGINFORM_DIR, REAL_CSV, REAL_XLSX
from ascassure.apps.metrics import areas, peers, registry, selectors, services
from ascassure.apps.metrics.models import (
    Benchmark,
    CharacteristicsTable,
    CrosswalkEntry,
    DataImport,
    Geography,
    Measure,
    MeasureDirection,
    MeasureValue,
    PeerGroup,
    QsIndicator,
)
from ascassure.domain.metrics import parse_lginform

pytestmark = [
    pytest.mark.skipif(
        not (REAL_XLSX.exists() and REAL_CSV.exists() and LGINFORM_DIR.exists()),
        reason=f"the real ASCOF and LG Inform files are not in {REAL_XLSX.parents[1]}",
    ),
    pytest.mark.django_db,
]

ADMISSIONS = LGINFORM_DIR / "admissions_care_homes_65p.csv"
PEERS = LGINFORM_DIR / "nhsennpg_trafford_nhs_peer_group.csv"
STORED = (
    Benchmark,
    MeasureValue,
    PeerGroup,
    CharacteristicsTable,
    Measure,
    Geography,
    DataImport,
)


@pytest.fixture(scope="module")
def real(django_db_setup, django_db_blocker):
    """The published 2020-21 workbook and the LG Inform admissions extract, imported once;
    removed again after the module so that other tests start empty."""
    with django_db_blocker.unblock():
        registry.registry_seed()
        ascof = services.data_import_file(data=REAL_XLSX.read_bytes(), file_name=REAL_XLSX.name)
        lginform = services.data_import_file(data=ADMISSIONS.read_bytes(), file_name="lgi.csv")
        yield ascof, lginform
        for model in STORED:
            model.objects.all().delete()
        for model in (MeasureDirection, CrosswalkEntry, QsIndicator):
            model.objects.all().delete()
        registry.registry_seed()


def outcome(ons: str, code: str = "2A2") -> Benchmark:
    return Benchmark.objects.get(
        council__ons_code=ons, measure__code=code, measure__source="ascof", period="2020-21"
    )


def test_the_whole_published_file_is_stored_as_published(real):
    ascof, _lginform = real
    assert (ascof.status, ascof.periods, ascof.values_saved) == ("done", ["2020-21"], 48_970)
    assert ascof.measures_count == 79
    assert Geography.objects.filter(level="council").count() >= 151
    assert MeasureValue.objects.filter(data_import=ascof).count() == 48_970


def test_trafford_bury_and_england_have_the_published_2a2_values(real):
    trafford, bury = outcome("E08000009"), outcome("E08000002")
    assert (trafford.value, bury.value) == (639.4, 644.7)
    assert trafford.england == bury.england == 498.2
    assert trafford.region == 637.6  # North West
    assert trafford.council_type_name == "Metropolitan District"
    assert trafford.quartile == 4 and trafford.ranked_of == 150  # lower is better; one [c]
    assert trafford.ci_low < 639.4 < trafford.ci_high
    assert trafford.funnel_position == "above the 99.8% limit"


def test_the_lg_inform_extract_agrees_with_the_ascof_file_wherever_both_have_a_figure(real):
    extract = parse_lginform(ADMISSIONS)
    published = [r for r in extract.rows if r.financial_year == "2020-21" and r.value is not None]
    compared = 0
    for row in extract.rows:
        if row.financial_year != "2020-21" or row.value is None:
            continue
        if row.area_code == areas.ENGLAND:
            assert outcome("E08000009").england == row.value
        else:
            assert outcome(row.area_code).value == row.value, row.area_name
            lgi = Benchmark.objects.get(
                council__ons_code=row.area_code, measure__source="lginform", period="2020-21"
            )
            assert lgi.value == row.value
        compared += 1
    assert compared == len(published) >= 16  # Trafford, its peers and England


def test_suppressed_figures_stay_missing_and_none_becomes_zero(real):
    markers = defaultdict(int)
    missing = MeasureValue.objects.filter(value__isnull=True, measure__source="ascof")
    for marker in missing.values_list("suppression", flat=True):
        markers[marker] += 1
    assert dict(markers) == {"[x]": 26_520, "[c]": 43}
    assert not Benchmark.objects.filter(value__isnull=True, rank__isnull=False).exists()


def test_each_council_type_group_is_the_sum_of_the_councils_assigned_to_it(real):
    """Checks the rules in areas.py (Inner London; the code a council had that year)."""
    for code in ("2A2", "2A1", "1C1A", "2D"):
        totals: dict[str, float] = defaultdict(float)
        suppressed: set[str] = set()
        published: dict[str, float] = {}
        for level, key, type_code, value in MeasureValue.objects.filter(
            measure__code=code, measure_type="numerator", period="2020-21"
        ).values_list(
            "geography__level", "geography__key", "geography__council_type_code", "value"
        ):
            if level == "council":
                if value is None:
                    suppressed.add(type_code)
                else:
                    totals[type_code] += value
            elif level == "council_type":
                published[key.removeprefix("type:")] = value
        checked = [t for t in published if t not in suppressed]
        assert len(checked) >= 4
        for type_code in checked:
            assert totals[type_code] == published[type_code], (code, type_code)


def test_trafford_nhs_peer_group_gives_the_peer_median(real, trafford):
    group = peers.peer_group_create(
        name="NHS England peer group",
        members=peers.codes_from_csv(PEERS.read_bytes()),
        council=trafford,
    )
    assert group.memberships.count() == 15
    profile = selectors.council_profile(council=trafford, peer_group_id=group.pk)
    row = next(r for g in profile.groups for r in g.rows if r.measure.code == "2A2")
    codes = group.memberships.values_list("council__ons_code", flat=True)
    values = [outcome(code).value for code in codes]
    assert row.peer_median == statistics.median(v for v in values if v is not None)
    assert row.peer_count == 15


def test_the_profile_reads_every_measure_in_a_handful_of_queries(real, client, trafford):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/data/councils/trafford/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "639.4" in html and "Data profile, 2020-21" in html
    with_figures = sum(1 for g in selectors.council_profile(council=trafford).groups if g.any_value)
    assert html.count('role="img"') == with_figures >= 12
    assert len(queries) <= 8


def test_the_csv_file_and_the_workbook_give_the_same_registry(real, db):
    from ascassure.apps.metrics.importing import plan_ascof
    from ascassure.domain.metrics import parse_ascof

    plan = plan_ascof(parse_ascof(REAL_CSV))
    stored = {m.code: m for m in Measure.objects.filter(source="ascof")}
    assert set(stored) == {code for _f, code in plan.measures}
    for (_f, code), spec in plan.measures.items():
        assert (stored[code].group, stored[code].statistic) == (spec.group, spec.statistic)
    assert stored["2A2"].statistic == "rate" and stored["2B1"].statistic == "proportion"
    assert stored["1A"].statistic == "survey" and stored["1F"].statistic == "value"
