"""Measure results for page tests, written straight into the app database (no engine needed).

Counts follow a county's child population, so small counties have counts of 1-10 that the
public view masks; every stratum dimension adds up to its "all" row, as the engine's do.
"""

import datetime as dt

from opencqi.counties.models import County
from opencqi.measures.catalog import AGE_GROUPS, CATALOG, measure_by_id
from opencqi.measures.models import MeasureResult, MeasureRun

AS_OF = dt.date(2024, 6, 30)
PERIOD_ENDS = [
    dt.date(2023, 6, 30),
    dt.date(2023, 9, 30),
    dt.date(2023, 12, 31),
    dt.date(2024, 3, 31),
    dt.date(2024, 6, 30),
]
LATEST = PERIOD_ENDS[-1]
# Measures given strata (at the latest period); the others have their "all" rows only.
WITH_STRATA = ("permanency_12m_entries", "recurrence", "caseworker_visits", "visits_in_residence")
SHARES = {
    "age_group": [
        (label, share) for (_, label), share in zip(AGE_GROUPS[:6], (2, 2, 2, 3, 3, 2), strict=True)
    ],
    "sex": [("female", 1), ("male", 1)],
    "race_ethnicity": [("black", 1), ("white", 1), ("latino", 2), ("asian_pacific_islander", 1)],
    "agency": [("child_welfare", 4), ("probation", 1)],
}


def make_run(as_of=AS_OF):
    return MeasureRun.objects.create(
        status=MeasureRun.Status.SUCCEEDED, as_of=as_of, code_version="test", profile="federal"
    )


def period_start(measure, end):
    months = 3 if measure.period_type == "quarter" else 12
    first = dt.date(end.year, end.month, 1)
    year, month = divmod(first.year * 12 + first.month - 1 - (months - 1), 12)
    return dt.date(year, month + 1, 1)


def result(run, measure_id, county, period_end, numerator, denominator, stratum="all"):
    measure = measure_by_id(measure_id)
    value = numerator / denominator * measure.multiplier if denominator else None
    return MeasureResult(
        run=run,
        measure_id=measure_id,
        county=county,
        period_start=period_start(measure, period_end),
        period_end=period_end,
        stratum=stratum,
        numerator=numerator,
        denominator=denominator,
        value=value,
        provisional=period_end.replace(year=period_end.year + 1) > run.as_of
        if measure.follow_up_months
        else False,
    )


def split(total, shares):
    """`total` divided in proportion to `shares`, whole numbers adding up to `total`."""
    weight = sum(shares)
    parts = [total * share // weight for share in shares]
    parts[-1] += total - sum(parts)
    return parts


def counts_for(children, index, step):
    """Deterministic numerator and denominator growing with the child population; the share
    varies by measure, period and county size."""
    denominator = children // 120 + step
    numerator = denominator * (20 + (index * 7 + step * 3 + children % 17) % 40) // 100
    return numerator, denominator


def results_for(run, places, period_ends=PERIOD_ENDS, strata_at=LATEST):
    rows = []
    for index, measure in enumerate(CATALOG):
        for step, end in enumerate(period_ends):
            for county in places:
                children = county.child_population if county else 9_000_000
                numerator, denominator = counts_for(children, index, step)
                rows.append(result(run, measure.id, county, end, numerator, denominator))
                if end != strata_at or measure.id not in WITH_STRATA:
                    continue
                for dimension in measure.strata:
                    labels = [label for label, _ in SHARES[dimension]]
                    shares = [share for _, share in SHARES[dimension]]
                    for label, num, den in zip(
                        labels, split(numerator, shares), split(denominator, shares), strict=True
                    ):
                        rows.append(
                            result(run, measure.id, county, end, num, den, f"{dimension}={label}")
                        )
    MeasureResult.objects.bulk_create(rows)
    return rows


def standard_results(places=None):
    """A run with every measure for California and `places` (default: all 58 counties)."""
    run = make_run()
    places = list(County.objects.all()) if places is None else places
    results_for(run, [None, *places])
    return run


def dashboard_placeholders(own, other):
    """Placeholders of the permission matrix: results for both counties and a finished batch
    of quarterly reports with one file."""
    from opencqi.dashboard import batches
    from opencqi.dashboard.tasks import quarterly_reports_for_all_counties
    from opencqi.jobs.models import Job

    results_for(make_run(), [None, own, other])
    job = Job.objects.create(
        title="Quarterly reports",
        task_name=quarterly_reports_for_all_counties.name,
        status=Job.Status.SUCCEEDED,
    )
    folder = batches.folder(job.pk)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.pdf").write_bytes(b"%PDF-1.7 placeholder")
    return {"REPORT_JOB": job.pk, "REPORT_FILE": "report.pdf"}
