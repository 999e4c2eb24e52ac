"""A hexagon map of England's councils: one equal-sized hexagon each, placed near its place.

The layout is computed, not drawn by hand: the councils' centres (from a boundary file's
label points) are scaled onto a grid of pointy-top hexagons (odd rows shifted half a cell),
and each council is assigned a cell by an optimal assignment minimising the total squared
distance between councils and their cells. The same inputs always give the same layout.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

ROW_HEIGHT = math.sqrt(3) / 2  # distance between rows, in cell widths
_COST_SCALE = 1000


class HexmapError(ValueError):
    """The inputs cannot give a layout (a council without a centre, an unreadable file)."""


@dataclass(frozen=True)
class Cell:
    code: str
    name: str
    col: int
    row: int


def cell_centre(col: int, row: int) -> tuple[float, float]:
    """The centre of a cell in cell widths, x to the east and y to the north."""
    return col + (0.5 if row % 2 else 0.0), row * ROW_HEIGHT


def centres_from_geojson(text: str, *, codes: Iterable[str]) -> dict[str, tuple[str, float, float]]:
    """Each wanted council's name and label point (BNG_E, BNG_N) from an ONS boundary file."""
    try:
        data = json.loads(text)
        features = data["features"]
    except (ValueError, KeyError, TypeError) as error:
        raise HexmapError(f"not a GeoJSON feature collection: {error}") from None
    wanted = set(codes)
    found: dict[str, tuple[str, float, float]] = {}
    for number, feature in enumerate(features):
        properties = feature.get("properties") or {}
        code = next((v for k, v in properties.items() if k.endswith("CD")), None)
        if code not in wanted:
            continue
        name = next((v for k, v in properties.items() if k.endswith("NM")), code)
        try:
            found[code] = (str(name), float(properties["BNG_E"]), float(properties["BNG_N"]))
        except (KeyError, TypeError, ValueError):
            raise HexmapError(f"feature {number} ({code}) has no BNG_E/BNG_N label point") from None
    missing = sorted(wanted - set(found))
    if missing:
        raise HexmapError(f"no boundary for {len(missing)} council(s): {', '.join(missing[:5])}")
    return found


def layout(
    centres: Mapping[str, tuple[str, float, float]], *, spacing: float = 30_000.0, margin: int = 2
) -> tuple[Cell, ...]:
    """Assign each council a hexagon. `spacing` is the cell width in the centres' units."""
    from ortools.graph.python import linear_sum_assignment  # type: ignore[import-untyped]

    if not centres:
        raise HexmapError("no councils to place")
    if spacing <= 0:
        raise HexmapError("spacing must be positive")
    codes = sorted(centres)
    xs = [centres[c][1] / spacing for c in codes]
    ys = [centres[c][2] / spacing for c in codes]
    min_x, min_y = math.floor(min(xs)) - margin, math.floor(min(ys) / ROW_HEIGHT) - margin
    max_x, max_y = math.ceil(max(xs)) + margin, math.ceil(max(ys) / ROW_HEIGHT) + margin
    cells = [(col, row) for row in range(min_y, max_y + 1) for col in range(min_x, max_x + 1)]
    if len(cells) < len(codes):
        raise HexmapError("the grid has fewer cells than councils: lower the spacing")

    solver = linear_sum_assignment.SimpleLinearSumAssignment()
    # Councils are left nodes 0..n-1; padding nodes n..len(cells)-1 cost nothing anywhere.
    for left in range(len(cells)):
        for right, (col, row) in enumerate(cells):
            if left < len(codes):
                cx, cy = cell_centre(col, row)
                cost = round(((cx - xs[left]) ** 2 + (cy - ys[left]) ** 2) * _COST_SCALE)
            else:
                cost = 0
            solver.add_arc_with_cost(left, right, cost)
    if solver.solve() != solver.OPTIMAL:  # pragma: no cover - a square assignment always solves
        raise HexmapError("the assignment could not be solved")
    placed = []
    for left, code in enumerate(codes):
        col, row = cells[solver.right_mate(left)]
        placed.append(Cell(code=code, name=centres[code][0], col=col, row=row))
    # Shift so the smallest column and row are 0 (rows keep their parity for the offset).
    low_col = min(c.col for c in placed)
    low_row = min(c.row for c in placed)
    low_row -= low_row % 2
    return tuple(
        sorted(
            (Cell(c.code, c.name, c.col - low_col, c.row - low_row) for c in placed),
            key=lambda c: c.code,
        )
    )


def write_layout_csv(cells: Iterable[Cell]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["ons_code", "name", "col", "row"])
    for cell in cells:
        writer.writerow([cell.code, cell.name, cell.col, cell.row])
    return out.getvalue()


def read_layout_csv(path: Path) -> tuple[Cell, ...]:
    with open(path, encoding="utf-8", newline="") as handle:
        return tuple(
            Cell(row["ons_code"], row["name"], int(row["col"]), int(row["row"]))
            for row in csv.DictReader(handle)
        )


def hexagon_points(cx: float, cy: float, radius: float) -> str:
    """SVG polygon points of a pointy-top hexagon centred at (cx, cy) (SVG y grows down)."""
    points = []
    for corner in range(6):
        angle = math.radians(60 * corner - 30)
        points.append(f"{cx + radius * math.cos(angle):.1f},{cy + radius * math.sin(angle):.1f}")
    return " ".join(points)
