from __future__ import annotations

from django import forms

from ascassure.apps.casetracking.models import NoteKind
from ascassure.apps.casetracking.services import CHOOSE_KIND, ENTER_TEXT
from ascassure.files import MAX_UPLOAD_BYTES


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Case list file",
        help_text="A CSV file or an Excel workbook (.xlsx), one case per row, with the headings "
        "on the first row. Use pseudonymous case IDs: no names, addresses or NHS numbers.",
        error_messages={"required": "Select the case list file", "empty": "The file is empty."},
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument."
                "spreadsheetml.sheet"
            }
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file must be 25 MB or smaller.")
        return upload


class ChooseForm(forms.Form):
    """Cases chosen with checkboxes (the page lays them out in a table)."""

    case_ids = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Cases",
        error_messages={"invalid_choice": "Choose cases from the list shown."},
    )
    note = forms.CharField(
        label="Why the change (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Recorded on the timeline and as the reason for cases you add.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case_ids: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_ids"].choices = [(i, i) for i in case_ids]


class NoteForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of entry",
        choices=NoteKind.choices,
        widget=forms.RadioSelect,
        initial=NoteKind.NOTE,
        error_messages={"required": CHOOSE_KIND},
    )
    text = forms.CharField(
        label="Text",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": ENTER_TEXT},
        help_text="Notes are kept as written; add another entry to correct or follow up.",
    )
