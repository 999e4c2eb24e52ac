"""A compact CP-SAT formulation for very large programmes (about 1,000 councils and more).

Per council: an integer on-site week (domain: the weeks every per-council hard rule allows),
an integer publication week (domain: weeks outside its blackouts), capacities as cumulative
constraints over fixed-size on-site intervals, and Booleans only where a rule needs them:
one per reachable publication month (report capacity), per reachable quarter (the mix), per
distinct on-site penalty level (soft windows) and one for a move from the previous plan.
The LP bound is weaker than the options formulation's; memory stays small.
"""

from __future__ import annotations

from collections.abc import Callable

from ortools.sat.python import cp_model

from .instance import CouncilTables, Instance
from .shared import Hint, Objective, add_icb_grouping, add_mix

__all__ = ["CompactModel"]


def _domain(values: list[int]) -> cp_model.Domain:
    return cp_model.Domain.from_values(values)


class CompactModel:
    name = "compact"

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self._spans: dict[int, dict[int, tuple[int, int]]] = {}
        self.model = model = cp_model.CpModel()
        self.objective = objective = Objective()
        inp = instance.inputs
        w = inp.weights
        lag, delay, span = instance.lag, instance.max_delay, instance.onsite_weeks
        self.onsite: list[cp_model.IntVar | None] = []
        self.pub: list[cp_model.IntVar | None] = []
        mix = bool(w.region_mix or w.type_mix)
        in_quarter: list[dict[int, list[cp_model.IntVar]]] = []
        month_terms: dict[int, list[cp_model.IntVar]] = {}
        month_fixed: dict[int, int] = {}
        intervals: list[cp_model.IntervalVar] = []
        team_intervals: list[list[cp_model.IntervalVar]] = [[] for _ in instance.team_names]

        for c in instance.councils:
            quarters: dict[int, list[cp_model.IntVar]] = {}
            in_quarter.append(quarters)
            allowed = list(c.allowed)
            if not allowed:
                model.add_bool_or([])  # no week keeps this council's hard rules
                self.onsite.append(None)
                self.pub.append(None)
                continue
            week = model.new_int_var_from_domain(_domain(allowed), f"on_{c.index}")
            pubs = sorted(
                p for p in c.pub_allowed if allowed[0] + lag <= p <= allowed[-1] + lag + delay
            )
            pub = model.new_int_var_from_domain(_domain(pubs), f"pub_{c.index}")
            self.onsite.append(week)
            self.pub.append(pub)
            model.add(pub - week >= lag)
            model.add(pub - week <= lag + delay)
            interval = model.new_fixed_size_interval_var(week, span, f"visit_{c.index}")
            intervals.append(interval)
            if c.team is not None:
                team_intervals[c.team].append(interval)

            months = self._choice(
                pub,
                {instance.month_of_pub_week[p] for p in pubs},
                instance.month_of_pub_week,
                f"month_{c.index}",
                c.index,
                1,
            )
            if len(months) == 1:
                (only,) = months
                month_fixed[only] = month_fixed.get(only, 0) + 1
            else:
                for m, var in months.items():
                    month_terms.setdefault(m, []).append(var)
            if mix:
                quarter_of = instance.quarter_of_week
                for q, var in self._choice(
                    week, {quarter_of[k] for k in allowed}, quarter_of, f"q_{c.index}", c.index, 0
                ).items():
                    quarters[q] = [var]
            self._costs(c, week, pub)

        capacities = instance.capacity
        top = max(capacities) if capacities else 0
        blockers = [
            model.new_fixed_size_interval_var(k, 1, f"closed_{k}")
            for k, limit in enumerate(capacities)
            if limit < top
        ]
        model.add_cumulative(
            intervals + blockers,
            [1] * len(intervals) + [top - limit for limit in capacities if limit < top],
            top,
        )
        for t, members in enumerate(team_intervals):
            model.add_cumulative(members, [1] * len(members), instance.team_capacity[t][0])
        for m, limit in enumerate(instance.report_capacity):
            terms = month_terms.get(m, [])
            fixed = month_fixed.get(m, 0)
            if len(terms) + fixed > limit:
                model.add(cp_model.LinearExpr.sum(terms) + fixed <= limit)

        outside = add_icb_grouping(model, instance, self.onsite, objective)
        if mix:
            add_mix(model, instance, in_quarter, objective, outside)
        model.minimize(objective.expression())

    def _span_of(self, key_of: tuple[int, ...]) -> dict[int, tuple[int, int]]:
        """First and last week of each block (month, quarter) of a week table, computed once."""
        spans = self._spans.get(id(key_of))
        if spans is None:
            spans = {}
            for k, owner in enumerate(key_of):
                first, _ = spans.get(owner, (k, k))
                spans[owner] = (first, k)
            self._spans[id(key_of)] = spans
        return spans

    def _choice(
        self,
        var: cp_model.IntVar,
        keys: set[int],
        key_of: tuple[int, ...],
        name: str,
        council: int,
        part: int,
    ) -> dict[int, cp_model.IntVar]:
        """Booleans telling which block of weeks (month, quarter) ``var`` falls in."""
        model = self.model
        if len(keys) == 1:
            (only,) = keys
            return {only: model.new_constant(1)}
        chosen: dict[int, cp_model.IntVar] = {}
        for key in sorted(keys):
            first, last = self._span_of(key_of)[key]
            flag = model.new_bool_var(f"{name}_{key}")
            model.add(var >= first).only_enforce_if(flag)
            model.add(var <= last).only_enforce_if(flag)
            chosen[key] = flag
            self.objective.aux.append((flag, _block_value(council, part, key, key_of)))
        model.add_exactly_one(list(chosen.values()))
        return chosen

    def _costs(self, c: CouncilTables, week: cp_model.IntVar, pub: cp_model.IntVar) -> None:
        model, objective, inp = self.model, self.objective, self.instance.inputs
        w, t = inp.weights, inp.timing
        i = c.index
        if c.locked_week is None:
            objective.add(week, w.priority * c.priority)
            objective.constant -= w.priority * c.priority * t.notice_weeks_min
        if c.previous_week is not None and w.stability:
            moved = model.new_bool_var(f"moved_{i}")
            if c.previous_week in c.allowed:
                model.add(week == c.previous_week).only_enforce_if(moved.negated())
            else:
                model.add(moved == 1)
            objective.add(moved, w.stability)
            objective.aux.append((moved, _differs(i, c.previous_week)))
        # avoid windows and whole-council elections: one Boolean per distinct penalty
        penalty = {
            k: w.avoid_window * c.avoid_cost.get(k, 0)
            + w.election_onsite * c.election_cost.get(k, 0)
            for k in c.allowed
        }
        for level in sorted({v for v in penalty.values() if v}):
            paid = model.new_bool_var(f"window_{i}_{level}")
            free = [k for k in c.allowed if penalty[k] != level]
            model.add_linear_expression_in_domain(week, _domain(free)).only_enforce_if(
                paid.negated()
            )
            objective.add(paid, level)
            objective.aux.append((paid, _level(i, penalty, level)))
        objective.add(pub, w.publication_delay)
        objective.add(week, -w.publication_delay)
        objective.constant -= w.publication_delay * t.publication_lag_weeks
        for rule, first, last in (
            ("reassessment_early", c.due_first, None),
            ("reassessment_overdue", None, c.due_last),
        ):
            weight = getattr(w, rule)
            if not weight or (first is None and last is None):
                continue
            bound = self.instance.pub_weeks + abs(first or 0) + abs(last or 0)
            miss = model.new_int_var(0, bound, f"{rule}_{i}")
            if first is not None:
                model.add(miss >= first - pub)
            if last is not None:
                model.add(miss >= pub - last)
            objective.add(miss, weight)
            objective.aux.append((miss, _miss(i, first, last)))

    def add_hint(self, hint: Hint) -> None:
        for i, (week, pub) in hint.items():
            on, out = self.onsite[i], self.pub[i]
            if on is not None and out is not None:
                self.model.add_hint(on, week)
                self.model.add_hint(out, pub)
        if len(hint) == len(self.instance.councils):
            for var, value in self.objective.aux:
                self.model.add_hint(var, value(hint))

    def weeks(self, solver: cp_model.CpSolver) -> Hint:
        found: Hint = {}
        for i, (on, out) in enumerate(zip(self.onsite, self.pub, strict=True)):
            assert on is not None and out is not None
            found[i] = (int(solver.value(on)), int(solver.value(out)))
        return found


def _block_value(
    council: int, part: int, key: int, key_of: tuple[int, ...]
) -> Callable[[Hint], int]:
    return lambda hint: int(key_of[hint[council][part]] == key)


def _differs(council: int, previous: int) -> Callable[[Hint], int]:
    return lambda hint: int(hint[council][0] != previous)


def _level(council: int, penalty: dict[int, int], level: int) -> Callable[[Hint], int]:
    return lambda hint: int(penalty[hint[council][0]] == level)


def _miss(council: int, first: int | None, last: int | None) -> Callable[[Hint], int]:
    def value(hint: Hint) -> int:
        pub = hint[council][1]
        early = 0 if first is None else first - pub
        late = 0 if last is None else pub - last
        return max(0, early, late)

    return value
