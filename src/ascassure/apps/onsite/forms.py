from __future__ import annotations

from datetime import date

from django import forms

from ascassure.apps.assessments.forms import GovukDateField
from ascassure.apps.onsite.models import OnsiteVisit, ParticipantRole, Question, SessionKind
from ascassure.apps.onsite.services import long_date


class GovukTimeField(forms.TimeField):
    input_formats = ["%H:%M", "%H.%M", "%H%M"]
    default_error_messages = {"invalid": "Enter a time on the 24-hour clock, like 09:30"}

    def prepare_value(self, value):
        return value.strftime("%H:%M") if hasattr(value, "strftime") else value


class VisitForm(forms.Form):
    first_day = GovukDateField(
        label="First day",
        help_text="For example 17/03/2026.",
        error_messages={"required": "Enter the first day of the visit"},
    )
    last_day = GovukDateField(
        label="Last day",
        help_text="A site visit usually lasts 3 or 4 days.",
        error_messages={"required": "Enter the last day of the visit"},
    )
    base_location = forms.CharField(
        label="Where the team is based (optional)",
        required=False,
        max_length=200,
        help_text="For example the town hall's address, with the room if known.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class SessionForm(forms.Form):
    day = forms.TypedChoiceField(label="Day", coerce=str)
    start_time = GovukTimeField(
        label="Start time",
        help_text="On the 24-hour clock, for example 09:30.",
        error_messages={"required": "Enter the start time"},
    )
    end_time = GovukTimeField(
        label="End time",
        help_text="For example 10:30.",
        error_messages={"required": "Enter the end time"},
    )
    kind = forms.ChoiceField(
        label="Kind of session",
        choices=SessionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of session"},
    )
    title = forms.CharField(
        label="Title",
        max_length=150,
        help_text="For example: Interview with the Director of Adult Social Services.",
        error_messages={"required": "Enter a title for the session"},
    )
    participant_roles = forms.MultipleChoiceField(
        label="Who the session is with",
        choices=ParticipantRole.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"required": "Choose who the session is with"},
    )
    place = forms.CharField(
        label="Place",
        required=False,
        max_length=200,
        help_text="The room and building. Leave empty for an online session.",
    )
    online_link = forms.URLField(
        label="Online link",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="For a session held online, the meeting link.",
        error_messages={"invalid": "Enter a link that starts with https://"},
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example access needs, an interpreter, or who will take notes.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, visit: OnsiteVisit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = [(d.isoformat(), long_date(d)) for d in visit.days]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The end time must be after the start time")
        no_place = not (data.get("place") or "").strip()
        no_link = not (data.get("online_link") or "").strip() and "online_link" not in self.errors
        if no_place and no_link:
            self.add_error("place", "Give a place or an online link for the session")
        return data

    def session_values(self) -> dict:
        data = self.cleaned_data
        return {
            "day": date.fromisoformat(data["day"]),
            "start_time": data["start_time"],
            "end_time": data["end_time"],
            "kind": data["kind"],
            "title": data["title"],
            "participant_roles": data["participant_roles"],
            "place": data["place"],
            "online_link": data["online_link"],
            "notes": data["notes"],
        }


class SessionQuestionsForm(forms.Form):
    questions = forms.ModelMultipleChoiceField(
        queryset=Question.objects.filter(active=True), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ConfirmForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
