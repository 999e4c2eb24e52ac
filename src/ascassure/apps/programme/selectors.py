"""What the plan page shows, computed from a run's plan document and its input (no queries)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from ascassure.domain.programme import Team

CHART_HEIGHT = 160
TEAM_CHART_HEIGHT = 60
CHART_BAR = 8


def _weekly_counts(
    assessments: Iterable[dict[str, Any]], start: date, weeks: int, onsite_weeks: int
) -> list[int]:
    """Councils on site in each week of the horizon (a visit lasts ``onsite_weeks``)."""
    counts = [0] * weeks
    for a in assessments:
        first = (date.fromisoformat(a["onsite"]) - start).days // 7
        for week in range(max(first, 0), min(first + onsite_weeks, weeks)):
            counts[week] += 1
    return counts


def _bar_chart(
    counts: list[int], capacities: Sequence[int], start: date, height: int
) -> dict[str, Any]:
    """Weekly counts against each week's capacity, with the geometry of a server-rendered SVG
    chart (the capacity drawn as a stepped line: lower in weeks an override closes)."""
    usual = max(set(capacities), key=list(capacities).count) if capacities else 0
    top = max([*capacities, *counts]) or 1
    scale = height / top
    rows = []
    steps = []
    for i, (n, capacity) in enumerate(zip(counts, capacities, strict=True)):
        bar = round(n * scale, 1)
        y = round(height - capacity * scale, 1)
        steps.append(f"{'M' if i == 0 else 'L'}{i * CHART_BAR} {y} H{(i + 1) * CHART_BAR}")
        rows.append(
            {
                "week": i + 1,
                "monday": start + timedelta(weeks=i),
                "visits": n,
                "capacity": capacity,
                "over": n > capacity,
                "x": i * CHART_BAR,
                "y": round(height - bar, 1),
                "height": bar,
            }
        )
    return {
        "rows": rows,
        "capacity": usual,
        "capacity_path": " ".join(steps),
        "weeks_changed": sum(c != usual for c in capacities),
        "width": max(len(counts) * CHART_BAR, CHART_BAR),
        "height": height,
        "top": top,
        "bar": CHART_BAR - 2,
        "busiest": max(counts, default=0),
        "weeks_over": sum(r["over"] for r in rows),
    }


def _capacities(document: dict[str, Any], national: Sequence[int] | None) -> list[int]:
    weeks = int(document["weeks"])
    if national is not None and len(national) == weeks:
        return list(national)
    return [int(document.get("capacity_per_week") or 1)] * weeks


def weekly_load(
    document: dict[str, Any], *, onsite_weeks: int = 1, national: Sequence[int] | None = None
) -> dict[str, Any]:
    """On-site visits per week over the horizon, against the national capacity of each week
    (``national``, overrides applied; the plan's usual capacity when not given), with the
    geometry of a server-rendered SVG bar chart."""
    start = date.fromisoformat(document["start"])
    counts = _weekly_counts(
        document.get("assessments", []), start, int(document["weeks"]), onsite_weeks
    )
    return _bar_chart(counts, _capacities(document, national), start, CHART_HEIGHT)


def team_load(
    document: dict[str, Any],
    teams: Sequence[Team],
    *,
    onsite_weeks: int = 1,
    national: Sequence[int] | None = None,
) -> dict[str, Any] | None:
    """Per regional team, its councils on site each week against the team's own weekly
    capacity (never more than the week's national capacity, so a closed week is closed for
    every team): a small chart per team and one table of every team's weeks. None when the
    input has no regional teams."""
    if not teams:
        return None
    start = date.fromisoformat(document["start"])
    weeks = int(document["weeks"])
    assessments = document.get("assessments", [])
    charts = []
    for number, team in enumerate(teams, start=1):
        regions = set(team.regions)
        counts = _weekly_counts(
            (a for a in assessments if a["region"] in regions), start, weeks, onsite_weeks
        )
        charts.append(
            {
                "number": number,
                "name": team.name,
                "regions": list(team.regions),
                "councils": sum(a["region"] in regions for a in assessments),
                **_bar_chart(
                    counts,
                    [min(team.onsite_per_week, c) for c in _capacities(document, national)],
                    start,
                    TEAM_CHART_HEIGHT,
                ),
            }
        )
    table = [
        {
            "monday": start + timedelta(weeks=i),
            "cells": [
                {
                    "visits": chart["rows"][i]["visits"],
                    "capacity": chart["rows"][i]["capacity"],
                    "over": chart["rows"][i]["over"],
                }
                for chart in charts
            ],
        }
        for i in range(weeks)
    ]
    return {"teams": charts, "weeks": table}


def calendar_by_region(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Per region, the months with on-site visits and the councils visited in each."""
    regions: dict[str, dict[date, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for a in document.get("assessments", []):
        onsite = date.fromisoformat(a["onsite"])
        regions[a["region"]][onsite.replace(day=1)].append(
            {**a, "onsite_date": onsite, "notification_date": date.fromisoformat(a["notification"])}
        )
    return [
        {
            "region": region,
            "count": sum(len(v) for v in months.values()),
            "months": [
                {"month": month, "councils": sorted(months[month], key=lambda r: r["onsite"])}
                for month in sorted(months)
            ],
        }
        for region, months in sorted(regions.items())
    ]


def plan_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The assessments in on-site order, with dates as dates."""
    rows = []
    for a in document.get("assessments", []):
        rows.append(
            {
                **a,
                "notification_date": date.fromisoformat(a["notification"]),
                "onsite_date": date.fromisoformat(a["onsite"]),
                "publication_date": date.fromisoformat(a["publication"]),
            }
        )
    return sorted(rows, key=lambda r: (r["onsite"], r["name"]))


EXPORT_COLUMNS = [
    ("council", "ONS code"),
    ("name", "Council"),
    ("region", "Region"),
    ("type", "Type"),
    ("icb", "ICB"),
    ("notification", "Notification (week of)"),
    ("onsite", "On site (week of)"),
    ("publication", "Publication (week of)"),
    ("notice_weeks", "Notice (weeks)"),
]


def plan_quality(document: dict[str, Any]) -> dict[str, Any] | None:
    """How far the plan may be from the best possible: its total, the lowest total any plan
    from the same inputs could have (the best bound, a whole number of points) and the gap
    between them as a percentage of the total. None when the run found no plan."""
    objective = document.get("objective") or {}
    total, bound = objective.get("total"), objective.get("best_bound")
    if total is None or bound is None:
        return None
    lowest = min(total, math.ceil(bound - 1e-6))
    gap = (total - lowest) / total * 100 if total else 0.0
    return {"total": total, "bound": lowest, "gap": f"{gap:.1f}", "best": lowest >= total}
