from django.conf import settings

from opencqi.casedata.importer import import_directory
from opencqi.casedata.models import ImportBatch
from opencqi.jobs.running import job_task, start_job
from opencqi.measures.tasks import compute_catalog


@job_task
def import_batch(progress, batch_id):
    """Check and load one uploaded batch; the batch page shows the outcome."""
    batch = ImportBatch.objects.select_related("county").get(batch_id=batch_id)
    try:
        report = import_directory(
            batch.upload_dir,
            settings.DATA_DIR,
            as_of=batch.as_of,
            county=batch.county.name if batch.county else None,
            batch_id=batch.batch_id,
            progress=progress,
        )
    except Exception:
        batch.status = ImportBatch.Status.FAILED
        batch.save(update_fields=["status"])
        raise
    batch.record(report)
    if report.ok:
        start_job(compute_catalog, title="Measure computation after import", county=batch.county)
    return batch.get_absolute_url()
