"""Published adult social care measures: what was imported, the values, and the benchmarks.

The measure list is never hard-coded: :class:`Measure` rows are built from each imported file.
Directions, the old→new crosswalk and the quality-statement mapping are data analysts edit
(seeded from ``ascassure/domain/metrics/data``). Values are stored as published, one row per
geography, measure, disaggregation, measure type and period; a suppressed figure has no value
and keeps its marker. :class:`Benchmark` rows are derived from the values in bulk after each
import (see ``benchmarks.py``) so that a council's pages read them in a few queries.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ascassure.apps.councils.models import Council


class Source(models.TextChoices):
    ASCOF = "ascof", "ASCOF open data"
    LGINFORM = "lginform", "LG Inform extract"
    LONG = "long", "Long CSV (council, period, measure, value)"


class Framework(models.TextChoices):
    OLD = "old", "ASCOF 2014-15 to 2022-23"
    NEW = "new", "ASCOF from 2023-24"
    OTHER = "other", "Not an ASCOF measure"


class GeoLevel(models.TextChoices):
    COUNCIL = "council", "Council"
    REGION = "region", "Region"
    COUNCIL_TYPE = "council_type", "Council type"
    ENGLAND = "england", "England"


class MeasureType(models.TextChoices):
    NUMERATOR = "numerator", "Numerator"
    DENOMINATOR = "denominator", "Denominator"
    OUTCOME = "outcome", "Outcome"
    BASE = "base", "Base (respondents)"
    MARGIN_OF_ERROR = "moe", "Margin of error"


class Statistic(models.TextChoices):
    """How a measure's intervals and funnel limits are worked out."""

    PROPORTION = "proportion", "Proportion (Wilson interval)"
    RATE = "rate", "Rate (exact Poisson limits)"
    SURVEY = "survey", "Survey estimate (published margin of error)"
    VALUE = "value", "Value (no interval)"


class Direction(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class Geography(models.Model):
    """An area a value is published for, as the file names it.

    ``key`` is the ONS code where there is one (councils, regions, England), else
    ``type:<code>`` for the ASCOF council-type groups. A council-level geography points to the
    current council covering the same area, when there is one (a county that became a unitary
    authority on the same boundary keeps its data; a county that was split has no successor).
    """

    key = models.CharField(max_length=40, unique=True)
    level = models.CharField(max_length=20, choices=GeoLevel.choices)
    name = models.CharField(max_length=120)
    ons_code = models.CharField("ONS code", max_length=9, blank=True)
    source_code = models.CharField(
        max_length=20, blank=True, help_text="The code the file uses (NHS CASSR code, 'NW', 'M')."
    )
    council = models.ForeignKey(
        Council, on_delete=models.SET_NULL, null=True, blank=True, related_name="geographies"
    )
    council_type_code = models.CharField(
        max_length=1,
        blank=True,
        help_text="The ASCOF council-type group of a council: I, O, M, S or U.",
    )

    class Meta:
        ordering = ["level", "name"]
        verbose_name_plural = "geographies"

    def __str__(self) -> str:
        return f"{self.name} ({self.key})"


class Measure(models.Model):
    """A measure as the imported files describe it (the registry)."""

    source = models.CharField(max_length=10, choices=Source.choices)
    framework = models.CharField(max_length=5, choices=Framework.choices)
    code = models.CharField(max_length=255)
    group = models.CharField(max_length=40, blank=True)
    description = models.TextField(blank=True)
    unit = models.CharField(max_length=120, blank=True)
    disaggregations = models.JSONField(default=list)
    measure_types = models.JSONField(default=list)
    statistic = models.CharField(max_length=12, choices=Statistic.choices, default=Statistic.VALUE)
    scale = models.FloatField(
        null=True,
        blank=True,
        help_text="Outcome = numerator / denominator * scale (100 for a percentage, 100000 for "
        "a rate per 100,000); inferred from the file.",
    )
    first_period = models.CharField(max_length=7, blank=True)
    last_period = models.CharField(max_length=7, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["source", "framework", "group", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "framework", "code"], name="metrics_one_measure_per_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.short_description}".strip()

    @property
    def direction_code(self) -> str:
        """The code a direction is recorded under: the measure group for ASCOF."""
        return self.group or self.code

    @property
    def short_description(self) -> str:
        text = self.description if self.source == Source.ASCOF else ""
        return text if len(text) <= 90 else text[:89].rstrip() + "…"

    @property
    def title(self) -> str:
        if self.source == Source.ASCOF:
            return f"{self.code}: {self.description}" if self.description else self.code
        return self.code


class MeasureDirection(models.Model):
    """Whether higher or lower is better for a measure (group) code. Edited by analysts."""

    framework = models.CharField(max_length=5, choices=Framework.choices)
    code = models.CharField(max_length=255)
    direction = models.CharField(max_length=6, choices=Direction.choices)
    name = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=10, default="UNVERIFIED")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["framework", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="metrics_one_direction")
        ]

    def __str__(self) -> str:
        return f"{self.framework} {self.code}: {self.get_direction_display().lower()}"


class CrosswalkEntry(models.Model):
    """An old (2014-15 to 2022-23) ASCOF code and its successor. Edited by analysts."""

    old_code = models.CharField(max_length=20, unique=True)
    new_code = models.CharField(max_length=20, blank=True)
    new_part = models.CharField(max_length=4, blank=True)
    series_break_from = models.CharField(
        max_length=7,
        blank=True,
        help_text="The first year not comparable with earlier ones, such as 2024-25.",
    )
    status = models.CharField(max_length=10, default="UNVERIFIED")
    note = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["old_code"]
        verbose_name = "crosswalk entry"
        verbose_name_plural = "crosswalk entries"

    def __str__(self) -> str:
        return f"{self.old_code} → {self.new_code or '(none)'}"


class EvidenceCategory(models.TextChoices):
    """The codes of the framework files' ``[[categories]]``."""

    PEOPLE = "people", "People's experience"
    STAFF_LEADERS = "staff_leaders", "Feedback from staff and leaders"
    PARTNERS = "partners", "Feedback from partners"
    PROCESSES = "processes", "Processes"
    OUTCOMES = "outcomes", "Outcomes"
    OBSERVATION = "observation", "Observation"


class QsIndicator(models.Model):
    """An indicator CQC considers under a quality statement, and its nearest ASCOF measure."""

    qs = models.CharField("quality statement", max_length=4)
    evidence_category = models.CharField(
        max_length=20, choices=EvidenceCategory.choices, blank=True
    )
    indicator = models.CharField(max_length=255)
    source = models.CharField(max_length=40)
    framework = models.CharField(max_length=5, choices=Framework.choices, blank=True)
    ascof_code = models.CharField("ASCOF code", max_length=20, blank=True)
    status = models.CharField(max_length=10, default="UNVERIFIED")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["qs", "evidence_category", "indicator"]
        verbose_name = "quality statement indicator"
        constraints = [
            models.UniqueConstraint(fields=["qs", "indicator"], name="metrics_one_qs_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.qs}: {self.indicator}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    READING = "reading", "Reading and checking the file"
    SAVING = "saving", "Saving values and working out benchmarks"
    DONE = "done", "Imported"
    FAILED = "failed", "Not imported"


class DataImport(models.Model):
    """One file given to the platform, its progress and its validation report."""

    source = models.CharField(max_length=10, choices=Source.choices)
    year = models.CharField(max_length=7, blank=True)
    file_name = models.CharField(max_length=255)
    file_size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField(default=b"", editable=False)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    values_saved = models.PositiveIntegerField(default=0)
    values_replaced = models.PositiveIntegerField(default=0)
    benchmarks_saved = models.PositiveIntegerField(default=0)
    measures_count = models.PositiveIntegerField(default=0)
    periods = models.JSONField(default=list)
    problems = models.JSONField(default=list)
    problem_count = models.PositiveIntegerField(default=0)
    notes = models.JSONField(default=list, help_text="Things worth knowing that are not errors.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.file_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)

    @property
    def percent_done(self) -> int | None:
        if self.status == ImportStatus.DONE:
            return 100
        if not self.rows_total:
            return None
        return min(99, round(100 * self.rows_done / self.rows_total))


class MeasureValue(models.Model):
    """One published figure; ``value`` is null exactly when the file gave a suppression marker."""

    # Each index costs about a tenth of a second over a year's 49,000 inserts: the unique
    # constraint below serves look-ups by measure (and period); the import's index serves
    # deleting an import and finding the imports a new one replaced. The foreign keys are not
    # checked by the database (checking 49,000 rows at commit took 0.7 s on PostgreSQL): the
    # import writes only ids it has just created or read in the same transaction, and
    # deletions cascade through Django.
    data_import = models.ForeignKey(
        DataImport, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    geography = models.ForeignKey(
        Geography,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    period = models.CharField(max_length=7)
    disaggregation = models.CharField(max_length=80)
    measure_type = models.CharField(max_length=11, choices=MeasureType.choices)
    value = models.FloatField(null=True)
    suppression = models.CharField(max_length=8, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period", "geography", "disaggregation", "measure_type"],
                name="metrics_one_value",
            )
        ]

    def __str__(self) -> str:
        shown = self.suppression if self.value is None else self.value
        return f"{self.measure_id} {self.period} {self.geography_id} {self.measure_type}: {shown}"


class Benchmark(models.Model):
    """One council's figures for one measure, disaggregation and period, with its comparators.

    Derived from :class:`MeasureValue` in bulk; never edited by hand.
    """

    # Looked up by council (the unique constraint's first column) or by measure and period.
    # Foreign keys unchecked by the database, as for MeasureValue: rows are rebuilt in bulk.
    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    period = models.CharField(max_length=7)
    disaggregation = models.CharField(max_length=80)
    value = models.FloatField(null=True)
    suppression = models.CharField(max_length=8, blank=True)
    numerator = models.FloatField(null=True)
    denominator = models.FloatField(null=True)
    base = models.FloatField(null=True)
    margin_of_error = models.FloatField(null=True)
    england = models.FloatField(null=True)
    region = models.FloatField(null=True)
    council_type = models.FloatField(null=True)
    council_type_name = models.CharField(max_length=60, blank=True)
    rank = models.PositiveSmallIntegerField(null=True)
    ranked_of = models.PositiveSmallIntegerField(null=True)
    quartile = models.PositiveSmallIntegerField(null=True)
    ci_low = models.FloatField(null=True)
    ci_high = models.FloatField(null=True)
    ci_method = models.CharField(max_length=12, choices=Statistic.choices, blank=True)
    funnel_position = models.CharField(max_length=30, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["council", "measure", "period", "disaggregation"],
                name="metrics_one_benchmark",
            )
        ]
        indexes = [models.Index(fields=["measure", "period"], name="metrics_bench_measure")]

    def __str__(self) -> str:
        return f"{self.council_id} {self.measure_id} {self.period} {self.disaggregation}"


class CharacteristicsTable(models.Model):
    """Council characteristics uploaded to compute open nearest-neighbour peer groups."""

    name = models.CharField(max_length=120)
    features = models.JSONField(default=list)
    weights = models.JSONField(default=dict)
    data = models.JSONField(default=dict, help_text="{ons_code: {feature: value}}")
    neighbours = models.PositiveSmallIntegerField(default=15)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class PeerGroupKind(models.TextChoices):
    NEAREST = "nearest", "Nearest neighbours from a characteristics table"
    LIST = "list", "A council's peers, as supplied"
    CUSTOM = "custom", "A custom group of councils"


class PeerGroup(models.Model):
    """Councils to compare with: a council's peers (``council`` set) or a named custom group."""

    name = models.CharField(max_length=160)
    kind = models.CharField(max_length=8, choices=PeerGroupKind.choices)
    council = models.ForeignKey(
        Council,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Whose peers these are; empty for a custom group any council can use.",
    )
    table = models.ForeignKey(
        CharacteristicsTable,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="groups",
    )
    description = models.TextField(blank=True)
    members = models.ManyToManyField(Council, through="PeerGroupMember", related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class PeerGroupMember(models.Model):
    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="memberships")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    distance = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["group", "position"]
        constraints = [
            models.UniqueConstraint(fields=["group", "council"], name="metrics_one_member")
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.council}"
