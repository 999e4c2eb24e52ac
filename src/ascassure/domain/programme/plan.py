"""What the scheduler returns: the plan, its cost by rule, and how it was found."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = [
    "Assessment",
    "Comparison",
    "Conflict",
    "Plan",
    "PlanResult",
    "RuleCost",
    "SolveStats",
    "Violation",
]


@dataclass(frozen=True)
class Assessment:
    """One council's dates; each is the Monday of its week."""

    council: str
    notification: date
    onsite: date
    publication: date
    locked: bool = False

    @property
    def notice_weeks(self) -> int:
        return (self.onsite - self.notification).days // 7


@dataclass(frozen=True)
class Plan:
    """Assessments ordered by on-site week then council; ``unplaced`` lists councils a
    heuristic could not fit (always empty for a solver plan)."""

    assessments: tuple[Assessment, ...]
    unplaced: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.unplaced


@dataclass(frozen=True)
class Violation:
    """A hard rule broken by a plan (found by :func:`check_plan`)."""

    rule: str
    subject: str
    detail: str


@dataclass(frozen=True)
class Conflict:
    """One instance of a hard rule in a set that cannot all hold together."""

    rule: str
    subject: str
    detail: str


@dataclass(frozen=True)
class RuleCost:
    """A soft rule's share of the objective: ``points`` = weight x measure."""

    rule: str
    weight: int
    points: int
    share: float


@dataclass(frozen=True)
class SolveStats:
    status: str
    solver_objective: int | None
    best_bound: float | None
    gap: float | None
    wall_seconds: float
    first_solution_seconds: float | None
    solutions: int
    workers: int
    seed: int | None
    time_limit: float
    deterministic: bool
    formulation: str = "options"
    decomposition_bound: int | None = None  # see .bound; best_bound is the higher of the two
    pool_columns: int | None = None  # columns the plan was chosen from (see .pool), if used


@dataclass(frozen=True)
class Comparison:
    """The greedy plan built from the same inputs, costed the same way."""

    complete: bool
    total: int | None
    costs: tuple[RuleCost, ...]
    unplaced: tuple[str, ...]
    ratio: float | None  # solver total / greedy total (below 1: the solver is better)


@dataclass(frozen=True)
class PlanResult:
    """``status`` is ``optimal``, ``feasible``, ``infeasible`` or ``unknown`` (no plan in time)."""

    status: str
    plan: Plan | None
    total: int | None
    costs: tuple[RuleCost, ...]
    stats: SolveStats
    greedy: Comparison
    conflicts: tuple[Conflict, ...] = ()
    conflicts_minimal: bool = False
