"""Keep a run's results in the app database, replacing the previous run's in one transaction."""

from django.db import transaction

from opencqi.counties.models import County
from opencqi.measures.catalog import CALIFORNIA
from opencqi.measures.models import MeasureResult, MeasureRun

BATCH_SIZE = 5000


def result_rows(run, table):
    """MeasureResult objects from the engine's Arrow table."""
    county_ids = dict(County.objects.values_list("name", "pk"))
    for row in table.to_pylist():
        county = row["county"]
        yield MeasureResult(
            run=run,
            measure_id=row["measure_id"],
            county_id=None if county == CALIFORNIA else county_ids[county],
            period_start=row["period_start"],
            period_end=row["period_end"],
            stratum=row["stratum"],
            numerator=row["numerator"],
            denominator=row["denominator"],
            value=row["value"],
            provisional=row["provisional"],
        )


@transaction.atomic
def replace_results(run: MeasureRun, table) -> int:
    """Store `table` as the current results; readers see the old run's rows or the new."""
    MeasureResult.objects.exclude(run=run).delete()
    rows = list(result_rows(run, table))
    MeasureResult.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)


def latest_run() -> MeasureRun | None:
    return MeasureRun.objects.filter(status=MeasureRun.Status.SUCCEEDED).first()
