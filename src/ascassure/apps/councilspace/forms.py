from __future__ import annotations

from django import forms

from ascassure.apps.councilspace import uploads
from ascassure.apps.councilspace.services import ActionData, EvidenceData
from ascassure.domain.casebuilder import BuilderFilter
from ascassure.domain.framework import Framework, QualityStatement
from ascassure.domain.selfassessment import (
    MAX_TEXT,
    ActionStatus,
    Confidence,
    Entry,
    EntryStatus,
    EvidenceKind,
)


class DateInput(forms.DateField):
    """A date typed as DD/MM/YYYY or YYYY-MM-DD, with an error in plain words."""

    input_formats = ["%d/%m/%Y", "%Y-%m-%d", "%d %m %Y"]
    default_error_messages = {"invalid": "Enter a real date, like 31/03/2026"}


def _text(label: str, hint: str = "", *, rows: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def qs_choices(fw: Framework) -> list[tuple[str, str]]:
    return [(qs.code, f"{qs.code} {qs.title}") for qs in fw.statements]


class EntryForm(forms.Form):
    """One QS entry. ``base`` is the revision number the editor started from."""

    what_we_do = _text(
        "What we do",
        "How the council meets this quality statement now, in a few paragraphs.",
        rows=8,
    )
    how_we_know = _text(
        "How we know",
        "The evidence that shows it: data, feedback, audits, case studies. Add the documents "
        "themselves to the evidence library.",
        rows=6,
    )
    next_steps = _text("What we will do next", rows=4)
    strengths = _text("Strengths", rows=4)
    areas_for_development = _text(
        "Areas for development",
        "One per line. Each can become an action in the improvement plan.",
        rows=4,
    )
    self_score = forms.TypedChoiceField(
        label="Self-score",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    confidence = forms.ChoiceField(
        label="How confident are you in this score?",
        required=False,
        choices=[(c.value, c.label) for c in Confidence],
        widget=forms.RadioSelect,
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[(s.value, s.label) for s in EntryStatus],
        initial=EntryStatus.DRAFT.value,
        widget=forms.RadioSelect,
        help_text="Signing off needs every written part, a self-score and a confidence.",
    )
    base = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, statement: QualityStatement, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.statement = statement
        self.fields["self_score"].choices = [
            (m.score, f"{m.score}: {m.label}") for m in framework.score_meanings
        ]
        self.score_hints = {m.score: m.description for m in framework.score_meanings}
        if statement.i_summaries:
            self.fields["i_statements"] = forms.TypedMultipleChoiceField(
                label="I statements the evidence covers",
                required=False,
                coerce=int,
                choices=[(n, text) for n, text in enumerate(statement.i_summaries, start=1)],
                widget=forms.CheckboxSelectMultiple,
                help_text="What people expect, in our own words. Tick those your evidence shows.",
            )
        self.order_fields(
            [
                "what_we_do",
                "how_we_know",
                "i_statements",
                "next_steps",
                "strengths",
                "areas_for_development",
            ]
        )

    def entry(self) -> Entry:
        data = self.cleaned_data
        return Entry(
            what_we_do=data["what_we_do"].strip(),
            how_we_know=data["how_we_know"].strip(),
            next_steps=data["next_steps"].strip(),
            strengths=data["strengths"].strip(),
            areas_for_development=data["areas_for_development"].strip(),
            i_statements=tuple(sorted(data.get("i_statements") or ())),
            self_score=data["self_score"],
            confidence=Confidence(data["confidence"]) if data["confidence"] else None,
            status=EntryStatus(data["status"]),
        )

    @staticmethod
    def initial_from(entry: Entry | None, base: int) -> dict[str, object]:
        if entry is None:
            return {"base": base, "status": EntryStatus.DRAFT.value}
        return {
            "what_we_do": entry.what_we_do,
            "how_we_know": entry.how_we_know,
            "next_steps": entry.next_steps,
            "strengths": entry.strengths,
            "areas_for_development": entry.areas_for_development,
            "i_statements": list(entry.i_statements),
            "self_score": entry.self_score,
            "confidence": entry.confidence.value if entry.confidence else "",
            "status": entry.status.value,
            "base": base,
        }


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Add a comment",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter a comment"},
        help_text="Colleagues editing this quality statement see it with your name.",
    )


class StartForm(forms.Form):
    year = forms.IntegerField(
        label="Year",
        min_value=2023,
        max_value=2100,
        help_text="For example 2026.",
        error_messages={
            "required": "Enter the year of the self-assessment",
            "invalid": "Enter the year as a number, like 2026",
            "min_value": "Enter a year from 2023",
            "max_value": "Enter a year before 2100",
        },
    )
    start_from = forms.ChoiceField(label="Start from", widget=forms.RadioSelect)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (str(y), f"The {y} self-assessment (every entry carried over as a draft)")
            for y in years
        ]
        self.fields["start_from"].choices = [*choices, ("", "An empty self-assessment")]
        self.fields["start_from"].required = False


class VersionForm(forms.Form):
    note = forms.CharField(
        label="What is this version?",
        max_length=300,
        required=False,
        help_text="For example: for the lead member's briefing, or signed off by the DASS.",
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Upload a spreadsheet (XLSX)",
        help_text="One row per quality statement, with the columns of the template.",
        error_messages={"required": "Select a spreadsheet to import"},
    )
    stamp = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > uploads.MAX_BYTES:
            raise forms.ValidationError(uploads.TOO_BIG)
        head = upload.read(8)
        upload.seek(0)
        if not upload.name.lower().endswith(".xlsx") or not head.startswith(b"PK\x03\x04"):
            raise forms.ValidationError("The file must be an Excel spreadsheet (XLSX)")
        return upload


class EvidenceForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter a title"}
    )
    kind = forms.ChoiceField(
        label="Kind of evidence",
        choices=[(k.value, k.label) for k in EvidenceKind],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of evidence"},
    )
    category = forms.ChoiceField(
        label="Evidence category",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the evidence category"},
    )
    qs_codes = forms.MultipleChoiceField(
        label="Quality statements it supports",
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose every quality statement this evidence supports.",
        error_messages={"required": "Choose at least one quality statement"},
    )
    owner = forms.CharField(
        label="Owner",
        max_length=120,
        help_text="The person or team who keeps it up to date.",
        error_messages={"required": "Enter the owner"},
    )
    evidence_date = DateInput(
        label="Date",
        help_text="The date it relates to, for example 31/03/2026. Evidence older than 12 "
        "months is flagged as stale.",
        error_messages={"required": "Enter the date the evidence relates to"},
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    link = forms.URLField(
        label="Link (optional)",
        assume_scheme="https",
        required=False,
        max_length=500,
        help_text="For a published document: its web address.",
        error_messages={"invalid": "Enter a web address, like https://www.example.gov.uk/report"},
    )
    file = forms.FileField(
        label="File (optional)",
        required=False,
        help_text="PDF, Word (DOCX), Excel (XLSX), OpenDocument text (ODT) or CSV, up to 25 MB.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c.code, c.title) for c in framework.used_categories]
        self.fields["qs_codes"].choices = qs_choices(framework)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > uploads.MAX_BYTES:
            raise forms.ValidationError(uploads.TOO_BIG)
        return upload

    def data_object(self) -> EvidenceData:
        d = self.cleaned_data
        return EvidenceData(
            title=d["title"].strip(),
            kind=d["kind"],
            category=d["category"],
            owner=d["owner"].strip(),
            evidence_date=d["evidence_date"],
            qs_codes=tuple(d["qs_codes"]),
            description=d["description"].strip(),
            link=d["link"],
        )


class ActionForm(forms.Form):
    title = forms.CharField(
        label="Action", max_length=200, error_messages={"required": "Enter the action"}
    )
    qs_code = forms.ChoiceField(
        label="Quality statement", error_messages={"required": "Choose a quality statement"}
    )
    source_area = forms.CharField(
        label="Area for development it answers (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    detail = forms.CharField(
        label="Detail (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    owner = forms.CharField(
        label="Owner", max_length=120, error_messages={"required": "Enter the owner"}
    )
    due_date = DateInput(
        label="Due date",
        help_text="For example 30/06/2026.",
        error_messages={"required": "Enter the due date"},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[(s.value, s.label) for s in ActionStatus],
        initial=ActionStatus.NOT_STARTED.value,
        widget=forms.RadioSelect,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Choose a quality statement"), *qs_choices(framework)]
        self.fields["qs_code"].choices = choices

    def data_object(self) -> ActionData:
        d = self.cleaned_data
        return ActionData(
            title=d["title"].strip(),
            qs_code=d["qs_code"],
            owner=d["owner"].strip(),
            due_date=d["due_date"],
            status=d["status"],
            detail=d["detail"].strip(),
            source_area=d["source_area"].strip(),
        )


# --- the case list builder --------------------------------------------------------------------


class ExportForm(forms.Form):
    file = forms.FileField(
        label="Your case-system export",
        help_text="A CSV file or an Excel workbook (.xlsx), one case per row, with the column "
        "headings in the first rows. Use pseudonymous case IDs: no names, addresses or NHS "
        "numbers.",
        error_messages={"required": "Select the export to import", "empty": "The file is empty."},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > uploads.MAX_BYTES:
            raise forms.ValidationError(uploads.TOO_BIG)
        return upload


class BuilderFilterForm(forms.Form):
    """Which cases the builder shows. Built from the request's values, keeping only the known
    ones, so a filter left over from an earlier export never shows an error."""

    criteria = forms.MultipleChoiceField(
        label="Meets any of these criteria",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    age_band = forms.ChoiceField(label="Age band", required=False)
    psr = forms.ChoiceField(label="Primary support reason", required=False)

    def __init__(
        self,
        params,
        *,
        criteria: list[tuple[str, str]],
        age_bands: list[tuple[str, int]],
        reasons: list[tuple[str, int]],
    ):
        known = {
            "criteria": {key for key, _ in criteria},
            "age_band": {value for value, _ in age_bands},
            "psr": {value for value, _ in reasons},
        }
        data = {
            "criteria": [v for v in params.getlist("criteria") if v in known["criteria"]],
            "age_band": params.get("age_band", "")
            if params.get("age_band") in known["age_band"]
            else "",
            "psr": params.get("psr", "") if params.get("psr") in known["psr"] else "",
        }
        super().__init__(data)
        self.fields["criteria"].choices = criteria
        self.fields["age_band"].choices = [("", "Any age band")] + [
            (value, f"{value} ({count})") for value, count in age_bands
        ]
        self.fields["psr"].choices = [("", "Any primary support reason")] + [
            (value, f"{value} ({count})") for value, count in reasons
        ]

    def wanted(self) -> BuilderFilter:
        if not self.is_valid():  # pragma: no cover - the data is cleaned above
            return BuilderFilter()
        data = self.cleaned_data
        return BuilderFilter(
            criteria=tuple(data["criteria"]),
            age_band=data["age_band"],
            primary_support_reason=data["psr"],
        )

    def query(self) -> list[tuple[str, str]]:
        """The filter as query string pairs (for links and hidden fields)."""
        pairs = [("criteria", key) for key in self.data["criteria"]]
        pairs += [(name, self.data[name]) for name in ("age_band", "psr") if self.data[name]]
        return pairs


class ChooseCasesForm(forms.Form):
    ACTIONS = {"save", "all", "clear"}

    case_ids = forms.MultipleChoiceField(
        label="Cases",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose cases from the cases shown."},
    )
    action = forms.ChoiceField(
        choices=[("save", "save"), ("all", "all"), ("clear", "clear")], required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, shown: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_ids"].choices = [(i, i) for i in shown]


class SubmitCasesForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    list_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
