from urllib.parse import urlencode

from django import forms

from ascassure.apps.councils.selectors import SORTS, DirectoryFilters


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label="Council name", required=False, max_length=100)
    region = forms.ChoiceField(label="Region", required=False)
    council_type = forms.ChoiceField(label="Council type", required=False)
    icb = forms.ChoiceField(label="Integrated care board", required=False)
    rating = forms.ChoiceField(label="Rating", required=False)
    sort = forms.ChoiceField(required=False, choices=[(key, key) for key in SORTS])
    order = forms.ChoiceField(required=False, choices=[("asc", "asc"), ("desc", "desc")])

    def __init__(self, *args, choices: dict[str, list[tuple[str, str]]], **kwargs):
        super().__init__(*args, **kwargs)
        any_choice = [("", "Any")]
        self.fields["region"].choices = any_choice + choices["regions"]
        self.fields["council_type"].choices = any_choice + choices["types"]
        self.fields["icb"].choices = any_choice + choices["icbs"]
        self.fields["rating"].choices = any_choice + choices["ratings"]

    def filters(self) -> DirectoryFilters:
        data = self.cleaned_data
        return DirectoryFilters(
            region=data["region"],
            council_type=data["council_type"],
            icb=data["icb"],
            rating=data["rating"],
            q=data["q"].strip(),
            sort=data["sort"] or "name",
            descending=data["order"] == "desc",
        )

    def querystring_without_sort(self) -> str:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        kept = {key: value for key, value in data.items() if key not in {"sort", "order"} and value}
        return urlencode(kept)
