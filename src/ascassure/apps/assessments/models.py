"""Assessments of one council: stage, milestones, team, and the record of every step."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from ascassure.apps.councils.models import Council
from ascassure.domain.framework import DEFAULT_VERSION, available_versions
from ascassure.domain.lifecycle import Stage


class AssessmentKind(models.TextChoices):
    BASELINE = "baseline", "Baseline assessment"
    REASSESSMENT = "reassessment", "Re-assessment"
    FOLLOW_UP = "follow_up", "Follow-up assessment"


STAGE_CHOICES = [(stage.value, stage.label) for stage in Stage]


class Assessment(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="assessments")
    kind = models.CharField(
        max_length=20, choices=AssessmentKind.choices, default=AssessmentKind.BASELINE
    )
    framework_version = models.CharField(
        max_length=10,
        default=DEFAULT_VERSION,
        choices=[(v, v) for v in available_versions()],
    )
    stage = models.CharField(max_length=30, choices=STAGE_CHOICES, default=Stage.PLANNED.value)
    notification_date = models.DateField(null=True, blank=True)
    follows = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        help_text="For a follow-up assessment: the assessment whose serious risks it checks.",
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Raised at every change; a save based on an older version is refused."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["stage"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.council}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:detail", kwargs={"pk": self.pk})

    @property
    def stage_enum(self) -> Stage:
        return Stage(self.stage)


class TeamRole(models.TextChoices):
    LEAD_INSPECTOR = "lead_inspector", "Lead inspector"
    INSPECTOR = "inspector", "Inspector"
    ANALYST = "analyst", "Analyst"
    EXPERT_BY_EXPERIENCE = "expert_by_experience", "Expert by Experience"
    SPECIALIST_ADVISER = "specialist_adviser", "Specialist adviser"
    PANEL_MEMBER = "panel_member", "Calibration panel member"


class AssessmentAssignment(models.Model):
    """A person of the assessing body assigned to one assessment, in one role."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    role = models.CharField(max_length=30, choices=TeamRole.choices)

    class Meta:
        ordering = ["role", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "user", "role"], name="one_assignment_per_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.assessment}"


class Milestone(models.Model):
    """A dated step of one assessment: computed from the notification date, or overridden."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="milestones")
    key = models.CharField(max_length=40)
    label = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0)
    date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    computed_date = models.DateField()
    computed_end_date = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    override_reason = models.TextField(blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    overridden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assessment", "position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "key"], name="one_milestone_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.date}"

    @property
    def is_overridden(self) -> bool:
        return bool(self.override_reason)


class AssessmentEvent(models.Model):
    """One recorded step: who did what to the assessment, when and why."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=40, help_text="A stage event, or another recorded action.")
    from_stage = models.CharField(max_length=30, blank=True, choices=STAGE_CHOICES)
    to_stage = models.CharField(max_length=30, blank=True, choices=STAGE_CHOICES)
    summary = models.CharField(max_length=300)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["assessment", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.summary}"
