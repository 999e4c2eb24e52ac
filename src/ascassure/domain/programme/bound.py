"""A lower bound on the programme's objective from a decomposition by ICB.

The solver's own bound comes from a linear relaxation in which every council of an ICB can be
"a little in every week", so it barely sees what grouping costs when a team can visit one
council a week. Here each ICB (and each council outside one) is a block that picks one
column: a whole assignment of its councils to on-site and publication weeks with the ICB's
window. A master linear programme holds what links the blocks (weekly national and team
capacity, monthly report capacity, the quarterly mix and the ICB-mix inequalities of
:mod:`.cuts`), exactly as the solver's model does, and column generation prices each block
exactly: for every window start, each council's cheapest option under the master's prices,
with no more of one team's councils in a week than it can visit (a min-cost flow).

Every round gives a valid lower bound (the master's value plus each block's most negative
reduced cost), so the bound can be taken whenever the time runs out. On the example it
converges in about 2 s, above the solver's bound; it only ever raises the reported bound.
Its columns, with each block's best for many window starts under the final prices
(:meth:`Decomposition.candidates`), are also the pool :mod:`.pool` builds plans from.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped]
from ortools.linear_solver import pywraplp  # type: ignore[import-untyped]

from .cpsat import council_options
from .cuts import icb_mix_cuts
from .instance import Instance, mix_allowances

__all__ = ["Column", "Decomposition", "DecompositionBound", "decomposition_bound"]

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

_BIG = 1e5  # cost of the artificial column that keeps the first master feasible
_SCALE = 1000  # reduced costs to integers for the min-cost flow


@dataclass(frozen=True)
class DecompositionBound:
    bound: float  # a lower bound on every plan's total points
    seconds: float
    rounds: int
    columns: int
    converged: bool


@dataclass(frozen=True)
class Column:
    """One block's whole assignment: ``(council, option index)`` pairs, councils in order."""

    block: int
    choice: tuple[tuple[int, int], ...]


class Decomposition:
    def __init__(self, instance: Instance) -> None:
        self.instance = inst = instance
        inp = inst.inputs
        self.w = w = inp.weights
        self.tolerance = tol = inp.settings.icb_tolerance_weeks
        self.span = inst.onsite_weeks
        # per council: its options' on-site weeks, publication weeks and costs
        self.options: list[tuple[Ints, Ints, Floats]] = []
        for c, opts in zip(inst.councils, council_options(inst), strict=True):
            ks = np.array([k for k, _ in opts], dtype=int)
            ps = np.array([p for _, p in opts], dtype=int)
            cost = np.array(c.option_costs(opts, inp), dtype=float)
            self.options.append((ks, ps, cost))
        self.quarter = np.array(inst.quarter_of_week)
        self.month = np.array(inst.month_of_pub_week)
        self.region = {i: g for g, (_, m) in enumerate(inst.region_groups) for i in m}
        self.ctype = {i: g for g, (_, m) in enumerate(inst.type_groups) for i in m}
        self.starts = np.arange(-tol, inst.weeks)
        weeks = np.arange(inst.weeks)
        self.distance = np.maximum(0, self.starts[:, None] - weeks[None, :]) + np.maximum(
            0, weeks[None, :] - self.starts[:, None] - tol
        )
        in_icb: set[int] = set()
        self.blocks: list[tuple[int, ...]] = []
        if w.icb_grouping:
            for _, members in inst.icb_groups:
                self.blocks.append(tuple(members))
                in_icb.update(members)
        self.blocks += [(i,) for i in range(len(inst.councils)) if i not in in_icb]
        self._master(in_icb)

    def _master(self, in_icb: set[int]) -> None:
        inst, w = self.instance, self.w
        self.lp = lp = pywraplp.Solver.CreateSolver("GLOP")
        empty = lp.Sum([])
        self.convex = [lp.Add(empty == 1) for _ in self.blocks]
        self.cap = [lp.Add(empty <= c) for c in inst.capacity]
        self.team = [[lp.Add(empty <= c) for c in caps] for caps in inst.team_capacity]
        self.reports = [lp.Add(empty <= c) for c in inst.report_capacity]
        self.objective = lp.Objective()
        self.objective.SetMinimization()
        self.mix: dict[tuple[str, int, int], tuple[pywraplp.Constraint, pywraplp.Variable]] = {}
        self.cuts: list[tuple[pywraplp.Constraint, frozenset[int]]] = []
        for rule, groups in (("region_mix", inst.region_groups), ("type_mix", inst.type_groups)):
            weight = getattr(w, rule)
            if not weight:
                continue
            allowances = mix_allowances(inst, groups)
            for g, row in enumerate(allowances):
                for q, allowance in enumerate(row):
                    excess = lp.NumVar(0, lp.infinity(), f"{rule}_{g}_{q}")
                    self.objective.SetCoefficient(excess, weight)
                    self.mix[(rule, g, q)] = (lp.Add(-excess <= allowance), excess)
            if w.icb_grouping:
                for cut in icb_mix_cuts(
                    inst, frozenset(in_icb), [m for _, m in groups], allowances
                ):
                    row = lp.Add(empty >= cut.rhs)
                    for q in range(len(inst.quarter_names)):
                        row.SetCoefficient(self.mix[(rule, cut.group, q)][1], 1)
                    self.cuts.append((row, frozenset(cut.councils)))
        for b in range(len(self.blocks)):
            artificial = lp.NumVar(0, lp.infinity(), f"artificial_{b}")
            self.convex[b].SetCoefficient(artificial, 1)
            self.objective.SetCoefficient(artificial, _BIG)
        self.pool: list[Column] = []  # every column added to the master, in order

    def _rows_of(self, i: int, k: int) -> list[pywraplp.Constraint]:
        inst = self.instance
        rows = []
        for week in range(k, k + self.span):
            rows.append(self.cap[week])
            team = inst.councils[i].team
            if team is not None:
                rows.append(self.team[team][week])
        q = int(self.quarter[k])
        for key in (("region_mix", self.region[i], q), ("type_mix", self.ctype[i], q)):
            if key in self.mix:
                rows.append(self.mix[key][0])
        return rows

    def add_column(self, b: int, choice: dict[int, int], start: int | None) -> None:
        var = self.lp.NumVar(0, self.lp.infinity(), f"column_{len(self.pool)}")
        self.pool.append(Column(b, tuple(sorted(choice.items()))))
        self.convex[b].SetCoefficient(var, 1)
        cost = 0.0
        outside: dict[int, int] = {}
        coefs: dict[pywraplp.Constraint, float] = {}
        for i, j in choice.items():
            ks, ps, costs = self.options[i]
            k, p = int(ks[j]), int(ps[j])
            cost += costs[j]
            if start is not None:
                outside[i] = int(self.distance[start + self.tolerance, k])
                cost += self.w.icb_grouping * outside[i]
            for row in [*self._rows_of(i, k), self.reports[int(self.month[p])]]:
                coefs[row] = coefs.get(row, 0.0) + 1
        for row, members in self.cuts:
            weeks_out = sum(d for i, d in outside.items() if i in members)
            if weeks_out:
                coefs[row] = coefs.get(row, 0.0) + weeks_out
        for row, coef in coefs.items():
            row.SetCoefficient(var, coef)
        self.objective.SetCoefficient(var, cost)

    def _reduced(self) -> tuple[list[Floats], Floats, list[float]]:
        inst = self.instance
        alpha = np.array([r.dual_value() for r in self.cap])
        beta = [np.array([r.dual_value() for r in rows]) for rows in self.team]
        mu = np.array([r.dual_value() for r in self.reports])
        pi = {key: row.dual_value() for key, (row, _) in self.mix.items()}
        rho = np.zeros(len(inst.councils))
        for row, members in self.cuts:
            for i in members:
                rho[i] += row.dual_value()
        sigma = [r.dual_value() for r in self.convex]
        reduced = []
        for i, (ks, ps, costs) in enumerate(self.options):
            team = inst.councils[i].team
            r = costs - mu[self.month[ps]]
            for offset in range(self.span):
                r = r - alpha[ks + offset]
                if team is not None:
                    r = r - beta[team][ks + offset]
            q_price = np.array(
                [
                    pi.get(("region_mix", self.region[i], q), 0.0)
                    + pi.get(("type_mix", self.ctype[i], q), 0.0)
                    for q in range(len(inst.quarter_names))
                ]
            )
            reduced.append(r - q_price[self.quarter[ks]])
        return reduced, rho, sigma

    def _week_limit(self, team: int, week: int) -> int:
        inst = self.instance
        return min(inst.team_capacity[team][week], inst.capacity[week])

    def _distinct(
        self, team: int, weeks: list[np.ndarray], values: list[np.ndarray]
    ) -> tuple[float, list[int]]:
        """Cheapest pick of one week per member (member ``x`` may take ``weeks[x][j]`` at
        ``values[x][j]``) with no more of the team in a week than it can visit: a min-cost
        flow on costs rounded to 1/_SCALE, so the value returned (the picks' true cost) is
        within ``n / _SCALE`` of the true minimum. Returns it and each member's pick."""
        n = len(weeks)
        first_week = 2 + n
        low = min(float(v.min()) for v in values)
        tails = [np.zeros(n, dtype=np.int64)]
        heads = [np.arange(2, 2 + n, dtype=np.int64)]
        caps = [np.ones(n, dtype=np.int64)]
        costs = [np.zeros(n, dtype=np.int64)]
        for x in range(n):
            tails.append(np.full(len(weeks[x]), 2 + x, dtype=np.int64))
            heads.append(first_week + weeks[x].astype(np.int64))
            caps.append(np.ones(len(weeks[x]), dtype=np.int64))
            costs.append(np.rint((values[x] - low) * _SCALE).astype(np.int64))
        horizon = self.instance.weeks
        tails.append(first_week + np.arange(horizon, dtype=np.int64))
        heads.append(np.ones(horizon, dtype=np.int64))
        caps.append(np.array([self._week_limit(team, k) for k in range(horizon)], dtype=np.int64))
        costs.append(np.zeros(horizon, dtype=np.int64))
        flow = min_cost_flow.SimpleMinCostFlow()
        flow.add_arcs_with_capacity_and_unit_cost(
            np.concatenate(tails),
            np.concatenate(heads),
            np.concatenate(caps),
            np.concatenate(costs),
        )
        flow.set_node_supply(0, n)
        flow.set_node_supply(1, -n)
        if flow.solve() != flow.OPTIMAL:
            return float("inf"), []
        picks: list[int] = []
        arc = n
        for x in range(n):
            used = np.array([flow.flow(a) for a in range(arc, arc + len(weeks[x]))])
            picks.append(int(np.argmax(used)))
            arc += len(weeks[x])
        return sum(float(values[x][j]) for x, j in enumerate(picks)), picks

    def _block_columns(
        self, b: int, reduced: list[Floats], rho: Floats, sigma: list[float]
    ) -> Iterator[tuple[float, float, float, dict[int, int], int | None]]:
        """Block ``b``'s best column for each window start, cheapest relaxed value first:
        ``(relaxed, exact, lowest, choice, start)``, reduced costs all. ``relaxed`` ignores
        the team-week limit (so it never exceeds ``exact``), ``lowest`` is a lower bound on
        ``exact`` within rounding (``inf`` where the team cannot fit the block around the
        start). A council outside every ICB yields its options, cheapest first."""
        members = self.blocks[b]
        if len(members) == 1:
            (i,) = members
            for j in np.argsort(reduced[i], kind="stable"):
                value = float(reduced[i][j]) - sigma[b]
                yield value, value, value, {i: int(j)}, None
            return
        inst = self.instance
        # each member's best option per on-site week (the window cost depends on the week)
        weeks, best_option, tables = [], [], []
        for i in members:
            ks = self.options[i][0]
            order = np.lexsort((reduced[i], ks))
            first = np.ones(len(order), dtype=bool)
            first[1:] = ks[order][1:] != ks[order][:-1]
            picked = order[first]
            weeks.append(ks[picked])
            best_option.append(picked)
            penalty = (self.w.icb_grouping - rho[i]) * self.distance[:, ks[picked]]
            tables.append(reduced[i][picked][None, :] + penalty)  # start x week
        argmins = [t.argmin(axis=1) for t in tables]
        rows = np.arange(len(self.starts))
        loose = sum(t[rows, a] for t, a in zip(tables, argmins, strict=True))
        teams: dict[int, list[int]] = {}
        for x, i in enumerate(members):
            team = inst.councils[i].team
            if team is not None and self.span == 1:
                teams.setdefault(team, []).append(x)
        for s_index in np.argsort(loose):
            picks = [int(a[s_index]) for a in argmins]
            value = float(loose[s_index])
            slack = 0.0
            for team, xs in teams.items():
                chosen = [int(weeks[x][picks[x]]) for x in xs]
                if all(chosen.count(k) <= self._week_limit(team, k) for k in chosen):
                    continue
                exact, distinct = self._distinct(
                    team, [weeks[x] for x in xs], [tables[x][s_index] for x in xs]
                )
                value += exact - sum(float(tables[x][s_index][picks[x]]) for x in xs)
                slack += len(xs) / _SCALE
                if not distinct:  # the team cannot fit these councils around this window
                    value = math.inf
                    break
                for x, j in zip(xs, distinct, strict=True):
                    picks[x] = j
            choice = {i: int(best_option[x][picks[x]]) for x, i in enumerate(members)}
            relaxed = float(loose[s_index]) - sigma[b]
            yield (
                relaxed,
                value - sigma[b],
                value - slack - sigma[b],
                choice,
                int(self.starts[s_index]),
            )

    def price(self) -> tuple[float, int]:
        """Add each block's best column when it improves; return the bound from this round
        (the master's value plus every block's most negative reduced cost) and how many
        columns were added."""
        master_value = self.objective.Value()
        reduced, rho, sigma = self._reduced()
        found: list[tuple[int, dict[int, int], int | None]] = []
        total = 0.0
        for b in range(len(self.blocks)):
            best_rc, best, lowest = math.inf, None, math.inf
            for relaxed, exact, low, choice, start in self._block_columns(b, reduced, rho, sigma):
                if relaxed >= lowest:
                    break  # keeping members apart never lowers the value
                lowest = min(lowest, low)
                if exact < best_rc:
                    best_rc, best = exact, (choice, start)
            assert best is not None
            if best_rc < -1e-6:
                found.append((b, *best))
            total += min(0.0, lowest)
        for b, choice, start in found:
            self.add_column(b, choice, start)
        return master_value + total, len(found)

    def candidates(self, per_block: int) -> list[Column]:
        """Under the master's current prices, up to ``per_block`` columns for each block:
        its best for each of its cheapest window starts (for a council outside every ICB,
        its cheapest options). The master must have been solved."""
        reduced, rho, sigma = self._reduced()
        found: list[Column] = []
        for b in range(len(self.blocks)):
            columns = self._block_columns(b, reduced, rho, sigma)
            for _, exact, _, choice, _ in islice(columns, per_block):
                if exact < math.inf:
                    found.append(Column(b, tuple(sorted(choice.items()))))
        return found

    def generate(self, time_limit: float, max_rounds: int = 500) -> DecompositionBound | None:
        """Column generation until no column prices out, ``max_rounds`` or ``time_limit``
        seconds; the best bound seen (None if no round finished, the master failed or some
        council has no option at all)."""
        started = time.perf_counter()
        best = -math.inf
        rounds = 0
        converged = False
        if any(not len(ks) for ks, _, _ in self.options):
            return None  # a council has no option that keeps its hard rules: no plan at all
        while rounds < max_rounds and time.perf_counter() - started < time_limit:
            if self.lp.Solve() != pywraplp.Solver.OPTIMAL:
                break
            bound, added = self.price()
            best = max(best, bound)
            rounds += 1
            if not added:
                converged = True
                break
        if not rounds or best == -math.inf:
            return None
        return DecompositionBound(
            bound=best,
            seconds=time.perf_counter() - started,
            rounds=rounds,
            columns=len(self.pool),
            converged=converged,
        )


def decomposition_bound(instance: Instance, time_limit: float) -> DecompositionBound | None:
    """The decomposition's bound after at most ``time_limit`` seconds (None if no round
    finished, or the master could not be solved)."""
    return Decomposition(instance).generate(time_limit)
