import pytest

from ascassure.apps.councils.models import (
    Council,
    CouncilIcbShare,
    CouncilType,
    IntegratedCareBoard,
    Region,
)
from ascassure.apps.councils.services import reference_data_load

pytestmark = pytest.mark.django_db


def test_the_153_councils_nine_regions_and_42_icbs_are_loaded():
    assert Council.objects.count() == 153
    assert Region.objects.count() == 9
    assert IntegratedCareBoard.objects.count() == 42


def test_every_council_has_exactly_one_primary_icb_share_matching_its_main_icb():
    for council in Council.objects.prefetch_related("icb_shares"):
        primaries = [s for s in council.icb_shares.all() if s.is_primary]
        assert len(primaries) == 1, council
        assert primaries[0].icb_id == council.icb_id, council


def test_split_councils_keep_each_icb_share():
    essex = Council.objects.get(name="Essex")
    shares = sorted(float(s.share) for s in essex.icb_shares.all())
    assert len(shares) > 1
    assert sum(shares) == pytest.approx(1.0, abs=0.001)


def test_council_types_are_mapped_from_the_file():
    assert Council.objects.get(ons_code="E08000009").council_type == CouncilType.METROPOLITAN
    assert Council.objects.get(name="Camden").council_type == CouncilType.LONDON_BOROUGH
    assert Council.objects.get(name="City of London").council_type == CouncilType.SPECIAL
    assert Council.objects.filter(council_type=CouncilType.COUNTY).count() == 21


def test_loading_the_reference_data_again_changes_nothing():
    before = list(Council.objects.values_list("pk", "ons_code", "name", "region_id", "icb_id"))
    shares_before = CouncilIcbShare.objects.count()
    report = reference_data_load()
    assert report.councils == 153
    assert list(Council.objects.values_list("pk", "ons_code", "name", "region_id", "icb_id")) == (
        before
    )
    assert CouncilIcbShare.objects.count() == shares_before == 166
