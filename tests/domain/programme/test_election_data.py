"""The preloaded election and blackout windows for 2024-2026."""

from __future__ import annotations

from collections import Counter
from datetime import date

from ascassure.domain.programme import (
    builtin_elections,
    builtin_national_blackouts,
    reference_councils,
)


def test_the_2024_general_election_blackout_runs_from_dissolution_to_polling_day() -> None:
    windows = {(w.start, w.end) for w in builtin_national_blackouts()}

    assert (date(2024, 5, 25), date(2024, 7, 4)) in windows


def test_every_election_row_names_a_council_with_adult_social_care_duties() -> None:
    councils = reference_councils()

    assert all(e.council in councils for e in builtin_elections())


def test_every_pre_election_period_ends_on_polling_day_after_it_starts() -> None:
    for election in builtin_elections():
        assert election.window.end == election.poll
        assert election.window.start < election.poll


def test_each_council_has_at_most_one_poll_a_year() -> None:
    years = Counter((e.council, e.poll.year) for e in builtin_elections())

    assert max(years.values()) == 1


def test_the_polls_of_may_2024_2025_and_2026_are_all_preloaded() -> None:
    polls = Counter(e.poll for e in builtin_elections())

    assert set(polls) == {date(2024, 5, 2), date(2025, 5, 1), date(2026, 5, 7)}
    assert polls[date(2026, 5, 7)] == 87


def test_every_london_borough_elects_its_whole_council_in_may_2026() -> None:
    councils = reference_councils()
    boroughs = {c for c, info in councils.items() if info.la_type == "London borough"}
    all_out_2026 = {
        e.council for e in builtin_elections() if e.poll.year == 2026 and e.whole_council
    }

    assert len(boroughs) == 32
    assert boroughs <= all_out_2026


def test_the_county_councils_of_2025_elect_their_whole_council() -> None:
    kent = [e for e in builtin_elections() if e.council == "E10000016"]

    assert [(e.poll, e.kind) for e in kent] == [(date(2025, 5, 1), "all_out")]
