"""Reference data: the 153 councils and the preloaded election and blackout windows."""

from __future__ import annotations

import csv
from datetime import date
from functools import cache
from pathlib import Path

from .inputs import CouncilInfo, DateWindow, Election

__all__ = [
    "ELECTION_KINDS",
    "builtin_elections",
    "builtin_national_blackouts",
    "reference_councils",
]

ELECTION_KINDS = ("all_out", "thirds", "halves")

_PACKAGE_DATA = Path(__file__).resolve().parent / "data"
_REFERENCE_DATA = Path(__file__).resolve().parents[2] / "data"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def reference_councils() -> dict[str, CouncilInfo]:
    """The councils with adult social care duties, by ONS code (ordered by code)."""
    rows = _rows(_REFERENCE_DATA / "local_authorities.csv")
    councils = {
        row["ons_code"]: CouncilInfo(
            code=row["ons_code"],
            name=row["la_name"],
            la_type=row["la_type"],
            region=row["region"],
            icb=row["icb_code"],
        )
        for row in rows
    }
    return dict(sorted(councils.items()))


@cache
def builtin_national_blackouts() -> tuple[DateWindow, ...]:
    """National publication blackouts from ``data/national_windows.csv``."""
    return tuple(
        DateWindow(date.fromisoformat(row["start"]), date.fromisoformat(row["end"]), row["name"])
        for row in _rows(_PACKAGE_DATA / "national_windows.csv")
    )


@cache
def builtin_elections() -> tuple[Election, ...]:
    """Council polls of 2024-2026 and their pre-election periods from ``data/elections.csv``."""
    elections = []
    for row in _rows(_PACKAGE_DATA / "elections.csv"):
        poll = date.fromisoformat(row["poll_date"])
        elections.append(
            Election(
                council=row["ons_code"],
                poll=poll,
                kind=row["kind"],
                window=DateWindow(
                    date.fromisoformat(row["window_start"]),
                    poll,
                    f"pre-election period, poll {poll.isoformat()}",
                ),
            )
        )
    return tuple(elections)
