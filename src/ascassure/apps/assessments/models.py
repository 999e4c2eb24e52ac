"""Assessments of one council, and the people assigned to each."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ascassure.apps.councils.models import Council
from ascassure.domain.framework import DEFAULT_VERSION, available_versions


class AssessmentKind(models.TextChoices):
    BASELINE = "baseline", "Baseline assessment"
    REASSESSMENT = "reassessment", "Re-assessment"
    FOLLOW_UP = "follow_up", "Follow-up assessment"


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
    notification_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.council}"


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
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "user", "role"], name="one_assignment_per_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.assessment}"
