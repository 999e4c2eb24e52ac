"""Programme inputs, background runs of the scheduler on them, and plans adopted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


class ProgrammeInputDoc(models.Model):
    """An input document for the scheduler (``ascassure-programme-input/1`` JSON)."""

    name = models.CharField(max_length=120)
    document = models.JSONField()
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "programme input"

    def __str__(self) -> str:
        return self.name


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    DONE = "done", "Finished"
    FAILED = "failed", "Failed"
    STOPPED = "stopped", "Stopped"


class PlanRun(models.Model):
    """One run of the scheduler on an input; ``result`` is the plan document."""

    input = models.ForeignKey(ProgrammeInputDoc, on_delete=models.CASCADE, related_name="runs")
    input_version = models.PositiveIntegerField(default=1)
    time_limit = models.PositiveIntegerField(default=30, help_text="Seconds.")
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.CharField(max_length=200, blank=True)
    best_objective = models.BigIntegerField(null=True, blank=True)
    solutions = models.PositiveIntegerField(default=0)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="When the worker last said it was still running."
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "plan run"

    def __str__(self) -> str:
        return f"Run {self.pk} of {self.input}"

    def get_absolute_url(self) -> str:
        return reverse("programme:run", kwargs={"pk": self.pk})

    @property
    def finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED, RunStatus.STOPPED)

    @property
    def has_plan(self) -> bool:
        return bool(self.result and self.result.get("assessments"))


class Adoption(models.Model):
    """A plan adopted: one planned assessment created per council (``count`` of them)."""

    run = models.ForeignKey(PlanRun, on_delete=models.PROTECT, related_name="adoptions")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    count = models.PositiveIntegerField(default=0)
    skipped = models.JSONField(default=list, help_text="Councils left out, with the reason.")

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"Adoption of run {self.run_id} ({self.count})"
