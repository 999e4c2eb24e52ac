"""Why no plan exists: the hard rules that cannot all hold, found with solver assumptions.

Every instance of a hard rule (a council's locked dates, a week's capacity, a month's report
capacity...) is guarded by its own assumption literal in a feasibility model. CP-SAT returns
a set of assumptions sufficient for infeasibility; we then drop, one at a time, each member
whose removal keeps the model infeasible, so that (time allowing) every rule instance left is
needed for the conflict. "Every council is on site once inside the horizon" is always
enforced: it is the question being asked, not a rule to relax.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .instance import Instance, _touched
from .plan import Conflict
from .rules import publication_blackouts
from .weeks import week_monday

__all__ = ["find_conflicts"]


@dataclass
class _Diagnostic:
    model: cp_model.CpModel
    guards: dict[int, Conflict]  # assumption literal index -> the rule instance it guards


def _build(instance: Instance) -> _Diagnostic:
    model = cp_model.CpModel()
    inp = instance.inputs
    t = inp.timing
    lag, delay, span, weeks = (
        instance.lag,
        instance.max_delay,
        instance.onsite_weeks,
        instance.weeks,
    )
    starts = range(weeks - span + 1)
    slack = 52
    guards: dict[int, Conflict] = {}
    names = {c.council.code: c.council.name for c in inp.councils}

    def guard(rule: str, subject: str, detail: str) -> cp_model.IntVar:
        lit = model.new_bool_var(f"{rule}:{subject}")
        guards[lit.index] = Conflict(rule, subject, detail)
        return lit

    x: list[dict[int, cp_model.IntVar]] = []
    pubs: list[cp_model.IntVar] = []
    month_vars: dict[int, list[cp_model.IntVar]] = {}
    for c, council in zip(instance.councils, inp.councils, strict=True):
        label = f"{c.code} {names[c.code]}"
        xs = {k: model.new_bool_var(f"x_{c.index}_{k}") for k in starts}
        x.append(xs)
        model.add_exactly_one(list(xs.values()))
        week = cp_model.LinearExpr.weighted_sum(list(xs.values()), list(xs))
        if c.locked_week is not None:
            lock = guard(
                "locked", label, f"on site week of {week_monday(inp.start, c.locked_week)}"
            )
            if c.locked_week in xs:
                model.add_implication(lock, xs[c.locked_week])
            else:
                model.add_bool_or([lock.negated()])
        else:
            notice = guard(
                "notice_period",
                label,
                f"notified no earlier than {inp.start}, so on site from "
                f"{week_monday(inp.start, t.notice_weeks_min)}",
            )
            for k in starts:
                if k < t.notice_weeks_min:
                    model.add_implication(notice, xs[k].negated())
        forbidden = _touched(inp, council.forbidden, weeks)
        if forbidden:
            reasons = "; ".join(
                f"{w.start}..{w.end}" + (f" ({w.reason})" if w.reason else "")
                for w in council.forbidden
            )
            lit = guard("forbidden_weeks", label, reasons)
            for k in starts:
                if any(j in forbidden for j in range(k, k + span)):
                    model.add_implication(lit, xs[k].negated())
        top = weeks - span + lag + delay + slack
        pub = model.new_int_var(lag, top, f"pub_{c.index}")
        pubs.append(pub)
        model.add(pub - week >= lag)
        model.add(pub - week <= lag + delay).only_enforce_if(
            guard("publication_delay_limit", label, f"published {lag}-{lag + delay} weeks after")
        )
        allowed = sorted(p for p in c.pub_allowed if lag <= p <= top)
        if len(allowed) < top - lag + 1:
            windows = publication_blackouts(inp, c.code)
            text = "; ".join(f"{w.start}..{w.end}" for w in windows)
            model.add_linear_expression_in_domain(
                pub, cp_model.Domain.from_values(allowed)
            ).only_enforce_if(guard("publication_blackout", label, text))
        by_month: dict[int, list[int]] = {}
        for p in range(lag, top + 1):
            month = instance.month_of_pub_week[p] if p < len(instance.month_of_pub_week) else -1
            by_month.setdefault(month, []).append(p)
        ys = []
        for month, members in by_month.items():
            y = model.new_bool_var(f"m_{c.index}_{month}")
            model.add(pub >= members[0]).only_enforce_if(y)
            model.add(pub <= members[-1]).only_enforce_if(y)
            ys.append(y)
            if month >= 0:
                month_vars.setdefault(month, []).append(y)
        model.add_exactly_one(ys)

    def load(week: int, members: list[int]) -> list[cp_model.IntVar]:
        return [x[i][s] for i in members for s in range(week - span + 1, week + 1) if s in x[i]]

    everyone = [c.index for c in instance.councils]
    for k in range(weeks):
        terms = load(k, everyone)
        limit = instance.capacity[k]
        if len(terms) > limit:
            monday = week_monday(inp.start, k).isoformat()
            model.add(cp_model.LinearExpr.sum(terms) <= limit).only_enforce_if(
                guard("onsite_capacity", monday, f"at most {limit} visits")
            )
    for team, name in enumerate(instance.team_names):
        members = [c.index for c in instance.councils if c.team == team]
        for k in range(weeks):
            terms = load(k, members)
            limit = instance.team_capacity[team][k]
            if len(terms) > limit:
                monday = week_monday(inp.start, k).isoformat()
                model.add(cp_model.LinearExpr.sum(terms) <= limit).only_enforce_if(
                    guard("team_capacity", f"{name} {monday}", f"at most {limit} visits")
                )
    for month, ys in sorted(month_vars.items()):
        limit = instance.report_capacity[month]
        if len(ys) > limit:
            model.add(cp_model.LinearExpr.sum(ys) <= limit).only_enforce_if(
                guard(
                    "report_capacity", instance.month_names[month], f"at most {limit} publications"
                )
            )
    return _Diagnostic(model, guards)


def _solve(
    model: cp_model.CpModel, assumptions: list[int], seconds: float
) -> tuple[int, list[int]]:
    """Status and, when infeasible, a sufficient subset of the assumptions."""
    model.clear_assumptions()
    model.proto.assumptions.extend(assumptions)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # assumptions are only reliable in single-worker search
    solver.parameters.cp_model_presolve = False  # keeps the core in terms of our literals
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    status = int(solver.solve(model))
    core: list[int] = []
    if status == cp_model.INFEASIBLE:
        core = list(solver.sufficient_assumptions_for_infeasibility())
    return status, core


def find_conflicts(instance: Instance, time_limit: float) -> tuple[tuple[Conflict, ...], bool]:
    """Hard-rule instances that cannot all hold, and whether the set was shown minimal."""
    deadline = time.perf_counter() + max(1.0, time_limit)
    diagnostic = _build(instance)
    everything = sorted(diagnostic.guards)
    status, found = _solve(diagnostic.model, everything, deadline - time.perf_counter())
    if status != cp_model.INFEASIBLE:
        return (), False
    core = [lit for lit in found if lit in diagnostic.guards]
    if not core:
        core = everything
    minimal = True
    i = 0
    while i < len(core):
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            minimal = False
            break
        trial = core[:i] + core[i + 1 :]
        status, found = _solve(diagnostic.model, trial, remaining)
        if status == cp_model.INFEASIBLE:
            smaller = set(found) & set(trial)
            core = [lit for lit in trial if lit in smaller] if smaller else trial
        else:
            if status != cp_model.FEASIBLE and status != cp_model.OPTIMAL:
                minimal = False
            i += 1
    conflicts = sorted((diagnostic.guards[lit] for lit in core), key=lambda c: (c.rule, c.subject))
    return tuple(conflicts), minimal
