"""The assessment report: its versions, the factual accuracy check (FAC), the pauses in
publication, and the publications themselves.

Every version of a report is a full copy of its sections (the domain's JSON document), kept
for ever: an edit adds a version and changes none. A version is frozen when it is published:
its HTML and PDF are written under ``MEDIA_ROOT/reports/<assessment>/`` with their SHA-256,
and nothing about it changes after that. MEDIA_ROOT is never served; files leave through the
views, which check the checksum first.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from ascassure.apps.assessments.models import Assessment
from ascassure.apps.councils.models import Council, PublishedResult
from ascassure.domain.reports import CommentDecision, CommentKind, ExtensionDecision

KIND_CHOICES = [(k.value, k.label) for k in CommentKind]
DECISION_CHOICES = [(d.value, d.label) for d in CommentDecision]
EXTENSION_CHOICES = [(d.value, d.label) for d in ExtensionDecision]


class Report(models.Model):
    """The report of one assessment."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="report")
    publication_date = models.DateField(null=True, blank=True)
    publication_date_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    correction_note = models.TextField(
        blank=True, help_text="While a correction of the published report is prepared: why."
    )
    correction_started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Report of {self.assessment}"

    @property
    def correcting(self) -> bool:
        return bool(self.correction_note)


class ReportVersion(models.Model):
    """One version of the report: the whole document as it stood, never changed afterwards."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    document = models.JSONField(help_text="The report's sections (ascassure.domain.reports).")
    changed_section = models.CharField(max_length=20, blank=True)
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    frozen_at = models.DateTimeField(null=True, blank=True)
    html_name = models.CharField(max_length=200, blank=True, help_text="Under MEDIA_ROOT.")
    html_sha256 = models.CharField(max_length=64, blank=True)
    pdf_name = models.CharField(max_length=200, blank=True, help_text="Under MEDIA_ROOT.")
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    pdf_size = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_number"),
        ]

    def __str__(self) -> str:
        return f"Version {self.number} of {self.report}"

    @property
    def frozen(self) -> bool:
        return self.frozen_at is not None


class FacRound(models.Model):
    """The factual accuracy check of one version sent to the council."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="fac_rounds")
    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField(help_text="The date of the e-mail: the check counts from it.")
    working_days = models.PositiveSmallIntegerField(default=10)
    deadline = models.DateField(help_text="Computed from sent_on in working days.")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField()
    extension_reason = models.TextField(blank=True)
    extension_working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    extension_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    extension_requested_at = models.DateTimeField(null=True, blank=True)
    extension_decision = models.CharField(max_length=10, blank=True, choices=EXTENSION_CHOICES)
    extension_decision_reason = models.TextField(blank=True)
    extension_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    extension_decided_at = models.DateTimeField(null=True, blank=True)
    extended_deadline = models.DateField(null=True, blank=True)
    confirmed_no_inaccuracies_at = models.DateTimeField(null=True, blank=True)
    confirmed_no_inaccuracies_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version_stamp = models.PositiveIntegerField(
        default=1, help_text="Raised at every change; a save based on an older one is refused."
    )

    class Meta:
        ordering = ["report", "sent_at"]
        verbose_name = "factual accuracy check"

    def __str__(self) -> str:
        return f"Factual accuracy check of {self.report}, sent {self.sent_on}"

    @property
    def deadline_in_force(self):
        return self.extended_deadline or self.deadline

    @property
    def confirmed(self) -> bool:
        return self.confirmed_no_inaccuracies_at is not None

    @property
    def extension_pending(self) -> bool:
        return bool(self.extension_reason) and not self.extension_decision


class FacComment(models.Model):
    """One comment of the council on the draft, anchored to a section, and the team's answer."""

    fac_round = models.ForeignKey(FacRound, on_delete=models.CASCADE, related_name="comments")
    number = models.PositiveIntegerField()
    section_key = models.CharField(max_length=20)
    section_title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    comment = models.TextField(help_text="What is inaccurate or missing.")
    proposed_change = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    decision = models.CharField(max_length=20, blank=True, choices=DECISION_CHOICES)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Raised at every change; a save based on an older version is refused."
    )

    class Meta:
        ordering = ["fac_round", "number"]
        constraints = [
            models.UniqueConstraint(fields=["fac_round", "number"], name="fac_comment_number"),
        ]

    def __str__(self) -> str:
        return f"Comment {self.number} on {self.section_title}"

    @property
    def decided(self) -> bool:
        return bool(self.decision)


class FacCommentFile(models.Model):
    """A file the council sent to support a comment (its type judged from its content)."""

    comment = models.ForeignKey(FacComment, on_delete=models.CASCADE, related_name="files")
    original_name = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=200, help_text="Under MEDIA_ROOT.")
    kind = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["comment", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class WindowScope(models.TextChoices):
    NATIONAL = "national", "National (every council)"
    COUNCIL = "council", "One council"


class PublicationWindow(models.Model):
    """Days on which no report is published: a national pause, or one council's pre-election
    period. Both ends inclusive. Preloaded from the programme's data files; edit in the admin."""

    name = models.CharField(max_length=200)
    start = models.DateField()
    end = models.DateField()
    scope = models.CharField(max_length=10, choices=WindowScope.choices)
    council = models.ForeignKey(
        Council,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="publication_windows",
        help_text="Only for a council's own window.",
    )
    source = models.CharField(max_length=500, blank=True, help_text="Where the dates come from.")
    preload_key = models.CharField(
        max_length=80,
        blank=True,
        help_text="Set on preloaded rows, so loading again never duplicates or overwrites them.",
    )

    class Meta:
        ordering = ["start", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="window_in_order"),
            models.CheckConstraint(
                condition=Q(scope="national", council__isnull=True)
                | Q(scope="council", council__isnull=False),
                name="window_scope_matches_council",
            ),
            models.UniqueConstraint(
                fields=["preload_key"], condition=~Q(preload_key=""), name="window_preload_key"
            ),
        ]
        indexes = [models.Index(fields=["scope", "council"])]

    def __str__(self) -> str:
        where = self.council.name if self.council_id else "national"
        return f"{self.name} ({where}): {self.start} to {self.end}"

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "The last day must be on or after the first day."})
        if self.scope == WindowScope.NATIONAL and self.council_id:
            raise ValidationError({"council": "A national window applies to no one council."})
        if self.scope == WindowScope.COUNCIL and not self.council_id:
            raise ValidationError({"council": "Choose the council this window is for."})


class PublicationKind(models.TextChoices):
    ORIGINAL = "original", "First publication"
    CORRECTION = "correction", "Correction"


class Publication(models.Model):
    """One frozen version made public: the report itself, or a dated correction of it."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="publications"
    )
    version = models.OneToOneField(
        ReportVersion, on_delete=models.PROTECT, related_name="publication"
    )
    kind = models.CharField(max_length=12, choices=PublicationKind.choices)
    date = models.DateField()
    note = models.TextField(blank=True, help_text="For a correction: what was corrected.")
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the published PDF.")
    published_result = models.ForeignKey(
        PublishedResult, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["assessment", "date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment"],
                condition=Q(kind="original"),
                name="one_original_publication",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.assessment}, {self.date}"
