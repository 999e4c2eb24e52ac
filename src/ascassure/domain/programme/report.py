"""The plan as a JSON-ready document and as text. Both carry the objective by rule and the
greedy comparison. The JSON leaves out wall-clock timings so that a reproducible run gives
byte-identical output."""

from __future__ import annotations

from typing import Any

from .inputs import ProgrammeInput
from .plan import PlanResult, RuleCost
from .rules import HARD_RULES, SOFT_RULES

__all__ = ["PLAN_FORMAT", "plan_document", "plan_text"]

PLAN_FORMAT = "ascassure-programme-plan/1"

_TITLES = {r.name: r.title for r in (*HARD_RULES, *SOFT_RULES)}


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def _rules(costs: tuple[RuleCost, ...]) -> list[dict[str, Any]]:
    return [
        {
            "rule": c.rule,
            "title": _TITLES[c.rule],
            "weight": c.weight,
            "points": c.points,
            "share": _round(c.share),
        }
        for c in costs
    ]


def plan_document(result: PlanResult, inputs: ProgrammeInput) -> dict[str, Any]:
    councils = {c.council.code: c for c in inputs.councils}
    lag = inputs.timing.publication_lag_weeks
    assessments = []
    if result.plan is not None:
        for a in result.plan.assessments:
            council = councils[a.council]
            info = council.council
            assessments.append(
                {
                    "council": a.council,
                    "name": info.name,
                    "region": info.region,
                    "type": info.la_type,
                    "icb": info.icb,
                    "notification": a.notification.isoformat(),
                    "onsite": a.onsite.isoformat(),
                    "publication": a.publication.isoformat(),
                    "notice_weeks": a.notice_weeks,
                    "publication_delay_weeks": (a.publication - a.onsite).days // 7 - lag,
                    "locked": a.locked,
                    "moved": council.previous_onsite is not None
                    and council.previous_onsite != a.onsite,
                }
            )
    stats = result.stats
    return {
        "format": PLAN_FORMAT,
        "status": result.status,
        "start": inputs.start.isoformat(),
        "weeks": inputs.weeks,
        "capacity_per_week": inputs.capacity.onsite_per_week,
        "reports_per_month": inputs.capacity.reports_per_month,
        "objective": {
            "total": result.total,
            "best_bound": _round(stats.best_bound, 2),
            "decomposition_bound": stats.decomposition_bound,
            "pool_columns": stats.pool_columns,
            "gap": _round(stats.gap),
            "rules": _rules(result.costs),
        },
        "greedy": {
            "complete": result.greedy.complete,
            "total": result.greedy.total,
            "ratio": _round(result.greedy.ratio),
            "unplaced": list(result.greedy.unplaced),
            "rules": _rules(result.greedy.costs),
        },
        "hard_rules": [{"rule": r.name, "title": r.title} for r in HARD_RULES],
        "conflicts": [
            {"rule": c.rule, "title": _TITLES[c.rule], "subject": c.subject, "detail": c.detail}
            for c in result.conflicts
        ],
        "conflicts_minimal": result.conflicts_minimal,
        "solver": {
            "solutions": stats.solutions,
            "workers": stats.workers,
            "seed": stats.seed,
            "time_limit": stats.time_limit,
            "deterministic": stats.deterministic,
            "formulation": stats.formulation,
        },
        "assessments": assessments,
    }


def _cost_lines(costs: tuple[RuleCost, ...], total: int | None) -> list[str]:
    lines = [f"  {'rule':<22}{'weight':>7}{'points':>9}{'share':>8}"]
    for c in costs:
        lines.append(f"  {c.rule:<22}{c.weight:>7}{c.points:>9}{c.share:>8.1%}")
    lines.append(f"  {'total':<22}{'':>7}{total if total is not None else '-':>9}")
    return lines


def plan_text(result: PlanResult, inputs: ProgrammeInput) -> str:
    stats = result.stats
    names = {c.council.code: c.council.name for c in inputs.councils}
    lines = [
        f"Programme plan from {inputs.start} over {inputs.weeks} weeks: {result.status}",
        f"  {len(inputs.councils)} councils, on-site capacity {inputs.capacity.onsite_per_week}"
        f"/week, reports {inputs.capacity.reports_per_month}/month",
    ]
    if result.plan is None:
        if result.status == "infeasible":
            lines.append("")
            lines.append(
                "The hard rules cannot all hold. These clash"
                + (" (a minimal set):" if result.conflicts_minimal else ":")
            )
            for c in result.conflicts:
                lines.append(f"  {c.rule:<24} {c.subject}: {c.detail}")
            lines.append("  (with every council on site once inside the horizon)")
        else:
            lines.append("No plan found within the time limit.")
        return "\n".join(lines) + "\n"

    lines.append(
        f"  objective {result.total}, best bound {stats.best_bound:.0f}, gap "
        f"{(stats.gap or 0.0):.2%}, {stats.solutions} solutions, first after "
        f"{(stats.first_solution_seconds or 0.0):.2f}s, {stats.wall_seconds:.1f}s in all"
    )
    lines.append("")
    lines.append(f"  {'on site':<11} {'notified':<11} {'published':<11} council")
    for a in result.plan.assessments:
        flag = " (locked)" if a.locked else ""
        lines.append(
            f"  {a.onsite.isoformat():<11} {a.notification.isoformat():<11} "
            f"{a.publication.isoformat():<11} {a.council} {names[a.council]}{flag}"
        )
    lines.append("")
    lines.append("Objective by soft rule:")
    lines.extend(_cost_lines(result.costs, result.total))
    lines.append("")
    greedy = result.greedy
    if greedy.complete:
        ratio = f"{greedy.ratio:.3f}" if greedy.ratio is not None else "-"
        lines.append(
            f"Greedy plan from the same inputs: {greedy.total} points; solver / greedy = {ratio}"
        )
        lines.extend(_cost_lines(greedy.costs, greedy.total))
    else:
        lines.append(
            f"Greedy plan from the same inputs could not place {len(greedy.unplaced)} "
            f"councils: {', '.join(greedy.unplaced)}"
        )
    return "\n".join(lines) + "\n"
