"""Evidence the assessment team records, one item at a time, tagged with the QS it bears on."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ascassure.apps.assessments.models import Assessment
from ascassure.domain.evidence import Direction, EvidenceSource

SOURCE_CHOICES = [(s.value, s.label) for s in EvidenceSource]
DIRECTION_CHOICES = [(d.value, d.label) for d in Direction]


class EvidenceItem(models.Model):
    """One piece of evidence.

    ``category`` is an evidence category code of the assessment's framework version
    ("people", "staff_leaders", "partners", "processes" today) and ``qs_codes`` a list of its
    QS codes; both are checked against the framework by the services, not by the database,
    because they are data of the framework version.
    """

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="evidence_items"
    )
    category = models.CharField(max_length=30)
    source = models.CharField(max_length=20, choices=SOURCE_CHOICES)
    evidence_date = models.DateField(help_text="The date the evidence relates to.")
    qs_codes = models.JSONField(default=list)
    summary = models.TextField()
    direction = models.CharField(max_length=10, choices=DIRECTION_CHOICES)
    outside_period_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Raised at every change; a save based on an older version is refused."
    )

    class Meta:
        ordering = ["-evidence_date", "-pk"]
        indexes = [models.Index(fields=["assessment", "evidence_date"])]

    def __str__(self) -> str:
        return f"{self.get_source_display()} of {self.evidence_date:%d %b %Y}: {self.summary[:40]}"
