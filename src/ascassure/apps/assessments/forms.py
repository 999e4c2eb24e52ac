from __future__ import annotations

from django import forms

from ascassure.apps.accounts.models import BodyRole, User
from ascassure.apps.assessments.models import AssessmentKind, TeamRole
from ascassure.apps.councils.models import Council
from ascassure.domain.framework import DEFAULT_VERSION, available_versions


class GovukDateField(forms.DateField):
    """A date typed as YYYY-MM-DD or DD/MM/YYYY, with an error in plain words."""

    input_formats = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"]
    default_error_messages = {"invalid": "Enter a real date, like 12/01/2026"}


def _body_staff():
    return User.objects.exclude(body_role="").exclude(body_role=BodyRole.ADMINISTRATOR)


class AssessmentCreateForm(forms.Form):
    council = forms.ModelChoiceField(
        queryset=Council.objects.all(),
        label="Council",
        empty_label="Choose a council",
        error_messages={"required": "Choose the council to assess"},
    )
    kind = forms.ChoiceField(label="Kind of assessment", choices=AssessmentKind.choices)
    framework_version = forms.ChoiceField(
        label="Framework version",
        choices=[(v, v) for v in available_versions()],
        initial=DEFAULT_VERSION,
        help_text="The 2023 version scores evidence categories; the 2025 version judges each "
        "quality statement as a whole.",
    )
    notification_date = GovukDateField(
        label="Notification date",
        required=False,
        help_text="The day the Director of Adult Social Services is notified, for example "
        "12/01/2026. The milestones are computed from it. You can set it later.",
    )
    lead_inspector = forms.ModelChoiceField(
        queryset=_body_staff(),
        label="Lead inspector",
        required=False,
        empty_label="Not yet named",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_inspector"].queryset = _body_staff()


class TeamForm(forms.Form):
    """One lead inspector; any number of people in each other role (checkboxes)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        staff = _body_staff()
        self.fields[TeamRole.LEAD_INSPECTOR.value] = forms.ModelChoiceField(
            queryset=staff, required=False, label="Lead inspector", empty_label="Not yet named"
        )
        for role in TeamRole:
            if role in (TeamRole.LEAD_INSPECTOR, TeamRole.PANEL_MEMBER):
                continue
            self.fields[role.value] = forms.ModelMultipleChoiceField(
                queryset=staff,
                required=False,
                label=f"{role.label}s",
                widget=forms.CheckboxSelectMultiple,
            )
        self.fields[TeamRole.PANEL_MEMBER.value] = forms.ModelMultipleChoiceField(
            queryset=staff,
            required=False,
            label="Calibration panel members",
            help_text="They see the assessment only while it is with the panel.",
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        lead = data.get(TeamRole.LEAD_INSPECTOR.value)
        inspectors = data.get(TeamRole.INSPECTOR.value) or []
        if lead is not None and lead in inspectors:
            self.add_error(
                TeamRole.INSPECTOR.value, "The lead inspector is already on the team as lead"
            )
        return data

    def team(self) -> list[tuple[User, str]]:
        team: list[tuple[User, str]] = []
        for role in TeamRole:
            value = self.cleaned_data.get(role.value)
            if role == TeamRole.LEAD_INSPECTOR:
                team.extend([(value, role.value)] if value else [])
            else:
                team.extend((user, role.value) for user in value or [])
        return team


class MilestoneForm(forms.Form):
    date = GovukDateField(label="Date")
    end_date = GovukDateField(label="End date", required=False)
    reason = forms.CharField(
        label="Reason for the change",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give a reason for changing a computed date"},
        help_text="This is recorded on the timeline with your name.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class NotificationDateForm(forms.Form):
    notification_date = GovukDateField(label="Notification date")
    version = forms.IntegerField(widget=forms.HiddenInput)


class StageForm(forms.Form):
    event = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Note (optional; required to withdraw)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
