"""Reminders before each due date and an overdue notice after it: each sent once only.

The request was sent on Monday 12 January 2026: the early items (the case-tracking list, the
contacts) are due Monday 19 January, the rest Monday 2 February.
"""

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks import TaskResultStatus

from ascassure.apps.inforeturn import services
from ascassure.apps.inforeturn.models import ReminderSent
from ascassure.apps.inforeturn.tasks import send_ir_reminders
from builders import make_ir_upload

pytestmark = pytest.mark.django_db

EARLY = ["Case-tracking list", "Key contacts and structure chart"]


def run(day: date) -> list:
    """Run the task for ``day`` as the worker would; the e-mails it sent."""
    before = len(mail.outbox)
    result = send_ir_reminders.enqueue(day.isoformat())
    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    return mail.outbox[before:]


def items_in(message) -> list[str]:
    return sorted(
        line.strip(" •").split(":")[0] for line in message.body.splitlines() if "•" in line
    )


def test_reminders_go_3_and_1_working_days_before_the_due_date_then_an_overdue_notice(ir, people):
    assert run(date(2026, 1, 13)) == []  # 4 working days before 19 January
    [first] = run(date(2026, 1, 14))  # 3 working days before
    assert first.to == ["eddie@trafford.example"]
    assert first.subject == "Information return reminder: Trafford"
    assert items_in(first) == EARLY
    assert "due on Monday 19 January 2026" in first.body
    assert run(date(2026, 1, 15)) == []  # 2 working days before: nothing new
    [second] = run(date(2026, 1, 16))  # 1 working day before
    assert items_in(second) == EARLY
    assert run(date(2026, 1, 19)) == []  # the due date itself: the 1-day reminder has gone
    overdue = run(date(2026, 1, 20))
    assert sorted(m.to[0] for m in overdue) == ["eddie@trafford.example", "lena@cqc.example"]
    assert all(m.subject == "Information return overdue: Trafford" for m in overdue)
    assert all(items_in(m) == EARLY for m in overdue)
    assert run(date(2026, 1, 21)) == []


def test_a_second_run_on_the_same_day_sends_nothing_again(ir):
    council, team = run(date(2026, 1, 28))  # 3 working days before 2 February
    assert "Due soon:" in council.body and "Overdue:" in council.body  # the early items
    assert team.to == ["lena@cqc.example"] and items_in(team) == EARLY
    assert run(date(2026, 1, 28)) == []
    sent = ReminderSent.objects.filter(due_date=date(2026, 2, 2))
    assert sent.count() == ir.items.filter(due_date=date(2026, 2, 2)).count()
    assert set(sent.values_list("kind", "days_before")) == {("before_due", 3)}


def test_a_late_first_run_sends_only_the_most_urgent_reminder(ir):
    [message] = run(date(2026, 1, 16))  # the worker was down on the 14th
    assert items_in(message) == EARLY
    assert set(ReminderSent.objects.values_list("days_before", flat=True)) == {1}
    assert run(date(2026, 1, 16)) == []


def test_complete_items_get_no_reminder(ir, people):
    contacts = ir.items.get(key="contacts_and_structure")
    make_ir_upload(item=contacts, by=people.editor)
    contacts.refresh_from_db()
    services.ir_item_complete(
        item=contacts,
        status="submitted",
        note="",
        by=people.editor,
        expected_version=contacts.version,
    )
    [message] = run(date(2026, 1, 14))
    assert items_in(message) == ["Case-tracking list"]


def test_a_granted_extension_starts_the_reminders_again_for_the_new_date(ir, people):
    run(date(2026, 1, 20))  # overdue notices for the early items
    case_list = ir.items.get(key="case_list")
    extension = services.ir_extension_request(
        item=case_list,
        requested_due=date(2026, 1, 26),
        reason="Data team off sick",
        by=people.editor,
        expected_version=case_list.version,
    )
    services.ir_extension_decide(extension=extension, grant=True, reason="", by=people.lead)
    [message] = run(date(2026, 1, 21))  # 3 working days before Monday 26 January
    assert items_in(message) == ["Case-tracking list"]
    assert "Overdue" not in message.body


def test_the_working_days_come_from_a_setting(ir, settings):
    settings.IR_REMINDER_WORKING_DAYS = (5,)
    [message] = run(date(2026, 1, 12))  # 5 working days before 19 January
    assert items_in(message) == EARLY
    assert run(date(2026, 1, 16)) == []  # no 1-day reminder configured


def test_finished_assessments_get_no_reminders(ir, assessment):
    assessment.stage = "withdrawn"
    assessment.save()
    assert run(date(2026, 1, 20)) == []


def test_the_daily_command_queues_the_task_for_the_worker(ir, capsys):
    call_command("send_ir_reminders", today="2026-01-14")
    assert "Reminders queued" in capsys.readouterr().out
    assert len(mail.outbox) == 1  # the test settings run queued tasks at once
    call_command("send_ir_reminders", "--now", today="2026-01-14")
    assert "Reminders sent: 0 items in 0 e-mails" in capsys.readouterr().out


def test_a_reminder_recorded_after_it_was_found_due_is_not_sent_again(ir):
    from ascassure.apps.inforeturn.selectors import reminders_due
    from ascassure.apps.inforeturn.services.reminders import (
        _send_for_assessment,
        reminder_working_days,
    )

    day = date(2026, 1, 28)  # 3 working days before 2 February; the early items overdue
    due = reminders_due(today=day, working_days=reminder_working_days())
    assert len(due) > 2
    taken = due[0]  # another run records this one first
    ReminderSent.objects.create(
        item=taken.item,
        kind=taken.kind,
        days_before=taken.days_before,
        due_date=taken.item.due_date,
        sent_at=timezone.now(),
    )
    with CaptureQueriesContext(connection) as queries:
        items, _ = _send_for_assessment(due, today=day)
    assert items == len(due) - 1
    reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and ReminderSent._meta.db_table in q["sql"]
    ]
    assert len(reads) == 1  # one read of what was already sent, whatever the number due
    assert ReminderSent.objects.filter(item=taken.item, kind=taken.kind).count() == 1
