"""Read and validate a programme input file (JSON) into a :class:`ProgrammeInput`.

Every refusal is an :class:`InputError` naming the field by its path in the file, for
example ``capacity.onsite_per_week`` or ``council_details[2].forbidden[0].end``.
Unknown keys are refused too (a typo must not silently switch a rule off); a ``note`` key is
allowed in every object for comments. ``ascassure programme example`` writes a complete file.

The format (dates ISO ``YYYY-MM-DD``; windows ``{"start", "end", "reason"}``, both ends
inclusive; only ``start`` and ``weeks`` are required):

- ``start`` (a Monday) and ``weeks``: the horizon for on-site visits.
- ``councils``: ``"all"`` (default) or a list of ONS codes; ``exclude``: codes to leave out.
- ``timing``: ``notice_weeks_min`` 9, ``notice_weeks_max`` 11, ``notice_weeks_preferred``
  10, ``onsite_weeks`` 1, ``publication_lag_weeks`` 13, ``max_publication_delay_weeks`` 8.
- ``capacity``: ``onsite_per_week`` (national, at least 1), ``reports_per_month``,
  ``teams`` (``[{"name", "regions", "onsite_per_week"}]``), ``onsite_overrides`` (windows
  with their own ``onsite_per_week``, may be 0; a later one wins), ``report_overrides``
  (``[{"month": "YYYY-MM", "reports"}]``).
- ``windows``: ``builtin`` (true: load ``data/*.csv``), ``national`` (publication
  blackouts), ``elections`` (``[{"council", "poll", "kind", "window_start"}]``).
- ``weights``: points per unit of each soft rule (see :data:`.rules.SOFT_RULES`).
- ``settings``: ``priority_reasons`` (``{"concerns": 3, "innovation": 1}``),
  ``icb_tolerance_weeks``, ``mix_tolerance_councils``, ``ofsted_cycle_months``,
  ``ofsted_margin_months``, ``election_avoid_days_after_poll``,
  ``reassessment_min_months``, ``reassessment_max_months``.
- ``council_details``: per council ``priority`` (reasons), ``forbidden`` and ``avoid``
  windows (avoid windows may carry a ``weight``), ``ofsted_last_inspection``,
  ``last_published``.
- ``locked``: ``[{"council", "notification", "onsite"}]`` (Mondays; notification may be
  before ``start``); ``previous_plan``: ``[{"council", "onsite"}]`` (a plan's
  ``assessments`` list can be pasted as is).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

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
from .reference import (
    ELECTION_KINDS,
    builtin_elections,
    builtin_national_blackouts,
    reference_councils,
)
from .weeks import is_monday, week_index

__all__ = ["INPUT_FORMAT", "InputError", "load_input", "parse_input"]

INPUT_FORMAT = "ascassure-programme-input/1"
MAX_WEEKS = 520


class InputError(ValueError):
    """Bad input, with the path of the offending field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class _Obj:
    """A JSON object being read; remembers which keys were used."""

    def __init__(self, data: object, path: str) -> None:
        if not isinstance(data, Mapping):
            raise InputError(path or "(top level)", "must be an object")
        self.data: Mapping[str, Any] = data
        self.path = path
        self.used: set[str] = {"note"}

    def field(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def raw(self, key: str) -> Any:
        self.used.add(key)
        return self.data.get(key)

    def integer(self, key: str, default: int | None = None, minimum: int | None = None) -> int:
        value = self.raw(key)
        if value is None:
            if default is None:
                raise InputError(self.field(key), "is required")
            value = default
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError(self.field(key), f"must be a whole number, not {value!r}")
        if minimum is not None and value < minimum:
            raise InputError(self.field(key), f"must be at least {minimum}, not {value}")
        return value

    def text(self, key: str, default: str | None = None) -> str:
        value = self.raw(key)
        if value is None:
            if default is None:
                raise InputError(self.field(key), "is required")
            return default
        if not isinstance(value, str):
            raise InputError(self.field(key), f"must be text, not {value!r}")
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.raw(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise InputError(self.field(key), f"must be true or false, not {value!r}")
        return value

    def day(self, key: str, *, monday: bool = False) -> date:
        value = self.raw(key)
        if value is None:
            raise InputError(self.field(key), "is required")
        try:
            parsed = date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if parsed is None or len(value) != 10:
            raise InputError(self.field(key), f"must be a date YYYY-MM-DD, not {value!r}")
        if monday and not is_monday(parsed):
            raise InputError(self.field(key), f"must be a Monday, {value} is a {parsed:%A}")
        return parsed

    def optional_day(self, key: str, *, monday: bool = False) -> date | None:
        if self.has(key):
            return self.day(key, monday=monday)
        self.used.add(key)
        return None

    def items(self, key: str) -> list[_Obj]:
        value = self.raw(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise InputError(self.field(key), "must be a list")
        return [_Obj(item, f"{self.field(key)}[{i}]") for i, item in enumerate(value)]

    def strings(self, key: str) -> list[str]:
        value = self.raw(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError(self.field(key), "must be a list of text")
        return list(value)

    def child(self, key: str) -> _Obj:
        value = self.raw(key)
        return _Obj({} if value is None else value, self.field(key))

    def finish(self, *, allow_extra: bool = False) -> None:
        if allow_extra:
            return
        for key in self.data:
            if key not in self.used:
                raise InputError(self.field(key), "is not a known field")


def _window(obj: _Obj) -> tuple[date, date]:
    start, end = obj.day("start"), obj.day("end")
    if end < start:
        raise InputError(obj.field("end"), f"ends ({end}) before it starts ({start})")
    return start, end


def _windows(obj: _Obj, key: str) -> tuple[DateWindow, ...]:
    windows = []
    for item in obj.items(key):
        start, end = _window(item)
        windows.append(DateWindow(start, end, item.text("reason", "")))
        item.finish()
    return tuple(windows)


def _council(obj: _Obj, key: str, known: Mapping[str, CouncilInfo]) -> str:
    code = obj.text(key)
    if code not in known:
        raise InputError(obj.field(key), f"unknown council {code!r} (expected an ONS code)")
    return code


def _timing(obj: _Obj) -> Timing:
    low = obj.integer("notice_weeks_min", 9, 1)
    high = obj.integer("notice_weeks_max", 11, 1)
    if high < low:
        raise InputError(obj.field("notice_weeks_max"), f"is below notice_weeks_min ({low})")
    preferred = obj.integer("notice_weeks_preferred", min(max(10, low), high), 1)
    if not low <= preferred <= high:
        raise InputError(obj.field("notice_weeks_preferred"), f"must lie in {low}..{high}")
    timing = Timing(
        notice_weeks_min=low,
        notice_weeks_max=high,
        notice_weeks_preferred=preferred,
        onsite_weeks=obj.integer("onsite_weeks", 1, 1),
        publication_lag_weeks=obj.integer("publication_lag_weeks", 13, 0),
        max_publication_delay_weeks=obj.integer("max_publication_delay_weeks", 8, 0),
    )
    obj.finish()
    return timing


def _capacity(obj: _Obj, regions: set[str]) -> Capacity:
    teams: list[Team] = []
    seen: dict[str, str] = {}
    for item in obj.items("teams"):
        name = item.text("name")
        team_regions = item.strings("regions")
        for j, region in enumerate(team_regions):
            if region not in regions:
                raise InputError(f"{item.field('regions')}[{j}]", f"unknown region {region!r}")
            if region in seen:
                raise InputError(
                    f"{item.field('regions')}[{j}]", f"{region!r} is already in team {seen[region]}"
                )
            seen[region] = name
        teams.append(Team(name, tuple(team_regions), item.integer("onsite_per_week", None, 1)))
        item.finish()
    overrides = []
    for item in obj.items("onsite_overrides"):
        start, end = _window(item)
        overrides.append(
            CapacityOverride(
                start, end, item.integer("onsite_per_week", None, 0), item.text("reason", "")
            )
        )
        item.finish()
    report_overrides = []
    for item in obj.items("report_overrides"):
        month = item.text("month")
        try:
            date.fromisoformat(f"{month}-01")
        except ValueError:
            raise InputError(item.field("month"), f"must be YYYY-MM, not {month!r}") from None
        report_overrides.append(
            ReportOverride(month, item.integer("reports", None, 0), item.text("reason", ""))
        )
        item.finish()
    capacity = Capacity(
        onsite_per_week=obj.integer("onsite_per_week", 2, 1),
        reports_per_month=obj.integer("reports_per_month", 7, 1),
        teams=tuple(teams),
        onsite_overrides=tuple(overrides),
        report_overrides=tuple(report_overrides),
    )
    obj.finish()
    return capacity


def _weights(obj: _Obj) -> Weights:
    defaults = Weights().as_dict()
    values = {name: obj.integer(name, default, 0) for name, default in defaults.items()}
    obj.finish()
    return Weights(**values)


def _settings(obj: _Obj) -> RuleSettings:
    defaults = RuleSettings()
    reasons = dict(defaults.priority_reasons)
    if obj.has("priority_reasons"):
        table = obj.child("priority_reasons")
        reasons = {key: table.integer(key, None, 0) for key in sorted(table.data)}
        table.finish()
    low = obj.integer("reassessment_min_months", defaults.reassessment_min_months, 0)
    high = obj.integer("reassessment_max_months", defaults.reassessment_max_months, 0)
    if high < low:
        raise InputError(obj.field("reassessment_max_months"), "is below reassessment_min_months")
    settings = RuleSettings(
        priority_reasons=tuple(sorted(reasons.items())),
        icb_tolerance_weeks=obj.integer("icb_tolerance_weeks", defaults.icb_tolerance_weeks, 0),
        mix_tolerance_councils=obj.integer(
            "mix_tolerance_councils", defaults.mix_tolerance_councils, 0
        ),
        ofsted_cycle_months=obj.integer("ofsted_cycle_months", defaults.ofsted_cycle_months, 0),
        ofsted_margin_months=obj.integer("ofsted_margin_months", defaults.ofsted_margin_months, 0),
        election_avoid_days_after_poll=obj.integer(
            "election_avoid_days_after_poll", defaults.election_avoid_days_after_poll, 0
        ),
        reassessment_min_months=low,
        reassessment_max_months=high,
    )
    obj.finish()
    return settings


def _elections(obj: _Obj, known: Mapping[str, CouncilInfo]) -> tuple[Election, ...]:
    elections = []
    for item in obj.items("elections"):
        code = _council(item, "council", known)
        poll = item.day("poll")
        start = item.day("window_start")
        if poll < start:
            raise InputError(item.field("poll"), f"is before window_start ({start})")
        kind = item.text("kind")
        if kind not in ELECTION_KINDS:
            raise InputError(item.field("kind"), f"must be one of {', '.join(ELECTION_KINDS)}")
        elections.append(Election(code, poll, kind, DateWindow(start, poll, "pre-election period")))
        item.finish()
    return tuple(elections)


def parse_input(data: object, councils: Mapping[str, CouncilInfo] | None = None) -> ProgrammeInput:
    """Validate a decoded JSON document; ``councils`` defaults to the reference list."""
    known = reference_councils() if councils is None else councils
    top = _Obj(data, "")
    if top.has("format") and top.text("format") != INPUT_FORMAT:
        raise InputError("format", f"must be {INPUT_FORMAT!r}")
    top.used.add("format")
    start = top.day("start", monday=True)
    weeks = top.integer("weeks", None, 1)
    if weeks > MAX_WEEKS:
        raise InputError("weeks", f"must be at most {MAX_WEEKS}")

    scope_raw = top.raw("councils")
    if scope_raw is None or scope_raw == "all":
        scope = list(known)
    else:
        scope = top.strings("councils")
        for i, code in enumerate(scope):
            if code not in known:
                raise InputError(f"councils[{i}]", f"unknown council {code!r}")
    for i, code in enumerate(top.strings("exclude")):
        if code not in known:
            raise InputError(f"exclude[{i}]", f"unknown council {code!r}")
        if code in scope:
            scope.remove(code)
    in_scope = set(scope)
    if not in_scope:
        raise InputError("councils", "no council left to schedule")

    timing = _timing(top.child("timing"))
    regions = {info.region for info in known.values()}
    capacity = _capacity(top.child("capacity"), regions)
    weights = _weights(top.child("weights"))
    settings = _settings(top.child("settings"))
    if capacity.teams:
        covered = {region for team in capacity.teams for region in team.regions}
        for code in sorted(in_scope):
            if known[code].region not in covered:
                raise InputError(
                    "capacity.teams", f"no team covers region {known[code].region!r} ({code})"
                )

    windows = top.child("windows")
    builtin = windows.boolean("builtin", True)
    national = _windows(windows, "national")
    elections = _elections(windows, known)
    windows.finish()
    if builtin:
        national = builtin_national_blackouts() + national
        elections = builtin_elections() + elections

    def scoped(item: _Obj, seen: set[str]) -> str:
        code = _council(item, "council", known)
        if code not in in_scope:
            raise InputError(item.field("council"), f"{code} is not among the councils to plan")
        if code in seen:
            raise InputError(item.field("council"), f"{code} appears twice")
        seen.add(code)
        return code

    reasons = dict(settings.priority_reasons)
    details: dict[str, dict[str, Any]] = {code: {} for code in in_scope}
    seen: set[str] = set()
    for item in top.items("council_details"):
        code = scoped(item, seen)
        priority = item.strings("priority")
        for j, reason in enumerate(priority):
            if reason not in reasons:
                raise InputError(
                    f"{item.field('priority')}[{j}]",
                    f"unknown reason {reason!r} (settings.priority_reasons has "
                    f"{', '.join(sorted(reasons))})",
                )
        avoid = []
        for window in item.items("avoid"):
            first, last = _window(window)
            avoid.append(
                AvoidWindow(first, last, window.text("reason", ""), window.integer("weight", 1, 0))
            )
            window.finish()
        details[code].update(
            priority_reasons=tuple(priority),
            forbidden=_windows(item, "forbidden"),
            avoid=tuple(avoid),
            ofsted_last_inspection=item.optional_day("ofsted_last_inspection"),
            last_published=item.optional_day("last_published"),
        )
        item.finish()

    seen = set()
    last_start = weeks - timing.onsite_weeks
    for item in top.items("locked"):
        code = scoped(item, seen)
        onsite = item.day("onsite", monday=True)
        notification = item.day("notification", monday=True)
        if not 0 <= week_index(start, onsite) <= last_start:
            raise InputError(item.field("onsite"), "must fall inside the horizon")
        if notification >= onsite:
            raise InputError(item.field("notification"), "must be before the on-site week")
        details[code]["lock"] = Lock(notification, onsite)
        item.finish()

    seen = set()
    for item in top.items("previous_plan"):
        code = scoped(item, seen)
        details[code]["previous_onsite"] = item.day("onsite", monday=True)
        item.finish(allow_extra=True)
    top.finish()

    return ProgrammeInput(
        start=start,
        weeks=weeks,
        councils=tuple(
            CouncilPlanInput(council=known[code], **details[code]) for code in sorted(in_scope)
        ),
        timing=timing,
        capacity=capacity,
        weights=weights,
        settings=settings,
        national_blackouts=national,
        elections=elections,
    )


def load_input(
    source: str | Path, councils: Mapping[str, CouncilInfo] | None = None
) -> ProgrammeInput:
    """Read a JSON input file (a path)."""
    path = Path(source)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise InputError("(file)", f"not valid JSON: {error}") from None
    return parse_input(data, councils)
