"""Importing ASCOF, LG Inform and long files: the registry, atomicity, replacement, checks."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest

from apps.metrics.metrics_files import HEADER, SMALL, ascof_text
from ascassure.apps.metrics import services
from ascassure.apps.metrics.models import (
    Benchmark,
    DataImport,
    Geography,
    ImportStatus,
    Measure,
    MeasureValue,
    Source,
    Statistic,
)
from ascassure.apps.metrics.services import (
    ImportRefused,
    data_import_create,
    data_import_file,
    data_import_run,
)

pytestmark = pytest.mark.django_db


def run(path, **kwargs):
    return data_import_file(data=path.read_bytes(), file_name=path.name, **kwargs)


def value_of(ons, code, mtype="outcome", period="2020-21"):
    return MeasureValue.objects.get(
        geography__key=ons, measure__code=code, measure_type=mtype, period=period
    )


def test_an_ascof_file_builds_the_measure_registry_from_its_own_rows(seeded, ascof_file):
    result = run(ascof_file())
    assert result.status == ImportStatus.DONE
    assert result.periods == ["2020-21"]
    assert result.values_saved == sum(len(types) for types in SMALL.values())
    measures = {m.code: m for m in Measure.objects.filter(source=Source.ASCOF)}
    assert set(measures) == {"2A2", "1C1A", "1A"}
    rate = measures["2A2"]
    assert (rate.framework, rate.group, rate.disaggregations) == ("old", "2A2", ["Total"])
    assert rate.description.startswith("Long-term support needs of older adults")
    assert rate.measure_types == ["numerator", "denominator", "outcome"]
    assert (rate.statistic, rate.scale) == (Statistic.RATE, 100_000)
    assert (measures["1C1A"].statistic, measures["1C1A"].scale) == (Statistic.PROPORTION, 100)
    assert measures["1A"].statistic == Statistic.SURVEY
    assert measures["1A"].measure_types == ["outcome", "base", "moe"]
    assert value_of("E08000009", "2A2").value == 639.4


def test_a_suppressed_figure_stays_missing_with_its_marker_and_is_never_zero(small_import):
    kent = value_of("E10000016", "2A2")
    assert kent.value is None and kent.suppression == "[c]"
    camden_survey = value_of("E09000007", "1A")
    assert camden_survey.value is None and camden_survey.suppression == "[x]"
    assert not MeasureValue.objects.filter(value=0).exists()
    benchmark = Benchmark.objects.get(council__ons_code="E10000016", measure__code="2A2")
    assert benchmark.value is None and benchmark.suppression == "[c]"
    assert benchmark.rank is None and benchmark.quartile is None


def test_a_file_with_a_bad_row_changes_nothing_and_names_its_lines_and_columns(
    small_import, ascof_file, tmp_path
):
    before = (MeasureValue.objects.count(), Benchmark.objects.count(), Measure.objects.count())
    text = (
        ascof_text()
        .replace(",Outcome,639.4,", ",Outcome,6 39,")
        .replace("Manchester,Council", "Manchester,Parish")
    )
    bad = tmp_path / "ascof-2020-21.csv"
    bad.write_text(text.replace("1C1A,Total", "9Z,Total", 1), encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        run(bad)
    messages = [str(p) for p in refused.value.problems]
    assert any(m.startswith("line 4, column 'Measure Value': '6 39'") for m in messages)
    assert any("'Parish' is not a known geographical level" in m for m in messages)
    assert (MeasureValue.objects.count(), Benchmark.objects.count(), Measure.objects.count()) == (
        before
    )
    assert value_of("E08000009", "2A2").value == 639.4
    failed = DataImport.objects.exclude(pk=small_import.pk).get()
    assert failed.status == ImportStatus.FAILED
    assert failed.problem_count == len(messages)
    assert {
        "line": 4,
        "column": "Measure Value",
        "message": "'6 39' is not a number or a known suppression marker",
    } in failed.problems
    assert failed.content == b""


def test_reimporting_a_year_replaces_it_and_the_earlier_import_is_marked_replaced(
    small_import, ascof_file
):
    values = {k: dict(v) for k, v in SMALL.items() if k[1] != "1A"}
    values[("E08000009", "2A2")]["Outcome"] = "650.0"
    second = run(ascof_file(values))
    assert second.values_replaced == small_import.values_saved
    assert value_of("E08000009", "2A2").value == 650.0
    assert not MeasureValue.objects.filter(measure__code="1A").exists()
    assert not Benchmark.objects.filter(measure__code="1A").exists()
    assert MeasureValue.objects.count() == second.values_saved
    small_import.refresh_from_db()
    assert small_import.superseded_by == second


def test_two_years_are_kept_side_by_side(seeded, ascof_file):
    run(ascof_file(year="2019-20"))
    run(ascof_file(year="2020-21"))
    assert set(MeasureValue.objects.values_list("period", flat=True)) == {"2019-20", "2020-21"}
    measure = Measure.objects.get(code="2A2")
    assert (measure.first_period, measure.last_period) == ("2019-20", "2020-21")


def test_the_year_comes_from_the_option_when_the_file_name_has_none(seeded, ascof_file, tmp_path):
    nameless = tmp_path / "ascof.csv"
    nameless.write_bytes(ascof_file().read_bytes())
    with pytest.raises(ImportRefused, match="cannot tell the year from the file name"):
        run(nameless)
    assert run(nameless, year="2018-19").periods == ["2018-19"]


def test_a_windows_1252_file_with_other_header_and_label_spellings_imports(seeded, ascof_file):
    text = ascof_text(disaggregation="18 to 64").replace(
        HEADER,
        "GeographicalCode,Geographical Description,Geography Level,ONS Area Code,"
        "ASCOF Measure Code,Disaggregation Level,Measure Type,Measure Value,Measure Group,"
        "Measure Group Description",
    )
    text = text.replace("Social care-related quality of life", "Quality of life \u2013 score £")
    result = run(ascof_file(text=text, encoding="cp1252"))
    assert result.status == ImportStatus.DONE
    assert value_of("E08000009", "2A2").disaggregation == "18-64"
    assert Measure.objects.get(code="1A").description == "Quality of life \u2013 score £"


def test_an_xlsx_workbook_imports_the_same_values_as_its_csv(seeded, ascof_file, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for cells in csv.reader(ascof_text().splitlines()):
        sheet.append([float(c) if c.replace(".", "", 1).isdigit() else c for c in cells])
    path = tmp_path / "ascof-2020-21.xlsx"
    workbook.save(path)
    result = run(path)
    assert result.status == ImportStatus.DONE
    columns = ("geography__key", "measure__code", "measure_type", "value", "suppression")
    from_xlsx = set(MeasureValue.objects.values_list(*columns))
    run(ascof_file())
    from_csv = set(MeasureValue.objects.values_list(*columns))
    assert from_xlsx == from_csv
    assert len(from_csv) == result.values_saved


def test_an_lg_inform_extract_imports_financial_years_and_months(seeded, tmp_path):
    path = tmp_path / "extract.csv"
    path.write_text(
        "area_code,area_name,period,indicator,measure,unit,value\n"
        'E08000009,Trafford,2020/21,Admissions 65+,"Rate per 100,000",Persons,639.4\n'
        'E92000001,England,2020/21,Admissions 65+,"Rate per 100,000",Persons,498.2\n'
        "E08000009,Trafford,Nov 2023,Care homes good or outstanding,Percentage,Care Homes,81.2\n"
        "E08000002,Bury,Nov 2023,Care homes good or outstanding,Percentage,Care Homes,NA\n",
        encoding="utf-8",
    )
    result = run(path)
    assert result.source == Source.LGINFORM
    assert result.periods == ["2020-21", "2023M11"]
    admissions = Measure.objects.get(code="Admissions 65+")
    assert (admissions.framework, admissions.unit) == ("other", "Rate per 100,000")
    bury = value_of("E08000002", "Care homes good or outstanding", period="2023M11")
    assert bury.value is None and bury.suppression == "NA"
    trafford = Benchmark.objects.get(council__ons_code="E08000009", measure=admissions)
    assert (trafford.value, trafford.england) == (639.4, 498.2)


def test_a_long_file_matches_councils_by_name_or_code_and_keeps_its_counts(seeded, tmp_path):
    path = tmp_path / "local.csv"
    path.write_text(
        "council,period,measure,value,numerator,denominator\n"
        "Trafford,2020-21,Reviews done,55.0,550,1000\n"
        "E08000002,2020-21,Reviews done,60.0,600,1000\n"
        "england,2020-21,Reviews done,58.0,58000,100000\n"
        "Bury,2020-21,2A2,644.7,226,35054\n",
        encoding="utf-8",
    )
    result = run(path)
    assert result.source == Source.LONG
    reviews = Measure.objects.get(code="Reviews done")
    assert (reviews.framework, reviews.statistic, reviews.scale) == ("other", "proportion", 100)
    assert Measure.objects.get(source=Source.LONG, code="2A2").framework == "old"
    trafford = Benchmark.objects.get(council__ons_code="E08000009", measure=reviews)
    assert (trafford.numerator, trafford.denominator, trafford.england) == (550, 1000, 58.0)


def test_a_long_file_naming_an_unknown_council_is_refused_with_the_line(seeded, tmp_path):
    path = tmp_path / "local.csv"
    path.write_text(
        "council,period,measure,value\nTrafford,2020-21,X,1\nAtlantis,2020-21,X,2\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRefused) as refused:
        run(path)
    assert [str(p) for p in refused.value.problems] == [
        "line 3, column 'council': 'Atlantis' is not a council's name or ONS code, a "
        "region's ONS code or England"
    ]
    assert not MeasureValue.objects.exists()


def test_the_layout_is_told_from_the_header():
    assert services.source_detect(b"area_code,area_name,period,indicator,measure,unit,value\n")
    assert (
        services.source_detect(b"area_code,area_name,period,indicator,measure,unit,value\n")
        == Source.LGINFORM
    )
    assert services.source_detect(b"Council,Period,Measure,Value\n") == Source.LONG
    assert services.source_detect(HEADER.encode() + b"\n") == Source.ASCOF


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", services.EMPTY_FILE),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", services.NOT_CSV_OR_XLSX),
        (b"\x00\x01\x02binary,stuff", services.NOT_CSV_OR_XLSX),
        (b"just one line of words\n", services.NOT_CSV_OR_XLSX),
    ],
)
def test_a_file_that_is_neither_csv_nor_xlsx_by_content_is_refused(data, message):
    with pytest.raises(ImportRefused, match=re.escape(message)):
        services.file_check(data)


def test_a_zip_that_is_not_a_workbook_is_refused():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert services.file_kind(buffer.getvalue()) is None


def test_a_file_over_the_limit_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(services, "MAX_FILE_BYTES", 10)
    with pytest.raises(ImportRefused, match="smaller than 50 MB"):
        services.file_check(b"a,b\n1,2\n3,4\n")


def test_progress_is_reported_and_written_to_the_record_while_reading(
    seeded, tmp_path, monkeypatch
):
    monkeypatch.setattr(services, "PROGRESS_EVERY_SECONDS", 0)
    lines = ["council,period,measure,value"]
    lines += [f"Trafford,{year},M{m},{m}" for year in range(1900, 2100) for m in range(13)]
    path = tmp_path / "long.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data_import = data_import_create(data=path.read_bytes(), file_name=path.name)
    assert data_import.rows_total == 2600
    seen = []

    def progress(rows, total):
        stored = DataImport.objects.get(pk=data_import.pk).rows_done
        seen.append((rows, total, stored))

    done = data_import_run(data_import=data_import, progress=progress)
    assert seen == [(1000, 2600, 0), (2000, 2600, 1000), (2600, 2600, 2000)]
    assert done.status == ImportStatus.DONE
    assert (done.rows_done, done.percent_done) == (2600, 100)


def test_running_an_import_a_second_time_does_nothing(small_import):
    again = data_import_run(data_import=small_import)
    assert again.status == ImportStatus.DONE
    assert MeasureValue.objects.count() == small_import.values_saved


def test_a_failure_while_saving_leaves_no_trace(seeded, ascof_file, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "benchmarks_replace", broken)
    path = ascof_file()
    with pytest.raises(ImportRefused, match="could not be saved"):
        run(path)
    assert not MeasureValue.objects.exists()
    assert not Measure.objects.exists()
    assert not Geography.objects.exists()
    assert DataImport.objects.get().status == ImportStatus.FAILED
