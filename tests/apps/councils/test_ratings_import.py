from pathlib import Path

import pytest

from ascassure.apps.councils.models import PublishedResult
from ascassure.apps.councils.selectors import published_results_export
from ascassure.apps.councils.services import ImportRejected, published_results_import
from ascassure.domain.published import PublishedFileError, read_published, write_published_csv

pytestmark = pytest.mark.django_db

SHIPPED = Path(__file__).resolve().parents[3] / "src/ascassure/data/published_ratings_2025-10.csv"
HEADER = "la_name,ons_code,assessment_type,publication_month,overall_rating," + ",".join(
    f"qs{n}" for n in range(1, 10)
)


def test_the_72_published_results_import_and_all_agree_with_the_rules():
    report = published_results_import(text=SHIPPED.read_text(encoding="utf-8"))
    assert (report.created, report.updated, report.unchanged) == (72, 0, 0)
    assert report.disagreements == []
    assert PublishedResult.objects.count() == 72
    camden = PublishedResult.objects.get(council__name="Camden")
    assert camden.rating == "Outstanding"


def test_reimporting_the_same_file_changes_nothing():
    text = SHIPPED.read_text(encoding="utf-8")
    published_results_import(text=text)
    stamps = list(PublishedResult.objects.order_by("pk").values_list("pk", "imported_at"))
    report = published_results_import(text=text)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 72)
    assert list(PublishedResult.objects.order_by("pk").values_list("pk", "imported_at")) == stamps


def test_a_bad_row_rejects_the_whole_file_with_its_line_number():
    text = "\n".join(
        [
            HEADER,
            "Trafford,E08000009,formal,2025-01,Good,3,3,3,3,3,3,3,3,3",
            "Bury,E08000002,formal,2025-02,Good,3,3,5,3,3,3,3,3,3",
            "Nowhere,E99999999,formal,2025-03,Good,3,3,3,3,3,3,3,3,3",
        ]
    )
    with pytest.raises(ImportRejected) as rejected:
        published_results_import(text=text)
    messages = [str(p) for p in rejected.value.problems]
    assert messages == [
        "line 3: qs3 must be 1, 2, 3, 4 or - for not assessed (got '5')",
        "line 4: no council has the ONS code 'E99999999'",
    ]
    assert PublishedResult.objects.count() == 0


def test_skip_invalid_imports_the_good_rows_and_lists_the_bad():
    text = "\n".join(
        [
            HEADER,
            "Trafford,E08000009,formal,2025-01,Good,3,3,3,3,3,3,3,3,3",
            "Bury,E08000002,formal,2025-13,Good,3,3,3,3,3,3,3,3,3",
        ]
    )
    report = published_results_import(text=text, skip_invalid=True)
    assert report.created == 1
    assert [str(p) for p in report.skipped] == [
        "line 3: month must be between 01 and 12 (got '2025-13')"
    ]


def test_a_council_can_be_named_instead_of_coded():
    text = HEADER + "\nTrafford Council,,formal,2025-01,Good,3,3,3,3,3,3,3,3,3\n"
    published_results_import(text=text)
    assert PublishedResult.objects.get().council.ons_code == "E08000009"


def test_a_published_rating_that_disagrees_with_the_rules_is_imported_and_reported():
    text = HEADER + "\nTrafford,E08000009,formal,2025-01,Outstanding,3,3,3,3,3,3,3,3,3\n"
    report = published_results_import(text=text)
    assert report.disagreements == [
        "line 2: Trafford was published as Outstanding, but its scores give Good at 75%"
    ]
    assert PublishedResult.objects.get().rating == "Outstanding"


def test_a_file_without_the_score_columns_is_refused_naming_them():
    with pytest.raises(PublishedFileError, match="missing column\\(s\\): qs8, qs9"):
        read_published(
            "ons_code,publication_month,overall_rating," + ",".join(f"qs{n}" for n in range(1, 8))
        )


def test_a_repeated_result_in_one_file_is_refused():
    row = "Trafford,E08000009,formal,2025-01,Good,3,3,3,3,3,3,3,3,3"
    with pytest.raises(ImportRejected) as rejected:
        published_results_import(text="\n".join([HEADER, row, row]))
    assert str(rejected.value.problems[0]) == ("line 3: repeats the result for Trafford on line 2")


def test_export_round_trips_through_import():
    published_results_import(text=SHIPPED.read_text(encoding="utf-8"))
    exported = write_published_csv(published_results_export())
    assert exported.count("\n") == 73
    PublishedResult.objects.all().delete()
    report = published_results_import(text=exported)
    assert report.created == 72
    assert report.disagreements == []
