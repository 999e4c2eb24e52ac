"""``ascassure hexmap``: compute the hexagon map layout from a boundary file."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    hexmap = subparsers.add_parser(
        "hexmap",
        help="compute the councils' hexagon map layout from an ONS boundary GeoJSON",
        description="Reads the label points (BNG_E, BNG_N) of the 153 councils from an ONS "
        "counties and unitary authorities boundary file and prints the layout as CSV "
        "(ons_code, name, col, row). The product ships the result as "
        "src/ascassure/data/hexmap.csv.",
    )
    hexmap.add_argument("boundaries", type=Path, metavar="BOUNDARIES.geojson")
    hexmap.add_argument(
        "--spacing", type=float, default=40_000, help="cell width in metres (default %(default)s)"
    )
    hexmap.set_defaults(handler=handle_hexmap)


def handle_hexmap(args: argparse.Namespace) -> int:
    from importlib import resources

    from ascassure.cli import CommandError
    from ascassure.domain.hexmap import HexmapError, centres_from_geojson, layout, write_layout_csv

    reference = Path(str(resources.files("ascassure") / "data" / "local_authorities.csv"))
    with open(reference, encoding="utf-8", newline="") as handle:
        codes = [row["ons_code"] for row in csv.DictReader(handle)]
    try:
        text = args.boundaries.read_text(encoding="utf-8")
        cells = layout(centres_from_geojson(text, codes=codes), spacing=args.spacing)
    except FileNotFoundError:
        raise CommandError(f"{args.boundaries}: no such file") from None
    except HexmapError as error:
        raise CommandError(f"{args.boundaries}: {error}") from None
    sys.stdout.write(write_layout_csv(cells))
    return 0
