from django import forms
from django.core.validators import FileExtensionValidator

from opencqi.cycles.models import DOCUMENT_EXTENSIONS, CycleTemplate, Preference
from opencqi.cycles.submissions import TRANSITIONS

MAX_DOCUMENT_BYTES = 50 * 1024 * 1024


def _style(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "usa-select")
        elif isinstance(widget, forms.Textarea):
            widget.attrs.setdefault("class", "usa-textarea")
            widget.attrs.setdefault("rows", 3)
        elif isinstance(widget, forms.ClearableFileInput):
            widget.attrs.setdefault("class", "usa-file-input")
        elif isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "usa-checkbox__input")
        elif not isinstance(widget, forms.HiddenInput):
            widget.attrs.setdefault("class", "usa-input")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ScheduleForm(forms.Form):
    """The anchor dates of one template; the fields are the template's anchor steps."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, template: CycleTemplate, **kwargs):
        super().__init__(*args, **kwargs)
        self.template = template
        for step_id in template.rules().anchors:
            step = template.rules().step(step_id)
            self.fields[step_id] = forms.DateField(
                label=step.label,
                help_text=f"Anchor {step_id}: YYYY-MM-DD",
                widget=DateInput(),
            )
        _style(self)

    def anchors(self):
        return {step_id: self.cleaned_data[step_id] for step_id in self.template.rules().anchors}


class ExtensionForm(forms.Form):
    new_date = forms.DateField(
        label="New due date", help_text="YYYY-MM-DD, after the template's date", widget=DateInput()
    )
    reason = forms.CharField(
        widget=forms.Textarea, help_text="Why the county gets more time (kept in the history)"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class MoveForm(forms.Form):
    """One move of a submission; which inputs it needs is the state machine's business."""

    action = forms.ChoiceField(choices=[(name, t.label) for name, t in TRANSITIONS.items()])
    revision = forms.IntegerField(widget=forms.HiddenInput)
    document = forms.FileField(
        required=False,
        label="Document",
        help_text=f"{', '.join(DOCUMENT_EXTENSIONS)}; at most 50 MB",
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS)],
    )
    note = forms.CharField(required=False, widget=forms.Textarea, label="Notes")
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea,
        label="Reason for returning it",
        help_text="What the county should change: the county sees this",
    )
    board_date = forms.DateField(
        required=False, label="Date of the Board's action", widget=DateInput()
    )
    board_resolution = forms.CharField(
        required=False, max_length=60, label="Board resolution number"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
        self.fields["action"].widget = forms.HiddenInput()

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document and document.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError("The file is larger than 50 MB: compress it or split it.")
        return document


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["email_reminders"]
        labels = {"email_reminders": "Email me before my county's due dates"}
        widgets = {"email_reminders": forms.CheckboxInput(attrs={"class": "usa-checkbox__input"})}
