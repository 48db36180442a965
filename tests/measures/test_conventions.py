"""Conventions shared by all measures: ages, strata, California, a whole catalog run."""

import datetime as dt

import pytest

from opencqi.measures.catalog import CATALOG, MEASURES, age_group_of
from opencqi.measures.engine import (
    RESULT_COLUMNS,
    compute_measures,
    measure_results,
    periods_table,
    summarise,
)
from opencqi.measures.periods import periods_covered
from opencqi.measures.units import CELL_BUILDERS, UNIT_BUILDERS
from tests.measures.cases import Cases, duckdb_tables
from tests.reference.random_cases import AS_OF, random_rows

P1 = "permanency_12m_entries"
YEAR = ("2022-01-01", "2022-12-31")


def test_age_groups_follow_the_published_bands():
    assert [age_group_of(a) for a in (0, 1, 2, 3, 5, 6, 10, 11, 15, 16, 17, 18)] == [
        "under 1", "1-2", "1-2", "3-5", "3-5", "6-10", "6-10", "11-15", "11-15",
        "16-17", "16-17", "18+",
    ]  # fmt: skip


def test_age_is_completed_years_so_a_child_is_one_on_the_first_birthday():
    cases = Cases()
    cases.episode(cases.child(birth_date="2021-03-01"), "2022-03-01", "2022-06-01", "adoption")
    cases.episode(cases.child(birth_date="2021-03-02"), "2022-03-01", "2022-06-01", "adoption")
    assert cases.result(P1, *YEAR, stratum="age_group=1-2") == (1, 1)
    assert cases.result(P1, *YEAR, stratum="age_group=under 1") == (1, 1)


def test_child_born_on_february_29_turns_eighteen_on_march_1_in_a_common_year():
    cases = Cases()
    child = cases.child(birth_date="2004-02-29")
    cases.episode(child, "2021-06-01")
    assert cases.result("maltreatment_in_care", *YEAR) == (0, 59)


def test_every_dimension_of_a_measure_is_a_stratum_that_adds_up_to_all():
    cases = Cases()
    cases.episode(cases.child(sex="male", race_ethnicity="black"), "2022-02-01")
    cases.episode(cases.child(sex="female"), "2022-03-01", agency="probation")
    results = cases.results(P1, *YEAR)
    strata = {stratum for county, stratum in results if county == "Alameda"}
    assert strata == {
        "all",
        "age_group=6-10",
        "sex=male",
        "sex=female",
        "race_ethnicity=black",
        "race_ethnicity=latino",
        "agency=child_welfare",
        "agency=probation",
    }
    for dimension in ("sex", "agency"):
        parts = [r for (_, s), r in results.items() if s.startswith(dimension + "=")]
        assert (
            sum(r["denominator"] for r in parts) == 2 * results[("Alameda", "all")]["denominator"]
        )  # Alameda and California


def test_california_counts_a_child_who_entered_in_two_counties_once():
    cases = Cases()
    child = cases.child()
    cases.episode(child, "2022-02-01", "2022-03-01", "transfer", county="Fresno")
    cases.episode(child, "2022-03-01", "2022-05-01", "reunification", county="Alameda")
    assert cases.result(P1, *YEAR, county="Fresno") == (0, 1)
    assert cases.result(P1, *YEAR, county="Alameda") == (1, 1)
    assert cases.result(P1, *YEAR, county="California") == (0, 1)


def test_catalog_run_computes_every_measure_and_flags_follow_up_measures_provisional():
    cases = Cases()
    child = cases.child()
    episode = cases.episode(child, "2020-01-01")
    cases.placement(episode, "2020-01-01")
    cases.report(child, "2020-01-01")
    cases.referral("2020-01-01T00:00", "2020-01-01T05:00")
    cases.visit(child, "2020-01-01")
    cases.population(2020, 100)
    run = []
    result = compute_measures(
        cases.tables(), dt.date(2020, 12, 31), on_measure=lambda m, n: run.append(m.id)
    )
    assert run == [m.id for m in CATALOG]
    assert tuple(result.column_names) == RESULT_COLUMNS
    rows = result.to_pylist()
    # the 12-month period of 2020, and 2B's first quarter (the only one with a referral)
    assert {r["period_end"] for r in rows} == {dt.date(2020, 3, 31), dt.date(2020, 12, 31)}
    follow_up = {m.id for m in CATALOG if m.follow_up_months}
    assert all(r["provisional"] == (r["measure_id"] in follow_up) for r in rows)


def test_catalog_run_limited_to_chosen_measures():
    cases = Cases()
    cases.episode(cases.child(), "2020-01-01")
    result = compute_measures(cases.tables(), dt.date(2020, 12, 31), measure_ids=[P1])
    assert set(result.column("measure_id").to_pylist()) == {P1}


@pytest.mark.parametrize("measure_id", sorted(CELL_BUILDERS))
def test_cells_added_up_before_the_periods_equal_the_units_added_up_case_by_case(measure_id):
    """Results use the cells; cohort listings (cohorts.py) use the units: both must agree."""
    measure = MEASURES[measure_id]
    rows = random_rows(seed=3, children=60)
    tables = duckdb_tables(rows)
    periods = periods_table(periods_covered(measure.period_type, dt.date(2017, 1, 1), AS_OF, 12))
    units = UNIT_BUILDERS[measure_id](measure, tables, periods, "federal")
    via_units = summarise(units, measure).to_pyarrow().to_pylist()
    via_cells = measure_results(measure, tables, periods).to_pyarrow().to_pylist()
    assert len(via_cells) > 100
    assert sorted(via_units, key=repr) == sorted(via_cells, key=repr)
