"""The ``ascassure`` command.

Its own subcommands are listed by ``ascassure --help``; any other first word is handed to
Django's management commands (``ascassure migrate``, ``ascassure createsuperuser`` ...).
Each subcommand parses its arguments and calls the domain or a service: no rules live here.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

COMMAND_MODULES = ("rules_commands", "ratings", "service", "maps", "metrics", "programme")


class CommandError(Exception):
    """A user error: printed as one line to stderr, exit status 2."""


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ascassure.config.settings")
    os.environ.setdefault("ASCASSURE_DEVELOPMENT", "1")
    import django

    django.setup()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ascassure",
        description="Assessment of councils' adult social care. Any other command is one of "
        "Django's management commands (for example: ascassure migrate).",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"ascassure.cli.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    known = set(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    if args and not args[0].startswith("-") and args[0] not in known:
        django_setup()
        from django.core.management import execute_from_command_line

        execute_from_command_line(["ascassure", *args])
        return 0
    namespace = parser.parse_args(args)
    if not getattr(namespace, "handler", None):
        parser.print_help()
        return 0
    try:
        return int(namespace.handler(namespace) or 0)
    except CommandError as error:
        print(f"ascassure: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
