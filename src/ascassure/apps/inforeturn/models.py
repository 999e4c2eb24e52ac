"""The information return (IR): the request a council receives, its items, files and extensions.

Statuses and kinds mirror :mod:`ascassure.domain.inforeturn`; the rules (due dates, progress,
extensions) live there. Files are stored under ``MEDIA_ROOT/inforeturn/<assessment>/`` with a
random name; MEDIA_ROOT is never served, so a file leaves only through the download view.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q

from ascassure.apps.assessments.models import Assessment
from ascassure.domain.inforeturn import ItemStatus as DomainStatus


class ItemKind(models.TextChoices):
    DOCUMENT = "document", "Document"
    DATA = "data", "Data"
    # The council's self-assessment: answered like any document here. The council's own
    # workspace (councilspace) may later offer its self-assessment as the answer.
    SELF_ASSESSMENT = "self_assessment", "Self-assessment"


class ItemStatus(models.TextChoices):
    OUTSTANDING = DomainStatus.OUTSTANDING.value, "Not yet sent"
    SUBMITTED = DomainStatus.SUBMITTED.value, "Complete"
    NOT_HELD = DomainStatus.NOT_HELD.value, "Not held by the council"


class UploadSource(models.TextChoices):
    UPLOAD = "upload", "Uploaded"
    LIBRARY = "library", "From the evidence library"
    SELF_ASSESSMENT = "self_assessment", "Self-assessment from the workspace"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"


class ReminderKind(models.TextChoices):
    BEFORE_DUE = "before_due", "Reminder before the due date"
    OVERDUE = "overdue", "Overdue notice"


class IRRequest(models.Model):
    """The information return request of one assessment, built from a template."""

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="information_return"
    )
    template_name = models.CharField(max_length=60)
    template_title = models.CharField(max_length=200)
    sent_on = models.DateField(help_text="The day the request was sent; items are due from it.")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField()

    class Meta:
        verbose_name = "information return request"

    def __str__(self) -> str:
        return f"Information return for {self.assessment}"


class IRItem(models.Model):
    """One document or data item the council is asked for."""

    request = models.ForeignKey(IRRequest, on_delete=models.CASCADE, related_name="items")
    key = models.SlugField(max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=ItemKind.choices)
    qs_codes = models.JSONField(default=list, help_text="The quality statements it informs.")
    due_date = models.DateField()
    original_due_date = models.DateField()
    status = models.CharField(
        max_length=20, choices=ItemStatus.choices, default=ItemStatus.OUTSTANDING
    )
    link = models.URLField(max_length=500, blank=True)
    pointer_upload = models.ForeignKey(
        "IRUpload",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pointed_from",
        help_text="A document already sent under another item that answers this one.",
    )
    pointer_section = models.CharField(max_length=200, blank=True)
    council_note = models.TextField(blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Raised at every change; a save based on an older version is refused."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["request", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "key"], name="ir_one_item_per_key"),
        ]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_complete(self) -> bool:
        return DomainStatus(self.status).is_complete

    def is_overdue(self, today) -> bool:
        return not self.is_complete and today > self.due_date

    @property
    def due_date_changed(self) -> bool:
        return self.due_date != self.original_due_date


class IRUpload(models.Model):
    """A file the council sent for one item, checked by content and stored with its checksum."""

    item = models.ForeignKey(IRItem, on_delete=models.CASCADE, related_name="uploads")
    stored_name = models.CharField(
        max_length=200, unique=True, help_text="Path under MEDIA_ROOT, with a random file name."
    )
    original_name = models.CharField(max_length=255)
    file_kind = models.CharField(max_length=10)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    source = models.CharField(
        max_length=20, choices=UploadSource.choices, default=UploadSource.UPLOAD
    )
    evidence_item = models.ForeignKey(
        "councilspace.EvidenceItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The evidence library item this file was copied from.",
    )
    self_assessment_version = models.ForeignKey(
        "councilspace.SelfAssessmentVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ir_uploads",
        help_text="The self-assessment version this document was generated from.",
    )

    class Meta:
        ordering = ["item", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def path(self) -> Path:
        """Where the file is on disk (checked to be inside the upload area)."""
        from ascassure.apps.inforeturn.storage import resolve

        return resolve(self.stored_name)


class ExtensionRequest(models.Model):
    """The council's request for more time on one item, and the team's decision."""

    item = models.ForeignKey(IRItem, on_delete=models.CASCADE, related_name="extensions")
    current_due = models.DateField(help_text="The due date when the extension was asked for.")
    requested_due = models.DateField()
    reason = models.TextField()
    status = models.CharField(
        max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    new_due = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["item", "requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(status="pending"),
                name="ir_one_pending_extension_per_item",
            ),
        ]

    def __str__(self) -> str:
        return f"Extension for {self.item} to {self.requested_due}"


class ReminderSent(models.Model):
    """A reminder or overdue notice sent for one item and one due date: never sent twice."""

    item = models.ForeignKey(IRItem, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    days_before = models.PositiveSmallIntegerField(
        default=0, help_text="Working days before the due date (0 for an overdue notice)."
    )
    due_date = models.DateField(help_text="The due date the reminder was about.")
    sent_at = models.DateTimeField()
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["item", "sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "kind", "days_before", "due_date"], name="ir_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.item} (due {self.due_date})"
