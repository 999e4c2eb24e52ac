"""The information return (IR): the request the council receives, its answers and reminders.

Pages, under ``/assessments/<pk>/information-return/``:

* the team's tab (``inforeturn:overview``): completeness, overdue items, the item list
  filtered by QS and status, extensions to decide; the lead inspector (or national lead) sends
  the request from a template (``send/``), adds items, moves due dates, removes unanswered items
  and grants or refuses extensions;
* the council's side (``council/``): their request, each item with a file upload, a link or a
  pointer to a section of a document already sent, "mark complete" or "not held", and a request
  for more time. Editors change; viewers read;
* ``files/<id>/``: the only way a file leaves the disk, for the assessment's team or its
  council's people, as an attachment.

Files are stored under ``MEDIA_ROOT/inforeturn/<assessment>/`` with random names (see
:mod:`.storage`). Reminders: ``ascassure send_ir_reminders`` daily from cron queues the task
for the worker (``ascassure db_worker``), or sends at once with ``--now``; setting
``IR_REMINDER_WORKING_DAYS`` (default ``(3, 1)``) says how many working days before each due
date. Other areas see the return through the facts (``ir_items_issued``), the API summary
(``information_return``) and :mod:`.demo`.
"""
