"""Forms of the event week, the findings and the report."""

import uuid

from django import forms
from django.contrib.auth.models import User

from opencqi.accounts.roles import STATE_ROLES
from opencqi.reviews import categories, instruments
from opencqi.reviews.event_models import Recommendation
from opencqi.reviews.forms import uswds


class ItemForm(forms.Form):
    """A debrief item; `token` makes a second send of the same form harmless."""

    token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    category = forms.ChoiceField(choices=categories.CATEGORIES)
    scope = forms.ChoiceField(choices=categories.SCOPES, widget=forms.RadioSelect)
    text = forms.CharField(
        label="What was heard",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Write the point before adding it."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].initial = categories.FOCUS_AREA
        uswds(self)


class TextForm(forms.Form):
    """A text several people may edit (daily summary, report narrative)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, label="Text", help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label
        self.fields["text"].help_text = help_text
        uswds(self)
        self.fields["text"].widget.attrs["rows"] = 6


class ThemeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(max_length=200, help_text="A few words, as the county will read them")
    statement = forms.CharField(
        widget=forms.Textarea,
        help_text="The finding in aggregate. Never name or point at an interviewee, worker, "
        "participant or case.",
    )
    category = forms.ChoiceField()
    scope = forms.ChoiceField(choices=categories.SCOPES)
    items = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Supporting debrief items",
        help_text="Items from at least two distinct interviews or focus groups make a theme that "
        "can be released.",
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        from opencqi.reviews.event_week import category_choices

        self.fields["category"].choices = category_choices()
        self.fields["items"].choices = [(str(i.pk), i.text) for i in items]
        self.item_rows = list(items)
        uswds(self)

    def item_ids(self):
        return [int(pk) for pk in self.cleaned_data["items"]]


class RecommendationForm(forms.Form):
    text = forms.CharField(
        label="Recommendation", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        uswds(self)


class FollowUpForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Recommendation
        fields = ["owner", "due_date", "status"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        uswds(self)


class FindingsSettingsForm(forms.Form):
    theme_threshold = forms.IntegerField(
        min_value=1,
        max_value=20,
        label="Sources a theme needs before release",
        help_text="Distinct interviews or focus groups (the guide: numerous parties, not one "
        "individual; default 2).",
    )
    state_co_chair = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="State co-chair's account",
        help_text="The state co-chair reads raw notes and releases findings.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state_co_chair"].queryset = (
            User.objects.filter(memberships__role__in=STATE_ROLES, is_active=True)
            .distinct()
            .order_by("last_name", "username")
        )
        self.fields["state_co_chair"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.username} ({u.username})"
        )
        uswds(self)


class DismissForm(forms.Form):
    target = forms.CharField(max_length=60, widget=forms.HiddenInput)
    found = forms.CharField(max_length=200, widget=forms.HiddenInput)
    digest = forms.CharField(max_length=64, widget=forms.HiddenInput)
    reason = forms.CharField(
        max_length=300,
        label="Why this is not a person's name",
        error_messages={"required": "Say why the flagged word is not a person's name."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        uswds(self)


class QuestionForm(forms.Form):
    """Add or change a question of a review's copy of a tool."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    key = forms.CharField(required=False, widget=forms.HiddenInput)
    section = forms.ChoiceField(label="Section")
    text = forms.CharField(label="Question", max_length=500)
    kind = forms.ChoiceField(choices=instruments.QUESTION_KINDS, label="Kind of answer")
    required = forms.BooleanField(required=False, label="An answer is required")
    help = forms.CharField(required=False, label="Help text", max_length=500)
    choices = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Choices",
        help_text="One per line (single and multiple choice).",
    )
    scale_low = forms.IntegerField(required=False, initial=1, label="Rating from")
    scale_high = forms.IntegerField(required=False, initial=5, label="Rating to")
    show_if_question = forms.ChoiceField(required=False, label="Ask only if the question")
    show_if_answers = forms.CharField(
        required=False,
        label="has one of these answers",
        help_text="One per line, as stored: yes, no or na; a rating number; a choice's text.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, tool=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.tool = tool
        self.fields["section"].choices = [(s.key, s.title) for s in tool.sections]
        self.fields["show_if_question"].choices = [("", "(always ask)")] + [
            (q.key, q.text) for q in tool.questions if q.kind != instruments.TEXT
        ]
        uswds(self)

    def question(self) -> instruments.Question:
        data = self.cleaned_data
        key = data["key"] or instruments.question_key(
            data["text"], {q.key for q in self.tool.questions}
        )
        show_if = None
        if data["show_if_question"]:
            answers = tuple(a.strip() for a in data["show_if_answers"].splitlines() if a.strip())
            show_if = instruments.ShowIf(data["show_if_question"], answers)
        return instruments.Question(
            key=key,
            text=data["text"].strip(),
            kind=data["kind"],
            required=data["required"],
            help=data["help"].strip(),
            choices=tuple(c.strip() for c in data["choices"].splitlines() if c.strip()),
            scale=(data["scale_low"] or 1, data["scale_high"] or 5),
            show_if=show_if,
        )

    @classmethod
    def initial_for(cls, question: instruments.Question, section_key: str, version: int) -> dict:
        return {
            "version": version,
            "key": question.key,
            "section": section_key,
            "text": question.text,
            "kind": question.kind,
            "required": question.required,
            "help": question.help,
            "choices": "\n".join(question.choices),
            "scale_low": question.scale[0],
            "scale_high": question.scale[1],
            "show_if_question": question.show_if.question if question.show_if else "",
            "show_if_answers": "\n".join(question.show_if.answers) if question.show_if else "",
        }
