"""The measure engine: runs the catalog and adds each measure's units up into results.

A measure is computed in one set-based query over all its periods at once: the case rows are
joined with a small `periods` table (period_start, period_end, provisional). Each measure builds
its *units* (`units.py`); `summarise` adds them up per county x period x stratum. The
expressions use only portable Ibis operations, so they run unchanged on DuckDB and PySpark.
"""

import datetime as dt

import ibis
import pyarrow as pa
import pyarrow.compute as pc

from opencqi.measures.catalog import CATALOG, DEFAULT_PROFILE, measure_by_id
from opencqi.measures.expressions import CASE_KEYS, PERIOD_KEYS
from opencqi.measures.inputs import EVENT_DATE_COLUMNS
from opencqi.measures.periods import periods_covered
from opencqi.measures.units import CELL_BUILDERS, UNIT_BUILDERS

__all__ = ["CASE_KEYS", "UNIT_BUILDERS", "compute_measures", "measure_results", "periods_table"]

RESULT_COLUMNS = (
    "measure_id",
    "county",
    "period_start",
    "period_end",
    "stratum",
    "numerator",
    "denominator",
    "value",
    "provisional",
)
RESULT_SCHEMA = pa.schema(
    [
        ("measure_id", pa.string()),
        ("county", pa.string()),
        ("period_start", pa.date32()),
        ("period_end", pa.date32()),
        ("stratum", pa.string()),
        ("numerator", pa.int64()),
        ("denominator", pa.int64()),
        ("value", pa.float64()),
        ("provisional", pa.bool_()),
    ]
)
PERIODS_SCHEMA = ibis.schema(
    {"period_start": "date", "period_end": "date", "provisional": "boolean"}
)


# -- running the catalog ---------------------------------------------------------------------


def compute_measures(tables, as_of, *, measure_ids=None, profile=DEFAULT_PROFILE, on_measure=None):
    """Results of the measures (default: the whole catalog) for every covered period.

    `tables` are the case tables (see `inputs.read_case_tables`) on any Ibis backend; returns an
    Arrow table with RESULT_COLUMNS, sorted. `on_measure(measure, rows)` is called after each
    measure, for progress. Measures built by the same rules (P2 and P3, the two 2B and the two
    2F measures) run as one query, so the backend computes their shared part once.
    """
    measures = [measure_by_id(i) for i in measure_ids] if measure_ids else list(CATALOG)
    earliest = earliest_event_dates(tables, {t for m in measures for t in m.tables})
    parts = []
    for family in families(measures):
        first = family[0]
        periods = periods_covered(
            first.period_type, coverage_start(first, earliest), as_of, first.follow_up_months
        )
        results = {m.id: empty_results() for m in family}
        if periods:
            table = periods_table(periods)
            exprs = [measure_results(m, tables, table, profile) for m in family]
            combined = ibis.union(*exprs).to_pyarrow().cast(RESULT_SCHEMA)
            for measure in family:
                results[measure.id] = combined.filter(pc.equal(combined["measure_id"], measure.id))
        for measure in family:
            parts.append(results[measure.id])
            if on_measure:
                on_measure(measure, results[measure.id].num_rows)
    combined = pa.concat_tables(parts) if parts else empty_results()
    return combined.sort_by(
        [(name, "ascending") for name in ("measure_id", "county", "period_end", "stratum")]
    )


def families(measures):
    """The measures grouped by the rules that build them, in catalog order."""
    groups = {}
    for measure in measures:
        key = (UNIT_BUILDERS[measure.id], measure.period_type, measure.follow_up_months)
        groups.setdefault(key, []).append(measure)
    return list(groups.values())


def measure_results(measure, tables, periods, profile=DEFAULT_PROFILE):
    """The Ibis expression of one measure's result rows for every period in `periods`."""
    builder = CELL_BUILDERS.get(measure.id, UNIT_BUILDERS[measure.id])
    return summarise(builder(measure, tables, periods, profile), measure)


def earliest_event_dates(tables, names):
    """The earliest event date of each named table (None when it is empty)."""
    earliest = {}
    for name in sorted(names & EVENT_DATE_COLUMNS.keys()):
        value = tables[name][EVENT_DATE_COLUMNS[name]].min().to_pyarrow().as_py()
        earliest[name] = value.date() if isinstance(value, dt.datetime) else value
    return earliest


def coverage_start(measure, earliest):
    """The first date every table the measure reads has data for."""
    dates = [earliest.get(name) for name in measure.tables if name in EVENT_DATE_COLUMNS]
    return None if None in dates else max(dates)


def periods_table(periods):
    return ibis.memtable(
        {
            "period_start": [p.start for p in periods],
            "period_end": [p.end for p in periods],
            "provisional": [p.provisional for p in periods],
        },
        schema=PERIODS_SCHEMA,
    )


def empty_results():
    return RESULT_SCHEMA.empty_table()


# -- adding units up -------------------------------------------------------------------------


def summarise(units, measure):
    """Sum units to one row per county x period x stratum ("all" and each dimension=value)."""
    dimensions = list(measure.strata)
    cells = units.group_by(*PERIOD_KEYS, *dimensions).aggregate(
        numerator=units.numerator.sum(), denominator=units.denominator.sum()
    )
    labels = [ibis.literal("all")] + [ibis.literal(f"{d}=") + cells[d] for d in dimensions]
    exploded = cells.mutate(stratum=ibis.array(labels).unnest())
    totals = exploded.group_by(*PERIOD_KEYS, "stratum").aggregate(
        numerator=exploded.numerator.sum().cast("int64"),
        denominator=exploded.denominator.sum().cast("int64"),
    )
    value = (
        totals.numerator.cast("float64")
        / totals.denominator.nullif(0).cast("float64")
        * measure.multiplier
    )
    return totals.select(
        measure_id=ibis.literal(measure.id),
        county=totals.county,
        period_start=totals.period_start,
        period_end=totals.period_end,
        stratum=totals.stratum,
        numerator=totals.numerator,
        denominator=totals.denominator,
        value=value,
        provisional=totals.provisional,
    )
