"""Serious risks found by an assessment, its follow-up, and notices to the Secretary of State."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ascassure.apps.assessments.models import Assessment


class SeriousRiskFinding(models.Model):
    """Serious risks to people found by an assessment ("A"); it creates a follow-up ("B")."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="serious_risks"
    )
    found_on = models.DateField()
    summary = models.TextField()
    follow_up = models.OneToOneField(
        Assessment, on_delete=models.PROTECT, related_name="follows_finding"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-found_on", "-pk"]

    def __str__(self) -> str:
        return f"Serious risks: {self.assessment} ({self.found_on})"


class InterventionStage(models.TextChoices):
    """The stages of the Department of Health and Social Care's intervention framework."""

    IMPROVEMENT_SUPPORT = "improvement_support", "Improvement support"
    ENHANCED_MONITORING = "enhanced_monitoring", "Enhanced monitoring and support"
    STATUTORY_INTERVENTION = "statutory_intervention", "Statutory intervention (section 72A)"


class SecretaryOfStateNotice(models.Model):
    """A notification to the Secretary of State of serious failings at a council."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="secretary_of_state_notices"
    )
    sent_on = models.DateField()
    intervention_stage = models.CharField(max_length=30, choices=InterventionStage.choices)
    content = models.TextField(help_text="What was reported, in full.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-pk"]

    def __str__(self) -> str:
        return f"Notice to the Secretary of State: {self.assessment.council} ({self.sent_on})"
