"""The programme as a CP-SAT model with one Boolean per (on-site week, publication week)
option of each council: the tight formulation, used unless the programme is very large.

Options only exist where every per-council hard rule holds (notice, forbidden weeks, locks,
blackouts, delay limit), so those rules hold by construction; capacities are linear sums;
every per-council soft rule is an exact cost on its option, so the LP bound is strong for
them. The ICB spans and quarterly mix use the shared helpers in :mod:`.shared`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from .instance import CouncilTables, Instance
from .shared import Hint, Objective, add_capacities, add_icb_grouping, add_mix

__all__ = ["Options", "OptionsModel", "council_options", "publication_options"]


def publication_options(instance: Instance, council: CouncilTables, onsite: int) -> list[int]:
    """Publication weeks worth considering for an on-site week.

    Every allowed week within the delay limit for a council with a re-assessment due window
    (its costs can favour a later week); otherwise the first allowed week of each calendar
    month (a later week in the same month costs more delay and relieves no constraint)."""
    weeks = instance.publication_weeks(council, onsite)
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


Options = list[list[tuple[int, int]]]


def council_options(instance: Instance) -> Options:
    """Every council's (on-site week, publication week) options."""
    return [
        [(k, p) for k in c.allowed for p in publication_options(instance, c, k)]
        for c in instance.councils
    ]


@dataclass
class _Council:
    options: list[tuple[int, int]]
    chosen: list[cp_model.IntVar]


class OptionsModel:
    name = "options"

    def __init__(self, instance: Instance, all_options: Options | None = None) -> None:
        self.instance = instance
        if all_options is None:
            all_options = council_options(instance)
        self.model = model = cp_model.CpModel()
        inp = instance.inputs
        span = instance.onsite_weeks
        self.objective = objective = Objective()
        self.councils: list[_Council | None] = []
        onsite_at: list[list[cp_model.IntVar]] = [[] for _ in range(instance.weeks)]
        team_at: list[list[list[cp_model.IntVar]]] = [
            [[] for _ in range(instance.weeks)] for _ in instance.team_names
        ]
        month_at: list[list[cp_model.IntVar]] = [[] for _ in instance.month_names]
        in_quarter: list[dict[int, list[cp_model.IntVar]]] = []

        for c, options in zip(instance.councils, all_options, strict=True):
            quarters: dict[int, list[cp_model.IntVar]] = {}
            in_quarter.append(quarters)
            if not options:
                model.add_bool_or([])  # no option keeps this council's hard rules
                self.councils.append(None)
                continue
            chosen = [model.new_bool_var(f"v_{c.index}_{k}_{p}") for k, p in options]
            model.add_exactly_one(chosen)
            self.councils.append(_Council(options, chosen))
            for (k, p), var, cost in zip(
                options, chosen, c.option_costs(options, inp), strict=True
            ):
                objective.add(var, cost)
                for week in range(k, k + span):
                    onsite_at[week].append(var)
                    if c.team is not None:
                        team_at[c.team][week].append(var)
                month_at[instance.month_of_pub_week[p]].append(var)
                quarters.setdefault(instance.quarter_of_week[k], []).append(var)

        add_capacities(model, instance, onsite_at, team_at, month_at)

        week_of = [
            None
            if cv is None
            else cp_model.LinearExpr.weighted_sum(cv.chosen, [k for k, _ in cv.options])
            for cv in self.councils
        ]
        outside = add_icb_grouping(model, instance, week_of, objective)
        add_mix(model, instance, in_quarter, objective, outside)
        model.minimize(objective.expression())

    def add_hint(self, hint: Hint) -> None:
        for i, chosen in hint.items():
            cv = self.councils[i]
            if cv is None:
                continue
            for option, var in zip(cv.options, cv.chosen, strict=True):
                self.model.add_hint(var, option == chosen)
        if len(hint) == len(self.instance.councils):
            for var, value in self.objective.aux:
                self.model.add_hint(var, value(hint))

    def weeks(self, solver: cp_model.CpSolver) -> Hint:
        found: Hint = {}
        for i, cv in enumerate(self.councils):
            assert cv is not None
            found[i] = next(
                o for o, v in zip(cv.options, cv.chosen, strict=True) if solver.boolean_value(v)
            )
        return found
