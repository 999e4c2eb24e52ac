"""``ascassure ratings import|export``: published results in and out."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    ratings = subparsers.add_parser("ratings", help="import or export published results")
    actions = ratings.add_subparsers(dest="action", metavar="ACTION", required=True)
    do_import = actions.add_parser(
        "import",
        help="import published results from a CSV file",
        description="The layout of published_ratings_2025-10.csv: council (ons_code or "
        "la_name), publication_month (YYYY-MM), assessment_type, overall_rating, qs1..qs9. "
        "A bad row rejects the whole file unless --skip-invalid.",
    )
    do_import.add_argument("file", type=Path, metavar="FILE.csv")
    do_import.add_argument(
        "--skip-invalid", action="store_true", help="import the good rows and list the bad ones"
    )
    do_import.set_defaults(handler=handle_import)
    do_export = actions.add_parser("export", help="print every stored result")
    do_export.add_argument("--format", choices=("csv", "json"), default="csv")
    do_export.set_defaults(handler=handle_export)


def handle_import(args: argparse.Namespace) -> int:
    from ascassure.cli import CommandError, django_setup

    try:
        text = args.file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CommandError(f"{args.file}: no such file") from None
    except UnicodeDecodeError as error:
        raise CommandError(f"{args.file}: not UTF-8 text ({error.reason})") from None
    django_setup()
    from ascassure.apps.councils.services import ImportRejected, published_results_import
    from ascassure.domain.published import PublishedFileError

    try:
        report = published_results_import(text=text, skip_invalid=args.skip_invalid)
    except PublishedFileError as error:
        raise CommandError(f"{args.file}: {error}") from None
    except ImportRejected as rejected:
        for problem in rejected.problems:
            print(f"{args.file}: {problem}", file=sys.stderr)
        raise CommandError(
            f"{len(rejected.problems)} bad row(s); nothing was imported "
            "(fix them, or use --skip-invalid to import the rest)"
        ) from None
    for problem in report.skipped:
        print(f"{args.file}: skipped {problem}", file=sys.stderr)
    for line in report.disagreements:
        print(f"{args.file}: {line}", file=sys.stderr)
    print(
        f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged"
        f", {len(report.skipped)} skipped, {len(report.disagreements)} disagreeing with the rules"
    )
    return 0


def handle_export(args: argparse.Namespace) -> int:
    from ascassure.cli import django_setup

    django_setup()
    from ascassure.apps.councils.selectors import published_results_export

    rows = published_results_export()
    if args.format == "json":
        print(json.dumps([row.as_dict() for row in rows], indent=2))
    else:
        from ascassure.domain.published import write_published_csv

        sys.stdout.write(write_published_csv(rows))
    return 0
