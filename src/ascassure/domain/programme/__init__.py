"""The national programme scheduler: when each council is notified, visited and published.

Plain Python on OR-Tools CP-SAT; weeks are the unit and the plan's first Monday is an input.
Start with :func:`load_input` (or :func:`parse_input`), then :func:`solve`; render with
:func:`plan_document` or :func:`plan_text`; judge any plan with :func:`check_plan` (hard
rules) and :func:`plan_costs` (soft rules).
"""

from .checker import check_plan, plan_costs
from .example import example_document
from .greedy import greedy_plan
from .inputs import (
    AvoidWindow,
    Capacity,
    CapacityOverride,
    CouncilInfo,
    CouncilPlanInput,
    DateWindow,
    Election,
    Lock,
    ProgrammeInput,
    ReportOverride,
    RuleSettings,
    Team,
    Timing,
    Weights,
)
from .loading import INPUT_FORMAT, InputError, load_input, parse_input
from .plan import (
    Assessment,
    Comparison,
    Conflict,
    Plan,
    PlanResult,
    RuleCost,
    SolveStats,
    Violation,
)
from .reference import builtin_elections, builtin_national_blackouts, reference_councils
from .report import PLAN_FORMAT, plan_document, plan_text
from .rules import HARD_RULES, SOFT_RULES, RuleInfo, weekly_onsite_capacity
from .solve import solve
from .synthetic import synthetic_input

__all__ = [
    "HARD_RULES",
    "INPUT_FORMAT",
    "PLAN_FORMAT",
    "SOFT_RULES",
    "Assessment",
    "AvoidWindow",
    "Capacity",
    "CapacityOverride",
    "Comparison",
    "Conflict",
    "CouncilInfo",
    "CouncilPlanInput",
    "DateWindow",
    "Election",
    "InputError",
    "Lock",
    "Plan",
    "PlanResult",
    "ProgrammeInput",
    "ReportOverride",
    "RuleCost",
    "RuleInfo",
    "RuleSettings",
    "SolveStats",
    "Team",
    "Timing",
    "Violation",
    "Weights",
    "builtin_elections",
    "builtin_national_blackouts",
    "check_plan",
    "example_document",
    "greedy_plan",
    "load_input",
    "parse_input",
    "plan_costs",
    "plan_document",
    "plan_text",
    "reference_councils",
    "solve",
    "synthetic_input",
    "weekly_onsite_capacity",
]
