"""Plan the programme: greedy baseline, CP-SAT optimisation, costs by rule, explanations."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping

from .bound import decomposition_bound
from .checker import plan_costs
from .explain import find_conflicts
from .greedy import greedy_weeks, plan_from_weeks
from .inputs import ProgrammeInput
from .instance import Instance, compile_instance
from .plan import Comparison, Conflict, PlanResult, RuleCost, SolveStats
from .rules import SOFT_RULES
from .search import solve_instance

__all__ = ["rule_costs", "solve"]

BOUND_SHARE = 0.1  # of the time limit kept for the decomposition bound, at most BOUND_SECONDS
BOUND_SECONDS = 5.0
BOUND_COUNCILS = 400  # above this many councils the decomposition is not tried


def _weak_relaxation(instance: Instance) -> bool:
    """Whether the rules whose linear relaxation is weak (ICB windows, quarterly mix) are on,
    so that the decomposition bound is worth its time."""
    w = instance.inputs.weights
    small = len(instance.councils) <= BOUND_COUNCILS
    return small and bool((w.icb_grouping and instance.icb_groups) or w.region_mix or w.type_mix)


def rule_costs(inputs: ProgrammeInput, points: Mapping[str, int]) -> tuple[RuleCost, ...]:
    """Each soft rule's points and share of the total, in the rules' fixed order."""
    total = sum(points.values())
    weights = inputs.weights.as_dict()
    return tuple(
        RuleCost(
            rule=r.name,
            weight=weights[r.name],
            points=points[r.name],
            share=points[r.name] / total if total else 0.0,
        )
        for r in SOFT_RULES
    )


def solve(
    inputs: ProgrammeInput,
    *,
    time_limit: float = 60.0,
    workers: int = 2,
    seed: int | None = None,
    gap_limit: float = 0.0,
    formulation: str = "auto",
    explain: bool = True,
    on_solution: Callable[[float, float], None] | None = None,
    log: bool = False,
) -> PlanResult:
    """The best plan CP-SAT finds within ``time_limit`` seconds.

    With ``workers=1`` and a ``seed`` the limit is counted in the solver's deterministic time
    (close to seconds) and the same inputs always give the same plan. When the hard rules
    cannot all hold, ``conflicts`` names a set of rule instances that clash. Reported times
    (``first_solution_seconds``, ``on_solution``) count from the call.
    ``formulation`` is ``options`` (tight, the default up to about 150,000 on-site and
    publication options), ``compact`` (for very large programmes) or ``auto``.
    When the ICB or mix rules are on (up to ``BOUND_COUNCILS`` councils), a tenth of the time
    limit (at most ``BOUND_SECONDS``) is kept for the decomposition bound of :mod:`.bound`;
    the reported best bound is the higher of it and CP-SAT's.
    """
    started = time.perf_counter()
    instance = compile_instance(inputs)
    greedy_assignment = greedy_weeks(instance)
    greedy = plan_from_weeks(instance, greedy_assignment)
    greedy_points = plan_costs(inputs, greedy)
    greedy_total = sum(greedy_points.values()) if greedy.complete else None

    reserve = min(BOUND_SECONDS, BOUND_SHARE * time_limit) if _weak_relaxation(instance) else 0.0
    outcome = solve_instance(
        instance,
        hint=greedy_assignment,
        time_limit=time_limit - reserve,
        workers=workers,
        seed=seed,
        gap_limit=gap_limit,
        formulation=formulation,
        on_solution=on_solution,
        log=log,
        started=started,
    )
    plan = None
    total = None
    costs: tuple[RuleCost, ...] = ()
    gap = None
    status = outcome.status
    best_bound = outcome.best_bound
    decomposition = None
    if outcome.weeks is not None:
        plan = plan_from_weeks(instance, outcome.weeks)
        points = plan_costs(inputs, plan)
        total = sum(points.values())
        costs = rule_costs(inputs, points)
        bound = best_bound if best_bound is not None else 0.0
        if reserve and bound < total:
            left = time_limit - (time.perf_counter() - started)
            found = decomposition_bound(instance, max(left, 0.5))
            if found is not None:
                # every plan's total is a whole number of points
                decomposition = math.ceil(found.bound - 1e-3)  # margin for LP round-off
                bound = best_bound = max(bound, decomposition)
        gap = max(0.0, (total - bound) / total) if total else 0.0
        status = "optimal" if gap == 0.0 else "feasible"

    conflicts: tuple[Conflict, ...] = ()
    minimal = False
    if status in ("infeasible", "unknown") and explain:
        # no plan: name the clashing rules; this also settles an "unknown" whose hard rules
        # cannot hold (the feasibility question alone is often much quicker to answer)
        budget = max(min(5.0, time_limit), time_limit - outcome.wall_seconds)
        conflicts, minimal = find_conflicts(instance, budget)
        if conflicts:
            status = "infeasible"

    ratio = None
    if total is not None and greedy_total is not None:
        ratio = total / greedy_total if greedy_total else (1.0 if total == 0 else None)
    return PlanResult(
        status=status,
        plan=plan,
        total=total,
        costs=costs,
        stats=SolveStats(
            status=outcome.status,
            solver_objective=outcome.solver_objective,
            best_bound=best_bound,
            decomposition_bound=decomposition,
            gap=gap,
            wall_seconds=time.perf_counter() - started,
            first_solution_seconds=outcome.first_solution_seconds,
            solutions=outcome.solutions,
            workers=workers,
            seed=seed,
            time_limit=time_limit,
            deterministic=outcome.deterministic,
            formulation=outcome.formulation,
        ),
        greedy=Comparison(
            complete=greedy.complete,
            total=greedy_total,
            costs=rule_costs(inputs, greedy_points),
            unplaced=greedy.unplaced,
            ratio=ratio,
        ),
        conflicts=conflicts,
        conflicts_minimal=minimal,
    )
