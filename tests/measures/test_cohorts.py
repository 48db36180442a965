"""A measure's cohort case by case: the engine's units, with the worker and the outcome."""

import datetime as dt

import ibis
import pytest

from opencqi.measures.cohorts import NoCohort, cohort_cases
from opencqi.measures.periods import Period
from tests.measures.cases import COUNTY, Cases, duckdb_tables

YEAR = Period(dt.date(2022, 1, 1), dt.date(2022, 12, 31), False)


def connection(cases, workers=None):
    """An Ibis DuckDB connection with the case tables; episodes get `workers` by episode id."""
    con = ibis.duckdb.connect()
    duckdb_tables(cases.rows, con)
    if workers is not None:
        con.raw_sql("ALTER TABLE episodes ADD COLUMN worker_id VARCHAR")
        for episode_id, worker in workers.items():
            con.raw_sql(
                f"UPDATE episodes SET worker_id = '{worker}' WHERE episode_id = '{episode_id}'"
            )
    return con


def test_permanency_cohort_lists_each_episode_with_its_outcome_and_worker():
    cases = Cases()
    reunified = cases.episode(cases.child(), "2022-03-15", "2022-09-01", "reunification")
    still_in = cases.episode(cases.child(), "2022-04-01")
    elsewhere = cases.episode(cases.child(), "2022-04-01", county="Fresno")
    con = connection(cases, {reunified: "W1", still_in: "W2", elsewhere: "W3"})
    rows = cohort_cases(con, "permanency_12m_entries", COUNTY, YEAR)
    assert [(r.case_id, r.achieved, r.worker_id) for r in rows] == [
        (reunified, True, "W1"),
        (still_in, False, "W2"),
    ]
    assert rows[0].removal_date == dt.date(2022, 3, 15)
    assert rows[0].agency == "child_welfare"


def test_the_cohort_agrees_with_the_measure_result():
    cases = Cases()
    for month in range(1, 10):
        exit_date = f"2022-{month + 2:02d}-01" if month % 3 else None
        cases.episode(cases.child(), f"2022-{month:02d}-10", exit_date, "reunification")
    rows = cohort_cases(connection(cases), "permanency_12m_entries", COUNTY, YEAR)
    numerator, denominator = cases.result("permanency_12m_entries", "2022-01-01", "2022-12-31")
    assert len(rows) == denominator
    assert sum(r.achieved for r in rows) == numerator


def test_lower_is_better_achieved_means_nothing_went_wrong():
    cases = Cases()
    child = cases.child()
    first = cases.episode(child, "2021-01-01", "2022-02-01", "reunification")
    cases.episode(child, "2022-06-01")
    stayed_home = cases.episode(cases.child(), "2021-01-01", "2022-03-01", "reunification")
    rows = {r.case_id: r for r in cohort_cases(connection(cases), "reentry_12m", COUNTY, YEAR)}
    assert not rows[first].achieved
    assert rows[stayed_home].achieved


def test_a_child_level_measure_takes_the_worker_of_the_childs_latest_episode():
    cases = Cases()
    child = cases.child()
    old = cases.episode(child, "2019-01-01", "2019-06-01", "reunification")
    latest = cases.episode(child, "2021-05-01", "2021-09-01", "reunification")
    cases.report(child, "2022-02-01")
    con = connection(cases, {old: "W-old", latest: "W-latest"})
    [row] = cohort_cases(con, "recurrence", COUNTY, YEAR)
    assert (row.case_id, row.episode_id, row.worker_id, row.achieved) == (
        child,
        None,
        "W-latest",
        True,
    )


def test_without_worker_ids_the_worker_is_unknown():
    cases = Cases()
    cases.episode(cases.child(), "2022-03-15")
    [row] = cohort_cases(connection(cases), "permanency_12m_entries", COUNTY, YEAR)
    assert row.worker_id is None


@pytest.mark.parametrize("measure_id", ["timely_response_immediate", "entry_rate"])
def test_measures_without_cases_have_no_cohort(measure_id):
    with pytest.raises(NoCohort):
        cohort_cases(connection(Cases()), measure_id, COUNTY, YEAR)
