from __future__ import annotations

from django import forms

from ascassure.apps.assessments.forms import GovukDateField
from ascassure.apps.inforeturn.models import IRUpload, ItemKind, ItemStatus
from ascassure.domain import inforeturn as domain
from ascassure.domain.framework import load_framework
from ascassure.files import MAX_UPLOAD_BYTES

ACCEPT = ".pdf,.docx,.xlsx,.odt,.csv"


class VersionedForm(forms.Form):
    """A form about one item, carrying the version the person saw."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class IssueForm(forms.Form):
    template = forms.ChoiceField(label="Template", choices=())
    sent = GovukDateField(
        label="Date sent",
        help_text="Items are due from this day: 3 weeks by default, some sooner. "
        "For example 12/01/2026.",
        error_messages={"required": "Enter the date the request is sent"},
    )
    items = forms.MultipleChoiceField(
        label="Items to ask for",
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Untick any item this council does not need to send. You can add, remove or "
        "move the due date of items after sending.",
        error_messages={"required": "Choose at least one item"},
    )

    def __init__(self, *args, template: domain.IrTemplate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [
            (name, name.replace("_", " ").capitalize()) for name in domain.available_templates()
        ]
        self.fields["items"].choices = [(item.key, item.title) for item in template.items]


class ItemAddForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the item's title"}
    )
    description = forms.CharField(
        label="What to send",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    kind = forms.ChoiceField(label="Kind of item", choices=ItemKind.choices)
    qs_codes = forms.MultipleChoiceField(
        label="Quality statements it informs",
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one quality statement"},
    )
    due_date = GovukDateField(
        label="Due date",
        help_text="For example 02/02/2026.",
        error_messages={"required": "Enter the due date"},
    )

    def __init__(self, *args, framework_version: str, **kwargs):
        super().__init__(*args, **kwargs)
        framework = load_framework(framework_version)
        self.fields["qs_codes"].choices = [
            (qs.code, f"{qs.code} {qs.title}") for qs in framework.statements
        ]


class DueDateForm(VersionedForm):
    due_date = GovukDateField(
        label="New due date",
        help_text="For example 02/02/2026.",
        error_messages={"required": "Enter the new due date"},
    )
    reason = forms.CharField(
        label="Reason for the change",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The council sees the new date; the reason is recorded on the timeline.",
        error_messages={"required": "Give a reason for changing the due date"},
    )


class UploadForm(VersionedForm):
    file = forms.FileField(
        label="Upload a file",
        help_text=f"PDF, Word (.docx), Excel (.xlsx), OpenDocument text (.odt) or CSV, "
        f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB or smaller.",
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty",
            "invalid": "Select a file",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


class AnswerForm(VersionedForm):
    link = forms.URLField(
        label="Link",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="For anything already published, for example https://www.example.gov.uk/"
        "adult-social-care/strategy",
        error_messages={"invalid": "Enter a web address, like https://www.example.gov.uk/page"},
    )
    document = forms.ChoiceField(
        label="Document already sent",
        required=False,
        help_text="A file you sent under another item that also answers this one.",
    )
    section = forms.CharField(
        label="Section, page or paragraph",
        required=False,
        max_length=200,
        help_text="For example: section 4.2, pages 12 to 15.",
    )

    def __init__(self, *args, pointable: list[IRUpload], **kwargs):
        super().__init__(*args, **kwargs)
        self.uploads = {str(u.pk): u for u in pointable}
        self.fields["document"].choices = [("", "None")] + [
            (str(u.pk), f"{u.original_name} (sent for {u.item.title})") for u in pointable
        ]

    def pointer_upload(self) -> IRUpload | None:
        return self.uploads.get(self.cleaned_data.get("document") or "")


class CompleteForm(VersionedForm):
    status = forms.ChoiceField(
        label="Is this item complete?",
        choices=[
            (ItemStatus.SUBMITTED.value, "Yes, we have sent everything for this item"),
            (ItemStatus.NOT_HELD.value, "We do not hold this information"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the item is complete"},
    )
    note = forms.CharField(
        label="Note for the assessment team",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed if you do not hold this information: say why.",
    )


class ExtensionRequestForm(VersionedForm):
    requested_due = GovukDateField(
        label="New date you can send it by",
        help_text="For example 16/02/2026.",
        error_messages={"required": "Enter the date you can send it by"},
    )
    reason = forms.CharField(
        label="Why you need more time",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": domain.EXTENSION_NEEDS_REASON},
    )


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("grant", "Grant the extension"), ("refuse", "Refuse the extension")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to grant or refuse the extension"},
    )
    new_due = GovukDateField(
        label="New due date",
        required=False,
        help_text="Leave as it is to grant the date asked for.",
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed to refuse. The council sees it.",
    )


# --- answers from the council's workspace ---------------------------------------------------


class LibraryForm(VersionedForm):
    """Items of the council's evidence library to answer an item with (the page groups them:
    those supporting the item's quality statements first)."""

    evidence = forms.MultipleChoiceField(
        label="Items from your evidence library",
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one item from your evidence library.",
            "invalid_choice": "Choose items from your evidence library.",
        },
    )
    how = forms.ChoiceField(
        label="How to send it",
        choices=[
            ("copy", "Attach a copy of each file to this item"),
            ("pointer", "Point to the copy already sent under another item"),
        ],
        initial="copy",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how to send it"},
    )
    section = forms.CharField(
        label="Section, page or paragraph",
        required=False,
        max_length=200,
        help_text="Only when pointing to a copy already sent. For example: section 4.2, pages 12 "
        "to 15.",
    )

    def __init__(self, *args, values: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].choices = values


class SelfAssessmentSubmitForm(VersionedForm):
    self_assessment_version = forms.ChoiceField(
        label="Saved version to submit",
        choices=(),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the saved version to submit",
            "invalid_choice": "Choose one of your saved versions",
        },
    )

    def __init__(self, *args, versions: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = {str(v.pk): v for v in versions}
        self.fields["self_assessment_version"].choices = [
            (
                str(v.pk),
                f"{v.self_assessment.year} self-assessment, version {v.number}"
                + (f": {v.note}" if v.note else ""),
            )
            for v in versions
        ]

    def chosen_version(self):
        return self.versions[self.cleaned_data["self_assessment_version"]]
