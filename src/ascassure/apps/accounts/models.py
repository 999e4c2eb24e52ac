"""People, their role in the assessing body, and their membership of a council."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from ascassure.apps.councils.models import Council


class BodyRole(models.TextChoices):
    """A person's role in the assessing body (none for council staff and the public)."""

    NONE = "", "None (council staff)"
    NATIONAL_LEAD = "national_lead", "National programme lead"
    ASSESSOR = "assessor", "Assessor"
    ANALYST = "analyst", "Analyst"
    PANEL_MEMBER = "panel_member", "Calibration panel member"
    ADMINISTRATOR = "administrator", "Administrator"


class CouncilRole(models.TextChoices):
    EDITOR = "editor", "Council editor"
    VIEWER = "viewer", "Council viewer"


class User(AbstractUser):
    """A person who signs in. The username is the e-mail address."""

    full_name = models.CharField(max_length=150, blank=True)
    body_role = models.CharField(
        "role in the assessing body", max_length=20, choices=BodyRole.choices, blank=True
    )
    is_demo = models.BooleanField(
        default=False, help_text="A demonstration account: it can sign in only in demo mode."
    )

    class Meta:
        ordering = ["full_name", "username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def is_body_staff(self) -> bool:
        return bool(self.body_role)


class CouncilMembership(models.Model):
    """A person's membership of one council: editors edit; viewers (lead members) read."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=CouncilRole.choices)
    job_title = models.CharField(
        max_length=120, blank=True, help_text="For example Director of Adult Social Services."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "council"], name="one_membership_per_council"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.council}"
