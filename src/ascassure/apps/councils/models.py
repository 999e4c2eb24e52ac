"""Councils, the areas they sit in, and their published assessment results."""

from __future__ import annotations

from django.db import models
from django.urls import reverse


class Region(models.Model):
    """One of England's nine regions."""

    code = models.CharField(max_length=9, unique=True)
    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class IntegratedCareBoard(models.Model):
    """An NHS integrated care board (42 in England, April 2024 map)."""

    code = models.CharField("ONS code", max_length=9, unique=True)
    nhs_code = models.CharField("NHS code", max_length=3, blank=True)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        verbose_name = "integrated care board"

    def __str__(self) -> str:
        return self.short_name

    @property
    def short_name(self) -> str:
        return self.name.removeprefix("NHS ").removesuffix(" Integrated Care Board")


class CouncilType(models.TextChoices):
    COUNTY = "county", "County council"
    UNITARY = "unitary", "Unitary authority"
    METROPOLITAN = "metropolitan", "Metropolitan district"
    LONDON_BOROUGH = "london_borough", "London borough"
    SPECIAL = "special", "Special (City of London, Isles of Scilly)"


class Council(models.Model):
    """A council with adult social care duties under Part 1 of the Care Act 2014."""

    ons_code = models.CharField("ONS code", max_length=9, unique=True)
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    council_type = models.CharField(max_length=20, choices=CouncilType.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="councils")
    icb = models.ForeignKey(
        IntegratedCareBoard,
        on_delete=models.PROTECT,
        related_name="councils",
        verbose_name="main integrated care board",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("councils:detail", kwargs={"slug": self.slug})


class CouncilIcbShare(models.Model):
    """The share of a council's small areas that lie in one ICB (most councils: one row, 1.0)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="icb_shares")
    icb = models.ForeignKey(IntegratedCareBoard, on_delete=models.PROTECT, related_name="+")
    share = models.DecimalField(max_digits=5, decimal_places=4)
    small_areas = models.PositiveIntegerField()
    is_primary = models.BooleanField(default=False)

    class Meta:
        ordering = ["council", "-share"]
        constraints = [
            models.UniqueConstraint(fields=["council", "icb"], name="one_share_per_council_icb"),
        ]

    def __str__(self) -> str:
        return f"{self.council}: {self.share:.0%} in {self.icb}"


class AssessmentType(models.TextChoices):
    PILOT = "pilot", "Pilot (indicative)"
    FORMAL = "formal", "Formal assessment"
    FOLLOW_UP = "follow_up", "Follow-up assessment"
    REASSESSMENT = "reassessment", "Re-assessment"


class Rating(models.TextChoices):
    """Values equal ascassure.domain.scoring.Rating, so the two convert by value."""

    INADEQUATE = "Inadequate"
    REQUIRES_IMPROVEMENT = "Requires improvement"
    GOOD = "Good"
    OUTSTANDING = "Outstanding"


QS_FIELDS = tuple(f"qs{n}" for n in range(1, 10))


class PublishedResult(models.Model):
    """A published assessment result: overall rating and the nine quality statement scores."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="results")
    assessment_type = models.CharField(
        max_length=20, choices=AssessmentType.choices, default=AssessmentType.FORMAL
    )
    published_month = models.DateField(help_text="The first day of the month of publication.")
    rating = models.CharField(max_length=30, choices=Rating.choices)
    percent = models.PositiveSmallIntegerField(help_text="Overall percentage, computed.")
    qs1 = models.PositiveSmallIntegerField(null=True, blank=True)
    qs2 = models.PositiveSmallIntegerField(null=True, blank=True)
    qs3 = models.PositiveSmallIntegerField(null=True, blank=True)
    qs4 = models.PositiveSmallIntegerField(null=True, blank=True)
    qs5 = models.PositiveSmallIntegerField(null=True, blank=True)
    qs6 = models.PositiveSmallIntegerField(null=True, blank=True)
    qs7 = models.PositiveSmallIntegerField(null=True, blank=True)
    qs8 = models.PositiveSmallIntegerField(null=True, blank=True)
    qs9 = models.PositiveSmallIntegerField(null=True, blank=True)
    source_url = models.URLField(max_length=400, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["council__name", "-published_month"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "published_month", "assessment_type"],
                name="one_result_per_council_month_type",
            ),
        ]
        indexes = [models.Index(fields=["council", "-published_month"])]

    def __str__(self) -> str:
        return f"{self.council}: {self.rating} ({self.published_month:%B %Y})"

    @property
    def scores(self) -> tuple[int | None, ...]:
        return tuple(getattr(self, name) for name in QS_FIELDS)
