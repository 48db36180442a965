import datetime as dt
import zipfile

from django.urls import reverse

from opencqi.counties.models import County
from opencqi.jobs.running import job_task
from opencqi.measures.store import latest_run

from . import batches, report


@job_task
def quarterly_reports_for_all_counties(progress, period_end, workers=None):
    """A quarterly report for every county, then a zip of them; the batch page lists them."""
    period_end = dt.date.fromisoformat(period_end)
    counties = list(County.objects.all())
    folder = batches.folder(progress.job_id)
    folder.mkdir(parents=True, exist_ok=True)
    total = len(counties) + 1
    progress(0, total, "Reading the figures of the first counties")
    paths = []
    pdfs = report.quarterly_pdfs(latest_run(), counties, period_end, workers)
    for done, (county, pdf) in enumerate(pdfs, start=1):
        path = folder / report.filename(county, period_end)
        path.write_bytes(pdf)
        paths.append(path)
        progress(done, total, f"Wrote the report for {county.name}")
    with zipfile.ZipFile(folder / f"quarterly-reports-{period_end:%Y-%m-%d}.zip", "w") as zipped:
        for path in paths:
            zipped.write(path, path.name)
    progress(total, total, f"{len(paths)} reports written and zipped")
    return reverse("report_batch", args=[progress.job_id])
