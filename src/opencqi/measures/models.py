from django.conf import settings
from django.db import models

from opencqi.measures.catalog import CALIFORNIA


class MeasureRun(models.Model):
    """One computation of the catalog: which data it read, which code, how long, who asked."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Finished"
        FAILED = "failed", "Failed"

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    as_of = models.DateField(null=True, blank=True, help_text="Extract date of the data read")
    batch_ids = models.JSONField(default=list, help_text="Import batches the data came from")
    code_version = models.CharField(max_length=40)
    profile = models.CharField(max_length=20, help_text="Permanency profile")
    duration_seconds = models.FloatField(null=True, blank=True)
    result_count = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        return f"Measure run {self.pk} ({self.get_status_display()})"


class MeasureResult(models.Model):
    """A measure x county x period x stratum: numerator, denominator, value, provisional.

    Only the latest successful run's results are kept; every page reads these rows.
    `county` is empty for California (pooled over all counties, not summed).
    """

    run = models.ForeignKey(MeasureRun, on_delete=models.CASCADE, related_name="results")
    measure_id = models.CharField(max_length=40)
    county = models.ForeignKey(
        "counties.County",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="measure_results",
    )
    period_start = models.DateField()
    period_end = models.DateField()
    stratum = models.CharField(max_length=60, help_text='"all" or dimension=value')
    numerator = models.BigIntegerField()
    denominator = models.BigIntegerField()
    value = models.FloatField(null=True, blank=True, help_text="Unrounded, with the multiplier")
    provisional = models.BooleanField()

    class Meta:
        indexes = [
            models.Index(fields=["measure_id", "county", "stratum", "period_end"]),
            models.Index(fields=["county", "period_end"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "measure_id", "county", "period_end", "stratum"],
                name="one_result_per_measure_county_period_stratum",
            ),
        ]

    def __str__(self):
        return f"{self.measure_id} {self.county_name} {self.period_end} {self.stratum}"

    @property
    def county_name(self):
        return self.county.name if self.county_id else CALIFORNIA
