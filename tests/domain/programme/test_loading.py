"""Reading a programme input file: the example loads, and bad input names its field."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from ascassure.domain.programme import InputError, example_document, load_input, parse_input


def example() -> dict[str, Any]:
    return copy.deepcopy(example_document())


def refused(document: dict[str, Any]) -> InputError:
    with pytest.raises(InputError) as caught:
        parse_input(document)
    return caught.value


def test_the_example_input_loads_every_council_and_every_factor() -> None:
    inputs = parse_input(example())

    assert len(inputs.councils) == 153
    assert inputs.capacity.teams and inputs.capacity.onsite_overrides
    assert any(c.lock for c in inputs.councils)
    assert any(c.previous_onsite for c in inputs.councils)
    assert any(c.priority_reasons for c in inputs.councils)
    assert any(c.forbidden for c in inputs.councils)
    assert any(c.ofsted_last_inspection for c in inputs.councils)
    assert any(c.last_published for c in inputs.councils)
    assert inputs.national_blackouts and inputs.elections


def test_the_example_survives_a_round_trip_through_a_json_file(tmp_path: Any) -> None:
    path = tmp_path / "programme.json"
    path.write_text(json.dumps(example()), encoding="utf-8")

    assert load_input(path) == parse_input(example())


def test_an_unknown_council_is_refused_naming_the_field() -> None:
    document = example()
    document["council_details"][0]["council"] = "E99999999"

    error = refused(document)

    assert error.field == "council_details[0].council"
    assert "E99999999" in str(error)


def test_a_window_that_ends_before_it_starts_is_refused_naming_its_end() -> None:
    document = example()
    detail = next(d for d in document["council_details"] if "forbidden" in d)
    index = document["council_details"].index(detail)
    detail["forbidden"][0]["end"] = "2020-01-01"

    error = refused(document)

    assert error.field == f"council_details[{index}].forbidden[0].end"
    assert "before it starts" in error.message


def test_a_weekly_capacity_of_zero_is_refused_naming_the_field() -> None:
    document = example()
    document["capacity"]["onsite_per_week"] = 0

    assert refused(document).field == "capacity.onsite_per_week"


def test_a_team_capacity_of_zero_is_refused_naming_the_team() -> None:
    document = example()
    document["capacity"]["teams"][1]["onsite_per_week"] = 0

    assert refused(document).field == "capacity.teams[1].onsite_per_week"


def test_a_plan_start_that_is_not_a_monday_is_refused() -> None:
    document = example()
    document["start"] = "2024-01-09"

    error = refused(document)

    assert error.field == "start"
    assert "Tuesday" in error.message


def test_a_misspelt_field_is_refused_rather_than_ignored() -> None:
    document = example()
    document["weights"]["icb_grouping_weight"] = 3

    assert refused(document).field == "weights.icb_grouping_weight"


def test_a_locked_visit_outside_the_horizon_is_refused() -> None:
    document = example()
    document["locked"][0]["onsite"] = "2030-01-07"

    assert refused(document).field == "locked[0].onsite"


def test_a_team_naming_an_unknown_region_is_refused() -> None:
    document = example()
    document["capacity"]["teams"][0]["regions"].append("Wales")

    assert refused(document).field == "capacity.teams[0].regions[2]"


def test_an_unknown_priority_reason_is_refused() -> None:
    document = example()
    document["council_details"][0]["priority"] = ["celebrity"]

    assert refused(document).field == "council_details[0].priority[0]"


def test_an_election_of_an_unknown_kind_is_refused() -> None:
    document = example()
    document["windows"]["elections"] = [
        {"council": "E09000007", "poll": "2026-05-07", "window_start": "2026-03-30", "kind": "snap"}
    ]

    assert refused(document).field == "windows.elections[0].kind"


def test_a_date_that_is_not_iso_is_refused_naming_the_field() -> None:
    document = example()
    document["locked"][0]["notification"] = "4 December 2023"

    assert refused(document).field == "locked[0].notification"


def test_a_council_excluded_from_scope_cannot_carry_details() -> None:
    document = example()
    code = document["council_details"][0]["council"]
    document["exclude"] = [code]

    error = refused(document)

    assert error.field == "council_details[0].council"
    assert "not among the councils to plan" in error.message


def test_a_subset_of_councils_can_be_planned() -> None:
    document = example()
    document["councils"] = ["E09000007", "E09000012"]
    document["council_details"] = [
        d for d in document["council_details"] if d["council"] in document["councils"]
    ]
    document["locked"] = []
    document["previous_plan"] = [
        p for p in document["previous_plan"] if p["council"] in document["councils"]
    ]

    inputs = parse_input(document)

    assert [c.council.code for c in inputs.councils] == ["E09000007", "E09000012"]
