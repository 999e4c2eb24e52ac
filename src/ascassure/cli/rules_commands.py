"""``ascassure score``, ``timeline`` and ``fac-deadline``: the rules, with no database."""

from __future__ import annotations

import argparse
import json
from datetime import date

from ascassure.domain.calendar import ENGLAND_AND_WALES, assessment_timeline, fac_deadline
from ascassure.domain.framework import DEFAULT_VERSION, available_versions, load_framework
from ascassure.domain.scoring import ScoringError, score_assessment


def register(subparsers: argparse._SubParsersAction) -> None:
    score = subparsers.add_parser(
        "score",
        help="overall percentage and rating from quality statement scores",
        description="Give one score per quality statement, in QS order (1-4, or - for not "
        "assessed). Example: ascassure score 3 3 2 3 3 2 3 3 3",
    )
    score.add_argument("scores", nargs="*", metavar="SCORE")
    score.add_argument("--framework", default=DEFAULT_VERSION, choices=available_versions())
    score.add_argument("--json", action="store_true", help="print a JSON object")
    score.set_defaults(handler=handle_score)

    timeline = subparsers.add_parser(
        "timeline", help="the default milestones of an assessment from its notification date"
    )
    timeline.add_argument("--notified", required=True, type=_iso_date, metavar="YYYY-MM-DD")
    timeline.add_argument("--json", action="store_true")
    timeline.set_defaults(handler=handle_timeline)

    fac = subparsers.add_parser(
        "fac-deadline",
        help="when the factual accuracy check closes (10 working days from the e-mail)",
    )
    fac.add_argument("--sent", required=True, type=_iso_date, metavar="YYYY-MM-DD")
    fac.add_argument("--working-days", type=int, default=10)
    fac.add_argument("--json", action="store_true")
    fac.set_defaults(handler=handle_fac_deadline)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-01-12") from None


def _parse_scores(tokens: list[str], expected: int) -> list[int | None]:
    from ascassure.cli import CommandError

    if len(tokens) != expected:
        raise CommandError(
            f"expected {expected} scores, one per quality statement in QS order, got {len(tokens)}"
        )
    scores: list[int | None] = []
    for number, token in enumerate(tokens, start=1):
        if token == "-":  # noqa: S105 (a score, not a password)
            scores.append(None)
        elif token in {"1", "2", "3", "4"}:
            scores.append(int(token))
        else:
            raise CommandError(
                f"QS{number} score must be 1, 2, 3, 4 or - for not assessed (got {token!r})"
            )
    return scores


def handle_score(args: argparse.Namespace) -> int:
    from ascassure.cli import CommandError

    framework = load_framework(args.framework)
    scores = _parse_scores(args.scores, len(framework.statements))
    try:
        result = score_assessment(scores, framework=framework)
    except ScoringError as error:
        raise CommandError(str(error)) from None
    if args.json:
        print(
            json.dumps(
                {
                    "framework": framework.version,
                    "scores": list(result.scores),
                    "assessed": result.assessed,
                    "points": result.points,
                    "max_points": result.max_points,
                    "percent": result.percent,
                    "rating": result.rating.value,
                    "position": result.position_words,
                    "points_to_next_band": result.points_to_next_band,
                    "points_to_drop_band": result.points_to_drop_band,
                },
                indent=2,
            )
        )
        return 0
    print(f"{result.rating.value}, {result.percent}%")
    print(
        f"{result.points} of {result.max_points} points from {result.assessed} quality "
        f"statement{'s' if result.assessed != 1 else ''}; {result.position_words}."
    )
    if result.points_to_next_band is not None:
        print(f"{result.points_to_next_band} more point(s) would give {result.next_rating.value}.")
    if result.points_to_drop_band is not None:
        print(
            f"{result.points_to_drop_band} point(s) fewer would give "
            f"{result.previous_rating.value}."
        )
    return 0


def handle_timeline(args: argparse.Namespace) -> int:
    milestones = assessment_timeline(args.notified, calendar=ENGLAND_AND_WALES)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "key": m.key,
                        "label": m.label,
                        "date": m.date.isoformat(),
                        "end": m.end.isoformat() if m.end else None,
                        "note": m.note,
                    }
                    for m in milestones
                ],
                indent=2,
            )
        )
        return 0
    width = max(len(m.label) for m in milestones)
    for m in milestones:
        when = f"{m.date:%a %d %b %Y}"
        if m.end:
            when += f" to {m.end:%a %d %b %Y}"
        line = f"{m.label.ljust(width)}  {when}"
        print(f"{line}  ({m.note})" if m.note else line)
    return 0


def handle_fac_deadline(args: argparse.Namespace) -> int:
    from ascassure.cli import CommandError

    if args.working_days < 1:
        raise CommandError("--working-days must be at least 1")
    closes = fac_deadline(args.sent, working_days=args.working_days, calendar=ENGLAND_AND_WALES)
    if args.json:
        print(json.dumps({"sent": args.sent.isoformat(), "closes": closes.isoformat()}))
    else:
        print(f"{closes:%A %d %B %Y} ({closes.isoformat()})")
    return 0
