"""The on-site visit of one assessment: its days, its sessions and the questions asked."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from ascassure.apps.assessments.models import Assessment


class ParticipantRole(models.TextChoices):
    """Who a session is with. The first six are people the team usually interviews."""

    DASS = "dass", "Director of Adult Social Services"
    PRINCIPAL_SOCIAL_WORKER = "principal_social_worker", "Principal social worker"
    LEAD_MEMBER = "lead_member", "Lead member for adult social care"
    OPPOSITION_LEAD = "opposition_lead", "Opposition lead for adult social care"
    HWB_CHAIR = "hwb_chair", "Chair of the health and wellbeing board"
    SCRUTINY_CHAIR = "scrutiny_chair", "Chair of scrutiny"
    STAFF = "staff", "Staff"
    PARTNERS = "partners", "Partners"
    PROVIDERS = "providers", "Care providers"
    PEOPLE_AND_CARERS = "people_and_carers", "People who draw on care and unpaid carers"


class SessionKind(models.TextChoices):
    INTERVIEW = "interview", "Interview"
    FOCUS_GROUP = "focus_group", "Focus group"
    DROP_IN = "drop_in", "Drop-in"


class OnsiteVisit(models.Model):
    """The days the team spends with the council (3 to 4, usually) and where it is based."""

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="onsite_visit"
    )
    first_day = models.DateField()
    last_day = models.DateField()
    base_location = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Raised at every change; a save based on an older version is refused."
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")), name="onsite_visit_days_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"Site visit, {self.first_day} to {self.last_day}"

    @property
    def days(self) -> list[date]:
        count = (self.last_day - self.first_day).days + 1
        return [self.first_day + timedelta(days=n) for n in range(count)]


class Question(models.Model):
    """One question of the bank, for one kind of participant. Editable in the admin."""

    key = models.SlugField(
        max_length=80,
        unique=True,
        null=True,
        blank=True,
        help_text="Set on the questions that come with the product, so reloading them never "
        "duplicates one. Leave empty for a question added here.",
    )
    role = models.CharField(max_length=40, choices=ParticipantRole.choices)
    text = models.TextField()
    qs_codes = models.JSONField(
        default=list,
        blank=True,
        verbose_name="quality statements",
        help_text='The quality statements the answer informs, for example ["QS1", "QS7"].',
    )
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True, help_text="Inactive questions are not offered.")

    class Meta:
        ordering = ["role", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.text[:60]}"


class Session(models.Model):
    """An interview, focus group or drop-in on one day of the visit."""

    visit = models.ForeignKey(OnsiteVisit, on_delete=models.CASCADE, related_name="sessions")
    day = models.DateField()
    start_time = models.TimeField()
    end_time = models.TimeField()
    kind = models.CharField(max_length=20, choices=SessionKind.choices)
    title = models.CharField(max_length=150)
    participant_roles = models.JSONField(
        default=list, help_text="ParticipantRole values: who the session is with."
    )
    place = models.CharField(max_length=200, blank=True)
    online_link = models.URLField(max_length=500, blank=True)
    notes = models.TextField(blank=True)
    questions = models.ManyToManyField(Question, blank=True, related_name="sessions")
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day", "start_time", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="onsite_session_times_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.start_time:%H:%M} {self.title}"

    @property
    def participant_labels(self) -> list[str]:
        labels = dict(ParticipantRole.choices)
        return [labels.get(role, role) for role in self.participant_roles]
