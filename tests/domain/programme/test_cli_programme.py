"""``ascassure programme example|plan`` through its own argparse registration."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ascassure.cli.programme import register
from ascassure.domain.programme import parse_input

SMALL = ["E09000007", "E09000012", "E09000018", "E08000003", "E08000035", "E10000016"]


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="ascassure")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return int(args.handler(args))


def small_example(tmp_path: Path) -> Path:
    """The example cut down to six councils so the solver finishes quickly."""
    full = tmp_path / "full.json"
    assert run(["programme", "example", str(full)]) == 0
    document: dict[str, Any] = json.loads(full.read_text(encoding="utf-8"))
    document["councils"] = SMALL
    document["weeks"] = 40
    document["council_details"] = [d for d in document["council_details"] if d["council"] in SMALL]
    document["locked"] = [d for d in document["locked"] if d["council"] in SMALL]
    document["previous_plan"] = [d for d in document["previous_plan"] if d["council"] in SMALL]
    path = tmp_path / "small.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_example_writes_a_complete_input_to_standard_output(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["programme", "example"]) == 0

    inputs = parse_input(json.loads(capsys.readouterr().out))
    assert len(inputs.councils) == 153


def test_plan_prints_json_with_capacity_and_monday_dates_for_every_council(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = small_example(tmp_path)
    capsys.readouterr()

    status = run(
        [
            "programme",
            "plan",
            str(path),
            "--json",
            "--time-limit",
            "3",
            "--seed",
            "1",
            "--workers",
            "1",
        ]
    )

    plan = json.loads(capsys.readouterr().out)
    assert status == 0
    assert plan["capacity_per_week"] == 2
    assert sorted(a["council"] for a in plan["assessments"]) == sorted(SMALL)
    for a in plan["assessments"]:
        for key in ("notification", "onsite", "publication"):
            assert date.fromisoformat(a[key]).weekday() == 0
    assert {r["rule"] for r in plan["objective"]["rules"]} >= {"priority", "icb_grouping"}
    assert plan["greedy"]["complete"] is True


def test_plan_prints_text_with_the_breakdown_and_the_greedy_comparison(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = small_example(tmp_path)
    capsys.readouterr()

    assert run(["programme", "plan", str(path), "--time-limit", "2", "--workers", "1"]) == 0

    text = capsys.readouterr().out
    assert "Objective by soft rule:" in text
    assert "solver / greedy =" in text
    assert "Camden" in text


def test_bad_input_exits_with_status_two_and_names_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = small_example(tmp_path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["capacity"]["onsite_per_week"] = 0
    path.write_text(json.dumps(document), encoding="utf-8")

    assert run(["programme", "plan", str(path)]) == 2
    assert "capacity.onsite_per_week" in capsys.readouterr().err


def test_a_missing_input_file_exits_with_status_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["programme", "plan", str(tmp_path / "nope.json")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_a_plan_whose_hard_rules_clash_exits_with_status_one_and_names_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = small_example(tmp_path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["locked"] = [
        {"council": "E09000007", "notification": "2023-12-04", "onsite": "2024-02-12"},
        {"council": "E09000012", "notification": "2023-12-04", "onsite": "2024-02-12"},
    ]
    path.write_text(json.dumps(document), encoding="utf-8")

    assert run(["programme", "plan", str(path), "--time-limit", "2"]) == 1

    out = capsys.readouterr().out
    assert "team_capacity" in out and "locked" in out
