"""A council's workspace: its self-assessment (every save kept), evidence library and
improvement plan. Rules live in ascassure.domain.selfassessment; writes in services.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from ascassure.apps.councils.models import Council
from ascassure.domain.framework import DEFAULT_VERSION, Framework, load_framework
from ascassure.domain.selfassessment import (
    ActionStatus,
    Confidence,
    Entry,
    EntryStatus,
    EvidenceKind,
)

STATUS_CHOICES = [(s.value, s.label) for s in EntryStatus]
CONFIDENCE_CHOICES = [(c.value, c.label) for c in Confidence]
KIND_CHOICES = [(k.value, k.label) for k in EvidenceKind]
ACTION_STATUS_CHOICES = [(s.value, s.label) for s in ActionStatus]
SCORE_CHOICES = [(n, str(n)) for n in (1, 2, 3, 4)]


class SelfAssessment(models.Model):
    """One year's self-assessment of a council (the annual cycle: 2025, 2026 ...)."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="self_assessments")
    year = models.PositiveSmallIntegerField()
    framework_version = models.CharField(max_length=10, default=DEFAULT_VERSION)
    started_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["council", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["council", "year"], name="one_self_assessment_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.council} self-assessment {self.year}"

    @property
    def framework(self) -> Framework:
        return load_framework(self.framework_version)


class QsRevision(models.Model):
    """One saved state of one QS entry. Never changed: every save adds the next number."""

    self_assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="revisions"
    )
    qs_code = models.CharField(max_length=8)
    number = models.PositiveIntegerField()
    what_we_do = models.TextField(blank=True)
    how_we_know = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    areas_for_development = models.TextField(blank=True)
    i_statements = models.JSONField(default=list, blank=True)
    self_score = models.PositiveSmallIntegerField(null=True, blank=True, choices=SCORE_CHOICES)
    confidence = models.CharField(max_length=10, blank=True, choices=CONFIDENCE_CHOICES)
    status = models.CharField(
        max_length=12, choices=STATUS_CHOICES, default=EntryStatus.DRAFT.value
    )
    note = models.CharField(max_length=200, blank=True, help_text="How it came: imported, ...")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["self_assessment", "qs_code", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["self_assessment", "qs_code", "number"], name="one_revision_number_per_qs"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.qs_code} version {self.number}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError("A saved revision is never changed: save a new one.")
        super().save(*args, **kwargs)

    @property
    def entry(self) -> Entry:
        return Entry(
            what_we_do=self.what_we_do,
            how_we_know=self.how_we_know,
            next_steps=self.next_steps,
            strengths=self.strengths,
            areas_for_development=self.areas_for_development,
            i_statements=tuple(self.i_statements or ()),
            self_score=self.self_score,
            confidence=Confidence(self.confidence) if self.confidence else None,
            status=EntryStatus(self.status),
        )


class SelfAssessmentVersion(models.Model):
    """A named version of the whole self-assessment: the revision of each QS at that moment.

    A version submitted in an information return is the one the assessing body sees.
    """

    self_assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    note = models.CharField(max_length=300, blank=True)
    revisions = models.ManyToManyField(QsRevision, related_name="versions")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_for = models.ForeignKey(
        "assessments.Assessment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submitted_self_assessments",
        help_text="The assessment whose information return carried this version.",
    )

    class Meta:
        ordering = ["self_assessment", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["self_assessment", "number"], name="one_version_number_per_self_assessment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.self_assessment} version {self.number}"


class QsComment(models.Model):
    """A colleague's comment on one QS entry, made on a given revision."""

    self_assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="comments"
    )
    qs_code = models.CharField(max_length=8)
    revision_number = models.PositiveIntegerField(default=0)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["self_assessment", "qs_code", "created_at", "pk"]
        indexes = [models.Index(fields=["self_assessment", "qs_code"])]

    def __str__(self) -> str:
        return f"Comment on {self.qs_code} by {self.author}"


class EvidenceItem(models.Model):
    """A document, data extract, case study or piece of feedback in the council's library."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="evidence_items")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    category = models.CharField("evidence category", max_length=30)
    owner = models.CharField(max_length=120)
    evidence_date = models.DateField(help_text="The date the evidence relates to.")
    description = models.TextField(blank=True)
    link = models.URLField(blank=True, max_length=500)
    file_name = models.CharField(max_length=255, blank=True)
    file_type = models.CharField(max_length=10, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["council", "-evidence_date", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def has_file(self) -> bool:
        return bool(self.file_sha256)

    @property
    def kind_label(self) -> str:
        return EvidenceKind(self.kind).label


class EvidenceQs(models.Model):
    """One QS an evidence item supports (an item can support several)."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="qs_links")
    qs_code = models.CharField(max_length=8)

    class Meta:
        ordering = ["item", "qs_code"]
        constraints = [
            models.UniqueConstraint(fields=["item", "qs_code"], name="one_link_per_item_and_qs"),
        ]
        indexes = [models.Index(fields=["qs_code"])]

    def __str__(self) -> str:
        return f"{self.item} supports {self.qs_code}"


class ImprovementAction(models.Model):
    """One action of the improvement plan, usually from an area for development."""

    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="improvement_actions"
    )
    self_assessment = models.ForeignKey(
        SelfAssessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    qs_code = models.CharField(max_length=8)
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    source_area = models.TextField(blank=True, help_text="The area for development it answers.")
    owner = models.CharField(max_length=120)
    due_date = models.DateField()
    status = models.CharField(
        max_length=12, choices=ACTION_STATUS_CHOICES, default=ActionStatus.NOT_STARTED.value
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["council", "due_date", "pk"]

    def __str__(self) -> str:
        return self.title


class WorkspaceState(models.Model):
    """A counter raised by every change to a council's workspace: pages rendered for one value
    are cached under it, so no process ever serves a page older than the last change."""

    council = models.OneToOneField(
        Council, on_delete=models.CASCADE, primary_key=True, related_name="workspace_state"
    )
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.council} workspace, version {self.version}"


class CaseListDraft(models.Model):
    """The council's case list builder: its case-system export as read, and the cases chosen.

    One per council, kept in the workspace (only the council's editors see it; the assessing
    body sees only the list submitted to an assessment, through case tracking). The export's
    file is not kept: only its name and checksum, and the cases read from it.
    """

    council = models.OneToOneField(
        Council, on_delete=models.CASCADE, primary_key=True, related_name="case_list_draft"
    )
    source_name = models.CharField(max_length=255, help_text="The export's file name.")
    source_sha256 = models.CharField(max_length=64)
    source_kind = models.CharField(max_length=10, help_text="csv or xlsx, read from the content.")
    source_size = models.PositiveBigIntegerField()
    columns = models.JSONField(default=dict, help_text="Which heading gave which field.")
    extra_columns = models.JSONField(default=list, help_text="The export's other headings.")
    cases = models.JSONField(default=list, help_text="Every case read, in the export's order.")
    problems = models.JSONField(
        default=list, help_text="Rows left out: [line, column, message] for each problem."
    )
    chosen = models.JSONField(default=list, help_text="The case IDs chosen, in the export's order.")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    submitted_for = models.ForeignKey(
        "assessments.Assessment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The assessment the chosen cases were last submitted to.",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_count = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(
        default=1, help_text="Raised at every change; a change based on an older one is refused."
    )

    def __str__(self) -> str:
        return f"{self.council} case list builder ({self.source_name})"
