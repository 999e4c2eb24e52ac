"""Plans from the decomposition's columns: the restricted master as an integer programme.

The decomposition of :mod:`.bound` prices whole assignments of each ICB's councils. Once
its linear master has converged, the columns it generated, each block's best columns for
many window starts under the final prices, and the incumbent plan's own columns make a
pool; CP-SAT then picks one column per block subject to everything that links the blocks
(weekly national and team capacity, monthly report capacity, the quarterly mix). Every
choice is a whole plan meeting every hard rule, and its objective is the plan's exact total
(a column's ICB cost is taken at its best window), so the incumbent, given as a hint, is
only ever improved. On the example this finds far better plans in the time than the full
model, whose search is lost among the ICB windows; it proves nothing about the optimum.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .bound import Column, Decomposition
from .instance import mix_allowances
from .rules import icb_outside_weeks
from .search import SolutionProgress
from .shared import Hint, add_capacities

__all__ = ["PoolOutcome", "hint_columns", "solve_pool"]


@dataclass(frozen=True)
class PoolOutcome:
    weeks: Hint | None
    objective: int | None
    columns: int
    solutions: int


def hint_columns(decomposition: Decomposition, weeks: Hint) -> list[Column]:
    """A plan's columns, one per block (a plan that leaves a council out, or whose options
    are not all in the decomposition's tables, gives none)."""
    columns = []
    for b, members in enumerate(decomposition.blocks):
        choice = []
        for i in members:
            ks, ps, _ = decomposition.options[i]
            if i not in weeks:
                return []
            k, p = weeks[i]
            found = ((ks == k) & (ps == p)).nonzero()[0]
            if not len(found):
                return []
            choice.append((i, int(found[0])))
        columns.append(Column(b, tuple(choice)))
    return columns


def solve_pool(
    decomposition: Decomposition,
    columns: Iterable[Column],
    *,
    hint: Iterable[Column] = (),
    time_limit: float,
    workers: int,
    seed: int | None,
    on_solution: Callable[[float, float], None] | None = None,
    started: float | None = None,
) -> PoolOutcome:
    """The best choice of one column per block CP-SAT finds in ``time_limit`` seconds
    (deterministic time with one worker and a seed). ``hint`` (one column per block,
    also added to the pool) seeds the search. ``on_solution`` hears each plan's time since
    ``started`` (a ``time.perf_counter()`` value, default now) and objective."""
    if started is None:
        started = time.perf_counter()
    building = time.perf_counter()
    inst = decomposition.instance
    weights = inst.inputs.weights
    hinted = set(hint)
    pool = list(dict.fromkeys([*columns, *hinted]))
    model = cp_model.CpModel()
    onsite: list[list[cp_model.IntVar]] = [[] for _ in range(inst.weeks)]
    team: list[list[list[cp_model.IntVar]]] = [
        [[] for _ in range(inst.weeks)] for _ in inst.team_names
    ]
    reports: list[list[cp_model.IntVar]] = [[] for _ in inst.month_names]
    mix: dict[tuple[str, int, int], list[cp_model.IntVar]] = {}
    by_block: dict[int, list[cp_model.IntVar]] = {}
    chosen: list[tuple[cp_model.IntVar, Column]] = []
    variables, coefs = [], []
    for column in pool:
        var = model.new_bool_var(f"column_{len(chosen)}")
        chosen.append((var, column))
        by_block.setdefault(column.block, []).append(var)
        if hinted:
            model.add_hint(var, column in hinted)
        cost, on_site = 0, []
        for i, j in column.choice:
            ks, ps, costs = decomposition.options[i]
            k, p = int(ks[j]), int(ps[j])
            on_site.append(k)
            cost += int(costs[j])
            council = inst.councils[i]
            for week in inst.covered(k):
                onsite[week].append(var)
                if council.team is not None:
                    team[council.team][week].append(var)
            reports[inst.month_of_pub_week[p]].append(var)
            quarter = inst.quarter_of_week[k]
            mix.setdefault(("region_mix", decomposition.region[i], quarter), []).append(var)
            mix.setdefault(("type_mix", decomposition.ctype[i], quarter), []).append(var)
        if len(on_site) > 1:
            cost += weights.icb_grouping * icb_outside_weeks(on_site, decomposition.tolerance)
        variables.append(var)
        coefs.append(cost)
    hinted_vars = {var.index for var, column in chosen if column in hinted}
    if len(by_block) < len(decomposition.blocks):
        return PoolOutcome(None, None, len(pool), 0)
    for vs in by_block.values():
        model.add_exactly_one(vs)

    add_capacities(model, inst, onsite, team, reports)
    for rule, groups in (("region_mix", inst.region_groups), ("type_mix", inst.type_groups)):
        weight = getattr(weights, rule)
        if not weight:
            continue
        allowances = mix_allowances(inst, groups)
        for (name, g, q), terms in mix.items():
            if name != rule or len(terms) <= allowances[g][q]:
                continue
            excess = model.new_int_var(0, len(terms), f"{rule}_{g}_{q}")
            model.add(excess >= cp_model.LinearExpr.sum(terms) - allowances[g][q])
            variables.append(excess)
            coefs.append(weight)
            if hinted:
                count = sum(1 for var in terms if var.index in hinted_vars)
                model.add_hint(excess, max(0, count - allowances[g][q]))
    model.minimize(cp_model.LinearExpr.weighted_sum(variables, coefs))

    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = workers
    if workers == 1 and seed is not None:  # reproducible: the limit in deterministic time
        params.random_seed = seed
        params.max_deterministic_time = max(0.1, time_limit)
        params.max_time_in_seconds = max(10.0, 5 * time_limit)
    else:
        remaining = max(0.1, time_limit - (time.perf_counter() - building))
        if seed is not None:
            params.random_seed = seed
        params.max_time_in_seconds = remaining
    progress = SolutionProgress(started, on_solution)
    code = solver.solve(model, progress)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return PoolOutcome(None, None, len(pool), progress.count)
    weeks: Hint = {}
    for var, column in chosen:
        if solver.boolean_value(var):
            for i, j in column.choice:
                ks, ps, _ = decomposition.options[i]
                weeks[i] = (int(ks[j]), int(ps[j]))
    return PoolOutcome(weeks, int(solver.objective_value), len(pool), progress.count)
