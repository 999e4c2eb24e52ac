from __future__ import annotations

from django import forms

from ascassure.apps.councils.models import Council
from ascassure.apps.metrics.models import Direction, Source
from ascassure.apps.metrics.services import (
    EMPTY_FILE,
    FILE_TOO_BIG,
    MAX_FILE_BYTES,
    NOT_CSV_OR_XLSX,
    file_kind,
)
from ascassure.domain.metrics import financial_year

CHOOSE_FILE = "Select a CSV or Excel file to import"
YEAR_FORMAT = "Enter the year as a financial year, like 2020-21"
AUTO = "auto"


class UploadField(forms.FileField):
    """A file of at most 50 MB whose content (not name) is CSV or XLSX."""

    def __init__(self, *args, kinds: tuple[str, ...] = ("csv", "xlsx"), **kwargs):
        self.kinds = kinds
        kwargs.setdefault("error_messages", {"required": CHOOSE_FILE, "empty": EMPTY_FILE})
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", ".csv,.xlsx,text/csv")

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload is None:
            return upload
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(FILE_TOO_BIG)
        upload.seek(0)
        head = upload.read()
        upload.seek(0)
        if not head:
            raise forms.ValidationError(EMPTY_FILE)
        if file_kind(head) not in self.kinds:
            raise forms.ValidationError(
                NOT_CSV_OR_XLSX if "xlsx" in self.kinds else "The selected file must be a CSV file"
            )
        return upload


class ImportForm(forms.Form):
    source = forms.ChoiceField(
        label="What kind of file is it?",
        choices=[(AUTO, "Work it out from the file's columns"), *Source.choices],
        initial=AUTO,
        help_text="ASCOF open data as published by NHS England or DHSC, an LG Inform extract, "
        "or a file with the columns council, period, measure, value (and optionally numerator "
        "and denominator).",
    )
    year = forms.CharField(
        label="Financial year (ASCOF files only)",
        required=False,
        max_length=12,
        help_text="For example, 2020-21. Leave it empty if the file name gives the year.",
    )
    file = UploadField(
        label="Upload a file",
        help_text="CSV (UTF-8 or Windows-1252) or Excel (.xlsx), at most 50 MB.",
    )

    def clean_year(self) -> str:
        text = self.cleaned_data["year"].strip()
        if not text:
            return ""
        year = financial_year(text)
        if year is None:
            raise forms.ValidationError(YEAR_FORMAT)
        return year

    def clean_source(self) -> str:
        source = self.cleaned_data["source"]
        return "" if source == AUTO else source


class PeerGroupForm(forms.Form):
    name = forms.CharField(label="Name of the group", max_length=160)
    council = forms.ModelChoiceField(
        label="Whose peers are these?",
        queryset=Council.objects.all(),
        required=False,
        empty_label="Nobody's: a custom group any council can compare with",
        help_text="Choose a council for its own list of peers (for example its NHS England peer "
        "group).",
    )
    members = forms.CharField(
        label="Councils in the group",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One ONS code (like E08000002) or council name per line.",
    )
    file = UploadField(
        label="Or upload a list",
        required=False,
        kinds=("csv",),
        help_text="A CSV file with an area_code column of ONS codes.",
    )

    def clean(self):
        data = super().clean()
        if not data.get("members", "").strip() and not data.get("file") and not self.errors:
            self.add_error("members", "Enter the councils in the group, or upload a list")
        return data


class CharacteristicsForm(forms.Form):
    name = forms.CharField(label="Name of the table", max_length=120)
    neighbours = forms.IntegerField(
        label="Neighbours per council",
        min_value=1,
        max_value=40,
        initial=15,
        help_text="NHS England's peer groups have 15.",
    )
    file = UploadField(
        label="Upload the characteristics",
        kinds=("csv",),
        help_text="A CSV file: an area_code column of ONS codes, then one column per "
        "characteristic (numbers), for example share aged 85 and over or people per square "
        "kilometre. Each characteristic counts equally after standardising.",
    )


class DirectionForm(forms.Form):
    direction = forms.ChoiceField(label="Which way is better?", choices=Direction.choices)
