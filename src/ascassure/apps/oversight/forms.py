from django import forms

from ascassure.apps.assessments.forms import GovukDateField
from ascassure.apps.oversight.models import InterventionStage


class SeriousRiskForm(forms.Form):
    found_on = GovukDateField(label="Date the risks were found")
    summary = forms.CharField(
        label="The serious risks",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Describe the serious risks found"},
        help_text="A follow-up assessment is created to check them.",
    )


class NoticeForm(forms.Form):
    sent_on = GovukDateField(label="Date of the notification")
    intervention_stage = forms.ChoiceField(
        label="Intervention stage", choices=InterventionStage.choices
    )
    content = forms.CharField(
        label="What was reported",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Write what is reported to the Secretary of State"},
    )
