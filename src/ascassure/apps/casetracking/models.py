"""The council's case list for one assessment, its cases, and the team's notes on them.

The uploaded file is kept outside the web root (under MEDIA_ROOT, never served) and leaves only
through the permission-checked download view. The team's selection (``selected``,
``in_depth`` and their reasons) and the notes are the team's: council users never see them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ascassure.apps.assessments.models import Assessment
from ascassure.domain.casetracking import ATTRIBUTE_LABELS, FLAG_FIELDS, CaseRecord

FLAG_LABELS = {
    name: ATTRIBUTE_LABELS[name][:1].upper() + ATTRIBUTE_LABELS[name][1:] for name in FLAG_FIELDS
}


class CaseList(models.Model):
    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="case_list"
    )
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    kind = models.CharField(max_length=10, help_text="csv or xlsx, read from the content.")
    size = models.PositiveIntegerField()
    stored_name = models.CharField(max_length=300, help_text="The file's path under MEDIA_ROOT.")
    columns = models.JSONField(default=dict, help_text="Which heading gave which field.")
    extra_columns = models.JSONField(default=list)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    selection_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    selection_saved_at = models.DateTimeField(null=True, blank=True)
    in_depth_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    in_depth_saved_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(
        default=1,
        help_text="Raised at every upload and selection; a save based on an older one is refused.",
    )

    def __str__(self) -> str:
        return f"Case list of {self.assessment}: {self.original_name}"

    @property
    def replaceable(self) -> bool:
        """The council may upload a new list until the team has chosen cases from this one."""
        return self.selection_saved_at is None


class Case(models.Model):
    case_list = models.ForeignKey(CaseList, on_delete=models.CASCADE, related_name="cases")
    position = models.PositiveIntegerField(help_text="1 for the file's first case, and so on.")
    case_id = models.CharField("case ID", max_length=100)
    age_band = models.CharField(max_length=100, blank=True)
    primary_support_reason = models.CharField(max_length=200, blank=True)
    hospital_discharge = models.BooleanField(default=False)
    transition_from_childrens = models.BooleanField(default=False)
    unpaid_carer = models.BooleanField(default=False)
    safeguarding_enquiry = models.BooleanField(default=False)
    reablement = models.BooleanField(default=False)
    assessment_date = models.DateField(null=True, blank=True)
    review_date = models.DateField(null=True, blank=True)
    attributes = models.JSONField(default=dict, help_text="The file's other columns, as text.")
    selected = models.BooleanField(default=False, help_text="One of the cases reviewed in detail.")
    selection_reason = models.TextField(blank=True)
    in_depth = models.BooleanField(default=False, help_text="One of the cases followed in depth.")
    in_depth_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["case_list", "position"]
        constraints = [
            models.UniqueConstraint(fields=["case_list", "case_id"], name="one_case_per_id"),
        ]

    def __str__(self) -> str:
        return self.case_id

    @property
    def flag_labels(self) -> list[str]:
        """The criteria this case meets, in words."""
        return [label for name, label in FLAG_LABELS.items() if getattr(self, name)]

    def record(self) -> CaseRecord:
        """The case as the domain sees it."""
        return CaseRecord(
            case_id=self.case_id,
            age_band=self.age_band,
            primary_support_reason=self.primary_support_reason,
            hospital_discharge=self.hospital_discharge,
            transition_from_childrens=self.transition_from_childrens,
            unpaid_carer=self.unpaid_carer,
            safeguarding_enquiry=self.safeguarding_enquiry,
            reablement=self.reablement,
            assessment_date=self.assessment_date,
            review_date=self.review_date,
            extra=tuple((str(k), str(v)) for k, v in self.attributes.items()),
        )


class NoteKind(models.TextChoices):
    NOTE = "note", "Note"
    REFLECTIVE_LOG = "reflective_log", "Reflective log"


class CaseNote(models.Model):
    """A note or reflective log on one case, by one person of the team. Notes are kept as
    written: a later thought is a new note, so nobody's words are overwritten."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=NoteKind.choices)
    text = models.TextField()
    at = models.DateTimeField()

    class Meta:
        ordering = ["case", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.case} by {self.author}"
