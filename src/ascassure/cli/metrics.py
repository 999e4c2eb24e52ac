"""``ascassure metrics import|show|benchmarks``: published measures in, one benchmark out."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

SOURCES = ("auto", "ascof", "lginform", "long")


def register(subparsers: argparse._SubParsersAction) -> None:
    metrics = subparsers.add_parser(
        "metrics", help="import published measures (ASCOF, LG Inform) and show benchmarks"
    )
    actions = metrics.add_subparsers(dest="action", metavar="ACTION", required=True)

    do_import = actions.add_parser(
        "import",
        help="import an ASCOF, LG Inform or long CSV/XLSX file",
        description="Reads and checks the whole file, then stores it in one transaction: a "
        "file with any problem changes nothing, and the problems are listed by line. "
        "Importing an ASCOF year again replaces that year.",
    )
    do_import.add_argument("file", type=Path, metavar="PATH")
    do_import.add_argument(
        "--year",
        default="",
        help="financial year of an ASCOF file, e.g. 2020-21 (default: from the file name)",
    )
    do_import.add_argument(
        "--source", choices=SOURCES, default="auto", help="layout (default: from the header)"
    )
    do_import.add_argument("--quiet", action="store_true", help="no progress bar")
    do_import.set_defaults(handler=handle_import)

    show = actions.add_parser("show", help="one council's benchmark for one measure and year")
    show.add_argument("--council", required=True, help="ONS code, name or slug")
    show.add_argument("--measure", required=True, help="measure code, e.g. 2A2")
    show.add_argument("--year", required=True, help="period, e.g. 2020-21")
    show.add_argument("--disaggregation", default="", help="breakdown (default: Total)")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=handle_show)

    recompute = actions.add_parser(
        "benchmarks", help="work out every benchmark again from the stored values"
    )
    recompute.set_defaults(handler=handle_benchmarks)


class _Bar:
    """A one-line progress bar on stderr when it is a terminal; nothing otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.last = 0.0

    def __call__(self, done: int, total: int | None) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < 0.1 and (total is None or done < total):
            return
        self.last = now
        if total:
            share = min(1.0, done / total)
            filled = int(share * 30)
            sys.stderr.write(f"\rReading [{'#' * filled}{'.' * (30 - filled)}] {done:,}/{total:,}")
        else:
            sys.stderr.write(f"\rReading {done:,} rows")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


def handle_import(args: argparse.Namespace) -> int:
    from ascassure.cli import CommandError, django_setup

    try:
        data = args.file.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"{args.file}: no such file") from None
    except IsADirectoryError:
        raise CommandError(f"{args.file}: is a folder, not a file") from None
    django_setup()
    from ascassure.apps.metrics.services import ImportRefused, data_import_file
    from ascassure.domain.metrics import financial_year

    year = ""
    if args.year:
        year = financial_year(args.year) or ""
        if not year:
            raise CommandError(f"--year {args.year!r} is not a financial year such as 2020-21")
    bar = _Bar(not args.quiet)
    started = time.perf_counter()
    try:
        result = data_import_file(
            data=data,
            file_name=args.file.name,
            source="" if args.source == "auto" else args.source,
            year=year,
            progress=bar,
        )
    except ImportRefused as refused:
        bar.close()
        for problem in refused.problems:
            print(f"{args.file}: {problem}", file=sys.stderr)
        hidden = refused.total - len(refused.problems)
        if hidden > 0:
            print(f"{args.file}: ... and {hidden} more", file=sys.stderr)
        raise CommandError(f"{args.file}: {refused}") from None
    bar.close()
    seconds = time.perf_counter() - started
    replaced = f" (replacing {result.values_replaced:,})" if result.values_replaced else ""
    print(
        f"Imported {result.get_source_display()} {', '.join(result.periods)}: "
        f"{result.values_saved:,} values{replaced}, {result.measures_count} measures, "
        f"{result.benchmarks_saved:,} benchmarks in {seconds:.1f} s"
    )
    for note in result.notes:
        print(f"Note: {note}")
    return 0


def handle_show(args: argparse.Namespace) -> int:
    from ascassure.cli import CommandError, django_setup

    django_setup()
    from ascassure.apps.councils.models import Council
    from ascassure.apps.metrics import selectors
    from ascassure.domain.metrics import financial_year

    try:
        council = selectors.council_find(args.council)
    except Council.DoesNotExist:
        raise CommandError(f"no council is {args.council!r}") from None
    period = financial_year(args.year) or args.year
    try:
        row = selectors.benchmark_find(
            council=council, code=args.measure, period=period, disaggregation=args.disaggregation
        )
    except selectors.NotFound:
        raise CommandError(
            f"no figure for {council.name}, measure {args.measure!r}, {period}"
        ) from None
    b = row.benchmark
    result = {
        "council": council.name,
        "ons_code": council.ons_code,
        "measure": row.measure.code,
        "description": row.measure.description,
        "source": row.measure.source,
        "year": period,
        "disaggregation": b.disaggregation,
        "value": b.value,
        "suppression": b.suppression or None,
        "numerator": b.numerator,
        "denominator": b.denominator,
        "england": b.england,
        "region": b.region,
        "region_name": council.region.name,
        "council_type": b.council_type,
        "council_type_name": b.council_type_name or None,
        "direction": row.direction,
        "rank": b.rank,
        "ranked_of": b.ranked_of,
        "quartile": b.quartile,
        "interval": None if b.ci_low is None else [b.ci_low, b.ci_high],
        "interval_method": b.ci_method or None,
        "compared_with_england": b.funnel_position or None,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0

    def shown(value: float | None) -> str:
        return "-" if value is None else f"{value:,.1f}"

    value = shown(b.value) if b.value is not None else f"missing ({b.suppression or 'blank'})"
    lines = [
        f"{council.name} ({council.ons_code}), {row.measure.code} {b.disaggregation}, {period}",
        f"  value        {value}",
        f"  England      {shown(b.england)}",
        f"  region       {shown(b.region)} ({council.region.name})",
        f"  council type {shown(b.council_type)} ({b.council_type_name or '-'})",
    ]
    if b.quartile:
        lines.append(
            f"  quartile     {b.quartile} (rank {b.rank} of {b.ranked_of}; "
            f"{row.direction} is better)"
        )
    else:
        lines.append("  quartile     - (not ranked)")
    if b.ci_low is not None:
        lines.append(
            f"  interval     {shown(b.ci_low)} to {shown(b.ci_high)} "
            f"(95%, {b.get_ci_method_display()})"
        )
    else:
        lines.append("  interval     -")
    if b.funnel_position:
        lines.append(f"  vs England   {b.funnel_position}")
    print("\n".join(lines))
    return 0


def handle_benchmarks(args: argparse.Namespace) -> int:
    from ascassure.cli import django_setup

    django_setup()
    from ascassure.apps.metrics.registry import benchmarks_refresh

    started = time.perf_counter()
    written = benchmarks_refresh()
    print(f"{written:,} benchmarks worked out in {time.perf_counter() - started:.1f} s")
    return 0
