"""The hand-maintained registry data: crosswalk, directions and the CQC mapping."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from ascassure.domain import metrics
from ascassure.domain.metrics import (
    CrosswalkEntry,
    Direction,
    MeasureDirection,
    RegistryDataError,
    check_registry,
    direction_for,
    load_crosswalk,
    load_directions,
    load_qs_mapping,
    new_code_for,
    qs_for_measure,
    split_measure_code,
)
from ascassure.domain.metrics.registry import EVIDENCE_CATEGORIES

CODE = re.compile(r"^[1-6][A-J](?:[12][AB]?)?$")
PACKAGE = Path(metrics.__file__).resolve().parent


def test_every_code_in_the_shipped_files_is_well_formed() -> None:
    codes = [d.code for d in load_directions()]
    codes += [e.old_code for e in load_crosswalk()]
    codes += [e.new_code for e in load_crosswalk() if e.new_code is not None]
    codes += [m.ascof_code for m in load_qs_mapping() if m.ascof_code is not None]
    assert codes
    assert [c for c in codes if not CODE.match(c)] == []


def test_each_measure_has_one_direction_per_framework() -> None:
    keys = [(d.framework, d.code) for d in load_directions()]
    assert len(keys) == len(set(keys))
    assert {d.direction for d in load_directions()} == {Direction.HIGHER, Direction.LOWER}
    assert len([k for k in keys if k[0] == "new"]) == 20


def test_only_admissions_delayed_transfers_and_workforce_turnover_are_lower_is_better() -> None:
    lower = {(d.framework, d.code) for d in load_directions() if d.direction is Direction.LOWER}
    assert lower == {
        ("old", "2A1"),
        ("old", "2A2"),
        ("old", "2C"),
        ("new", "2B"),
        ("new", "2C"),
        ("new", "6A"),
    }


def test_the_shipped_files_are_consistent_with_each_other() -> None:
    assert check_registry(load_crosswalk(), load_directions(), load_qs_mapping()) == []


def test_the_consistency_check_catches_a_crosswalk_pair_that_changes_direction() -> None:
    directions = (
        MeasureDirection("old", "2A2", Direction.LOWER, "admissions", "VERIFIED"),
        MeasureDirection("new", "2C", Direction.HIGHER, "admissions", "VERIFIED"),
    )
    crosswalk = (
        CrosswalkEntry("2A2", "2C", None, None, "VERIFIED", ""),
        CrosswalkEntry("9Z", "2Z", None, None, "VERIFIED", ""),
    )
    assert check_registry(crosswalk, directions, ()) == [
        "crosswalk: 2A2 (lower) → 2C (higher) changes direction",
        "crosswalk: old code '9Z' has no direction",
        "crosswalk: new code '2Z' has no direction",
    ]


def test_the_crosswalk_carries_the_renumbering_of_the_admissions_and_reablement_measures() -> None:
    pairs = {e.old_code: (e.new_code, e.new_part) for e in load_crosswalk()}
    assert pairs["2A1"] == ("2B", None)
    assert pairs["2A2"] == ("2C", None)
    assert pairs["2D"] == ("2A", None)
    assert pairs["1C2A"] == ("3D", "2a")
    assert pairs["1I1"] == ("5A", None)
    assert pairs["2C"] == (None, None)
    entry = new_code_for("1G")
    assert entry is not None and (entry.new_code, entry.series_break_from) == ("2E", "2024-25")
    assert new_code_for("9Z") is None


def test_a_direction_is_found_for_a_code_with_a_breakdown_suffix() -> None:
    assert direction_for("2A265OV", "old") is Direction.LOWER
    assert direction_for("1C1B85OV", "old") is Direction.HIGHER
    assert direction_for("6A") is Direction.LOWER
    with pytest.raises(KeyError, match="no direction recorded for new ASCOF code '2A2'"):
        direction_for("2A2")


@pytest.mark.parametrize(
    ("code", "split"),
    [
        ("1A", ("1A", "Total")),
        ("1A1864", ("1A", "18-64")),
        ("1AF", ("1A", "Female")),
        ("1F", ("1F", "Total")),
        ("1C1A", ("1C1A", "Total")),
        ("1C1B64U", ("1C1B", "64 and under")),
        ("2B185OV", ("2B1", "85 and over")),
        ("2B1M", ("2B1", "Male")),
        ("2B27584", ("2B2", "75-84")),
    ],
)
def test_a_measure_code_splits_into_group_and_breakdown(code: str, split: tuple[str, str]) -> None:
    assert split_measure_code(code) == split


def test_a_code_that_is_no_measure_code_is_refused_by_the_splitter() -> None:
    with pytest.raises(ValueError, match="'7Q' is not an ASCOF measure code"):
        split_measure_code("7Q")


def test_only_qs1_and_qs2_rows_claim_to_be_published_by_cqc() -> None:
    mapping = load_qs_mapping()
    assert {m.qs for m in mapping if m.status == "VERIFIED"} == {"QS1", "QS2"}
    assert {m.qs for m in mapping} == {f"QS{n}" for n in range(1, 8)}
    assert all(m.evidence_category in (None, "people", "processes") for m in mapping)


def test_the_quality_statements_of_a_measure_are_looked_up_from_the_mapping() -> None:
    assert {m.qs for m in qs_for_measure("4A")} == {"QS7"}
    assert {m.qs for m in qs_for_measure("3C")} == {"QS1", "QS5"}
    assert {m.qs for m in qs_for_measure("3A", "old")} == {"QS1"}
    assert qs_for_measure("2C") == ()


def test_a_malformed_code_in_a_directions_file_is_reported_with_its_line_and_column(
    tmp_path: Path,
) -> None:
    path = tmp_path / "directions.csv"
    path.write_text(
        "framework,code,direction,name,status\n"
        "new,2C,lower,Admissions,VERIFIED\n"
        "new,2c1,lower,Admissions,VERIFIED\n"
    )
    with pytest.raises(RegistryDataError) as error:
        load_directions(path)
    assert str(error.value) == (
        f"{path}: line 3, column 'code': '2c1' is not a well-formed measure code"
    )


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("new,2C,down,Admissions,VERIFIED", "column 'direction': 'down' is not one of"),
        ("new,2C,lower,Admissions,MAYBE", "column 'status': 'MAYBE' is not one of"),
        ("2023,2C,lower,Admissions,VERIFIED", "column 'framework': '2023' is not one of"),
        ("new,2C,lower,,VERIFIED", "column 'name': is empty"),
        ("new,2B,lower,Admissions,VERIFIED", "line 3: new code '2B' already given on line 2"),
    ],
)
def test_a_directions_file_with_a_bad_value_is_refused(
    tmp_path: Path, row: str, message: str
) -> None:
    path = tmp_path / "directions.csv"
    path.write_text(
        f"framework,code,direction,name,status\nnew,2B,lower,Admissions,VERIFIED\n{row}\n"
    )
    with pytest.raises(RegistryDataError, match=re.escape(message)):
        load_directions(path)


def test_a_registry_file_with_the_wrong_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "crosswalk.csv"
    path.write_text("old,new\n2A2,2C\n")
    with pytest.raises(RegistryDataError, match="the header must be old_code,new_code"):
        load_crosswalk(path)


def test_a_crosswalk_part_needs_a_new_code_and_a_break_year_must_be_a_year(
    tmp_path: Path,
) -> None:
    header = "old_code,new_code,new_part,series_break_from,status,note\n"
    path = tmp_path / "crosswalk.csv"
    path.write_text(header + "1C1A,,1a,,VERIFIED,\n")
    with pytest.raises(RegistryDataError, match="line 2, column 'new_part': a part needs"):
        load_crosswalk(path)
    path.write_text(header + "1G,2E,,2024,VERIFIED,\n")
    with pytest.raises(RegistryDataError, match="'2024' is not a year such as 2024-25"):
        load_crosswalk(path)


def test_a_qs_mapping_row_with_an_unknown_category_or_statement_is_refused(
    tmp_path: Path,
) -> None:
    header = "qs,evidence_category,indicator,source,framework,ascof_code,status\n"
    path = tmp_path / "qs.csv"
    path.write_text(header + "QS10,processes,Something,SAC,,,UNVERIFIED\n")
    with pytest.raises(RegistryDataError, match="'QS10' is not a quality statement code"):
        load_qs_mapping(path)
    path.write_text(header + "QS7,vibes,Something,SAC,,,UNVERIFIED\n")
    with pytest.raises(RegistryDataError, match="column 'evidence_category': 'vibes'"):
        load_qs_mapping(path)
    path.write_text(header + "QS7,processes,Something,SAC,,4A,UNVERIFIED\n")
    with pytest.raises(RegistryDataError, match="an ASCOF code needs its framework"):
        load_qs_mapping(path)


def test_the_data_folder_documents_each_file_it_holds() -> None:
    data = PACKAGE / "data"
    readme = (data / "README.md").read_text(encoding="utf-8")
    for csv_file in sorted(data.glob("*.csv")):
        assert f"## {csv_file.name}" in readme, csv_file.name


def test_no_module_of_the_metrics_package_imports_django_or_reads_the_clock() -> None:
    for source in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        imported = {
            alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        } | {
            (node.module or "").split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
        }
        assert "django" not in imported, source.name
        calls = {
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr in {"now", "today", "utcnow", "time"}
        }
        assert calls == set(), source.name


def test_the_evidence_categories_are_the_framework_files_own_codes() -> None:
    from ascassure.domain.framework import available_versions, load_framework

    for version in available_versions():
        codes = tuple(c.code for c in load_framework(version).categories)
        assert codes == EVIDENCE_CATEGORIES, version
    used = {m.evidence_category for m in load_qs_mapping()} - {None}
    assert used <= set(EVIDENCE_CATEGORIES)
