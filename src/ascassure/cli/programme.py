"""``ascassure programme example|plan``: the national programme of assessments.

Exit status: 0 a plan was found; 1 no plan (the hard rules clash, or none found in time:
the output says which); 2 bad input, with a message naming the field.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

# the programme package loads the solver (CP-SAT, numpy): imported by the handlers only, so
# other commands start without it


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    programme = subparsers.add_parser(
        "programme", help="plan the national programme of assessments"
    )
    actions = programme.add_subparsers(dest="action", metavar="ACTION", required=True)
    example = actions.add_parser(
        "example",
        help="write a complete example input file",
        description="Writes the baseline programme of 2024-2026 with every factor on, as JSON "
        "(to OUT, or to standard output).",
    )
    example.add_argument("out", nargs="?", type=Path, metavar="OUT")
    example.set_defaults(handler=handle_example)
    plan = actions.add_parser(
        "plan",
        help="plan the programme from an input file",
        description="Prints the plan: each council's notification, on-site and publication "
        "week (Mondays), the objective by soft rule and the comparison with a greedy plan. "
        "With --seed and --workers 1 the plan is reproducible (the time limit is then "
        "counted in the solver's deterministic time, close to seconds).",
    )
    plan.add_argument("input", type=Path, metavar="INPUT")
    plan.add_argument("--time-limit", type=float, default=60.0, metavar="SECONDS")
    plan.add_argument("--json", action="store_true", help="print JSON instead of text")
    plan.add_argument("--seed", type=int, default=None, help="solver random seed")
    plan.add_argument("--workers", type=int, default=2, help="solver threads (default 2)")
    plan.add_argument(
        "--gap", type=float, default=0.0, help="stop once within this relative gap (e.g. 0.01)"
    )
    plan.set_defaults(handler=handle_plan)


def _fail(message: str) -> int:
    print(f"ascassure programme: {message}", file=sys.stderr)
    return 2


def handle_example(args: argparse.Namespace) -> int:
    from ascassure.domain.programme import example_document

    text = json.dumps(example_document(), indent=2) + "\n"
    if args.out is None:
        sys.stdout.write(text)
        return 0
    try:
        args.out.write_text(text, encoding="utf-8")
    except OSError as error:
        return _fail(f"{args.out}: {error.strerror}")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


def handle_plan(args: argparse.Namespace) -> int:
    from ascassure.domain.programme import (
        InputError,
        load_input,
        plan_document,
        plan_text,
        solve,
    )

    if args.time_limit <= 0:
        return _fail("--time-limit must be positive")
    if args.workers < 1:
        return _fail("--workers must be at least 1")
    if not 0 <= args.gap < 1:
        return _fail("--gap must be between 0 and 1")
    try:
        inputs = load_input(args.input)
    except FileNotFoundError:
        return _fail(f"{args.input}: no such file")
    except InputError as error:
        return _fail(f"{args.input}: {error}")
    result = solve(
        inputs, time_limit=args.time_limit, workers=args.workers, seed=args.seed, gap_limit=args.gap
    )
    if args.json:
        sys.stdout.write(json.dumps(plan_document(result, inputs), indent=2) + "\n")
    else:
        sys.stdout.write(plan_text(result, inputs))
    return 0 if result.plan is not None else 1
