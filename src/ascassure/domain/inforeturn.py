"""The information return (IR): what a council is asked for, by when, and how far it has got.

A request is built from a reusable template (TOML in ``inforeturn_templates/``). Each item is
a document or a data item, tagged with the quality statements (QS) it informs, and is due a
number of weeks after the request is sent: 3 by default, some items sooner (1 week). Due dates
that land on a weekend or bank holiday move to the next working day, as in
:func:`ascassure.domain.calendar.assessment_timeline`.

Nothing here reads the clock: ``sent`` and ``today`` are arguments.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

from ascassure.domain.calendar import ENGLAND_AND_WALES, TimelineSettings, WorkingCalendar
from ascassure.domain.framework import DEFAULT_VERSION, FrameworkError, Rounding, load_framework

__all__ = [
    "DEFAULT_SETTINGS",
    "EXTENSION_DATE_NOT_LATER",
    "EXTENSION_NEEDS_REASON",
    "GRANTED_DATE_NOT_LATER",
    "REFUSAL_NEEDS_REASON",
    "DueRule",
    "ExtensionDecision",
    "ExtensionError",
    "ExtensionRequest",
    "IrTemplate",
    "ItemKind",
    "ItemStatus",
    "Progress",
    "RequestItem",
    "TemplateError",
    "TemplateItem",
    "apply_extension",
    "available_templates",
    "build_request",
    "due_date",
    "grant_extension",
    "load_template",
    "load_template_file",
    "parse_template",
    "progress",
    "refuse_extension",
    "request_extension",
]


DEFAULT_SETTINGS = TimelineSettings()  # frozen, so safe to share as a default


class ItemKind(StrEnum):
    DOCUMENT = "document"
    DATA = "data"


class DueRule(StrEnum):
    """When an item is due: with the rest of the return, or sooner."""

    STANDARD = "standard"  # TimelineSettings.ir_due_weeks after the request (3 weeks)
    EARLY = "early"  # TimelineSettings.ir_early_items_days after the request (1 week)


class TemplateError(ValueError):
    """A template file is malformed; the message names the file and the field."""


@dataclass(frozen=True, slots=True)
class TemplateItem:
    key: str
    title: str
    description: str
    kind: ItemKind
    qs_codes: tuple[str, ...]
    due: DueRule = DueRule.STANDARD
    due_days: int | None = None  # calendar days after the request; overrides ``due``


@dataclass(frozen=True, slots=True)
class IrTemplate:
    name: str
    title: str
    framework_version: str
    items: tuple[TemplateItem, ...]


# --- reading templates ----------------------------------------------------------------------

_KEY = re.compile(r"[a-z][a-z0-9_]*")


def _templates_dir() -> resources.abc.Traversable:
    return resources.files("ascassure.domain").joinpath("inforeturn_templates")


def available_templates() -> tuple[str, ...]:
    """The shipped template names (``inforeturn_templates/<name>.toml``), sorted."""
    names = (entry.name for entry in _templates_dir().iterdir())
    return tuple(sorted(n.removesuffix(".toml") for n in names if n.endswith(".toml")))


def load_template(name: str = "default") -> IrTemplate:
    """A shipped template by name."""
    if name not in available_templates():
        raise TemplateError(
            f"unknown information return template {name!r} "
            f"(available: {', '.join(available_templates())})"
        )
    file = f"{name}.toml"
    return parse_template(_templates_dir().joinpath(file).read_text(encoding="utf-8"), file)


def load_template_file(path: Path) -> IrTemplate:
    """A template anywhere on disk (drafts, an administrator's own)."""
    return parse_template(Path(path).read_text(encoding="utf-8"), Path(path).name)


def _need(table: Mapping[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in table:
        raise TemplateError(f"{where}.{key}: missing")
    value = table[key]
    if not isinstance(value, kind) or isinstance(value, bool) != (kind is bool):
        raise TemplateError(f"{where}.{key}: expected {kind.__name__}, got {value!r}")
    return value


def parse_template(text: str, source: str = "<template>") -> IrTemplate:
    """Read and check a template; every problem names ``source`` and the field."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{source}: not valid TOML: {exc}") from exc
    name = _need(data, "name", str, source)
    title = _need(data, "title", str, source)
    version = data.get("framework", DEFAULT_VERSION)
    try:
        framework = load_framework(str(version))
    except FrameworkError as exc:
        raise TemplateError(f"{source}: framework: {exc}") from exc
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise TemplateError(f"{source}: items: at least one item is needed")
    items: list[TemplateItem] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_items):
        where = f"{source}: items[{index}]"
        if not isinstance(raw, dict):
            raise TemplateError(f"{where}: expected a table")
        key = _need(raw, "key", str, where)
        if not _KEY.fullmatch(key):
            raise TemplateError(f"{where}.key: {key!r} must be lower-case letters, digits or _")
        if key in seen:
            raise TemplateError(f"{where}.key: {key!r} is used twice")
        seen.add(key)
        item_title = _need(raw, "title", str, where).strip()
        if not item_title:
            raise TemplateError(f"{where}.title: cannot be blank")
        kind_text = _need(raw, "kind", str, where)
        try:
            kind = ItemKind(kind_text)
        except ValueError:
            raise TemplateError(f"{where}.kind: {kind_text!r} is not document or data") from None
        codes = _need(raw, "qs", list, where)
        if not codes:
            raise TemplateError(f"{where}.qs: name at least one quality statement")
        qs_codes: list[str] = []
        for code in codes:
            try:
                qs_codes.append(framework.statement(str(code)).code)
            except KeyError:
                raise TemplateError(
                    f"{where}.qs: unknown quality statement {code!r} in framework "
                    f"{framework.version}"
                ) from None
        due_text = raw.get("due", DueRule.STANDARD.value)
        try:
            due = DueRule(due_text)
        except ValueError:
            raise TemplateError(f"{where}.due: {due_text!r} is not standard or early") from None
        due_days = raw.get("due_days")
        if due_days is not None:
            due_days = _need(raw, "due_days", int, where)
            if due_days < 0:
                raise TemplateError(f"{where}.due_days: cannot be negative")
        items.append(
            TemplateItem(
                key=key,
                title=item_title,
                description=str(raw.get("description", "")).strip(),
                kind=kind,
                qs_codes=tuple(dict.fromkeys(qs_codes)),
                due=due,
                due_days=due_days,
            )
        )
    return IrTemplate(
        name=name, title=title, framework_version=framework.version, items=tuple(items)
    )


# --- building a request ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RequestItem:
    """One item of a council's information return, with its due date."""

    key: str
    title: str
    description: str
    kind: ItemKind
    qs_codes: tuple[str, ...]
    due: date


def due_date(
    item: TemplateItem,
    *,
    sent: date,
    settings: TimelineSettings = DEFAULT_SETTINGS,
    calendar: WorkingCalendar = ENGLAND_AND_WALES,
) -> date:
    """When ``item`` is due if the request is sent on ``sent``."""
    if item.due_days is not None:
        day = sent + timedelta(days=item.due_days)
    elif item.due is DueRule.EARLY:
        day = sent + timedelta(days=settings.ir_early_items_days)
    else:
        day = sent + timedelta(weeks=settings.ir_due_weeks)
    return calendar.next_working_day(day) if settings.roll_to_working_day else day


def build_request(
    template: IrTemplate,
    *,
    sent: date,
    settings: TimelineSettings = DEFAULT_SETTINGS,
    calendar: WorkingCalendar = ENGLAND_AND_WALES,
) -> tuple[RequestItem, ...]:
    """The items of ``template`` with due dates for a request sent on ``sent``."""
    return tuple(
        RequestItem(
            key=item.key,
            title=item.title,
            description=item.description,
            kind=item.kind,
            qs_codes=item.qs_codes,
            due=due_date(item, sent=sent, settings=settings, calendar=calendar),
        )
        for item in template.items
    )


# --- progress -------------------------------------------------------------------------------


class ItemStatus(StrEnum):
    OUTSTANDING = "outstanding"
    SUBMITTED = "submitted"
    NOT_HELD = "not_held"  # the council answered that it does not hold this

    @property
    def is_complete(self) -> bool:
        return self is not ItemStatus.OUTSTANDING


@dataclass(frozen=True, slots=True)
class Progress:
    """How far the return has got. ``overdue`` items are also counted in ``outstanding``."""

    total: int
    complete: int
    outstanding: int
    overdue: int
    percent_complete: int  # rounded down: 100 only when nothing is outstanding
    overdue_keys: tuple[str, ...]
    next_due: date | None  # the earliest due date among outstanding items


def progress(
    items: Sequence[RequestItem], statuses: Mapping[str, ItemStatus], *, today: date
) -> Progress:
    """Count complete, outstanding and overdue items; an item without a status is outstanding.

    An item is overdue from the day after its due date.
    """
    keys = {item.key for item in items}
    unknown = set(statuses) - keys
    if unknown:
        raise ValueError(f"statuses for items not in the request: {', '.join(sorted(unknown))}")
    outstanding = [
        item
        for item in items
        if not ItemStatus(statuses.get(item.key, ItemStatus.OUTSTANDING)).is_complete
    ]
    overdue = [item for item in outstanding if today > item.due]
    total = len(items)
    complete = total - len(outstanding)
    return Progress(
        total=total,
        complete=complete,
        outstanding=len(outstanding),
        overdue=len(overdue),
        percent_complete=Rounding.DOWN.divide(100 * complete, total) if total else 100,
        overdue_keys=tuple(item.key for item in overdue),
        next_due=min((item.due for item in outstanding), default=None),
    )


# --- extensions -----------------------------------------------------------------------------

EXTENSION_NEEDS_REASON = "Say why you need more time for this item."
EXTENSION_DATE_NOT_LATER = "Ask for a date after the current due date."
GRANTED_DATE_NOT_LATER = "An extension must give a new due date after the current one."
REFUSAL_NEEDS_REASON = "Say why the extension is refused."


class ExtensionError(ValueError):
    """An extension request or decision that cannot stand; ``reasons`` lists every problem."""

    def __init__(self, reasons: tuple[str, ...]) -> None:
        super().__init__(" ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True, slots=True)
class ExtensionRequest:
    item_key: str
    current_due: date
    requested_due: date
    reason: str


def request_extension(item: RequestItem, *, requested_due: date, reason: str) -> ExtensionRequest:
    """A council's request for more time on one item: it needs a reason and a later date."""
    problems = []
    if not reason.strip():
        problems.append(EXTENSION_NEEDS_REASON)
    if requested_due <= item.due:
        problems.append(EXTENSION_DATE_NOT_LATER)
    if problems:
        raise ExtensionError(tuple(problems))
    return ExtensionRequest(item.key, item.due, requested_due, reason.strip())


@dataclass(frozen=True, slots=True)
class ExtensionDecision:
    """The assessing body's decision: granted with a new due date, or refused with a reason."""

    item_key: str
    granted: bool
    new_due: date | None
    reason: str


def grant_extension(
    request: ExtensionRequest, *, new_due: date | None = None, reason: str = ""
) -> ExtensionDecision:
    """Grant the request, by default to the date asked for; the date must be later."""
    day = request.requested_due if new_due is None else new_due
    if day <= request.current_due:
        raise ExtensionError((GRANTED_DATE_NOT_LATER,))
    return ExtensionDecision(request.item_key, True, day, reason.strip())


def refuse_extension(request: ExtensionRequest, *, reason: str) -> ExtensionDecision:
    """Refuse the request; the council must be told why."""
    if not reason.strip():
        raise ExtensionError((REFUSAL_NEEDS_REASON,))
    return ExtensionDecision(request.item_key, False, None, reason.strip())


def apply_extension(item: RequestItem, decision: ExtensionDecision) -> RequestItem:
    """The item with its new due date when the extension was granted, else unchanged."""
    if decision.item_key != item.key:
        raise ValueError(f"the decision is about {decision.item_key!r}, not {item.key!r}")
    if not decision.granted or decision.new_due is None:
        return item
    return replace(item, due=decision.new_due)
