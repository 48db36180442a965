from django.contrib.auth.models import User
from django.urls import reverse

from opencqi.jobs.models import Job
from opencqi.jobs.running import job_task
from opencqi.measures.running import run_catalog


@job_task
def compute_catalog(progress, user_id=None):
    """Recompute every measure on the current warehouse (after each import, or on request)."""
    run_catalog(
        user=User.objects.filter(pk=user_id).first(),
        job=Job.objects.filter(pk=progress.job_id).first(),
        progress=progress,
    )
    return reverse("measure_runs")
