"""Cycle templates, county schedules and their due dates, extensions, submissions, reminders.

The rules live in `rules.py` (templates), `submissions.py` (the submission state machine) and
`deadlines.py` (what is overdue, which reminder is due); these models only keep their results.
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from opencqi.cycles import deadlines, rules
from opencqi.cycles.submissions import STATE_LABELS, WITH_COUNTY, State

DOCUMENT_EXTENSIONS = ["pdf", "docx", "doc", "xlsx", "xls", "odt", "ods"]


class Programme(models.TextChoices):
    CHILD_WELFARE = "child_welfare", "Child welfare"
    CALWORKS = "calworks", "CalWORKs"


class CycleTemplate(models.Model):
    """A cycle template as data: `definition` has the shape `rules.template_from_dict` takes."""

    name = models.SlugField(max_length=40, unique=True, help_text="For example ccfsr-2009")
    programme = models.CharField(max_length=20, choices=Programme.choices)
    definition = models.JSONField(
        help_text="The template: title, description and steps, as in the shipped TOML files "
        "(docs/cycles.md, 'Writing a step'). It is checked when saved."
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme", "name"]

    def __str__(self):
        return f"{self.title} ({self.name})"

    @property
    def title(self) -> str:
        definition = self.definition if isinstance(self.definition, dict) else {}
        return str(definition.get("title") or self.name)

    def rules(self) -> rules.Template:
        return rules.template_from_dict(self.definition, name=self.name)

    def clean(self):
        try:
            self.rules()
        except rules.TemplateError as error:
            raise ValidationError({"definition": error.problems}) from error


class CountyScheduleQuerySet(models.QuerySet):
    def visible_to(self, user):
        from opencqi.accounts import permissions

        return self.filter(county__in=permissions.counties_for(user, "cycles.view"))


class CountySchedule(models.Model):
    """A county's cycle in one programme: its template and anchor dates."""

    county = models.ForeignKey(
        "counties.County", on_delete=models.PROTECT, related_name="cycle_schedules"
    )
    programme = models.CharField(max_length=20, choices=Programme.choices)
    template = models.ForeignKey(CycleTemplate, on_delete=models.PROTECT)
    anchors = models.JSONField(default=dict, help_text="Anchor step id -> date (YYYY-MM-DD)")
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CountyScheduleQuerySet.as_manager()

    class Meta:
        ordering = ["county__name", "programme"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "programme"], name="one_schedule_per_county_and_programme"
            )
        ]

    def __str__(self):
        return f"{self.county} - {self.get_programme_display()}"

    def get_absolute_url(self):
        return reverse("county_timeline", args=[self.county.code, self.programme])

    def anchor_dates(self) -> dict[str, datetime.date]:
        return {step: datetime.date.fromisoformat(day) for step, day in self.anchors.items()}


class DueDateQuerySet(models.QuerySet):
    def visible_to(self, user):
        from opencqi.accounts import permissions

        return self.filter(schedule__county__in=permissions.counties_for(user, "cycles.view"))

    def with_context(self):
        return self.select_related(
            "schedule__county__consultant", "schedule__template", "submission"
        )


class DueDate(models.Model):
    """One dated step of a county's schedule, as the template computed it and as it is in force."""

    schedule = models.ForeignKey(CountySchedule, on_delete=models.CASCADE, related_name="due_dates")
    step = models.CharField(max_length=80, help_text="Step id, with #k for the kth occurrence")
    step_id = models.CharField(max_length=80)
    occurrence = models.PositiveIntegerField(null=True, blank=True)
    label = models.CharField(max_length=300)
    kind = models.CharField(max_length=20)
    rule_date = models.DateField(help_text="The date the template gives")
    date = models.DateField(help_text="The date in force: the template's, or an extension's")
    derivation = models.CharField(max_length=200)
    derived_from = models.CharField(max_length=80, blank=True)
    deliverable = models.BooleanField(default=False)
    feedback_of = models.CharField(max_length=80, blank=True)
    board_approval = models.BooleanField(default=False)
    feedback_working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    sequence = models.PositiveIntegerField(
        default=0, help_text="Times the date in force changed (calendar feeds' SEQUENCE)"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = DueDateQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "step"], name="one_due_date_per_step")
        ]

    def __str__(self):
        return f"{self.schedule.county}: {self.label} ({self.date})"

    def get_absolute_url(self):
        return reverse("due_date_detail", args=[self.pk])

    @property
    def county(self):
        return self.schedule.county

    @property
    def is_extended(self) -> bool:
        return self.date != self.rule_date

    def status_on(self, today: datetime.date) -> deadlines.Status:
        submission = getattr(self, "submission", None)
        with_county = submission is None or submission.state in WITH_COUNTY
        return deadlines.status_of(
            self.date, today, deliverable=self.deliverable, with_county=with_county
        )

    def refresh_date(self) -> None:
        """Set the date in force from the rule's date and the extensions that still apply."""
        extended = (
            [e.new_date for e in self.extensions.filter(lapsed_at__isnull=True)] if self.pk else []
        )
        day = deadlines.date_in_force(self.rule_date, extended)
        if day != self.date:
            if self.date is not None:
                self.sequence += 1
            self.date = day


class Extension(models.Model):
    """More time for one due date: kept for ever, even when a later reschedule lapses it."""

    due_date = models.ForeignKey(DueDate, on_delete=models.CASCADE, related_name="extensions")
    rule_date = models.DateField(help_text="The template's date when the extension was granted")
    new_date = models.DateField()
    reason = models.TextField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    lapsed_at = models.DateTimeField(null=True, blank=True)
    lapsed_because = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["granted_at", "pk"]

    def __str__(self):
        return f"{self.due_date.step}: {self.rule_date} -> {self.new_date}"


class Submission(models.Model):
    """The county's submission of one deliverable, moved by `submissions.apply`."""

    due_date = models.OneToOneField(DueDate, on_delete=models.PROTECT, related_name="submission")
    state = models.CharField(
        max_length=20,
        choices=[(state.value, label) for state, label in STATE_LABELS.items()],
        default=State.NOT_STARTED,
    )
    revision = models.PositiveIntegerField(
        default=0, help_text="Bumped by every move, so two people cannot overwrite each other"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    feedback_due = models.DateField(null=True, blank=True)
    state_approved_at = models.DateTimeField(null=True, blank=True)
    state_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    board_approved_on = models.DateField(null=True, blank=True)
    board_resolution = models.CharField(max_length=60, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date__date"]

    def __str__(self):
        return f"{self.due_date} - {self.get_state_display()}"

    @property
    def awaiting_feedback(self) -> bool:
        return self.state in (State.SUBMITTED, State.RESUBMITTED)


def document_path(document, filename):
    due = document.submission.due_date
    step = due.step.replace("#", "-")
    return f"cycles/{due.schedule.county.code}/{due.schedule_id}/{step}/{filename}"


class Document(models.Model):
    """One version of a deliverable the county uploaded: a draft, or the final once accepted."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="documents")
    number = models.PositiveIntegerField()
    file = models.FileField(
        upload_to=document_path,
        max_length=300,
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS)],
    )
    notes = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="one_number_per_version")
        ]

    def __str__(self):
        return f"Version {self.number} of {self.submission.due_date.step}"

    def get_absolute_url(self):
        return reverse("document_file", args=[self.pk])

    @property
    def file_name(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]


class SubmissionEvent(models.Model):
    """One line of a submission's history: who moved it, when, from where to where, and why."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=40)
    from_state = models.CharField(max_length=20)
    to_state = models.CharField(max_length=20)
    note = models.TextField(blank=True)
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.SET_NULL)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.action}: {self.from_state} -> {self.to_state}"

    @property
    def from_label(self) -> str:
        return State(self.from_state).label

    @property
    def to_label(self) -> str:
        return State(self.to_state).label


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class Preference(models.Model):
    """A user's cycle settings: reminder emails, and the secret of their calendar feed URLs."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cycle_preference"
    )
    email_reminders = models.BooleanField(
        default=True, help_text="Email me before my county's due dates and when one is overdue"
    )
    feed_token = models.CharField(max_length=64, unique=True, default=new_feed_token)

    def __str__(self):
        return f"Cycle preferences of {self.user}"

    @classmethod
    def of(cls, user) -> "Preference":
        preference, _ = cls.objects.get_or_create(user=user)
        return preference


class ReminderSent(models.Model):
    """A reminder that went out: at most one per due date, user, threshold and date reminded of."""

    due_date = models.ForeignKey(DueDate, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    threshold = models.IntegerField(help_text="Days before the due date; -1 when overdue")
    due_on = models.DateField(help_text="The date the reminder spoke of")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name_plural = "reminders sent"
        constraints = [
            models.UniqueConstraint(
                fields=["due_date", "user", "threshold", "due_on"], name="one_reminder_each"
            )
        ]

    def __str__(self):
        return f"{self.user} - {self.due_date.step} ({self.threshold})"
