"""The event week and after: the review tools, what the teams record, themes, release and
the report's narrative. Imported by models.py (one app, one set of migrations).

Raw material (answers, debrief items, daily debriefs, case summaries) is read only through
`reviews/confidentiality.py`, which writes every read to the access log. The host county sees
released themes and recommendations only.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Max, Q
from django.urls import reverse

from opencqi.reviews import categories, instruments, themes
from opencqi.reviews.models import FocusGroup, Interviewee, Review, SampledCase, Team

__all__ = [
    "Answer",
    "DailyDebrief",
    "DebriefItem",
    "EventSettings",
    "FlagDismissal",
    "InstrumentTemplate",
    "Recommendation",
    "ReportSection",
    "ReviewInstrument",
    "Source",
    "Theme",
]

STATUS_OPEN = "open"


class InstrumentTemplate(models.Model):
    """A version of a programme's review tool. A new version is a new row; reviews keep the
    copy they made."""

    programme = models.CharField(max_length=20)
    kind = models.CharField(max_length=20, choices=instruments.KINDS)
    version = models.PositiveIntegerField(editable=False)
    definition = models.JSONField(
        help_text="Sections and questions, as in reviews/data/instruments/<programme>.toml; "
        "checked when saved."
    )
    note = models.CharField(max_length=300, blank=True, help_text="What changed")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind", "version"], name="instrument_template_version_once"
            )
        ]

    def __str__(self):
        return f"{instruments.KIND_LABELS[self.kind]}, {self.programme}, version {self.version}"

    def save(self, *args, **kwargs):
        if self.pk is None:  # every save of a new definition is the next version
            latest = InstrumentTemplate.objects.filter(
                programme=self.programme, kind=self.kind
            ).aggregate(v=Max("version"))["v"]
            self.version = (latest or 0) + 1
        super().save(*args, **kwargs)

    def clean(self):
        from django.core.exceptions import ValidationError

        try:
            instruments.parse_tool(self.kind, self.definition)
        except instruments.InstrumentError as error:
            raise ValidationError({"definition": str(error)}) from None


class ReviewInstrument(models.Model):
    """A review's copy of a tool, adapted before the event; locked once answers exist."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="instruments")
    kind = models.CharField(max_length=20, choices=instruments.KINDS)
    template = models.ForeignKey(
        InstrumentTemplate, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    template_version = models.PositiveIntegerField()
    definition = models.JSONField()
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "kind"], name="one_tool_of_a_kind")
        ]

    def __str__(self):
        return instruments.KIND_LABELS[self.kind]

    @property
    def tool(self) -> instruments.Tool:
        return instruments.parse_tool(self.kind, self.definition)

    @property
    def label(self) -> str:
        return instruments.KIND_LABELS[self.kind]


class Source(models.Model):
    """An interview (of a selected case's worker) or a focus group: where debrief items come
    from. A theme counts its distinct sources."""

    KIND_CHOICES = [(themes.INTERVIEW, "Interview"), (themes.FOCUS_GROUP, "Focus group")]

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    case = models.OneToOneField(
        SampledCase, null=True, blank=True, on_delete=models.SET_NULL, related_name="source"
    )
    interviewee = models.ForeignKey(
        Interviewee, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="sources"
    )
    focus_group = models.OneToOneField(
        FocusGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="source"
    )
    label = models.CharField(
        max_length=200, help_text="The case id or the focus group's name, kept if either goes"
    )
    day = models.DateField(null=True, blank=True)
    participant_names = models.TextField(
        blank=True,
        help_text="One per line. Kept only so the name check finds them in findings; never shown "
        "outside the review team.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day", "kind", "team__number", "pk"]

    def __str__(self):
        if self.kind == themes.FOCUS_GROUP:
            return f"Focus group: {self.label}"
        team = f", team {self.team.number}" if self.team else ""
        return f"Interview: case {self.label}{team}"

    def get_absolute_url(self):
        return reverse("review_source", args=[self.review_id, self.pk])

    @property
    def tool_kind(self) -> str:
        return instruments.INTERVIEW if self.kind == themes.INTERVIEW else instruments.FOCUS_GROUP


class Answer(models.Model):
    """One answered question: of an interview or focus group (its tool or the debrief tool),
    or of a case's case summary. Each answer has its own version (compare-and-swap)."""

    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    case = models.ForeignKey(
        SampledCase, null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    instrument = models.CharField(max_length=20, choices=instruments.KINDS)
    question = models.CharField(max_length=60)
    value = models.JSONField(null=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "instrument", "question"],
                condition=Q(source__isnull=False),
                name="answer_once_per_source",
            ),
            models.UniqueConstraint(
                fields=["case", "instrument", "question"],
                condition=Q(case__isnull=False),
                name="answer_once_per_case",
            ),
            models.CheckConstraint(
                condition=Q(source__isnull=False) ^ Q(case__isnull=False),
                name="answer_of_a_source_or_a_case",
            ),
        ]

    def __str__(self):
        owner = self.source or f"case summary of {self.case}"
        return f"{owner}: {self.question}"


class DebriefItem(models.Model):
    """One point of a debrief: what was heard, its category and scope."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="debrief_items")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="items")
    category = models.CharField(max_length=20, choices=categories.CATEGORIES)
    scope = models.CharField(
        max_length=20, choices=categories.SCOPES, default=categories.FOCUS_AREA
    )
    text = models.TextField()
    token = models.UUIDField(
        default=uuid.uuid4, unique=True, help_text="Sent with the form: a second send is ignored"
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["source__day", "source_id", "pk"]

    def __str__(self):
        return f"Debrief item {self.pk} of {self.source}"

    @property
    def category_label(self) -> str:
        return categories.CATEGORY_LABELS[self.category]

    @property
    def scope_label(self) -> str:
        return categories.SCOPE_LABELS[self.scope]


class DailyDebrief(models.Model):
    """The facilitator's summary of one day's interviews and focus groups."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="daily_debriefs")
    day = models.DateField()
    summary = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["review", "day"], name="one_daily_debrief_a_day")
        ]

    def __str__(self):
        return f"Daily debrief of {self.day:%Y-%m-%d}"


class EventSettings(models.Model):
    """What the co-chairs set for the findings: the release threshold."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="event_settings")
    theme_threshold = models.PositiveSmallIntegerField(
        default=themes.DEFAULT_THRESHOLD,
        help_text="Distinct interviews or focus groups a theme needs before it can be released",
    )

    def __str__(self):
        return f"Findings settings of {self.review}"


class Theme(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(max_length=200)
    statement = models.TextField(help_text="The finding in aggregate, as the county will read it")
    category = models.CharField(max_length=20, choices=categories.CATEGORIES)
    scope = models.CharField(
        max_length=20, choices=categories.SCOPES, default=categories.FOCUS_AREA
    )
    items = models.ManyToManyField(DebriefItem, blank=True, related_name="themes")
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["review", "title"], name="theme_title_once")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("review_theme", args=[self.review_id, self.pk])

    @property
    def category_label(self) -> str:
        return categories.CATEGORY_LABELS[self.category]

    @property
    def scope_label(self) -> str:
        return categories.SCOPE_LABELS[self.scope]

    @property
    def released(self) -> bool:
        return self.released_at is not None


class Recommendation(models.Model):
    """A recommendation of a theme; once released, a follow-up item the county tracks."""

    class Status(models.TextChoices):
        OPEN = STATUS_OPEN, "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField()
    owner = models.CharField(max_length=200, blank=True, help_text="Who follows it up")
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["theme_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "text"], name="recommendation_once")
        ]

    def __str__(self):
        return self.text[:80]


class ReportSection(models.Model):
    """A narrative part of the report (report.NARRATIVES), with its version."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="report_sections")
    key = models.CharField(max_length=40)
    text = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "key"], name="report_section_once")
        ]

    def __str__(self):
        return f"{self.key} of {self.review}"


class FlagDismissal(models.Model):
    """The state co-chair says a flagged word in one text is not a person's name. It holds for
    that text as it was: an edit that changes the text brings the flag back."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="flag_dismissals")
    target = models.CharField(max_length=60, help_text="e.g. theme:12:statement")
    found = models.CharField(max_length=200)
    digest = models.CharField(max_length=64, help_text="SHA-256 of the text when dismissed")
    reason = models.CharField(max_length=300)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    dismissed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "target", "found", "digest"], name="dismiss_a_flag_once"
            )
        ]

    def __str__(self):
        return f"'{self.found}' in {self.target} is not a name: {self.reason}"
