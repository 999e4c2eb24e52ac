"""Run CP-SAT on the programme: pick the formulation, seed it with a hint, collect progress."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from ortools.sat.python import cp_model

from .compact import CompactModel
from .cpsat import OptionsModel, council_options
from .instance import Instance
from .shared import Hint

__all__ = ["FORMULATIONS", "OPTIONS_LIMIT", "SolutionProgress", "SolveOutcome", "solve_instance"]

FORMULATIONS = ("auto", "options", "compact")
OPTIONS_LIMIT = 150_000  # above this many (on-site, publication) options, go compact


class Formulation(Protocol):
    name: str
    model: cp_model.CpModel

    def add_hint(self, hint: Hint) -> None: ...

    def weeks(self, solver: cp_model.CpSolver) -> Hint: ...


@dataclass(frozen=True)
class SolveOutcome:
    status: str
    weeks: Hint | None
    solver_objective: int | None
    best_bound: float | None
    wall_seconds: float
    first_solution_seconds: float | None
    solutions: int
    deterministic: bool
    formulation: str


class SolutionProgress(cp_model.CpSolverSolutionCallback):
    """Counts CP-SAT's plans, notes when the first came and passes each on (seconds since
    ``started``, objective)."""

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


def build(instance: Instance, formulation: str = "auto") -> Formulation:
    if formulation not in FORMULATIONS:
        raise ValueError(f"formulation must be one of {', '.join(FORMULATIONS)}")
    if formulation == "compact":
        return CompactModel(instance)
    options = council_options(instance)
    if formulation == "auto" and sum(len(o) for o in options) > OPTIONS_LIMIT:
        return CompactModel(instance)
    return OptionsModel(instance, options)


def solve_instance(
    instance: Instance,
    *,
    hint: Hint | None,
    time_limit: float,
    workers: int,
    seed: int | None,
    gap_limit: float = 0.0,
    formulation: str = "auto",
    on_solution: Callable[[float, float], None] | None = None,
    log: bool = False,
    started: float | None = None,
) -> SolveOutcome:
    """Optimise; with one worker and a seed the limit is deterministic time (reproducible).

    ``time_limit`` counts from the start of model building, so the whole call stays
    within it (plus the final extraction). ``started`` (a ``time.perf_counter()`` value,
    default now) is the origin of the reported times."""
    if started is None:
        started = time.perf_counter()
    built = build(instance, formulation)
    if hint:
        built.add_hint(hint)
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = workers
    deterministic = workers == 1 and seed is not None
    if seed is not None:
        params.random_seed = seed
    remaining = max(0.1, time_limit - (time.perf_counter() - started))
    if deterministic:
        params.max_deterministic_time = time_limit
        params.max_time_in_seconds = max(10.0, 5 * time_limit)
    else:
        params.max_time_in_seconds = remaining
    params.relative_gap_limit = gap_limit
    # a light presolve: the hint becomes the first solution within a second or two
    params.max_presolve_iterations = 1
    params.cp_model_probing_level = 0
    params.find_big_linear_overlap = False
    params.log_search_progress = log
    progress = SolutionProgress(started, on_solution)
    code = solver.solve(built.model, progress)
    status = _STATUS.get(code)
    if status is None:
        raise RuntimeError(f"CP-SAT refused the model: {solver.status_name(code)}")
    weeks = built.weeks(solver) if status in ("optimal", "feasible") else None
    return SolveOutcome(
        status=status,
        weeks=weeks,
        solver_objective=int(solver.objective_value) if weeks is not None else None,
        best_bound=float(solver.best_objective_bound) if weeks is not None else None,
        wall_seconds=time.perf_counter() - started,
        first_solution_seconds=progress.first,
        solutions=progress.count,
        deterministic=deterministic,
        formulation=built.name,
    )
