from __future__ import annotations

from typing import Any

from django import forms

from ascassure.apps.programme.services import MAX_TIME_LIMIT, input_parse_text
from ascassure.domain.programme import InputError


class InputForm(forms.Form):
    name = forms.CharField(label="Name", max_length=120)
    document = forms.CharField(
        label="Input (JSON)",
        help_text="The programme input: start (a Monday), weeks, councils, capacity, timing, "
        "windows, weights and settings. The example is the baseline programme of 2024-2026.",
        widget=forms.Textarea(attrs={"rows": 30}),
        strip=False,
    )

    def clean_document(self) -> dict[str, Any]:
        text = self.cleaned_data["document"]
        try:
            return input_parse_text(text)
        except InputError as error:
            raise forms.ValidationError(
                f"The input is not valid at {error.field}: {error.message}"
            ) from None


class RunForm(forms.Form):
    time_limit = forms.IntegerField(
        label="Time limit (seconds)",
        help_text=f"How long the solver searches for a better plan: 1 to {MAX_TIME_LIMIT}.",
        min_value=1,
        max_value=MAX_TIME_LIMIT,
        initial=30,
    )
