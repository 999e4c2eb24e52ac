"""Quality statement scores of one assessment, every change to them, the panel's calibration
and the lock on the rating."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from ascassure.apps.assessments.models import Assessment

SCORE_RANGE = Q(score__isnull=True) | Q(score__gte=1, score__lte=4)


class QsScore(models.Model):
    """The team's score for one quality statement, with its rationale and evidence.

    Current method: ``score`` is judged directly. Legacy method: ``category_scores`` holds one
    score per evidence category (``{"people": 3, ...}``) and ``score`` and ``qs_percent`` are
    computed from them by the domain. Once the panel has calibrated it, ``score`` is the
    panel's score (the team's proposal stays in the revisions).
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="qs_scores")
    qs_code = models.CharField(max_length=10)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    category_scores = models.JSONField(default=dict, blank=True)
    qs_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    rationale = models.TextField(blank=True)
    evidence = models.JSONField(
        default=list,
        blank=True,
        help_text='References to the evidence the score rests on: [{"title": "...", "id": null}]; '
        "id is for a record of the evidence app, when there is one.",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(
        default=0, help_text="Raised at every change; a save based on an older version is refused."
    )

    class Meta:
        ordering = ["assessment", "qs_code"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "qs_code"], name="one_score_per_qs"),
            models.CheckConstraint(condition=SCORE_RANGE, name="qs_score_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.qs_code}: {self.score or '-'}"

    @property
    def evidence_titles(self) -> list[str]:
        return [item.get("title", "") for item in self.evidence if item.get("title")]


class RevisionKind(models.TextChoices):
    PROPOSED = "proposed", "Proposed by the team"
    CALIBRATED = "calibrated", "Calibrated by the panel"


class ScoreRevision(models.Model):
    """One change to a QS score, kept for ever: who, when, from what, to what, and why."""

    qs_score = models.ForeignKey(QsScore, on_delete=models.CASCADE, related_name="revisions")
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="score_revisions"
    )
    qs_code = models.CharField(max_length=10)
    kind = models.CharField(max_length=20, choices=RevisionKind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()
    old_score = models.PositiveSmallIntegerField(null=True, blank=True)
    new_score = models.PositiveSmallIntegerField(null=True, blank=True)
    old_rationale = models.TextField(blank=True)
    new_rationale = models.TextField(blank=True)
    old_category_scores = models.JSONField(default=dict, blank=True)
    new_category_scores = models.JSONField(default=dict, blank=True)
    old_evidence = models.JSONField(default=list, blank=True)
    new_evidence = models.JSONField(default=list, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["assessment", "-at", "-pk"]
        indexes = [models.Index(fields=["assessment", "at"])]

    def __str__(self) -> str:
        return f"{self.qs_code} {self.old_score} → {self.new_score} ({self.kind})"

    @property
    def score_changed(self) -> bool:
        return self.old_score != self.new_score

    @property
    def rationale_changed(self) -> bool:
        return self.old_rationale != self.new_rationale


class CalibrationOutcome(models.TextChoices):
    AGREED = "agreed", "Agreed"
    CHANGED = "changed", "Changed"


class Calibration(models.Model):
    """The calibration panel's decision on one QS score."""

    qs_score = models.OneToOneField(QsScore, on_delete=models.CASCADE, related_name="calibration")
    outcome = models.CharField(max_length=10, choices=CalibrationOutcome.choices)
    proposed_score = models.PositiveSmallIntegerField(help_text="The team's score it decided on.")
    agreed_score = models.PositiveSmallIntegerField()
    reason = models.TextField(blank=True)
    panel_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(agreed_score__gte=1, agreed_score__lte=4),
                name="calibrated_score_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.qs_score.qs_code}: {self.get_outcome_display()} at {self.agreed_score}"


class RatingLock(models.Model):
    """The rating, locked once the panel has calibrated every QS. Scores can no longer change."""

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="rating_lock"
    )
    rating_locked_at = models.DateTimeField()
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    percent = models.PositiveSmallIntegerField()
    rating = models.CharField(max_length=30)
    scores = models.JSONField(help_text='The locked scores: {"QS1": 3, ...}.')

    def __str__(self) -> str:
        return f"{self.rating} ({self.percent}%), locked {self.rating_locked_at:%Y-%m-%d}"
