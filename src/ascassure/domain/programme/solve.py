"""Plan the programme: greedy baseline, CP-SAT optimisation, costs by rule, explanations."""

from __future__ import annotations

import dataclasses
import functools
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .bound import Decomposition
from .checker import plan_costs
from .explain import find_conflicts
from .greedy import greedy_weeks, plan_from_weeks
from .inputs import ProgrammeInput
from .instance import Instance, compile_instance
from .plan import Comparison, Conflict, PlanResult, RuleCost, SolveStats
from .pool import hint_columns, solve_pool
from .rules import SOFT_RULES
from .search import SolveOutcome, solve_instance
from .shared import Hint

__all__ = ["rule_costs", "solve"]

BOUND_COUNCILS = 400  # above this many councils the decomposition is not tried
FIRST_SHARE = 0.1  # of the time limit for the full model's first plans, at most FIRST_SECONDS
FIRST_SECONDS = 5.0
FIRST_MIN_SECONDS = 2.0  # but at least this long (within the time limit): time for a first plan
DECOMPOSITION_SECONDS = 5.0  # at most, for the column generation
DECOMPOSITION_ROUNDS = 300
POOL_PER_BLOCK = 120  # columns per block from the final prices (its cheapest window starts)
POLISH_SHARE = 0.25  # of the time left after the decomposition, for the full model at the end


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


class _Best:
    """The best objective reported so far across the search's phases: only improvements
    reach ``on_solution``, with times counted from ``started``."""

    def __init__(self, started: float, on_solution: Callable[[float, float], None] | None):
        self.started = started
        self.on_solution = on_solution
        self.value = math.inf
        self.count = 0
        self.first: float | None = None  # when the first plan was reported

    def __call__(self, elapsed: float, objective: float) -> None:
        if objective < self.value:
            self.value = objective
            self.count += 1
            if self.first is None:
                self.first = elapsed
            if self.on_solution is not None:
                self.on_solution(elapsed, objective)


@dataclass(frozen=True)
class _Search:
    outcome: SolveOutcome
    decomposition_bound: int | None = None
    pool_columns: int | None = None


def _better(weeks: Hint | None, value: int | None, than: int | None, *, strictly: bool) -> bool:
    """Whether a phase's plan (``weeks``, ``value``) should replace the incumbent's."""
    if weeks is None or value is None:
        return False
    return than is None or value < than or (not strictly and value == than)


def _search(
    instance: Instance,
    hint: Hint,
    *,
    time_limit: float,
    workers: int,
    seed: int | None,
    gap_limit: float,
    formulation: str,
    best: _Best,
    log: bool,
) -> _Search:
    """The full model alone; or, where its relaxation is weak (:func:`_weak_relaxation`),
    the full model's first plans, the decomposition's bound and columns, the best choice of
    columns (:mod:`.pool`) and the full model again from that plan, for what time is left."""
    started = best.started
    full = functools.partial(
        solve_instance,
        instance,
        workers=workers,
        seed=seed,
        gap_limit=gap_limit,
        formulation=formulation,
        on_solution=best,
        log=log,
        started=started,
    )
    if not _weak_relaxation(instance) or formulation == "compact":
        return _Search(full(hint=hint, time_limit=time_limit))
    first_limit = min(time_limit, FIRST_SECONDS, max(FIRST_SHARE * time_limit, FIRST_MIN_SECONDS))
    first = full(hint=hint, time_limit=first_limit)
    deterministic = workers == 1 and seed is not None
    if deterministic:
        left = time_limit - first_limit
    else:
        left = time_limit - (time.perf_counter() - started)
    if first.status in ("optimal", "infeasible") or left < 1.0:
        return _Search(first)
    decomposition = Decomposition(instance)
    found = decomposition.generate(
        math.inf if deterministic else min(DECOMPOSITION_SECONDS, 0.2 * left),
        DECOMPOSITION_ROUNDS,
    )
    if found is None:  # the full model keeps the rest of the time
        return _Search(full(hint=first.weeks or hint, time_limit=time_limit))
    # every plan's total is a whole number of points; a margin for LP round-off
    decomposition_bound = math.ceil(found.bound - 1e-3)
    bound = max(first.best_bound or 0.0, decomposition_bound)
    incumbent, objective = first.weeks, first.solver_objective
    if objective is not None and objective - bound <= gap_limit * objective:
        return _Search(dataclasses.replace(first, best_bound=bound), decomposition_bound)

    decomposition.lp.Solve()  # the prices of the final master
    columns = [*decomposition.pool, *decomposition.candidates(POOL_PER_BLOCK)]
    if deterministic:  # fixed shares of the limit, in deterministic time
        left = time_limit - first_limit
        polish_limit = POLISH_SHARE * left
    else:
        left = time_limit - (time.perf_counter() - started)
        polish_limit = time_limit  # the deadline, counted from the start
    pooled = solve_pool(
        decomposition,
        columns,
        hint=hint_columns(decomposition, incumbent or hint),
        time_limit=(1 - POLISH_SHARE) * left,
        workers=workers,
        seed=seed,
        on_solution=best,
        started=started,
    )
    if _better(pooled.weeks, pooled.objective, objective, strictly=True):
        incumbent, objective = pooled.weeks, pooled.objective
    polish = full(hint=incumbent or hint, time_limit=polish_limit)
    if _better(polish.weeks, polish.solver_objective, objective, strictly=False):
        incumbent, objective = polish.weeks, polish.solver_objective
    if polish.best_bound is not None:
        bound = max(bound, polish.best_bound)
    if incumbent is None or objective is None:  # no plan from any phase
        return _Search(polish, decomposition_bound, pooled.columns)
    outcome = dataclasses.replace(
        polish,
        status="optimal" if objective <= bound else "feasible",
        weeks=incumbent,
        solver_objective=objective,
        best_bound=bound,
        first_solution_seconds=best.first,
        solutions=best.count,
    )
    return _Search(outcome, decomposition_bound, pooled.columns)


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
    When the ICB or mix rules are on (up to ``BOUND_COUNCILS`` councils), the full model
    only has a tenth of the time limit (at most ``FIRST_SECONDS``) for its first plans; then
    the decomposition of :mod:`.bound` gives its bound and columns, CP-SAT picks the best
    plan made of those columns (:mod:`.pool`), and the full model continues from it for the
    last quarter of the time. The reported best bound is the highest of the bounds found.
    """
    started = time.perf_counter()
    instance = compile_instance(inputs)
    greedy_assignment = greedy_weeks(instance)
    greedy = plan_from_weeks(instance, greedy_assignment)
    greedy_points = plan_costs(inputs, greedy)
    greedy_total = sum(greedy_points.values()) if greedy.complete else None

    best = _Best(started, on_solution)
    search = _search(
        instance,
        greedy_assignment,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        gap_limit=gap_limit,
        formulation=formulation,
        best=best,
        log=log,
    )
    outcome = search.outcome
    plan = None
    total = None
    costs: tuple[RuleCost, ...] = ()
    gap = None
    status = outcome.status
    best_bound = outcome.best_bound
    if outcome.weeks is not None:
        plan = plan_from_weeks(instance, outcome.weeks)
        points = plan_costs(inputs, plan)
        total = sum(points.values())
        costs = rule_costs(inputs, points)
        bound = best_bound if best_bound is not None else 0.0
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
            decomposition_bound=search.decomposition_bound,
            pool_columns=search.pool_columns,
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
