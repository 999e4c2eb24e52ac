"""``ascassure metrics import|show|benchmarks`` on a slice of the real file and on bad files."""

from __future__ import annotations

import csv
import io
import json

import pytest

from apps.metrics.metrics_files import REAL_CSV, ascof_text, needs_fetched
from ascassure.apps.metrics.models import DataImport, MeasureValue
from ascassure.apps.metrics.registry import registry_seed
from ascassure.cli import main

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def seeded(db):
    registry_seed()


@pytest.fixture
def real_slice(tmp_path):
    """The rows of the real 2020-21 file for measures 2A1 and 2A2 (every area), as a file."""
    with REAL_CSV.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [row for row in reader if row[8] in {"2A1", "2A2"}]
    path = tmp_path / "meas-from-asc-of-eng-2021-slice.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path, len(rows)


@needs_fetched(REAL_CSV)
def test_import_then_show_trafford_2a2_from_the_real_file(capsys, real_slice):
    path, rows = real_slice
    assert main(["metrics", "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"Imported ASCOF open data 2020-21: {rows:,} values, 2 measures" in out

    assert (
        main(["metrics", "show", "--council", "E08000009", "--measure", "2A2", "--year", "2020-21"])
        == 0
    )
    text = capsys.readouterr().out
    assert "Trafford (E08000009), 2A2 Total, 2020-21" in text
    assert "value        639.4" in text
    assert "England      498.2" in text
    assert "region       637.6 (North West)" in text
    assert "quartile     4 (rank 114 of 150; lower is better)" in text
    assert "interval     564.8 to 721.2 (95%, Rate (exact Poisson limits))" in text

    assert (
        main(
            [
                "metrics",
                "show",
                "--council",
                "bury",
                "--measure",
                "2A2",
                "--year",
                "2020/21",
                "--json",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert (data["value"], data["england"], data["quartile"]) == (644.7, 498.2, 4)
    assert data["interval_method"] == "rate" and len(data["interval"]) == 2


@needs_fetched(REAL_CSV)
def test_importing_the_same_year_again_replaces_it(capsys, real_slice):
    path, rows = real_slice
    assert main(["metrics", "import", str(path), "--quiet"]) == 0
    assert main(["metrics", "import", str(path), "--quiet"]) == 0
    assert f"(replacing {rows:,})" in capsys.readouterr().out
    assert MeasureValue.objects.count() == rows


def test_a_bad_file_exits_2_lists_its_lines_and_changes_nothing(capsys, tmp_path):
    path = tmp_path / "ascof-2020-21.csv"
    path.write_text(ascof_text().replace(",Outcome,644.7,", ",Outcome,n/a,"), encoding="utf-8")
    assert main(["metrics", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "column 'Measure Value': 'n/a' is not a number or a known suppression marker" in err
    assert "line " in err and "nothing was imported" in err
    assert not MeasureValue.objects.exists()
    assert DataImport.objects.get().status == "failed"


def test_the_year_option_is_checked_and_used(capsys, tmp_path):
    path = tmp_path / "ascof.csv"
    path.write_text(ascof_text(), encoding="utf-8")
    assert main(["metrics", "import", str(path), "--year", "soon"]) == 2
    assert "is not a financial year" in capsys.readouterr().err
    assert main(["metrics", "import", str(path), "--year", "2019/20", "--quiet"]) == 0
    assert "Imported ASCOF open data 2019-20" in capsys.readouterr().out


def test_show_says_when_there_is_no_such_council_or_figure(capsys, tmp_path):
    path = tmp_path / "ascof-2020-21.csv"
    path.write_text(ascof_text(), encoding="utf-8")
    assert main(["metrics", "import", str(path), "--quiet"]) == 0
    capsys.readouterr()
    assert (
        main(["metrics", "show", "--council", "Atlantis", "--measure", "2A2", "--year", "2020-21"])
        == 2
    )
    assert "no council is 'Atlantis'" in capsys.readouterr().err
    assert (
        main(["metrics", "show", "--council", "trafford", "--measure", "9Z", "--year", "2020-21"])
        == 2
    )
    assert "no figure for Trafford, measure '9Z', 2020-21" in capsys.readouterr().err
    assert (
        main(["metrics", "show", "--council", "kent", "--measure", "2A2", "--year", "2020-21"]) == 0
    )
    out = capsys.readouterr().out
    assert "value        missing ([c])" in out and "quartile     - (not ranked)" in out


def test_a_missing_file_is_reported(capsys, tmp_path):
    assert main(["metrics", "import", str(tmp_path / "nope.csv")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_benchmarks_can_be_worked_out_again(capsys, tmp_path):
    path = tmp_path / "ascof-2020-21.csv"
    path.write_text(ascof_text(), encoding="utf-8")
    main(["metrics", "import", str(path), "--quiet"])
    capsys.readouterr()
    assert main(["metrics", "benchmarks"]) == 0
    assert "13 benchmarks worked out" in capsys.readouterr().out


def test_a_long_file_is_recognised_without_being_told(capsys, tmp_path):
    path = tmp_path / "local.csv"
    text = io.StringIO()
    text.write("council,period,measure,value\nTrafford,2020-21,Local reviews,55\n")
    path.write_text(text.getvalue(), encoding="utf-8")
    assert main(["metrics", "import", str(path)]) == 0
    assert "Imported Long CSV (council, period, measure, value) 2020-21: 1 values" in (
        capsys.readouterr().out
    )
