"""Start background work as a Job and report its progress.

A job task is an ordinary function taking a `Progress` first; `job_task` turns it into a
Django task that records start, progress, result and failure on its Job row.
"""

import functools
import logging

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from opencqi.jobs.models import Job

log = logging.getLogger(__name__)


class Progress:
    """What a running job reports: `progress(done, total, message)`."""

    def __init__(self, job_id):
        self.job_id = job_id

    def __call__(self, done: int, total: int, message: str = ""):
        Job.objects.filter(pk=self.job_id).update(done=done, total=total, message=message[:500])


def job_task(func):
    """Decorate `func(progress, **kwargs) -> result_url or None` as a task run for a Job."""

    @functools.wraps(func)
    def run(job_id, **kwargs):
        Job.objects.filter(pk=job_id).update(status=Job.Status.RUNNING, started_at=timezone.now())
        try:
            result_url = func(Progress(job_id), **kwargs)
        except Exception as error:
            log.exception("job %s failed", job_id)
            Job.objects.filter(pk=job_id).update(
                status=Job.Status.FAILED,
                error=str(error) or type(error).__name__,
                finished_at=timezone.now(),
            )
            raise
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.SUCCEEDED,
            result_url=result_url or "",
            finished_at=timezone.now(),
        )
        return result_url

    return task(run)


def start_job(job_task_, *, title, user=None, county=None, **kwargs) -> Job:
    """Record a Job and queue its task once the surrounding transaction commits."""
    job = Job.objects.create(
        title=title,
        task_name=job_task_.name,
        created_by=user if user and user.is_authenticated else None,
        county=county,
    )
    transaction.on_commit(lambda: job_task_.enqueue(job_id=str(job.pk), **kwargs))
    return job
