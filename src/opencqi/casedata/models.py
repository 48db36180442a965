import csv
import shutil

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from opencqi.casedata.schemas import TABLES


class ImportBatchQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Batches of the counties a user may see; statewide batches for the state only."""
        from opencqi.accounts import permissions

        counties = permissions.counties_for(user, "casedata.view_history")
        if permissions.is_state(user):
            return self.filter(Q(county__in=counties) | Q(county__isnull=True))
        return self.filter(county__in=counties)


class ImportBatch(models.Model):
    """One upload of case-data extracts: who, when, for which county, and what became of it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be checked"
        LOADED = "loaded", "Loaded"
        REJECTED = "rejected", "Rejected: nothing loaded"
        FAILED = "failed", "Failed: nothing loaded"

    batch_id = models.CharField(max_length=40, unique=True)
    county = models.ForeignKey(
        "counties.County",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="Empty for a statewide load",
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    files = models.JSONField(default=list, help_text="Names of the uploaded files")
    as_of = models.DateField(null=True, blank=True, help_text="Extract date")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows = models.JSONField(default=dict, help_text="Rows loaded per table")
    problem_count = models.PositiveIntegerField(default=0)
    problems_csv = models.TextField(blank=True)
    loaded_at = models.DateTimeField(null=True, blank=True)
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name_plural = "import batches"

    def __str__(self):
        return self.batch_id

    def get_absolute_url(self):
        return reverse("import_detail", args=[self.batch_id])

    @property
    def upload_dir(self):
        return settings.DATA_DIR / "uploads" / self.batch_id

    @property
    def rows_in_order(self):
        return [(table, self.rows.get(table)) for table in TABLES]

    @property
    def total_rows(self):
        return sum(self.rows.values())

    def record(self, report):
        """Keep what the importer found; the uploaded files are no longer needed."""
        self.status = self.Status.LOADED if report.ok else self.Status.REJECTED
        self.as_of = report.as_of or self.as_of
        self.rows = report.rows if report.ok else {}
        self.problem_count = len(report.problems)
        self.problems_csv = report.problems_csv() if report.problems else ""
        self.loaded_at = report.loaded_at
        self.save()
        shutil.rmtree(self.upload_dir, ignore_errors=True)

    def problems(self, limit=None):
        rows = list(csv.DictReader(self.problems_csv.splitlines()))
        return rows[:limit] if limit else rows
