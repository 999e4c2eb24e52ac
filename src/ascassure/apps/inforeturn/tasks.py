"""Background work of the information return, on Django's tasks API (django-tasks).

``send_ir_reminders`` is enqueued once a day by ``ascassure send_ir_reminders`` (from cron) and
run by the worker (``ascassure db_worker``); see that command for the set-up.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django_tasks import task

from ascassure.apps.inforeturn import services, storage


@task()
def send_ir_reminders(today: str | None = None) -> dict[str, int]:
    """Send the reminders and overdue notices due on ``today`` (ISO date; default: today).

    Safe to run more than once a day: a reminder already sent is never sent again.
    """
    day = date.fromisoformat(today) if today else timezone.localdate()
    return services.ir_reminders_send(today=day)


@task()
def sweep_ir_incoming() -> int:
    """Remove incoming upload files abandoned by rolled-back transactions (older than a day)."""
    return storage.incoming_sweep()
