"""The programme as a CP-SAT model, with weeks as the unit.

One Boolean per council and allowed on-site start week (weeks that break a per-council hard
rule are never created), an integer publication week per council whose domain leaves out the
council's blackout weeks, and one Boolean per council and reachable publication month for
the report-writing capacity. Soft rules are linear in these; the ICB spans and the quarterly
mix use a few integer helpers.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .instance import CouncilTables, Instance

__all__ = ["SolveOutcome", "build_model", "solve_instance"]

Hint = dict[int, tuple[int, int]]


@dataclass
class CouncilVars:
    """One Boolean per (on-site week, publication week) option open to the council."""

    options: list[tuple[int, int]]
    chosen: list[cp_model.IntVar]

    def where(self, keep: Callable[[int, int], bool]) -> list[cp_model.IntVar]:
        return [v for (k, p), v in zip(self.options, self.chosen, strict=True) if keep(k, p)]


@dataclass
class Built:
    model: cp_model.CpModel
    councils: list[CouncilVars | None]
    aux: list[tuple[cp_model.IntVar, Callable[[Hint], int]]] = field(default_factory=list)


def publication_options(instance: Instance, council: CouncilTables, onsite: int) -> list[int]:
    """Publication weeks worth considering for an on-site week.

    Every allowed week within the delay limit for a council with a re-assessment due window
    (its costs can favour a later week); otherwise the first allowed week of each calendar
    month (a later week in the same month costs more delay and relieves no constraint)."""
    weeks = [
        p
        for p in range(onsite + instance.lag, onsite + instance.lag + instance.max_delay + 1)
        if p in council.pub_allowed
    ]
    if council.due_first is not None:
        return weeks
    firsts: list[int] = []
    seen: set[int] = set()
    for p in weeks:
        month = instance.month_of_pub_week[p]
        if month not in seen:
            seen.add(month)
            firsts.append(p)
    return firsts


def build_model(instance: Instance) -> Built:
    model = cp_model.CpModel()
    inp = instance.inputs
    span = instance.onsite_weeks
    obj_vars: list[cp_model.IntVar] = []
    obj_coefs: list[int] = []
    built = Built(model, [])
    onsite_at: list[list[cp_model.IntVar]] = [[] for _ in range(instance.weeks)]
    team_at: list[list[list[cp_model.IntVar]]] = [
        [[] for _ in range(instance.weeks)] for _ in instance.team_names
    ]
    month_at: list[list[cp_model.IntVar]] = [[] for _ in instance.month_names]

    for c in instance.councils:
        options = [(k, p) for k in c.allowed for p in publication_options(instance, c, k)]
        if not options:
            model.add_bool_or([])  # no week keeps this council's hard rules: infeasible
            built.councils.append(None)
            continue
        chosen = [model.new_bool_var(f"v_{c.index}_{k}_{p}") for k, p in options]
        model.add_exactly_one(chosen)
        built.councils.append(CouncilVars(options, chosen))
        for (k, p), var in zip(options, chosen, strict=True):
            cost = sum(c.onsite_cost(k, inp).values()) + sum(c.publication_cost(k, p, inp).values())
            if cost:
                obj_vars.append(var)
                obj_coefs.append(cost)
            for week in range(k, k + span):
                onsite_at[week].append(var)
                if c.team is not None:
                    team_at[c.team][week].append(var)
            month_at[instance.month_of_pub_week[p]].append(var)

    for k, terms in enumerate(onsite_at):
        if len(terms) > instance.capacity[k]:
            model.add(cp_model.LinearExpr.sum(terms) <= instance.capacity[k])
    for t, weeks in enumerate(team_at):
        for k, terms in enumerate(weeks):
            if len(terms) > instance.team_capacity[t][k]:
                model.add(cp_model.LinearExpr.sum(terms) <= instance.team_capacity[t][k])
    for m, terms in enumerate(month_at):
        if len(terms) > instance.report_capacity[m]:
            model.add(cp_model.LinearExpr.sum(terms) <= instance.report_capacity[m])

    _add_icb(instance, built, obj_vars, obj_coefs)
    _add_mix(instance, built, obj_vars, obj_coefs)
    model.minimize(cp_model.LinearExpr.weighted_sum(obj_vars, obj_coefs))
    return built


def _week_expr(council: CouncilVars) -> cp_model.LinearExpr:
    return cp_model.LinearExpr.weighted_sum(council.chosen, [k for k, _ in council.options])


def _icb_hint(ids: tuple[int, ...], part: str, tolerance: int) -> Callable[[Hint], int]:
    def value(hint: Hint) -> int:
        weeks = [hint[i][0] for i in ids]
        if part == "max":
            return max(weeks)
        if part == "min":
            return min(weeks)
        return max(0, max(weeks) - min(weeks) - tolerance)

    return value


def _add_icb(
    instance: Instance, built: Built, obj_vars: list[cp_model.IntVar], obj_coefs: list[int]
) -> None:
    weight = instance.inputs.weights.icb_grouping
    tolerance = instance.inputs.settings.icb_tolerance_weeks
    if not weight:
        return
    model, horizon = built.model, instance.weeks
    for g, (_icb, members) in enumerate(instance.icb_groups):
        live = [(i, cv) for i in members if (cv := built.councils[i]) is not None]
        if len(live) < 2:
            continue
        high = model.new_int_var(0, horizon, f"icb_max_{g}")
        low = model.new_int_var(0, horizon, f"icb_min_{g}")
        for _i, cv in live:
            week = _week_expr(cv)
            model.add(high >= week)
            model.add(low <= week)
        excess = model.new_int_var(0, horizon, f"icb_excess_{g}")
        model.add(excess >= high - low - tolerance)
        ids = tuple(i for i, _ in live)
        built.aux.append((high, _icb_hint(ids, "max", tolerance)))
        built.aux.append((low, _icb_hint(ids, "min", tolerance)))
        built.aux.append((excess, _icb_hint(ids, "excess", tolerance)))
        obj_vars.append(excess)
        obj_coefs.append(weight)


def _quarter_hint(quarter_of: tuple[int, ...], q: int) -> Callable[[Hint], int]:
    def value(hint: Hint) -> int:
        return sum(1 for w, _ in hint.values() if quarter_of[w] == q)

    return value


def _add_mix(
    instance: Instance, built: Built, obj_vars: list[cp_model.IntVar], obj_coefs: list[int]
) -> None:
    inp = instance.inputs
    tolerance = inp.settings.mix_tolerance_councils
    n = len(instance.councils)
    model = built.model
    quarters = range(len(instance.quarter_names))
    quarter_of = instance.quarter_of_week
    in_quarter: list[dict[int, list[cp_model.IntVar]]] = [{} for _ in quarters]
    for i, cv in enumerate(built.councils):
        if cv is None:
            continue
        for (k, _p), var in zip(cv.options, cv.chosen, strict=True):
            in_quarter[quarter_of[k]].setdefault(i, []).append(var)
    totals: dict[int, cp_model.IntVar] = {}

    def quarter_total(q: int) -> cp_model.IntVar:
        if q not in totals:
            total = model.new_int_var(0, n, f"quarter_{q}")
            model.add(
                total == cp_model.LinearExpr.sum([v for vs in in_quarter[q].values() for v in vs])
            )
            totals[q] = total
            built.aux.append((total, _quarter_hint(quarter_of, q)))
        return totals[q]

    for rule, groups in (
        ("region_mix", instance.region_groups),
        ("type_mix", instance.type_groups),
    ):
        weight = getattr(inp.weights, rule)
        if not weight:
            continue
        for g, (_name, members) in enumerate(groups):
            size = len(members)
            if size <= tolerance:
                continue
            for q in quarters:
                terms = [v for i in members for v in in_quarter[q].get(i, [])]
                if not terms:
                    continue
                count = model.new_int_var(0, size, f"{rule}_{g}_{q}_count")
                model.add(count == cp_model.LinearExpr.sum(terms))
                excess = model.new_int_var(0, size, f"{rule}_{g}_{q}")
                model.add(n * excess >= n * count - size * quarter_total(q) - n * tolerance)
                obj_vars.append(excess)
                obj_coefs.append(weight)

                def hint_count(h: Hint, ms: tuple[int, ...] = members, q: int = q) -> int:
                    return sum(1 for i in ms if i in h and quarter_of[h[i][0]] == q)

                def hint_excess(
                    h: Hint, ms: tuple[int, ...] = members, q: int = q, size: int = size
                ) -> int:
                    here = hint_count(h, ms, q)
                    total = sum(1 for w, _ in h.values() if quarter_of[w] == q)
                    return max(0, -(-(n * here - size * total - n * tolerance) // n))

                built.aux.append((count, hint_count))
                built.aux.append((excess, hint_excess))


@dataclass(frozen=True)
class SolveOutcome:
    status: str
    weeks: dict[int, tuple[int, int]] | None
    solver_objective: int | None
    best_bound: float | None
    wall_seconds: float
    first_solution_seconds: float | None
    solutions: int
    deterministic: bool


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, started: float, on_solution: Callable[[float, float], None] | None) -> None:
        super().__init__()
        self.started = started
        self.first: float | None = None
        self.count = 0
        self.on_solution = on_solution

    def on_solution_callback(self) -> None:
        elapsed = time.perf_counter() - self.started
        self.count += 1
        if self.first is None:
            self.first = elapsed
        if self.on_solution is not None:
            self.on_solution(elapsed, self.objective_value)


_STATUS = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.UNKNOWN: "unknown",
}


def solve_instance(
    instance: Instance,
    *,
    hint: Hint | None,
    time_limit: float,
    workers: int,
    seed: int | None,
    gap_limit: float = 0.0,
    on_solution: Callable[[float, float], None] | None = None,
    log: bool = False,
) -> SolveOutcome:
    """Optimise; with one worker and a seed the limit is deterministic time (reproducible)."""
    started = time.perf_counter()
    built = build_model(instance)
    if hint:
        _add_hint(instance, built, hint)
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = workers
    deterministic = workers == 1 and seed is not None
    if seed is not None:
        params.random_seed = seed
    if deterministic:
        params.max_deterministic_time = time_limit
        params.max_time_in_seconds = max(10.0, 5 * time_limit)
    else:
        params.max_time_in_seconds = time_limit
    params.relative_gap_limit = gap_limit
    # a light presolve: the hint becomes the first solution within a second or two
    params.max_presolve_iterations = 1
    params.cp_model_probing_level = 0
    params.log_search_progress = log
    progress = _Progress(started, on_solution)
    code = solver.solve(built.model, progress)
    status = _STATUS.get(code)
    if status is None:
        raise RuntimeError(f"CP-SAT refused the model: {solver.status_name(code)}")
    weeks = None
    if status in ("optimal", "feasible"):
        weeks = {}
        for c, cv in zip(instance.councils, built.councils, strict=True):
            assert cv is not None
            weeks[c.index] = next(
                o for o, v in zip(cv.options, cv.chosen, strict=True) if solver.boolean_value(v)
            )
    return SolveOutcome(
        status=status,
        weeks=weeks,
        solver_objective=int(solver.objective_value) if weeks is not None else None,
        best_bound=float(solver.best_objective_bound) if weeks is not None else None,
        wall_seconds=time.perf_counter() - started,
        first_solution_seconds=progress.first,
        solutions=progress.count,
        deterministic=deterministic,
    )


def _add_hint(instance: Instance, built: Built, hint: Hint) -> None:
    model = built.model
    for i, chosen in hint.items():
        cv = built.councils[i]
        if cv is None:
            continue
        for option, var in zip(cv.options, cv.chosen, strict=True):
            model.add_hint(var, option == chosen)
    if len(hint) == len(instance.councils):
        for var, value in built.aux:
            model.add_hint(var, value(hint))
