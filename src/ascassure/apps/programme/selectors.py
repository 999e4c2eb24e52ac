"""What the plan page shows, computed from a run's plan document (no queries)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

CHART_HEIGHT = 160
CHART_BAR = 8


def weekly_load(document: dict[str, Any]) -> dict[str, Any]:
    """On-site visits per week over the horizon, against the national capacity, with the
    geometry of a server-rendered SVG bar chart."""
    start = date.fromisoformat(document["start"])
    weeks = int(document["weeks"])
    capacity = int(document.get("capacity_per_week") or 1)
    counts = Counter(a["onsite"] for a in document.get("assessments", []))
    top = max([capacity, *counts.values()]) if counts else capacity
    scale = CHART_HEIGHT / top
    rows = []
    for i in range(weeks):
        monday = start + timedelta(weeks=i)
        n = counts.get(monday.isoformat(), 0)
        height = round(n * scale, 1)
        rows.append(
            {
                "week": i + 1,
                "monday": monday,
                "visits": n,
                "over": n > capacity,
                "x": i * CHART_BAR,
                "y": round(CHART_HEIGHT - height, 1),
                "height": height,
            }
        )
    return {
        "rows": rows,
        "capacity": capacity,
        "capacity_y": round(CHART_HEIGHT - capacity * scale, 1),
        "width": max(weeks * CHART_BAR, CHART_BAR),
        "height": CHART_HEIGHT,
        "top": top,
        "bar": CHART_BAR - 2,
        "busiest": max(counts.values()) if counts else 0,
    }


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
