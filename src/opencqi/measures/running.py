"""Compute the catalog on the warehouse and keep the results: the measure run.

The data version of a run is the set of import batches whose rows are in the warehouse and
their extract date. When counties were loaded at different dates, the run uses the earliest
as_of, so no county's results claim more follow-up than its data has.
"""

import time

import ibis
from django.conf import settings
from django.utils import timezone

from opencqi import __version__
from opencqi.casedata import warehouse
from opencqi.casedata.schemas import TABLES
from opencqi.measures import store
from opencqi.measures.catalog import CATALOG, DEFAULT_PROFILE
from opencqi.measures.engine import compute_measures
from opencqi.measures.inputs import read_case_tables
from opencqi.measures.models import MeasureRun


def data_version(con):
    """(batch ids with rows in the warehouse, their earliest as_of)."""
    in_use = " UNION ".join(f"SELECT DISTINCT batch_id FROM {name}" for name in TABLES)
    rows = con.execute(
        f"SELECT batch_id, as_of FROM batches WHERE batch_id IN ({in_use}) ORDER BY batch_id"
    ).fetchall()
    return [batch_id for batch_id, _ in rows], min((as_of for _, as_of in rows), default=None)


def run_catalog(*, user=None, job=None, progress=None, profile=DEFAULT_PROFILE) -> MeasureRun:
    """Compute every measure on the current warehouse and make the results current."""
    run = MeasureRun.objects.create(
        started_by=user, job=job, code_version=__version__, profile=profile
    )
    started = time.monotonic()
    try:
        con = warehouse.connect(settings.DATA_DIR, read_only=True)
        try:
            run.batch_ids, run.as_of = data_version(con)
            if run.as_of is None:
                raise ValueError("No case data is loaded yet: import extracts first.")
            done = 0

            def measure_done(measure, rows):
                nonlocal done
                done += 1
                if progress:
                    progress(done, len(CATALOG) + 1, f"Computed {measure.name}")

            tables = read_case_tables(ibis.duckdb.from_connection(con))
            results = compute_measures(tables, run.as_of, profile=profile, on_measure=measure_done)
        finally:
            con.close()
        if progress:
            progress(len(CATALOG), len(CATALOG) + 1, f"Storing {results.num_rows:,} results")
        run.result_count = store.replace_results(run, results)
        run.status = MeasureRun.Status.SUCCEEDED
    except Exception as error:
        run.status = MeasureRun.Status.FAILED
        run.error = str(error)
        raise
    finally:
        run.duration_seconds = time.monotonic() - started
        run.finished_at = timezone.now()
        run.save()
    return run
