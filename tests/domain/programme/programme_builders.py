"""Keyword builders for small programme inputs used across the programme tests."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

from ascassure.domain.programme import (
    Capacity,
    CouncilInfo,
    CouncilPlanInput,
    ProgrammeInput,
    Timing,
    Weights,
)

START = date(2025, 1, 6)  # a Monday


def monday(week: int, start: date = START) -> date:
    return start + timedelta(weeks=week)


def make_council(
    code: str,
    *,
    region: str = "London",
    la_type: str = "London borough",
    icb: str | None = None,
    **details: Any,
) -> CouncilPlanInput:
    info = CouncilInfo(code, f"Council {code}", la_type, region, icb or f"ICB-{code}")
    return CouncilPlanInput(council=info, **details)


def make_input(
    councils: list[CouncilPlanInput] | int = 3,
    *,
    start: date = START,
    weeks: int = 30,
    onsite_per_week: int = 2,
    reports_per_month: int = 8,
    timing: Timing | None = None,
    weights: Weights | None = None,
    **fields: Any,
) -> ProgrammeInput:
    if isinstance(councils, int):
        councils = [make_council(f"C{i:02d}") for i in range(councils)]
    capacity = fields.pop(
        "capacity", Capacity(onsite_per_week=onsite_per_week, reports_per_month=reports_per_month)
    )
    return ProgrammeInput(
        start=start,
        weeks=weeks,
        councils=tuple(sorted(councils, key=lambda c: c.council.code)),
        timing=timing or Timing(),
        capacity=capacity,
        weights=weights or Weights(),
        **fields,
    )


def only_weights(**weights: int) -> Weights:
    """Every soft rule off except the ones named."""
    zero = {name: 0 for name in Weights().as_dict()}
    return dataclasses.replace(Weights(), **{**zero, **weights})
