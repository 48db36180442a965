"""A peer review and everything planned for it: co-chairs, planning checklist, 45-day
agreement, focus area and literature, peer-county invitations, the case sample with its
elimination log, reviewers and teams, interviewees, focus groups and the event-week schedule.

The rules live in the plain modules beside this one (sampling, teams, schedule, ...); the
programme's rule values in `data/programmes/`. Case-level facts kept here are pseudonymous ids
from the warehouse (episode, child, worker), never names of children or families.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from opencqi.reviews import programmes, schedule, teams
from opencqi.reviews.sampling import BACKUP, ELIMINATED, SELECTED, STRATA


class ReviewQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reviews a user may open: the state and the host county's lead (planners), the
        review's facilitator, and peer reviewers placed on one of its teams."""
        from opencqi.accounts import permissions

        if not user.is_authenticated:
            return self.none()
        visible = Q(pk__in=[])
        if permissions.can(user, "review.plan"):
            visible |= Q(host_county__in=permissions.counties_for(user, "review.plan"))
        if permissions.can(user, "review.facilitate"):
            visible |= Q(facilitator=user)
        if permissions.can(user, "review.take_part"):
            visible |= Q(
                pk__in=Reviewer.objects.filter(user=user, team__isnull=False).values("review")
            )
        return self.filter(visible)


class Review(models.Model):
    host_county = models.ForeignKey(
        "counties.County", on_delete=models.PROTECT, related_name="reviews"
    )
    programme = models.CharField(max_length=20, choices=programmes.programme_choices)
    event_start = models.DateField(help_text="Day 1: training and orientation")
    interview_days = models.PositiveSmallIntegerField(default=3)
    coordinator = models.CharField(max_length=200, blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="facilitated_reviews",
        help_text="The training-academy facilitator",
    )
    host_staff_agreed_on = models.DateField(
        null=True,
        blank=True,
        help_text="When both co-chairs agreed to host-county staff on interview teams",
    )
    focus_measure_id = models.CharField(max_length=40, blank=True)
    focus_area = models.CharField(max_length=300, blank=True)
    focus_period_start = models.DateField(null=True, blank=True)
    focus_period_end = models.DateField(null=True, blank=True)
    rationales = models.JSONField(default=dict, blank=True, help_text="Host agency -> why")
    focus_chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    focus_chosen_at = models.DateTimeField(null=True, blank=True)
    rooms = models.TextField(blank=True, help_text="One room per line; the first hosts plenaries")
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-event_start", "host_county__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["host_county", "programme", "event_start"],
                name="one_review_per_county_programme_and_start",
            )
        ]

    def __str__(self):
        return f"{self.host_county} {self.rules.short_label} peer review, {self.event_start:%B %Y}"

    def get_absolute_url(self):
        return reverse("review_detail", args=[self.pk])

    @property
    def rules(self) -> programmes.Programme:
        return programmes.programme(self.programme)

    @property
    def days(self) -> list[tuple[dt.date, str]]:
        return schedule.event_days(self.event_start, self.interview_days)

    @property
    def event_end(self) -> dt.date:
        return self.days[-1][0]

    @property
    def room_list(self) -> list[str]:
        return [line.strip() for line in self.rooms.splitlines() if line.strip()]

    @property
    def focus_measure(self):
        from opencqi.measures.catalog import MEASURES

        return MEASURES.get(self.focus_measure_id)


class CoChair(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="co_chairs")
    seat = models.CharField(max_length=40)
    name = models.CharField(max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "seat"], name="one_co_chair_per_seat")
        ]

    def __str__(self):
        return f"{self.seat_label}: {self.name or 'not named yet'}"

    @property
    def seat_label(self) -> str:
        return next((s.label for s in self.review.rules.co_chairs if s.seat == self.seat), "")


class PlanningMember(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="planning_team")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True, help_text="Agency and role")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["review", "name"], name="planning_member_once")
        ]

    def __str__(self):
        return self.name


class ReviewTask(models.Model):
    """A task of the planning checklist (stages 1-4)."""

    class Status(models.TextChoices):
        TO_DO = "to_do", "To do"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="tasks")
    stage = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    owner = models.CharField(max_length=200, blank=True)
    due_date = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.TO_DO)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["stage", "due_date", "pk"]

    def __str__(self):
        return self.title

    def overdue(self, today: dt.date) -> bool:
        return self.status != self.Status.DONE and self.due_date < today


class AgreementSignOff(models.Model):
    """A co-chair agreed to one item of the 45-day agreement."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="sign_offs")
    item = models.CharField(max_length=40)
    seat = models.CharField(max_length=40)
    signed_on = models.DateField(default=dt.date.today)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "item", "seat"], name="one_sign_off")
        ]

    def __str__(self):
        return f"{self.item} agreed by {self.seat}"


def literature_path(entry, filename):
    return f"reviews/{entry.review_id}/literature/{filename}"


class LiteratureEntry(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="literature")
    citation = models.CharField(max_length=500)
    summary = models.TextField()
    link = models.URLField(blank=True)
    file = models.FileField(upload_to=literature_path, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at"]
        verbose_name_plural = "literature entries"
        constraints = [
            models.UniqueConstraint(fields=["review", "citation"], name="cite_a_work_once")
        ]

    def __str__(self):
        return self.citation


class PeerCountyInvitation(models.Model):
    class Answer(models.TextChoices):
        PENDING = "pending", "No answer yet"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="invitations")
    county = models.ForeignKey("counties.County", on_delete=models.PROTECT, related_name="+")
    score = models.JSONField(default=dict, help_text="The suggestion's parts when invited")
    invited_on = models.DateField(default=dt.date.today)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.CharField(max_length=10, choices=Answer.choices, default=Answer.PENDING)
    answered_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["county__name"]
        constraints = [
            models.UniqueConstraint(fields=["review", "county"], name="invite_a_county_once")
        ]

    def __str__(self):
        return f"{self.county}: {self.get_answer_display()}"


class Sample(models.Model):
    """The drawn sample: what it was drawn from, with which seed and parameters."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="sample")
    measure_id = models.CharField(max_length=40)
    period_start = models.DateField()
    period_end = models.DateField()
    as_of = models.DateField(help_text="Extract date of the case data; time in service ends here")
    seed = models.BigIntegerField()
    teams = models.PositiveSmallIntegerField()
    cases_per_team_per_day = models.PositiveSmallIntegerField()
    interview_days = models.PositiveSmallIntegerField()
    interviewees_available = models.PositiveIntegerField()
    min_days_in_service = models.PositiveIntegerField()
    population = models.PositiveIntegerField()
    eligible = models.PositiveIntegerField()
    excluded = models.JSONField(default=dict)
    notes = models.JSONField(default=list)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    drawn_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Sample of {self.review} (seed {self.seed})"

    @property
    def capacity(self) -> int:
        return min(
            self.teams * self.cases_per_team_per_day * self.interview_days,
            self.interviewees_available,
        )


class SampledCaseQuerySet(models.QuerySet):
    def selected(self):
        return self.filter(status=SELECTED)

    def backups(self):
        return self.filter(status=BACKUP)


class SampledCase(models.Model):
    STATUS_CHOICES = [(SELECTED, "Selected"), (BACKUP, "Backup"), (ELIMINATED, "Eliminated")]

    sample = models.ForeignKey(Sample, on_delete=models.CASCADE, related_name="cases")
    case_id = models.CharField(max_length=60)
    child_id = models.CharField(max_length=60)
    episode_id = models.CharField(max_length=60, blank=True)
    worker_id = models.CharField(max_length=60)
    agency = models.CharField(max_length=40, blank=True)
    stratum = models.CharField(max_length=20, choices=[(s, s) for s in STRATA])
    rank = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=STATUS_CHOICES)
    shared_worker = models.BooleanField(default=False)
    days_in_service = models.PositiveIntegerField()
    team = models.ForeignKey(
        "Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )

    objects = SampledCaseQuerySet.as_manager()

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["sample", "case_id"], name="sample_a_case_once")
        ]

    def __str__(self):
        return self.case_id

    @property
    def agency_label(self) -> str:
        return self.agency.replace("_", " ")


class Elimination(models.Model):
    """The elimination log: a case dropped, why, by whom, when, and the backup that took its
    place."""

    case = models.OneToOneField(SampledCase, on_delete=models.CASCADE, related_name="elimination")
    reason = models.TextField()
    eliminated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    eliminated_at = models.DateTimeField(auto_now_add=True)
    replacement = models.ForeignKey(
        SampledCase, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["eliminated_at"]

    def __str__(self):
        return f"{self.case} dropped: {self.reason}"


class Team(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="teams")
    number = models.PositiveSmallIntegerField()
    room = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="team_number_once")
        ]

    def __str__(self):
        return f"Team {self.number}"

    def get_absolute_url(self):
        return reverse("review_team", args=[self.review_id, self.number])


class Reviewer(models.Model):
    """A member of the review teams: a peer-county reviewer or flagged host-county staff."""

    ROLE_CHOICES = list(teams.ROLE_LABELS.items())

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reviewers")
    name = models.CharField(max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="review_seats",
        help_text="The reviewer's OpenCQI account, so they can see their team's material",
    )
    county = models.ForeignKey("counties.County", on_delete=models.PROTECT, related_name="+")
    region = models.CharField(
        max_length=100, help_text="Training region; for host-county staff, their office's region"
    )
    background = models.CharField(max_length=40)
    former_host_employee = models.BooleanField(default=False)
    host_consent = models.BooleanField(
        default=False, help_text="The host consents to this former employee serving"
    )
    supervises = models.JSONField(
        default=list, blank=True, help_text="Worker ids of interviewees in a supervisory relation"
    )
    knows_cases = models.JSONField(default=list, blank=True, help_text="Case ids they know")
    confidentiality_signed_on = models.DateField(null=True, blank=True)
    trained_on = models.DateField(null=True, blank=True)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    team_role = models.CharField(max_length=12, choices=ROLE_CHOICES, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "name", "county"], name="reviewer_once_per_review"
            ),
            models.UniqueConstraint(
                fields=["review", "user"],
                condition=Q(user__isnull=False),
                name="reviewer_account_once_per_review",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.county})"

    @property
    def is_host_staff(self) -> bool:
        return self.county_id == self.review.host_county_id


class Interviewee(models.Model):
    """The worker of a sampled case, known to the planners by name; reports use the id only."""

    class Role(models.TextChoices):
        SOCIAL_WORKER = "social_worker", "Social worker"
        PROBATION_OFFICER = "probation_officer", "Probation officer"
        SUPERVISOR = "supervisor", "Supervisor"
        CASE_MANAGER = "case_manager", "Case manager"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="interviewees")
    worker_id = models.CharField(max_length=60)
    name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    region = models.CharField(max_length=100, blank=True, help_text="Office or region")
    tool_sent_on = models.DateField(
        null=True, blank=True, help_text="When the interviewee got the interview tool"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["worker_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "worker_id"], name="interviewee_once")
        ]

    def __str__(self):
        return self.name or self.worker_id


class FocusGroup(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="focus_groups")
    name = models.CharField(max_length=200, help_text="The stakeholder group, e.g. Parents")
    participants = models.PositiveSmallIntegerField()
    facilitator = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["review", "name"], name="focus_group_once")]

    def __str__(self):
        return self.name


class ScheduleSlot(models.Model):
    KIND_CHOICES = list(schedule.KIND_LABELS.items())

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="slots")
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    day = models.DateField()
    start = models.TimeField()
    end = models.TimeField()
    room = models.CharField(max_length=100)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE)
    case = models.ForeignKey(SampledCase, null=True, blank=True, on_delete=models.SET_NULL)
    interviewee = models.ForeignKey(
        Interviewee, null=True, blank=True, on_delete=models.SET_NULL, related_name="slots"
    )
    arrive_at = models.TimeField(null=True, blank=True)
    focus_group = models.ForeignKey(FocusGroup, null=True, blank=True, on_delete=models.CASCADE)

    class Meta:
        ordering = ["day", "start", "team__number", "room"]

    def __str__(self):
        return f"{self.day} {self.start:%H:%M} {self.label}"

    @property
    def plenary(self) -> bool:
        return self.kind in (schedule.TRAINING, schedule.DAILY_DEBRIEF, schedule.FINAL_DEBRIEF)

    @property
    def label(self) -> str:
        return schedule.KIND_LABELS[self.kind]


from opencqi.reviews.event_models import *  # noqa: E402, F403  the event week's models
