"""Forms of the report pages. They read what people type; the services decide."""

from __future__ import annotations

from django import forms

from ascassure.apps.assessments.forms import GovukDateField
from ascassure.apps.reports.fac import EXTENSION_MAX_WORKING_DAYS
from ascassure.domain.reports import (
    LIST_LIMIT,
    TEXT_LIMIT,
    CommentDecision,
    CommentKind,
    ExtensionDecision,
)

# GOV.UK: whole numbers in a text input with a numeric keyboard, never type="number".
NUMERIC = forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})
NOTE_HELP = "Kept with the version, for example: after the council's comment 3."


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _text(label: str, *, help_text: str = "", rows: int = 8, required: bool = False):
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
        error_messages={"max_length": f"Keep it under {TEXT_LIMIT:,} characters"},
    )


class _SectionForm(forms.Form):
    base = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(label="What changed (optional)", required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].help_text = NOTE_HELP

    def values(self) -> dict:
        raise NotImplementedError


class SummaryForm(_SectionForm):
    text = _text(
        "Summary",
        help_text="A short summary of the council and of what the assessment found. Leave a "
        "blank line between paragraphs.",
    )
    population = forms.IntegerField(
        label="Population (optional)",
        required=False,
        min_value=1,
        widget=NUMERIC,
        help_text="The council's population, where known; it is shown in the council's profile.",
        error_messages={"invalid": "Enter the population as a whole number, like 235000"},
    )
    field_order = ["text", "population", "note", "base"]

    def values(self) -> dict:
        return {"text": self.cleaned_data["text"], "population": self.cleaned_data["population"]}


class ThemeForm(_SectionForm):
    text = _text(
        "Introduction to the theme (optional)",
        help_text="What the findings of this theme's quality statements add up to.",
        rows=6,
    )
    field_order = ["text", "note", "base"]

    def values(self) -> dict:
        return {"text": self.cleaned_data["text"]}


class QsForm(_SectionForm):
    findings = _text(
        "Key findings",
        help_text="What the assessment found for this quality statement. Leave a blank line "
        "between paragraphs.",
        rows=10,
    )
    people_evidence = forms.TypedMultipleChoiceField(
        label="What people said: evidence to quote",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="People's experience recorded as evidence for this quality statement.",
    )
    people_other = _text(
        "Other things people said (optional)",
        help_text="One per line, in people's own words where you can.",
        rows=4,
    )
    strengths = _text("Strengths", help_text="One per line.", rows=5)
    improve = _text("Areas to improve", help_text="One per line.", rows=5)
    field_order = ["findings", "people_evidence", "people_other", "strengths", "improve", "note"]

    def __init__(self, *args, evidence=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.evidence = {item.pk: item for item in evidence}
        self.fields["people_evidence"].choices = [
            (item.pk, item.summary) for item in self.evidence.values()
        ]
        if not self.evidence:
            self.fields[
                "people_evidence"
            ].help_text = (
                "No people's experience is recorded as evidence for this quality statement."
            )

    def clean(self):
        data = super().clean()
        for name in ("people_other", "strengths", "improve"):
            if len(_lines(data.get(name) or "")) > LIST_LIMIT:
                self.add_error(name, f"Give at most {LIST_LIMIT} lines")
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        chosen = [
            {"text": self.evidence[pk].summary, "evidence": pk}
            for pk in data["people_evidence"]
            if pk in self.evidence
        ]
        other = [{"text": line, "evidence": None} for line in _lines(data["people_other"])]
        return {
            "findings": data["findings"],
            "people_said": chosen + other,
            "strengths": _lines(data["strengths"]),
            "improve": _lines(data["improve"]),
        }

    @staticmethod
    def initial_for(section: dict, base: int) -> dict:
        said = section.get("people_said", [])
        return {
            "findings": section.get("findings", ""),
            "people_evidence": [s["evidence"] for s in said if s.get("evidence")],
            "people_other": "\n".join(s["text"] for s in said if not s.get("evidence")),
            "strengths": "\n".join(section.get("strengths", [])),
            "improve": "\n".join(section.get("improve", [])),
            "base": base,
        }


def section_form_class(kind: str) -> type[_SectionForm]:
    return {"summary": SummaryForm, "theme": ThemeForm, "qs": QsForm}[kind]


class SendForm(forms.Form):
    sent_on = GovukDateField(
        label="Date of the e-mail to the council",
        help_text="The council has 10 working days from this date, for example 19/12/2025.",
        error_messages={"required": "Enter the date of the e-mail"},
    )


class CommentForm(forms.Form):
    section = forms.ChoiceField(
        label="Section of the report",
        error_messages={"required": "Choose the section the comment is about"},
    )
    kind = forms.ChoiceField(
        label="Kind of comment",
        choices=[(k.value, k.label) for k in CommentKind],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of comment"},
    )
    comment = _text(
        "What is inaccurate or missing",
        help_text="Quote the words of the report you are commenting on.",
        rows=6,
        required=True,
    )
    proposed_change = _text(
        "Your proposed change",
        help_text="What the report should say instead, or what it should add.",
        rows=6,
        required=True,
    )
    file = forms.FileField(
        label="Supporting evidence (optional)",
        required=False,
        help_text="A PDF, Word, Excel, OpenDocument text or CSV file from the assessment "
        "period, up to 25 MB. You can add more files after saving the comment.",
    )

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", "Choose a section"), *sections]
        self.fields["comment"].error_messages["required"] = "Say what is inaccurate or missing"
        self.fields["proposed_change"].error_messages["required"] = (
            "Say what the report should say instead"
        )


class FilesForm(forms.Form):
    file = forms.FileField(
        label="Add a supporting file",
        help_text="A PDF, Word, Excel, OpenDocument text or CSV file, up to 25 MB.",
        error_messages={"required": "Choose a file to add"},
    )


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label="We have checked the draft report and there are no other inaccuracies",
        error_messages={"required": "Tick the box to confirm there are no other inaccuracies"},
    )


class ExtensionRequestForm(forms.Form):
    working_days = forms.IntegerField(
        label="How many more working days you need",
        min_value=1,
        max_value=EXTENSION_MAX_WORKING_DAYS,
        initial=5,
        widget=NUMERIC,
        error_messages={
            "required": "Enter how many more working days you need",
            "invalid": "Enter a whole number of working days, like 5",
            "min_value": f"Ask for between 1 and {EXTENSION_MAX_WORKING_DAYS} working days",
            "max_value": f"Ask for between 1 and {EXTENSION_MAX_WORKING_DAYS} working days",
        },
    )
    reason = _text(
        "The exceptional circumstances",
        help_text="Extensions are granted only in exceptional circumstances.",
        rows=5,
        required=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = (
            "Give the exceptional circumstances that make an extension necessary"
        )


class ExtensionDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[(d.value, d.label) for d in ExtensionDecision],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to grant the extension"},
    )
    working_days = forms.IntegerField(
        label="Working days granted",
        required=False,
        min_value=1,
        max_value=EXTENSION_MAX_WORKING_DAYS,
        widget=NUMERIC,
        help_text="Added after the original deadline. Leave blank to grant what was asked for.",
        error_messages={
            "invalid": "Enter a whole number of working days, like 5",
            "min_value": f"Grant between 1 and {EXTENSION_MAX_WORKING_DAYS} working days",
            "max_value": f"Grant between 1 and {EXTENSION_MAX_WORKING_DAYS} working days",
        },
    )
    reason = _text("Reason for the decision", rows=4, required=True)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Give the reason for the decision"


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[(d.value, d.label) for d in CommentDecision],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a decision"},
    )
    reason = _text(
        "Reason",
        help_text="Needed when the comment is partly accepted or not accepted.",
        rows=5,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class PublicationDateForm(forms.Form):
    day = GovukDateField(
        label="Publication date",
        help_text="For example 12/03/2026. Reports are not published during pre-election "
        "periods, nor before the factual accuracy check ends.",
        error_messages={"required": "Enter the publication date"},
    )


class CorrectionForm(forms.Form):
    note = _text(
        "What the correction changes",
        help_text="Published with the corrected report, for example: the number of people "
        "waiting for an assessment in QS1 was 412, not 421.",
        rows=4,
        required=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].error_messages["required"] = "Say what the correction changes"
