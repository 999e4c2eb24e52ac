from __future__ import annotations

from django import forms

from ascassure.apps.assessments.forms import GovukDateField
from ascassure.apps.evidence.models import DIRECTION_CHOICES, SOURCE_CHOICES
from ascassure.apps.evidence.services import (
    CHOOSE_CATEGORY,
    CHOOSE_DIRECTION,
    CHOOSE_QS,
    CHOOSE_SOURCE,
    ENTER_SUMMARY,
    NO_PERIOD,
    EvidenceInput,
)
from ascassure.domain.evidence import EvidencePeriod, check_evidence_date
from ascassure.domain.framework import Framework


class EvidenceForm(forms.Form):
    qs_codes = forms.MultipleChoiceField(
        label="Quality statements",
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose every quality statement this evidence bears on.",
        error_messages={"required": CHOOSE_QS},
    )
    category = forms.ChoiceField(
        label="Evidence category",
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_CATEGORY},
    )
    source = forms.ChoiceField(
        label="Source",
        choices=[("", "Choose a source"), *SOURCE_CHOICES],
        error_messages={"required": CHOOSE_SOURCE},
    )
    evidence_date = GovukDateField(
        label="Date of the evidence",
        help_text="The date it relates to (a document's date, the end of the data's period, "
        "the day of a conversation), for example 14/03/2025.",
        error_messages={"required": "Enter the date of the evidence"},
    )
    summary = forms.CharField(
        label="Summary",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": ENTER_SUMMARY},
    )
    direction = forms.ChoiceField(
        label="What does it point to?",
        choices=DIRECTION_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_DIRECTION},
    )
    outside_period_reason = forms.CharField(
        label="Reason for using evidence from outside the evidence period",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, framework: Framework, period: EvidencePeriod | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period
        self.fields["qs_codes"].choices = [
            (qs.code, f"{qs.code} {qs.title}") for qs in framework.statements
        ]
        self.fields["category"].choices = [(c.code, c.title) for c in framework.used_categories]
        if period is not None:
            self.fields["outside_period_reason"].help_text = (
                f"Only needed when the date is before {period.start:%-d %B %Y} or after "
                f"{period.end:%-d %B %Y}. For example: data published every two years, a "
                "strategy still in force, a significant older concern."
            )

    def clean(self):
        data = super().clean()
        if self.period is None:
            raise forms.ValidationError(NO_PERIOD)
        day = data.get("evidence_date")
        if day is not None:
            refusal = check_evidence_date(day, self.period, data.get("outside_period_reason", ""))
            if refusal:
                self.add_error("outside_period_reason", refusal)
        return data

    def evidence_input(self) -> EvidenceInput:
        data = self.cleaned_data
        return EvidenceInput(
            category=data["category"],
            source=data["source"],
            evidence_date=data["evidence_date"],
            qs_codes=data["qs_codes"],
            summary=data["summary"],
            direction=data["direction"],
            outside_period_reason=data["outside_period_reason"],
        )


class EvidenceFilterForm(forms.Form):
    qs = forms.ChoiceField(label="Quality statement", required=False)
    category = forms.ChoiceField(label="Evidence category", required=False)
    direction = forms.ChoiceField(
        label="Points to", required=False, choices=[("", "Any"), *DIRECTION_CHOICES]
    )

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["qs"].choices = [
            ("", "Any"),
            *((qs.code, f"{qs.code} {qs.title}") for qs in framework.statements),
        ]
        self.fields["category"].choices = [
            ("", "Any"),
            *((c.code, c.title) for c in framework.used_categories),
        ]

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"qs": "", "category": "", "direction": ""}
        return {k: self.cleaned_data.get(k) or "" for k in ("qs", "category", "direction")}


class DeleteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
