"""Reads for the information return, each scoped to what the person may see.

The team reaches an item only through an assessment it may see
(:func:`~ascassure.apps.assessments.selectors.assessment_for_team`), the council only through
its own council's assessment (:func:`~ascassure.apps.assessments.selectors.
assessment_for_council_user`); an item or file of another assessment is "not found" (404),
never "forbidden", so a refusal does not confirm that it exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from ascassure.apps.accounts.models import User
from ascassure.apps.assessments.models import Assessment
from ascassure.apps.assessments.selectors import (
    assessment_for_council_user,
    assessment_for_team,
    assessments_for_council_user,
    assessments_for_team,
)
from ascassure.apps.inforeturn.models import (
    ExtensionRequest,
    ExtensionStatus,
    IRItem,
    IRRequest,
    IRUpload,
    ItemKind,
    ReminderKind,
    ReminderSent,
)
from ascassure.domain import inforeturn as domain
from ascassure.domain.calendar import ENGLAND_AND_WALES, days_remaining
from ascassure.domain.lifecycle import Stage

NOT_FOUND = "Nothing here that you can see."
STATUS_FILTERS = {
    "outstanding": "Not yet sent",
    "overdue": "Overdue",
    "complete": "Complete or not held",
    "extension": "Extension asked for",
}


# --- the request and its items --------------------------------------------------------------


def ir_request_for(*, assessment: Assessment) -> IRRequest | None:
    return IRRequest.objects.select_related("issued_by").filter(assessment=assessment).first()


def _items(request: IRRequest) -> QuerySet[IRItem]:
    pending = ExtensionRequest.objects.filter(item=OuterRef("pk"), status=ExtensionStatus.PENDING)
    return (
        request.items.annotate(upload_count=Count("uploads"), has_pending=Exists(pending))
        .select_related("completed_by")
        .order_by("position", "pk")
    )


def as_domain_item(item: IRItem) -> domain.RequestItem:
    """The item as the domain rules see it (progress, extensions)."""
    return domain.RequestItem(
        key=item.key,
        title=item.title,
        description=item.description,
        kind=domain.ItemKind.DATA if item.kind == ItemKind.DATA else domain.ItemKind.DOCUMENT,
        qs_codes=tuple(item.qs_codes),
        due=item.due_date,
    )


def ir_progress(*, items: Sequence[IRItem], today: date) -> domain.Progress:
    return domain.progress(
        [as_domain_item(item) for item in items],
        {item.key: domain.ItemStatus(item.status) for item in items},
        today=today,
    )


@dataclass
class Overview:
    """What the team's and the council's request pages show."""

    request: IRRequest | None
    items: list[IRItem] = field(default_factory=list)  # after the filters
    all_items: list[IRItem] = field(default_factory=list)
    progress: domain.Progress | None = None
    pending_extensions: list[ExtensionRequest] = field(default_factory=list)
    qs_codes: list[str] = field(default_factory=list)  # every QS any item informs

    @property
    def percent(self) -> int:
        return self.progress.percent_complete if self.progress else 0


def ir_overview(*, assessment: Assessment, today: date, qs: str = "", status: str = "") -> Overview:
    """The request, its progress, the items (filtered by QS and status) and open extensions.

    A fixed number of queries whatever the number of items.
    """
    request = ir_request_for(assessment=assessment)
    if request is None:
        return Overview(request=None)
    items = list(_items(request))
    for item in items:
        item.overdue = item.is_overdue(today)
        item.days_left = days_remaining(item.due_date, today=today) if not item.overdue else 0
    progress = ir_progress(items=items, today=today)
    codes = sorted({code for item in items for code in item.qs_codes}, key=lambda c: (len(c), c))
    shown = [item for item in items if _matches(item, qs=qs, status=status)]
    pending = list(
        ExtensionRequest.objects.filter(item__request=request, status=ExtensionStatus.PENDING)
        .select_related("item", "requested_by")
        .order_by("requested_at")
    )
    return Overview(
        request=request,
        items=shown,
        all_items=items,
        progress=progress,
        pending_extensions=pending,
        qs_codes=codes,
    )


def _matches(item: IRItem, *, qs: str, status: str) -> bool:
    if qs and qs not in item.qs_codes:
        return False
    if status == "outstanding":
        return not item.is_complete
    if status == "overdue":
        return item.overdue
    if status == "complete":
        return item.is_complete
    if status == "extension":
        return item.has_pending
    return True


def _item_in(assessment: Assessment, item_id: int) -> IRItem:
    try:
        return (
            IRItem.objects.select_related(
                "request__assessment__council", "completed_by", "pointer_upload__item"
            )
            .annotate(upload_count=Count("uploads"))
            .get(pk=item_id, request__assessment=assessment)
        )
    except IRItem.DoesNotExist:
        raise Http404(NOT_FOUND) from None


def ir_item_for_team(*, user: User, pk: int, item_id: int) -> IRItem:
    return _item_in(assessment_for_team(user=user, pk=pk), item_id)


def ir_item_for_council_user(*, user: User, pk: int, item_id: int) -> IRItem:
    return _item_in(assessment_for_council_user(user=user, pk=pk), item_id)


def ir_item_detail(*, item: IRItem) -> dict[str, Any]:
    """The item's files, extension requests and the files it may point to."""
    extensions = list(item.extensions.select_related("requested_by", "decided_by"))
    return {
        "uploads": list(
            item.uploads.select_related(
                "uploaded_by", "evidence_item", "self_assessment_version__self_assessment"
            )
        ),
        "extensions": extensions,
        "pending_extension": next(
            (ext for ext in extensions if ext.status == ExtensionStatus.PENDING), None
        ),
        "pointable": list(ir_pointable_uploads(item=item)),
    }


def ir_pointable_uploads(*, item: IRItem) -> QuerySet[IRUpload]:
    """Documents already sent under the request's other items."""
    return (
        IRUpload.objects.filter(item__request_id=item.request_id)
        .exclude(item=item)
        .select_related("item")
        .order_by("item__position", "uploaded_at")
    )


def ir_extension_for_team(*, user: User, pk: int, extension_id: int) -> ExtensionRequest:
    assessment = assessment_for_team(user=user, pk=pk)
    try:
        return ExtensionRequest.objects.select_related(
            "item__request__assessment", "requested_by", "decided_by"
        ).get(pk=extension_id, item__request__assessment=assessment)
    except ExtensionRequest.DoesNotExist:
        raise Http404(NOT_FOUND) from None


def ir_upload_for_user(*, user: User, pk: int, upload_id: int) -> IRUpload:
    """A file, for the assessment's team or for its council's people; anyone else gets 404."""
    visible = (
        assessments_for_team(user=user).filter(pk=pk).exists()
        or assessments_for_council_user(user=user).filter(pk=pk).exists()
    )
    if not visible:
        raise Http404(NOT_FOUND)
    try:
        return IRUpload.objects.select_related("item").get(
            pk=upload_id, item__request__assessment_id=pk
        )
    except IRUpload.DoesNotExist:
        raise Http404(NOT_FOUND) from None


def ir_upload_for_council_user(*, user: User, pk: int, upload_id: int) -> IRUpload:
    assessment = assessment_for_council_user(user=user, pk=pk)
    try:
        return IRUpload.objects.select_related("item").get(
            pk=upload_id, item__request__assessment=assessment
        )
    except IRUpload.DoesNotExist:
        raise Http404(NOT_FOUND) from None


# --- reminders ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueReminder:
    item: IRItem
    kind: str
    days_before: int


def reminders_due(*, today: date, working_days: Sequence[int]) -> list[DueReminder]:
    """Reminders and overdue notices to send ``today``, not yet sent.

    For an outstanding item of an assessment still under way:

    * from the day after its due date, an overdue notice (once per due date);
    * before it, the most urgent reminder that applies: with ``working_days`` (3, 1), the
      "3 working days" reminder from 3 working days before, the "1 working day" one from 1
      working day before (and on the day). A reminder is not sent when a more urgent one has
      gone for the same due date, so a late run never sends the 3-day reminder after the 1-day.

    A granted extension gives the item a new due date, and its reminders start again.
    """
    days = sorted({int(d) for d in working_days if int(d) >= 0})
    horizon = ENGLAND_AND_WALES.add_working_days(today, max(days)) if days else today
    items = (
        IRItem.objects.filter(status="outstanding", due_date__lte=horizon)
        .exclude(request__assessment__stage__in=[s.value for s in Stage if s.is_final])
        .select_related("request__assessment__council")
        .prefetch_related(
            Prefetch(
                "reminders",
                queryset=ReminderSent.objects.only("item", "kind", "days_before", "due_date"),
            )
        )
        .order_by("request__assessment_id", "position", "pk")
    )
    due: list[DueReminder] = []
    for item in items:
        sent = [r for r in item.reminders.all() if r.due_date == item.due_date]
        if today > item.due_date:
            if not any(r.kind == ReminderKind.OVERDUE for r in sent):
                due.append(DueReminder(item, ReminderKind.OVERDUE.value, 0))
            continue
        left = days_remaining(item.due_date, today=today)
        applicable = [n for n in days if left <= n]
        if not applicable:
            continue
        urgent = min(applicable)
        if not any(r.kind == ReminderKind.BEFORE_DUE and r.days_before <= urgent for r in sent):
            due.append(DueReminder(item, ReminderKind.BEFORE_DUE.value, urgent))
    return due


# --- for the other areas --------------------------------------------------------------------


def ir_facts(assessment: Assessment) -> dict[str, Any]:
    """The lifecycle's fact: how many items the council has been asked for."""
    return {"ir_items_issued": IRItem.objects.filter(request__assessment=assessment).count()}


def ir_summary(assessment: Assessment) -> dict[str, Any]:
    """Progress for the API: total, complete, outstanding, overdue, percent (and dates)."""
    request = ir_request_for(assessment=assessment)
    if request is None:
        return {
            "issued": False,
            "sent_on": None,
            "total": 0,
            "complete": 0,
            "outstanding": 0,
            "overdue": 0,
            "percent": 0,
            "next_due": None,
            "extensions_pending": 0,
        }
    items = list(request.items.only("key", "title", "kind", "qs_codes", "due_date", "status"))
    progress = ir_progress(items=items, today=timezone.localdate())
    return {
        "issued": True,
        "sent_on": request.sent_on.isoformat(),
        "total": progress.total,
        "complete": progress.complete,
        "outstanding": progress.outstanding,
        "overdue": progress.overdue,
        "percent": progress.percent_complete,
        "next_due": progress.next_due.isoformat() if progress.next_due else None,
        "extensions_pending": ExtensionRequest.objects.filter(
            item__request=request, status=ExtensionStatus.PENDING
        ).count(),
    }
