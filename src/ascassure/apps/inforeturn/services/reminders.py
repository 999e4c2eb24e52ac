"""Reminders and overdue notices for information return items."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone

from ascassure.apps.inforeturn.models import (
    IRItem,
    ReminderKind,
    ReminderSent,
)
from ascassure.apps.inforeturn.services._common import (
    DEFAULT_REMINDER_WORKING_DAYS,
    _council_editor_emails,
    _fmt,
    _lead_emails,
    _messages,
)

# --- reminders ------------------------------------------------------------------------------


def reminder_working_days() -> tuple[int, ...]:
    """Working days before a due date when reminders go out: ``IR_REMINDER_WORKING_DAYS``."""
    days = getattr(settings, "IR_REMINDER_WORKING_DAYS", DEFAULT_REMINDER_WORKING_DAYS)
    return tuple(sorted({int(d) for d in days if int(d) >= 0}, reverse=True))


def ir_reminders_send(*, today: date) -> dict[str, int]:
    """Send every reminder and overdue notice due ``today``; each goes once only.

    One e-mail per assessment and person lists that assessment's items. For each assessment
    the reminders are recorded and the e-mails sent in one transaction: if sending fails, the
    records roll back and the next run tries again; a reminder already recorded is never sent
    again (a unique constraint holds it, even for two runs at once).
    """
    from ascassure.apps.inforeturn.selectors import reminders_due

    due = reminders_due(today=today, working_days=reminder_working_days())
    by_assessment: dict[int, list] = {}
    for reminder in due:
        by_assessment.setdefault(reminder.item.request.assessment_id, []).append(reminder)
    sent_items = 0
    sent_emails = 0
    for reminders in by_assessment.values():
        try:
            items, emails = _send_for_assessment(reminders, today=today)
        except IntegrityError:
            continue  # another run recorded them first: it sends them
        sent_items += items
        sent_emails += emails
    return {"items": sent_items, "emails": sent_emails}


@transaction.atomic
def _send_for_assessment(reminders: list, *, today: date) -> tuple[int, int]:
    assessment = reminders[0].item.request.assessment
    locked = {
        item.pk: item
        for item in IRItem.objects.select_for_update().filter(pk__in=[r.item.pk for r in reminders])
    }
    sent = set(
        ReminderSent.objects.filter(item_id__in=locked).values_list(
            "item_id", "kind", "days_before", "due_date"
        )
    )
    fresh = []
    for reminder in reminders:
        item = locked.get(reminder.item.pk)
        if item is None or item.is_complete or item.due_date != reminder.item.due_date:
            continue
        key = (item.pk, str(reminder.kind), reminder.days_before, item.due_date)
        if key not in sent:
            fresh.append(reminder)
    if not fresh:
        return 0, 0
    recipients = _council_editor_emails(assessment)
    overdue = [r for r in fresh if r.kind == ReminderKind.OVERDUE]
    coming = [r for r in fresh if r.kind == ReminderKind.BEFORE_DUE]
    now = timezone.now()
    ReminderSent.objects.bulk_create(
        [
            ReminderSent(
                item=r.item,
                kind=r.kind,
                days_before=r.days_before,
                due_date=r.item.due_date,
                sent_at=now,
                recipients=len(recipients),
            )
            for r in fresh
        ]
    )
    lines = []
    if coming:
        lines.append("Due soon:")
        lines += [f"  • {r.item.title}: due on {_fmt(r.item.due_date)}" for r in coming]
    if overdue:
        if lines:
            lines.append("")
        lines.append("Overdue:")
        lines += [f"  • {r.item.title}: was due on {_fmt(r.item.due_date)}" for r in overdue]
    council = assessment.council.name
    subject = (
        f"Information return overdue: {council}"
        if overdue
        else f"Information return reminder: {council}"
    )
    body = (
        f"Information return for {council}, as of {_fmt(today)}.\n\n"
        + "\n".join(lines)
        + "\n\nSign in to send your answers, or to ask for more time.\n"
    )
    messages = _messages(recipients, subject, body)
    if overdue:
        leads = [e for e in _lead_emails(assessment) if e not in recipients]
        team_body = (
            f"Items of {council}'s information return are overdue as of {_fmt(today)}:\n\n"
            + "\n".join(f"  • {r.item.title}: was due on {_fmt(r.item.due_date)}" for r in overdue)
            + "\n"
        )
        messages += _messages(leads, f"Information return overdue: {council}", team_body)
    if messages:
        get_connection().send_messages(messages)
    return len(fresh), len(messages)
