import csv
import io
import json
from pathlib import Path

import pytest

from ascassure.apps.councils.models import PublishedResult
from ascassure.cli import main

pytestmark = pytest.mark.django_db
SHIPPED = Path(__file__).resolve().parents[2] / "src/ascassure/data/published_ratings_2025-10.csv"


def test_ratings_import_then_export_as_csv_and_json(capsys):
    assert main(["ratings", "import", str(SHIPPED)]) == 0
    assert "72 created, 0 updated, 0 unchanged" in capsys.readouterr().out
    assert main(["ratings", "import", str(SHIPPED)]) == 0
    assert "0 created, 0 updated, 72 unchanged" in capsys.readouterr().out

    assert main(["ratings", "export"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 72
    blackpool = next(r for r in rows if r["ons_code"] == "E06000009")
    assert (blackpool["overall_rating"], blackpool["percent"]) == ("Inadequate", "34")

    assert main(["ratings", "export", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"la_name", "ons_code", "publication_month", "percent", "overall_rating", "qs1"} <= set(
        data[0]
    )


def test_ratings_import_of_a_bad_file_exits_2_and_changes_nothing(capsys, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        SHIPPED.read_text(encoding="utf-8").replace(
            ",Good,2,3,3,2,3,3,2,3,3,", ",Goodish,2,3,3,2,3,3,2,3,3,", 1
        ),
        encoding="utf-8",
    )
    assert main(["ratings", "import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert (
        "line 3: overall_rating must be Inadequate, Requires improvement, Good or Outstanding"
        in err
    )
    assert "nothing was imported" in err
    assert PublishedResult.objects.count() == 0


def test_ratings_import_of_a_missing_file_says_so(capsys, tmp_path):
    assert main(["ratings", "import", str(tmp_path / "nope.csv")]) == 2
    assert "no such file" in capsys.readouterr().err
