"""Valid inequalities linking the ICB-grouping and quarterly-mix rules.

Neither rule alone costs anything in the linear relaxation (every council of an ICB can be
"a little in every week"), so the solver's bound ignores the trade-off between them: an
ICB's councils inside its window of ``tolerance + 1`` weeks lie in at most two or three
consecutive quarters, and there they count towards their region's (and type's) quarterly
allowance. For any set of ICBs and one group (a region or a council type):

    sum over their councils in the group of ICB weeks outside
        + sum over quarters of the group's excess
    >= their councils in the group - the most allowance k windows can reach

where ``k`` is the number of ICBs in the set: each council outside its ICB's window is at
least one week outside, and the councils inside the windows lie in the union of the quarters
the windows touch, whose allowance is at most the largest union of ``k`` windows' quarters.
Every integer plan satisfies these, so adding them removes no plan; they only raise the bound.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from ortools.sat.python import cp_model

from .instance import Instance

__all__ = ["MixCut", "add_icb_mix_cuts", "icb_mix_cuts", "window_quarter_spans"]

_MAX_SUBSET_ICBS = 8  # all subsets up to this many ICBs in a group; prefixes beyond


@dataclass(frozen=True)
class MixCut:
    """``sum(outside[i] for i in councils) + sum(group's excess) >= rhs``."""

    group: int
    councils: tuple[int, ...]
    rhs: int


def window_quarter_spans(instance: Instance, tolerance: int) -> list[frozenset[int]]:
    """The maximal sets of quarters one ICB window ``[s, s + tolerance]`` can touch."""
    quarter_of = instance.quarter_of_week
    weeks = len(quarter_of)
    spans: set[frozenset[int]] = set()
    for s in range(-tolerance, weeks):
        lo, hi = max(0, s), min(weeks - 1, s + tolerance)
        if lo <= hi:
            spans.add(frozenset(quarter_of[lo : hi + 1]))
    return [a for a in spans if not any(a < b for b in spans)]


def _best_reach(allowance: Sequence[int], spans: list[frozenset[int]], k: int) -> int:
    """The largest total allowance over the union of ``k`` windows' quarters."""
    if k >= len(spans):
        return sum(allowance)
    best = 0
    for chosen in combinations(spans, k):
        union = frozenset().union(*chosen)
        best = max(best, sum(allowance[q] for q in union))
    return best


def icb_mix_cuts(
    instance: Instance,
    planned: frozenset[int],
    group_members: Sequence[tuple[int, ...]],
    allowances: Sequence[Sequence[int]],
) -> list[MixCut]:
    """The inequalities for one grouping rule (regions or types) whose right side is positive.

    ``planned`` are the councils whose ICB rule is modelled (members of ICBs with two or
    more plannable councils); ``group_members[g]`` and ``allowances[g][q]`` describe group
    ``g`` of the mix rule."""
    spans = window_quarter_spans(instance, instance.inputs.settings.icb_tolerance_weeks)
    cuts: list[MixCut] = []
    for g, members in enumerate(group_members):
        in_group = set(members)
        parts = []
        for _icb, icb_members in instance.icb_groups:
            here = tuple(i for i in icb_members if i in in_group and i in planned)
            if here:
                parts.append(here)
        parts.sort(key=len, reverse=True)
        subsets: list[tuple[tuple[int, ...], ...]] = []
        if len(parts) <= _MAX_SUBSET_ICBS:
            for k in range(1, len(parts) + 1):
                subsets.extend(combinations(parts, k))
        else:
            subsets.extend(tuple(parts[:k]) for k in range(1, len(parts) + 1))
            subsets.extend((c,) for c in parts[1:])
        for subset in subsets:
            size = sum(len(c) for c in subset)
            rhs = size - _best_reach(allowances[g], spans, len(subset))
            if rhs > 0:
                cuts.append(MixCut(g, tuple(i for c in subset for i in c), rhs))
    return cuts


def add_icb_mix_cuts(
    model: cp_model.CpModel,
    instance: Instance,
    outside: Mapping[int, cp_model.IntVar],
    group_members: Sequence[tuple[int, ...]],
    allowances: Sequence[Sequence[int]],
    excess: Sequence[Mapping[int, cp_model.IntVar]],
) -> int:
    """Add :func:`icb_mix_cuts` to the model; returns how many. ``outside[i]`` is council
    ``i``'s ICB weeks-outside variable, ``excess[g][q]`` group ``g``'s excess in quarter
    ``q`` (absent where the group cannot exceed its allowance)."""
    cuts = icb_mix_cuts(instance, frozenset(outside), group_members, allowances)
    for cut in cuts:
        terms = [outside[i] for i in cut.councils] + list(excess[cut.group].values())
        model.add(cp_model.LinearExpr.sum(terms) >= cut.rhs)
    return len(cuts)
