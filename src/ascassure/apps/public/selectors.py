"""Reads for the public: only published results, never anything in draft."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from ascassure.apps.councils.models import Council
from ascassure.apps.councils.selectors import latest_results
from ascassure.domain.hexmap import Cell, cell_centre, hexagon_points, read_layout_csv


@cache
def hexmap_cells() -> tuple[Cell, ...]:
    return read_layout_csv(Path(str(resources.files("ascassure") / "data" / "hexmap.csv")))


@dataclass(frozen=True)
class MapHex:
    code: str
    name: str
    slug: str
    rating: str
    percent: int | None
    points: str
    x: float
    y: float


def national_map(*, radius: float = 13.0) -> tuple[list[MapHex], float, float]:
    """Hexagons for the 153 councils, coloured by latest published rating. Two queries."""
    latest = {result.council_id: result for result in latest_results()}
    councils = {c.ons_code: c for c in Council.objects.only("pk", "ons_code", "name", "slug")}
    cells = hexmap_cells()
    width = radius * 2 * 0.866  # a pointy-top hexagon's width
    rows = max(c.row for c in cells)
    hexes = []
    for cell in cells:
        council = councils.get(cell.code)
        if council is None:
            continue
        cx, _ = cell_centre(cell.col, cell.row)
        x = (cx + 0.5) * width + radius
        y = (rows - cell.row) * radius * 1.5 + radius * 1.2  # north up
        result = latest.get(council.pk)
        hexes.append(
            MapHex(
                code=cell.code,
                name=council.name,
                slug=council.slug,
                rating=result.rating if result else "",
                percent=result.percent if result else None,
                points=hexagon_points(x, y, radius - 0.8),
                x=x,
                y=y,
            )
        )
    total_width = (max(c.col for c in cells) + 2) * width + radius
    total_height = (rows + 1) * radius * 1.5 + radius * 1.5
    return hexes, total_width, total_height
