"""The pauses in publication preloaded from the programme's data files (reused, not copied):
``domain/programme/data/national_windows.csv`` (national pauses, such as the 2024 general
election period of 25 May to 4 July 2024) and ``elections.csv`` (each council's poll and its
pre-election period, such as the local elections of 7 May 2026). Plain Python."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ascassure.domain.reports import long_date

DATA = Path(__file__).resolve().parents[2] / "domain" / "programme" / "data"
NATIONAL_FILE = DATA / "national_windows.csv"
ELECTIONS_FILE = DATA / "elections.csv"


@dataclass(frozen=True, slots=True)
class PreloadWindow:
    key: str  # stable: loading again finds the row it made before
    name: str
    start: date
    end: date
    ons_code: str | None  # None for a national pause
    source: str


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def preload_windows() -> list[PreloadWindow]:
    out = []
    for row in _rows(NATIONAL_FILE):
        start, end = date.fromisoformat(row["start"]), date.fromisoformat(row["end"])
        out.append(
            PreloadWindow(
                key=f"national:{start.isoformat()}:{end.isoformat()}",
                name=row["name"].strip() or "National pause",
                start=start,
                end=end,
                ons_code=None,
                source=row.get("source", "").strip() or NATIONAL_FILE.name,
            )
        )
    for row in _rows(ELECTIONS_FILE):
        poll = date.fromisoformat(row["poll_date"])
        out.append(
            PreloadWindow(
                key=f"election:{row['ons_code']}:{poll.isoformat()}",
                name=f"Pre-election period, local elections of {long_date(poll)}",
                start=date.fromisoformat(row["window_start"]),
                end=poll,
                ons_code=row["ons_code"],
                source=f"{ELECTIONS_FILE.name} ({row.get('basis', '').strip() or 'unstated'})",
            )
        )
    return out
