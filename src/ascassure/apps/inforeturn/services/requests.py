"""Issuing and editing the information return request and its items (the team)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from ascassure.apps.accounts.models import User
from ascassure.apps.assessments.models import Assessment
from ascassure.apps.assessments.services import (
    ServiceRefusal,
    assessment_transition,
)
from ascassure.apps.inforeturn.models import (
    IRItem,
    IRRequest,
    ItemKind,
)
from ascassure.apps.inforeturn.services._common import (
    ALREADY_ISSUED,
    DUE_CHANGE_NEEDS_REASON,
    DUE_DATE_BEFORE_SENT,
    ITEM_ANSWERED,
    NOT_YET_NOTIFIED,
    UNKNOWN_TEMPLATE,
    _council_editor_emails,
    _fmt,
    _locked_item,
    _record,
    _refuse_if_finished,
    _save_item,
    _send_after_commit,
)
from ascassure.domain import inforeturn as domain
from ascassure.domain.framework import load_framework
from ascassure.domain.lifecycle import NO_IR_ITEMS, Event, Stage

# --- issuing and editing the request (the team) ---------------------------------------------


@transaction.atomic
def ir_request_issue(
    *,
    assessment: Assessment,
    template: str,
    sent: date,
    by: User,
    today: date,
    keys: Collection[str] | None = None,
) -> IRRequest:
    """Send the council its request: the template's items (or those chosen), due from ``sent``.

    Allowed once the council is notified. At the "Council notified" stage this also takes the
    assessment's step "Send the information return request" (so its stage reads "Information
    return open"), with the lifecycle's own guard.
    """
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _refuse_if_finished(assessment)
    if assessment.stage == Stage.PLANNED:
        raise ServiceRefusal(NOT_YET_NOTIFIED)
    if IRRequest.objects.filter(assessment=assessment).exists():
        raise ServiceRefusal(ALREADY_ISSUED)
    try:
        chosen_template = domain.load_template(template)
    except domain.TemplateError:
        raise ServiceRefusal(UNKNOWN_TEMPLATE) from None
    items = domain.build_request(chosen_template, sent=sent)
    if keys is not None:
        wanted = set(keys)
        items = tuple(item for item in items if item.key in wanted)
    if not items:
        raise ServiceRefusal(NO_IR_ITEMS)
    request = IRRequest.objects.create(
        assessment=assessment,
        template_name=chosen_template.name,
        template_title=chosen_template.title,
        sent_on=sent,
        issued_by=by,
        issued_at=timezone.now(),
    )
    IRItem.objects.bulk_create(
        [
            IRItem(
                request=request,
                key=item.key,
                position=position,
                title=item.title,
                description=item.description,
                kind=ItemKind.SELF_ASSESSMENT
                if item.key == "self_assessment"
                else ItemKind(item.kind.value),
                qs_codes=list(item.qs_codes),
                due_date=item.due,
                original_due_date=item.due,
            )
            for position, item in enumerate(items)
        ]
    )
    last_due = max(item.due for item in items)
    _record(
        request,
        actor=by,
        kind="ir_issued",
        summary=f"Information return request sent: {len(items)} items, due by {last_due:%d %b %Y}",
    )
    if assessment.stage == Stage.NOTIFIED:
        assessment_transition(assessment=assessment, event=Event.OPEN_IR.value, by=by, today=today)
    first_due = min(item.due for item in items)
    _send_after_commit(
        _council_editor_emails(assessment),
        f"Information return request: {assessment.council.name}",
        f"The assessing body has sent {assessment.council.name} its information return "
        f"request: {len(items)} items. The first are due on {_fmt(first_due)}, the rest by "
        f"{_fmt(last_due)}.\n\nSign in to see the items and send your answers.\n",
    )
    return request


@transaction.atomic
def ir_item_add(
    *,
    request: IRRequest,
    title: str,
    description: str,
    kind: str,
    qs_codes: Sequence[str],
    due_date: date,
    by: User,
) -> IRItem:
    """A further item asked for after the request went out ("CQC may ask for more later")."""
    request = IRRequest.objects.select_related("assessment").get(pk=request.pk)
    _refuse_if_finished(request.assessment)
    if due_date < request.sent_on:
        raise ServiceRefusal(DUE_DATE_BEFORE_SENT)
    framework = load_framework(request.assessment.framework_version)
    codes = list(dict.fromkeys(framework.statement(code).code for code in qs_codes))
    base = slugify(title).replace("-", "_")[:50] or "item"
    taken = set(request.items.values_list("key", flat=True))
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    position = (
        request.items.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    item = IRItem.objects.create(
        request=request,
        key=key,
        position=position,
        title=title.strip(),
        description=description.strip(),
        kind=ItemKind(kind),
        qs_codes=codes,
        due_date=due_date,
        original_due_date=due_date,
    )
    _record(
        item, actor=by, kind="ir_item_added", summary=f"Information return item added: {item.title}"
    )
    _send_after_commit(
        _council_editor_emails(request.assessment),
        f"New information return item: {item.title}",
        f"The assessing body has asked for one more item: {item.title}, due on "
        f"{_fmt(due_date)}.\n\n{item.description}\n",
    )
    return item


@transaction.atomic
def ir_item_remove(*, item: IRItem, by: User, expected_version: int | None) -> None:
    item = _locked_item(item, expected_version)
    if item.is_complete or item.link or item.pointer_upload_id or item.uploads.exists():
        raise ServiceRefusal(ITEM_ANSWERED)
    _record(
        item,
        actor=by,
        kind="ir_item_removed",
        summary=f"Information return item removed: {item.title}",
    )
    item.delete()


@transaction.atomic
def ir_item_due_date_set(
    *, item: IRItem, due_date: date, reason: str, by: User, expected_version: int | None
) -> IRItem:
    """The team moves one item's due date (earlier or later), saying why."""
    if not reason.strip():
        raise ServiceRefusal(DUE_CHANGE_NEEDS_REASON)
    item = _locked_item(item, expected_version)
    if due_date < item.request.sent_on:
        raise ServiceRefusal(DUE_DATE_BEFORE_SENT)
    before = item.due_date
    item.due_date = due_date
    _save_item(item, ["due_date"])
    _record(
        item,
        actor=by,
        kind="ir_due_date",
        summary=f"{item.title}: due date moved from {before:%d %b %Y} to {due_date:%d %b %Y}",
        reason=reason.strip(),
    )
    return item
