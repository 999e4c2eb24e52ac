"""Extensions: the council asks for more time on an item; the team grants or refuses it."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from ascassure.apps.accounts.models import User
from ascassure.apps.assessments.services import (
    ServiceRefusal,
)
from ascassure.apps.inforeturn.models import (
    ExtensionRequest,
    ExtensionStatus,
    IRItem,
)
from ascassure.apps.inforeturn.selectors import as_domain_item
from ascassure.apps.inforeturn.services._common import (
    EXTENSION_ALREADY_DECIDED,
    EXTENSION_ALREADY_PENDING,
    EXTENSION_NOT_NEEDED,
    _council_editor_emails,
    _fmt,
    _lead_emails,
    _locked_item,
    _record,
    _save_item,
    _send_after_commit,
)
from ascassure.domain import inforeturn as domain

# --- extensions -----------------------------------------------------------------------------


@transaction.atomic
def ir_extension_request(
    *, item: IRItem, requested_due: date, reason: str, by: User, expected_version: int | None
) -> ExtensionRequest:
    """The council asks for more time on one item: a reason and a later date."""
    item = _locked_item(item, expected_version)
    if item.is_complete:
        raise ServiceRefusal(EXTENSION_NOT_NEEDED)
    try:
        asked = domain.request_extension(
            as_domain_item(item), requested_due=requested_due, reason=reason
        )
    except domain.ExtensionError as error:
        raise ServiceRefusal(*error.reasons) from None
    if item.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise ServiceRefusal(EXTENSION_ALREADY_PENDING)
    extension = ExtensionRequest.objects.create(
        item=item,
        current_due=asked.current_due,
        requested_due=asked.requested_due,
        reason=asked.reason,
        requested_by=by,
        requested_at=timezone.now(),
    )
    _save_item(item, [])
    _record(
        item,
        actor=by,
        kind="ir_extension_requested",
        summary=f"{item.title}: extension asked for, to {requested_due:%d %b %Y}",
        reason=asked.reason,
    )
    assessment = item.request.assessment
    _send_after_commit(
        _lead_emails(assessment),
        f"Extension asked for: {item.title} ({assessment.council.name})",
        f"{by.display_name} of {assessment.council.name} asks for more time on "
        f"“{item.title}”: from {_fmt(asked.current_due)} to {_fmt(asked.requested_due)}.\n\n"
        f"Their reason: {asked.reason}\n\nSign in to grant or refuse it.\n",
    )
    return extension


@transaction.atomic
def ir_extension_decide(
    *,
    extension: ExtensionRequest,
    grant: bool,
    reason: str,
    by: User,
    new_due: date | None = None,
) -> ExtensionRequest:
    """Grant (by default to the date asked for) or refuse (with a reason) an extension."""
    extension = ExtensionRequest.objects.select_for_update().get(pk=extension.pk)
    if extension.status != ExtensionStatus.PENDING:
        raise ServiceRefusal(EXTENSION_ALREADY_DECIDED)
    item = _locked_item(extension.item, None)
    asked = domain.ExtensionRequest(
        item_key=item.key,
        current_due=item.due_date,
        requested_due=extension.requested_due,
        reason=extension.reason,
    )
    try:
        if grant:
            decision = domain.grant_extension(asked, new_due=new_due, reason=reason)
        else:
            decision = domain.refuse_extension(asked, reason=reason)
    except domain.ExtensionError as error:
        raise ServiceRefusal(*error.reasons) from None
    extension.status = ExtensionStatus.GRANTED if decision.granted else ExtensionStatus.REFUSED
    extension.decided_by = by
    extension.decided_at = timezone.now()
    extension.decision_reason = decision.reason
    extension.new_due = decision.new_due
    extension.save()
    if decision.granted and decision.new_due is not None:
        item.due_date = decision.new_due
        _save_item(item, ["due_date"])
        outcome = f"granted: now due {decision.new_due:%d %b %Y}"
        told = f"granted: the item is now due on {_fmt(decision.new_due)}."
    else:
        _save_item(item, [])
        outcome = "refused"
        told = f"refused. The item is still due on {_fmt(item.due_date)}."
    _record(
        item,
        actor=by,
        kind="ir_extension_decided",
        summary=f"{item.title}: extension {outcome}",
        reason=decision.reason,
    )
    assessment = item.request.assessment
    recipients = set(_council_editor_emails(assessment))
    if extension.requested_by and extension.requested_by.email:
        recipients.add(extension.requested_by.email)
    _send_after_commit(
        sorted(recipients),
        f"Extension {'granted' if decision.granted else 'refused'}: {item.title}",
        f"Your request for more time on “{item.title}” was {told}"
        + (f"\n\nThe reason: {decision.reason}" if decision.reason else "")
        + "\n",
    )
    return extension
