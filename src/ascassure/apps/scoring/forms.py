from __future__ import annotations

from django import forms

from ascassure.apps.scoring.services import MAX_REFERENCES
from ascassure.domain.framework import Framework, QualityStatement


def _score_field(fw: Framework, *, label: str, required_message: str) -> forms.TypedChoiceField:
    field = forms.TypedChoiceField(
        label=label,
        coerce=int,
        choices=[(m.score, f"{m.score}: {m.label}") for m in fw.score_meanings],
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
    )
    field.hints = {str(m.score): m.description for m in fw.score_meanings}
    return field


class _ScoreFormBase(forms.Form):
    rationale = forms.CharField(
        label="Rationale",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Why this score: what the evidence shows, weighed across the categories. "
        "Needed before the scores go to the calibration panel.",
    )
    evidence = forms.CharField(
        label="Evidence the score rests on (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One reference per line, for example: Case tracking, person 4 (hospital "
        "discharge); ASCOF 2A; staff focus group, day 1.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean_evidence(self):
        lines = [line for line in self.cleaned_data["evidence"].splitlines() if line.strip()]
        if len(lines) > MAX_REFERENCES:
            raise forms.ValidationError(f"Give at most {MAX_REFERENCES} evidence references")
        if any(len(line) > 300 for line in lines):
            raise forms.ValidationError("Keep each evidence reference under 300 characters")
        return "\n".join(lines)


class JudgementForm(_ScoreFormBase):
    """Current method: one score for the QS, judged on all its evidence."""

    field_order = ["score", "rationale", "evidence", "version"]

    def __init__(self, *args, framework: Framework, statement: QualityStatement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"] = _score_field(
            framework,
            label=f"Score for {statement.code} {statement.title}",
            required_message="Choose a score from 1 to 4",
        )
        self.order_fields(self.field_order)


class CategoryForm(_ScoreFormBase):
    """Legacy method: a score per evidence category; the QS score is computed from them."""

    def __init__(self, *args, framework: Framework, statement: QualityStatement, **kwargs):
        super().__init__(*args, **kwargs)
        self.category_names = []
        for category in framework.categories_for(statement.code):
            name = f"cat_{category.code}"
            self.fields[name] = _score_field(
                framework,
                label=category.title,
                required_message=f"Choose a score for {category.title.lower()}",
            )
            self.category_names.append(name)
        self.order_fields([*self.category_names, "rationale", "evidence", "version"])

    @property
    def category_fields(self):
        return [self[name] for name in self.category_names]

    def category_scores(self) -> dict[str, int]:
        return {name.removeprefix("cat_"): self.cleaned_data[name] for name in self.category_names}


class CalibrationForm(forms.Form):
    reason = forms.CharField(
        label="The panel's reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Needed if the panel changes the score. When it agrees, a note is optional.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(
        self, *args, framework: Framework, statement: QualityStatement, proposed: int, **kwargs
    ):
        super().__init__(*args, **kwargs)
        field = _score_field(
            framework,
            label=f"The panel's score for {statement.code} {statement.title}",
            required_message="Choose the score the panel agrees",
        )
        field.choices = [
            (value, f"{label} (the team's score)" if value == proposed else label)
            for value, label in field.choices
        ]
        field.help_text = (
            f"The team proposed {proposed}. Keep it to agree, or choose another score to change it."
        )
        self.fields["agreed_score"] = field
        self.order_fields(["agreed_score", "reason", "version"])

    def clean(self):
        data = super().clean()
        proposed = self.initial.get("proposed")
        if (
            data.get("agreed_score") is not None
            and proposed is not None
            and data["agreed_score"] != proposed
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", "Give the panel's reason for changing the score")
        return data
