"""The decomposition bound on the programme example, beside CP-SAT's own bound.

``domain/programme/bound.py`` bounds the objective by a decomposition by ICB (column
generation over whole assignments of each ICB's councils, priced with no more of one team's
councils in a week than it can visit). ``solve`` takes the higher of that bound and CP-SAT's.
This script prints the decomposition bound with its time, rounds and columns, then CP-SAT's
objective and its own bound after ``--time-limit`` seconds (2 workers, the greedy hint), and
the gap to the better of the two bounds; then ``solve`` itself for the same time (the full
model's first plans, the decomposition, the best plan made of its columns, the full model
again), its objective beside CP-SAT's alone and its gap.

    python bench/bench_programme_bound.py [--time-limit 60] [--icb-only]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ascassure.domain.programme import example_document, parse_input, solve  # noqa: E402
from ascassure.domain.programme.bound import decomposition_bound  # noqa: E402
from ascassure.domain.programme.greedy import greedy_weeks  # noqa: E402
from ascassure.domain.programme.inputs import ProgrammeInput  # noqa: E402
from ascassure.domain.programme.instance import compile_instance  # noqa: E402
from ascassure.domain.programme.search import solve_instance  # noqa: E402


def _inputs(icb_only: bool) -> ProgrammeInput:
    inputs = parse_input(example_document())
    if icb_only:
        inputs = dataclasses.replace(
            inputs, weights=dataclasses.replace(inputs.weights, region_mix=0, type_mix=0)
        )
    return inputs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--icb-only", action="store_true", help="mix rules off")
    args = parser.parse_args()
    inputs = _inputs(args.icb_only)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    what = "ICB grouping without the mix rules" if args.icb_only else "every factor on"
    print(f"example: 153 councils x 110 weeks, {what} (load average {load})")
    instance = compile_instance(inputs)
    found = decomposition_bound(instance, args.time_limit)
    assert found is not None
    print(
        f"  decomposition bound   {found.bound:.2f} after {found.seconds:.1f} s, "
        f"{found.rounds} rounds, {found.columns} columns, "
        f"{'converged' if found.converged else 'not converged'}"
    )
    outcome = solve_instance(
        instance, hint=greedy_weeks(instance), time_limit=args.time_limit, workers=2, seed=None
    )
    solver_bound = outcome.best_bound or 0.0
    objective = outcome.solver_objective or 0
    print(
        f"  CP-SAT alone, {outcome.wall_seconds:.0f} s   objective {objective}, "
        f"its bound {solver_bound:.0f}, gap {(objective - solver_bound) / objective:.1%}"
    )
    best = max(found.bound, solver_bound)
    print(
        f"  decomposition / CP-SAT bound {found.bound / solver_bound:.3f}; gap to the better "
        f"bound {(objective - best) / objective:.1%}; within 1% needs {best / 0.99:.0f} or less"
    )
    result = solve(inputs, time_limit=args.time_limit, workers=2, explain=False)
    stats = result.stats
    assert result.total is not None and stats.best_bound is not None
    print(
        f"  solve, {stats.wall_seconds:.0f} s          objective {result.total} "
        f"({result.total / objective:.3f} of CP-SAT alone), best bound {stats.best_bound:.0f}, "
        f"gap {stats.gap:.1%}; {stats.pool_columns} columns in the pool"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
