"""Writes for the information return. Each one is atomic and records itself on the timeline.

Item changes carry the version the person saw: a save based on an older version is refused
(:data:`ITEM_STALE`) and nothing is overwritten. Refusals are :class:`ServiceRefusal` with
messages in the user's words, asserted by the tests.
"""

from __future__ import annotations

from ascassure.apps.assessments.services import ServiceRefusal
from ascassure.apps.inforeturn.services._common import (
    ALREADY_ISSUED,
    ASSESSMENT_FINISHED,
    DEFAULT_REMINDER_WORKING_DAYS,
    DUE_CHANGE_NEEDS_REASON,
    DUE_DATE_BEFORE_SENT,
    EXTENSION_ALREADY_DECIDED,
    EXTENSION_ALREADY_PENDING,
    EXTENSION_NOT_NEEDED,
    ITEM_ANSWERED,
    ITEM_COMPLETE_READ_ONLY,
    ITEM_STALE,
    NOT_HELD_NEEDS_NOTE,
    NOT_YET_NOTIFIED,
    NOTHING_SENT,
    POINTER_NEEDS_DOCUMENT,
    POINTER_NEEDS_SECTION,
    UNKNOWN_TEMPLATE,
    UPLOAD_POINTED_TO,
)
from ascassure.apps.inforeturn.services.answers import (
    ir_item_answer,
    ir_item_complete,
    ir_item_reopen,
    ir_upload_remove,
    ir_upload_store,
)
from ascassure.apps.inforeturn.services.extensions import (
    ir_extension_decide,
    ir_extension_request,
)
from ascassure.apps.inforeturn.services.reminders import (
    ir_reminders_send,
    reminder_working_days,
)
from ascassure.apps.inforeturn.services.requests import (
    ir_item_add,
    ir_item_due_date_set,
    ir_item_remove,
    ir_request_issue,
)
from ascassure.domain import inforeturn as domain

__all__ = [
    "ALREADY_ISSUED",
    "ASSESSMENT_FINISHED",
    "DEFAULT_REMINDER_WORKING_DAYS",
    "DUE_CHANGE_NEEDS_REASON",
    "DUE_DATE_BEFORE_SENT",
    "EXTENSION_ALREADY_DECIDED",
    "EXTENSION_ALREADY_PENDING",
    "EXTENSION_NOT_NEEDED",
    "ITEM_ANSWERED",
    "ITEM_COMPLETE_READ_ONLY",
    "ITEM_STALE",
    "NOTHING_SENT",
    "NOT_HELD_NEEDS_NOTE",
    "NOT_YET_NOTIFIED",
    "POINTER_NEEDS_DOCUMENT",
    "POINTER_NEEDS_SECTION",
    "UNKNOWN_TEMPLATE",
    "UPLOAD_POINTED_TO",
    "ServiceRefusal",
    "domain",
    "ir_extension_decide",
    "ir_extension_request",
    "ir_item_add",
    "ir_item_answer",
    "ir_item_complete",
    "ir_item_due_date_set",
    "ir_item_remove",
    "ir_item_reopen",
    "ir_reminders_send",
    "ir_request_issue",
    "ir_upload_remove",
    "ir_upload_store",
    "reminder_working_days",
]
