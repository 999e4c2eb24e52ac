"""The shipped hexmap layout is exactly what the real ONS boundary file gives."""

import csv
import io
from pathlib import Path

import pytest

from ascassure.apps.public.selectors import hexmap_cells
from ascassure.cli import main

BOUNDARIES = (
    Path(__file__).resolve().parents[3].parent
    / "shared/fetched/Counties_and_Unitary_Authorities_December_2023_Boundaries_UK_BSC.geo.json"
)


@pytest.mark.skipif(
    not BOUNDARIES.exists(), reason=f"boundary file not beside the repo: {BOUNDARIES}"
)
def test_recomputing_the_layout_from_the_real_boundary_file_reproduces_the_shipped_one(capsys):
    assert main(["hexmap", str(BOUNDARIES)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    shipped = {(c.code, c.col, c.row) for c in hexmap_cells()}
    recomputed = {(r["ons_code"], int(r["col"]), int(r["row"])) for r in rows}
    assert recomputed == shipped


def test_a_boundary_file_without_the_councils_is_refused_naming_how_many_are_missing(
    tmp_path, capsys
):
    path = tmp_path / "empty.geojson"
    path.write_text('{"type": "FeatureCollection", "features": []}')
    assert main(["hexmap", str(path)]) == 2
    assert "no boundary for 153 council(s)" in capsys.readouterr().err
