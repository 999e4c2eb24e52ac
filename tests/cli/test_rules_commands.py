import json

import pytest

from ascassure.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_score_prints_rating_percentage_and_position(capsys):
    code, out, _ = run(capsys, "score", "3", "3", "2", "3", "3", "2", "3", "3", "3")
    assert code == 0
    assert out.splitlines()[0] == "Good, 70%"
    assert "near the bottom of Good" in out


def test_score_json_has_an_integer_percent_and_the_rating(capsys):
    code, out, _ = run(capsys, "score", "2", "2", "2", "2", "2", "2", "2", "2", "3", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["percent"] == 53 and isinstance(data["percent"], int)  # 19/36 = 52.8 -> 53
    assert data["rating"] == "Requires improvement"


def test_score_rounds_up_as_published_14_of_36_is_39_percent(capsys):
    _, out, _ = run(capsys, "score", *["2", "2", "2", "1", "1", "2", "1", "2", "1"], "--json")
    assert json.loads(out)["percent"] == 39
    assert json.loads(out)["rating"] == "Requires improvement"


def test_score_leaves_out_quality_statements_not_assessed(capsys):
    _, out, _ = run(capsys, "score", "4", "4", "4", "-", "-", "-", "-", "-", "4", "--json")
    data = json.loads(out)
    assert (data["assessed"], data["percent"], data["rating"]) == (4, 100, "Outstanding")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["3"] * 8, "expected 9 scores, one per quality statement in QS order, got 8"),
        (["3", "3", "0", *["3"] * 6], "QS3 score must be 1, 2, 3, 4 or - for not assessed"),
        (["-"] * 9, "at least one quality statement must be assessed"),
    ],
)
def test_a_bad_score_or_count_exits_2_and_says_what_is_wrong(capsys, args, message):
    code, out, err = run(capsys, "score", *args)
    assert code == 2
    assert out == ""
    assert message in err


def test_timeline_gives_the_default_milestones_from_the_notification(capsys):
    code, out, _ = run(capsys, "timeline", "--notified", "2026-01-12", "--json")
    milestones = {m["key"]: m for m in json.loads(out)}
    assert code == 0
    assert milestones["ir_due"]["date"] == "2026-02-02"  # 3 weeks
    assert milestones["onsite_window"]["date"] == "2026-03-16"  # 9 weeks
    assert milestones["onsite_window"]["end"] == "2026-03-30"  # 11 weeks


def test_fac_deadline_skips_christmas_and_new_year(capsys):
    code, out, _ = run(capsys, "fac-deadline", "--sent", "2025-12-19", "--json")
    assert code == 0
    assert json.loads(out)["closes"] == "2026-01-07"


def test_a_date_that_is_not_iso_is_refused(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["fac-deadline", "--sent", "19/12/2025"])
    assert exit_info.value.code == 2
    assert "is not a date like 2026-01-12" in capsys.readouterr().err
