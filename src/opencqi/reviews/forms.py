from django import forms
from django.contrib.auth.models import User

from opencqi.accounts.roles import Role
from opencqi.counties.models import County
from opencqi.reviews import schedule
from opencqi.reviews.models import (
    FocusGroup,
    Interviewee,
    LiteratureEntry,
    Review,
    Reviewer,
    ReviewTask,
)
from opencqi.reviews.programmes import programme, programme_choices


def uswds(form):
    """USWDS classes on every widget of `form`."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            continue
        if isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "usa-select")
        elif isinstance(widget, forms.Textarea):
            widget.attrs.setdefault("class", "usa-textarea")
            widget.attrs.setdefault("rows", 3)
        elif isinstance(widget, forms.ClearableFileInput):
            widget.attrs.setdefault("class", "usa-file-input")
        else:
            widget.attrs.setdefault("class", "usa-input")
        if isinstance(field, forms.DateField):
            widget.input_type = "date"
    return form


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


def _check_event(form, data, rules):
    start, days = data.get("event_start"), data.get("interview_days")
    if start and days:
        if not rules.schedule.interview_days_min <= days <= rules.schedule.interview_days_max:
            form.add_error(
                "interview_days",
                f"Choose {rules.schedule.interview_days_min} to "
                f"{rules.schedule.interview_days_max} interview days.",
            )
        elif not schedule.is_working_day(start):
            form.add_error(
                "event_start",
                f"{start:%A %Y-%m-%d} is a weekend day or a California holiday: the event starts "
                "on a working day.",
            )


class ReviewCreateForm(forms.Form):
    host_county = forms.ModelChoiceField(queryset=County.objects.none())
    programme = forms.ChoiceField(choices=programme_choices)
    event_start = forms.DateField(
        label="First day of the event week", help_text="Day 1: training and orientation"
    )
    interview_days = forms.IntegerField(initial=3, help_text="1 to 3 days of interviews")

    def __init__(self, *args, counties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_county"].queryset = counties
        if counties.count() == 1:
            self.fields["host_county"].initial = counties.first()
        uswds(self)

    def clean(self):
        data = super().clean()
        if data.get("programme"):
            _check_event(self, data, programme(data["programme"]))
        if (
            data.get("host_county")
            and data.get("event_start")
            and Review.objects.filter(
                host_county=data["host_county"],
                programme=data.get("programme"),
                event_start=data["event_start"],
            ).exists()
        ):
            raise forms.ValidationError(
                "This county already has a review of this programme starting that day: open it "
                "from the list of reviews."
            )
        return data


class ReviewEditForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    planning_team = forms.CharField(
        widget=forms.Textarea,
        required=False,
        help_text="One member per line: name, then a comma and their agency and role.",
    )

    class Meta:
        model = Review
        fields = [
            "event_start",
            "interview_days",
            "coordinator",
            "facilitator",
            "host_staff_agreed_on",
            "rooms",
        ]
        widgets = {"rooms": forms.Textarea}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        review = self.instance
        self.fields["facilitator"].queryset = User.objects.filter(
            memberships__role=Role.FACILITATOR
        ).distinct()
        self.fields["facilitator"].label_from_instance = lambda u: u.get_full_name() or u.username
        for chair in review.co_chairs.all():
            self.fields[f"chair_{chair.seat}"] = forms.CharField(
                label=f"Co-chair: {chair.seat_label}", required=False, initial=chair.name
            )
        self.fields["planning_team"].initial = "\n".join(
            f"{m.name}, {m.role}" if m.role else m.name for m in review.planning_team.all()
        )
        self.fields["version"].initial = review.version
        uswds(self)

    def clean(self):
        data = super().clean()
        _check_event(self, data, self.instance.rules)
        return data

    def co_chair_names(self) -> dict[str, str]:
        return {
            name.removeprefix("chair_"): value.strip()
            for name, value in self.cleaned_data.items()
            if name.startswith("chair_")
        }

    def planning_members(self) -> list[tuple[str, str]]:
        members = {}
        for line in self.cleaned_data["planning_team"].splitlines():
            name, _, role = line.partition(",")
            if name.strip():
                members[name.strip()] = role.strip()
        return list(members.items())


class TaskForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = ReviewTask
        fields = ["owner", "due_date", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        uswds(self)


class SignOffForm(forms.Form):
    item = forms.CharField()
    seat = forms.CharField()

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.rules = review.rules

    def clean(self):
        data = super().clean()
        if data.get("item") not in {i.key for i in self.rules.agreement_items}:
            raise forms.ValidationError("That is not an item of this review's agreement.")
        if data.get("seat") not in {s.seat for s in self.rules.co_chairs}:
            raise forms.ValidationError("That is not a co-chair of this review.")
        return data


class FocusAreaForm(VersionedForm):
    measure_id = forms.ChoiceField(label="Focus measure", widget=forms.RadioSelect)
    focus_area = forms.CharField(
        label="Focus area",
        max_length=300,
        help_text="The area of practice, in the words the report will use.",
    )

    def __init__(self, *args, review, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure_id"].choices = [
            (c.measure.id, f"{c.measure.code} {c.measure.name}") for c in candidates
        ]
        self.fields["measure_id"].required = bool(candidates)
        for agency in review.rules.host_agencies:
            self.fields[f"rationale_{agency}"] = forms.CharField(
                label=f"Why this focus area, for {agency}",
                widget=forms.Textarea,
                required=False,
                initial=review.rationales.get(agency, ""),
            )
        self.agencies = review.rules.host_agencies
        self.candidates = {c.measure.id: c for c in candidates}
        uswds(self)

    def clean_measure_id(self):
        measure_id = self.cleaned_data["measure_id"]
        candidate = self.candidates.get(measure_id)
        if candidate is not None and candidate.observation is None:
            raise forms.ValidationError(
                f"{candidate.measure.name} has no result for this county yet: choose a measure "
                "with data, or import the county's case data first."
            )
        return measure_id

    def chosen(self):
        return self.candidates.get(self.cleaned_data.get("measure_id"))

    def rationales(self) -> dict[str, str]:
        return {a: self.cleaned_data.get(f"rationale_{a}", "").strip() for a in self.agencies}


class LiteratureForm(forms.ModelForm):
    class Meta:
        model = LiteratureEntry
        fields = ["citation", "summary", "link", "file"]
        widgets = {"citation": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "citation": "Authors, year, title, source.",
            "summary": "What it says about the focus area, for the planning team and reviewers.",
            "file": "Optional: a copy of the article (PDF or document).",
        }

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        uswds(self)

    def clean_citation(self):
        citation = self.cleaned_data["citation"].strip()
        if self.review.literature.filter(citation=citation).exists():
            raise forms.ValidationError("This work is already in the literature review.")
        return citation


class InviteForm(forms.Form):
    county = forms.CharField()


class AnswerForm(forms.Form):
    county = forms.CharField()
    answer = forms.ChoiceField(
        choices=[("accepted", "Accepted"), ("declined", "Declined"), ("pending", "No answer yet")]
    )
    note = forms.CharField(required=False, max_length=300)


class SampleForm(forms.Form):
    teams = forms.IntegerField(
        min_value=1, max_value=20, label="Review teams", help_text="How many teams will interview"
    )
    interviewees_available = forms.IntegerField(
        min_value=1,
        required=False,
        label="Staff available to interview",
        help_text="Leave empty to count the distinct workers of the eligible cases.",
    )
    min_days_in_service = forms.IntegerField(
        min_value=0, label="Minimum days in service", help_text="Counted from removal"
    )
    seed = forms.IntegerField(
        min_value=0,
        required=False,
        help_text="Leave empty for a new random draw; the same seed redraws the same sample.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        uswds(self)


class EliminateForm(forms.Form):
    reason = forms.CharField(
        max_length=500, help_text="Why the case is dropped, e.g. the worker is on leave that week."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        uswds(self)


class ReviewerForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    supervises = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Supervisory relationship with these interviewees",
        help_text="Either direction. The interviewees are listed once the sample is drawn.",
    )
    knows_cases = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Familiar with these cases",
        help_text="Including backups.",
    )

    class Meta:
        model = Reviewer
        fields = [
            "name",
            "user",
            "county",
            "region",
            "background",
            "former_host_employee",
            "host_consent",
            "supervises",
            "knows_cases",
            "confidentiality_signed_on",
            "trained_on",
            "team",
            "team_role",
        ]

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        self.fields["background"] = forms.ChoiceField(
            choices=[(b.key, b.label) for b in review.rules.backgrounds]
        )
        self.fields["user"].queryset = User.objects.filter(
            memberships__role=Role.PEER_REVIEWER
        ).distinct()
        self.fields["user"].label = "OpenCQI account"
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields[
            "county"
        ].help_text = "The host county for host-county staff (timekeeper or observer only)."
        self.fields["team"].queryset = review.teams.all()
        self.fields["team"].help_text = "Set by the team builder; change it here to move them."
        self.fields["supervises"].choices = [
            (i.worker_id, f"{i.worker_id} {i.name}".strip()) for i in review.interviewees.all()
        ]
        cases = review.sample.cases.all() if hasattr(review, "sample") else []
        self.fields["knows_cases"].choices = [(c.case_id, c.case_id) for c in cases]
        self.fields["confidentiality_signed_on"].label = "Confidentiality statement signed on"
        self.fields["trained_on"].label = "Trained on"
        self.fields["trained_on"].help_text = "Required for host-county staff."
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        uswds(self)

    def clean(self):
        data = super().clean()
        county, role = data.get("county"), data.get("team_role")
        host = county is not None and county.pk == self.review.host_county_id
        if host and role and role not in ("timekeeper", "observer"):
            self.add_error("team_role", "Host-county staff may only be timekeeper or observer.")
        if (
            data.get("name")
            and county
            and self.review.reviewers.filter(name=data["name"], county=county)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error("name", f"{data['name']} of {county} is already a reviewer here.")
        user = data.get("user")
        if user and self.review.reviewers.filter(user=user).exclude(pk=self.instance.pk).exists():
            self.add_error("user", "That account already belongs to a reviewer of this review.")
        return data


class TeamBuildForm(forms.Form):
    team_count = forms.IntegerField(
        min_value=1,
        max_value=20,
        required=False,
        label="Number of teams",
        help_text="Leave empty for about three peer reviewers per team.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        uswds(self)


class IntervieweeForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Interviewee
        fields = ["name", "role", "region", "tool_sent_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        uswds(self)


class FocusGroupForm(forms.ModelForm):
    class Meta:
        model = FocusGroup
        fields = ["name", "participants", "facilitator"]

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        rules = review.rules.schedule
        self.fields[
            "participants"
        ].help_text = (
            f"{rules.focus_group_min_participants} to {rules.focus_group_max_participants}."
        )
        uswds(self)

    def clean_participants(self):
        value = self.cleaned_data["participants"]
        rules = self.review.rules.schedule
        low, high = rules.focus_group_min_participants, rules.focus_group_max_participants
        if not low <= value <= high:
            raise forms.ValidationError(f"A focus group has {low} to {high} participants.")
        return value

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if self.review.focus_groups.filter(name=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"There is already a focus group named {name}.")
        return name


class RoomsForm(forms.Form):
    rooms = forms.CharField(
        widget=forms.Textarea,
        help_text="One room per line: one per team, one more for focus groups; the first also "
        "hosts the training and the debriefs.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        uswds(self)
