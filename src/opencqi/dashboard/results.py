"""Reading the current run's results for the pages, as plain row dicts.

A row has the keys the suppression module reads: measure_id, county (a county's name, or
CALIFORNIA), period_start, period_end, stratum, numerator, denominator, value, provisional.
"""

import functools
import threading

from django.db.models import Q

from opencqi.counties.models import County
from opencqi.measures.catalog import CALIFORNIA
from opencqi.measures.models import MeasureResult
from opencqi.measures.store import latest_run

from . import publication

FIELDS = (
    "measure_id",
    "county_id",
    "period_start",
    "period_end",
    "stratum",
    "numerator",
    "denominator",
    "value",
    "provisional",
)

__all__ = ["latest_run", "period_ends", "fetch", "statewide_masks"]


def per_run(compute):
    """Cache `compute(run, *args)` in the process: a run's results never change, and a new run
    (another pk and start) is another key."""
    cache, lock = {}, threading.Lock()

    @functools.wraps(compute)
    def cached(run, *args):
        key = (run.pk, run.started_at, *args)
        with lock:
            if key in cache:
                return cache[key]
        value = compute(run, *args)
        with lock:
            if len(cache) > 1000:
                cache.clear()
            cache[key] = value
        return value

    return cached


@per_run
def period_ends(run, measure_id=None):
    """Period ends that have results (California's), oldest first."""
    results = MeasureResult.objects.filter(run=run, county__isnull=True, stratum="all")
    if measure_id:
        results = results.filter(measure_id=measure_id)
    return sorted(results.values_list("period_end", flat=True).distinct())


def fetch(run, *, places, measure_ids=None, period_end=None, strata=("all",)):
    """Rows of `places` (County objects; None is California) in the run.

    `strata`: the strata to read, or None for all of them.
    """
    where = Q(county_id__in=[place.pk for place in places if place is not None])
    if None in places:
        where |= Q(county__isnull=True)
    results = MeasureResult.objects.filter(where, run=run)
    if measure_ids is not None:
        results = results.filter(measure_id__in=list(measure_ids))
    if period_end is not None:
        results = results.filter(period_end=period_end)
    if strata is not None:
        results = results.filter(stratum__in=list(strata))
    names = {place.pk: place.name for place in places if place is not None}
    return [as_row(values, names) for values in results.values_list(*FIELDS)]


def as_row(values, names):
    row = dict(zip(FIELDS, values, strict=True))
    county_id = row.pop("county_id")
    row["county"] = CALIFORNIA if county_id is None else names[county_id]
    return row


@per_run
def statewide_masks(run) -> frozenset:
    """The statewide publication's masks for the run, computed once per run and process."""
    return publication.statewide_masks(fetch(run, places=[None, *County.objects.all()]))
