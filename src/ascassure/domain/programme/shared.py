"""Model pieces both CP-SAT formulations share: the objective, ICB spans, quarterly mix."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .cuts import add_icb_mix_cuts
from .instance import Instance, mix_allowances
from .rules import icb_best_start

__all__ = ["Aux", "Hint", "Objective", "add_capacities", "add_icb_grouping", "add_mix"]

Hint = dict[int, tuple[int, int]]  # council index -> (on-site week, publication week)
Aux = list[tuple[cp_model.IntVar, Callable[[Hint], int]]]


@dataclass
class Objective:
    """Weighted terms of the objective and, per helper variable, its value for a hint."""

    variables: list[cp_model.IntVar] = field(default_factory=list)
    coefs: list[int] = field(default_factory=list)
    constant: int = 0
    aux: Aux = field(default_factory=list)

    def add(self, variable: cp_model.IntVar, coef: int) -> None:
        if coef:
            self.variables.append(variable)
            self.coefs.append(coef)

    def expression(self) -> cp_model.LinearExpr:
        return cp_model.LinearExpr.weighted_sum(self.variables, self.coefs) + self.constant


Terms = list[list[cp_model.IntVar]]


def add_capacities(
    model: cp_model.CpModel, instance: Instance, onsite: Terms, team: list[Terms], reports: Terms
) -> None:
    """At most each week's national and team capacity of visits (``onsite[week]``,
    ``team[t][week]``: the Booleans that put a visit in that week) and each month's report
    capacity (``reports[month]``); a limit no choice can exceed adds nothing."""

    def at_most(terms: list[cp_model.IntVar], limit: int) -> None:
        if len(terms) > limit:
            model.add(cp_model.LinearExpr.sum(terms) <= limit)

    for week, terms in enumerate(onsite):
        at_most(terms, instance.capacity[week])
    for t, by_week in enumerate(team):
        for week, terms in enumerate(by_week):
            at_most(terms, instance.team_capacity[t][week])
    for month, terms in enumerate(reports):
        at_most(terms, instance.report_capacity[month])


def _window_value(ids: tuple[int, ...], tolerance: int) -> Callable[[Hint], int]:
    return lambda hint: icb_best_start([hint[i][0] for i in ids], tolerance)


def _outside_value(ids: tuple[int, ...], i: int, tolerance: int) -> Callable[[Hint], int]:
    def value(hint: Hint) -> int:
        start = icb_best_start([hint[j][0] for j in ids], tolerance)
        week = hint[i][0]
        return max(0, start - week, week - start - tolerance)

    return value


def add_icb_grouping(
    model: cp_model.CpModel,
    instance: Instance,
    week_of: Sequence[cp_model.LinearExpr | None],
    objective: Objective,
) -> dict[int, cp_model.IntVar]:
    """Per ICB a window start ``s``; per council ``outside >= s - week`` and
    ``outside >= week - s - tolerance``; the weighted sum of ``outside`` is minimised, so at
    the optimum ``s`` is the best window (see :func:`.rules.icb_outside_weeks`). Returns
    each council's ``outside`` variable."""
    weight = instance.inputs.weights.icb_grouping
    tolerance = instance.inputs.settings.icb_tolerance_weeks
    outside_of: dict[int, cp_model.IntVar] = {}
    if not weight:
        return outside_of
    horizon = instance.weeks
    for g, (_icb, members) in enumerate(instance.icb_groups):
        live = [(i, week) for i in members if (week := week_of[i]) is not None]
        if len(live) < 2:
            continue
        ids = tuple(i for i, _ in live)
        start = model.new_int_var(-tolerance, horizon, f"icb_window_{g}")
        objective.aux.append((start, _window_value(ids, tolerance)))
        for i, week in live:
            outside = model.new_int_var(0, horizon + tolerance, f"icb_outside_{g}_{i}")
            model.add(outside >= start - week)
            model.add(outside >= week - start - tolerance)
            objective.add(outside, weight)
            objective.aux.append((outside, _outside_value(ids, i, tolerance)))
            outside_of[i] = outside
    return outside_of


def _excess_value(
    members: frozenset[int], quarter_of: tuple[int, ...], q: int, allowance: int
) -> Callable[[Hint], int]:
    def value(hint: Hint) -> int:
        here = sum(1 for i in members if i in hint and quarter_of[hint[i][0]] == q)
        return max(0, here - allowance)

    return value


def add_mix(
    model: cp_model.CpModel,
    instance: Instance,
    in_quarter: Sequence[dict[int, list[cp_model.IntVar]]],
    objective: Objective,
    icb_outside: Mapping[int, cp_model.IntVar] | None = None,
) -> None:
    """Per group (region, type) and quarter: ``excess >= count - allowance`` (see
    :func:`.rules.mix_allowance`), where ``in_quarter[i][q]`` are Booleans summing to 1 when
    council ``i`` is on site in quarter ``q``. With the ICB ``outside`` variables, the
    inequalities of :mod:`.cuts` tie the two rules together for the bound."""
    inp = instance.inputs
    quarter_of = instance.quarter_of_week
    for rule, groups in (
        ("region_mix", instance.region_groups),
        ("type_mix", instance.type_groups),
    ):
        weight = getattr(inp.weights, rule)
        if not weight:
            continue
        allowances = mix_allowances(instance, groups)
        excesses: list[dict[int, cp_model.IntVar]] = []
        for g, (_name, members) in enumerate(groups):
            excesses.append({})
            for q, allowance in enumerate(allowances[g]):
                terms = [v for i in members for v in in_quarter[i].get(q, [])]
                if len(terms) <= allowance:
                    continue
                excess = model.new_int_var(0, len(members), f"{rule}_{g}_{q}")
                model.add(excess >= cp_model.LinearExpr.sum(terms) - allowance)
                objective.add(excess, weight)
                group = frozenset(members)
                objective.aux.append((excess, _excess_value(group, quarter_of, q, allowance)))
                excesses[g][q] = excess
        if icb_outside:
            add_icb_mix_cuts(
                model, instance, icb_outside, [m for _, m in groups], allowances, excesses
            )
