"""``ascassure send_ir_reminders``: queue today's information return reminders.

Run it once a day, for example from cron at 07:00::

    0 7 * * *  cd /srv/ascassure && .venv/bin/ascassure send_ir_reminders

The worker (``ascassure db_worker``, always running) then sends them. ``--now`` sends them in
this process instead, for a set-up without a worker. Reminders go out the configured working
days before each due date (setting ``IR_REMINDER_WORKING_DAYS``, default 3 and 1), and an
overdue notice the day after; running the command twice sends nothing twice.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from ascassure.apps.inforeturn.tasks import send_ir_reminders, sweep_ir_incoming


class Command(BaseCommand):
    help = "Queue (or with --now, send) today's information return reminders and overdue notices."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            help="the day to send for, YYYY-MM-DD (default: today); for catching up or testing",
        )
        parser.add_argument(
            "--now", action="store_true", help="send in this process instead of queueing"
        )

    def handle(self, *args, today: str | None = None, now: bool = False, **options):
        if today:
            try:
                date.fromisoformat(today)
            except ValueError:
                raise CommandError(
                    f"--today must be a date like 2026-01-31, not {today!r}"
                ) from None
        if now:
            sent = send_ir_reminders.call(today)
            swept = sweep_ir_incoming.call()
            self.stdout.write(
                f"Reminders sent: {sent['items']} items in {sent['emails']} e-mails. "
                f"Abandoned incoming files removed: {swept}."
            )
            return
        result = send_ir_reminders.enqueue(today)
        sweep_ir_incoming.enqueue()
        self.stdout.write(
            f"Reminders queued (task {result.id}); the worker (ascassure db_worker) sends them."
        )
