"""Synthetic programmes for benchmarks and property tests (seeded, never the clock)."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from .inputs import (
    AvoidWindow,
    Capacity,
    CapacityOverride,
    CouncilInfo,
    CouncilPlanInput,
    DateWindow,
    Election,
    Lock,
    ProgrammeInput,
    RuleSettings,
    Team,
    Timing,
    Weights,
)

__all__ = ["synthetic_input"]

_REGIONS = (
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)
_TYPES = ("county council", "unitary authority", "metropolitan district", "London borough")


def synthetic_input(
    councils: int,
    weeks: int,
    *,
    seed: int = 0,
    start: date = date(2027, 1, 4),
    teams: bool = True,
) -> ProgrammeInput:
    """A random programme with every factor on, sized so that a plan exists.

    On-site capacity leaves about 25% slack over the weeks notice allows; report capacity
    leaves about 30% slack; a few councils are locked in distinct early weeks."""
    rng = random.Random(seed)
    timing = Timing()
    usable = max(1, weeks - timing.notice_weeks_min - 2)
    per_week = max(1, math.ceil(1.25 * councils / usable))
    months = max(1, (weeks + timing.publication_lag_weeks) * 12 // 52 - 3)
    per_month = max(1, math.ceil(1.3 * councils / months))

    infos: list[CouncilInfo] = []
    icb = 0
    while len(infos) < councils:
        region = rng.choice(_REGIONS)
        size = rng.randint(1, 8)
        for _ in range(min(size, councils - len(infos))):
            code = f"X{len(infos) + 1:08d}"
            infos.append(
                CouncilInfo(
                    code, f"Council {len(infos) + 1}", rng.choice(_TYPES), region, f"I{icb:04d}"
                )
            )
        icb += 1

    team_list: tuple[Team, ...] = ()
    if teams:
        groups = (_REGIONS[:3], _REGIONS[3:5], _REGIONS[5:7], _REGIONS[7:])
        team_list = tuple(
            Team(
                f"Team {i + 1}",
                group,
                max(1, math.ceil(1.4 * sum(1 for c in infos if c.region in group) / usable)),
            )
            for i, group in enumerate(groups)
        )

    def window(first_week: int, length_days: int) -> tuple[date, date]:
        first = start + timedelta(weeks=first_week, days=rng.randint(0, 6))
        return first, first + timedelta(days=length_days)

    plans: list[CouncilPlanInput] = []
    elections: list[Election] = []
    locks = min(per_week, 3, councils)
    for i, info in enumerate(infos):
        reasons: tuple[str, ...] = ()
        roll = rng.random()
        if roll < 0.05:
            reasons = ("concerns",)
        elif roll < 0.08:
            reasons = ("innovation",)
        forbidden: tuple[DateWindow, ...] = ()
        if rng.random() < 0.1:
            first, last = window(rng.randrange(weeks), rng.randint(2, 20))
            forbidden = (DateWindow(first, last, "major event"),)
        avoid: tuple[AvoidWindow, ...] = ()
        if rng.random() < 0.2:
            first, last = window(rng.randrange(weeks), rng.randint(14, 90))
            avoid = (AvoidWindow(first, last, "other inspection", rng.randint(1, 3)),)
        lock = None
        if i < locks:
            onsite = start + timedelta(weeks=1 + i)
            lock = Lock(onsite - timedelta(weeks=10), onsite)
        previous = None
        if rng.random() < 0.2:
            previous = start + timedelta(weeks=rng.randrange(timing.notice_weeks_min, weeks))
        last_published = None
        if rng.random() < 0.1:
            last_published = start - timedelta(days=rng.randint(500, 1300))
        ofsted = None
        if rng.random() < 0.15:
            ofsted = start - timedelta(days=rng.randint(400, 1200))
        if rng.random() < 0.3:
            poll = start + timedelta(weeks=rng.randrange(weeks), days=3)
            elections.append(
                Election(
                    info.code,
                    poll,
                    rng.choice(("all_out", "thirds")),
                    DateWindow(poll - timedelta(days=37), poll, "pre-election period"),
                )
            )
        plans.append(
            CouncilPlanInput(
                council=info,
                priority_reasons=reasons,
                forbidden=forbidden,
                avoid=avoid,
                ofsted_last_inspection=ofsted,
                last_published=last_published,
                lock=lock,
                previous_onsite=previous,
            )
        )

    christmas = [
        CapacityOverride(date(year, 12, 23), date(year + 1, 1, 2), 0, "Christmas")
        for year in range(start.year, start.year + weeks // 52 + 2)
    ]
    national = (
        DateWindow(
            start + timedelta(weeks=weeks // 2), start + timedelta(weeks=weeks // 2, days=34), "GE"
        ),
    )
    return ProgrammeInput(
        start=start,
        weeks=weeks,
        councils=tuple(plans),
        timing=timing,
        capacity=Capacity(
            onsite_per_week=per_week + 1,
            reports_per_month=per_month,
            teams=team_list,
            onsite_overrides=tuple(christmas),
        ),
        weights=Weights(),
        settings=RuleSettings(),
        national_blackouts=national,
        elections=tuple(elections),
    )
