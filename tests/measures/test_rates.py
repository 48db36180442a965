"""Context rates per 1,000 children: entries, in care, substantiations."""

import pytest

from tests.measures.cases import Cases

YEAR = ("2022-01-01", "2022-12-31")


def test_entry_rate_counts_distinct_children_entering_over_the_population():
    cases = Cases()
    child = cases.child()
    cases.episode(child, "2022-02-01", "2022-02-03", "reunification")
    cases.episode(child, "2022-05-01")
    cases.episode(cases.child(), "2021-12-31")
    cases.population(2022, 2000)
    assert cases.result("entry_rate", *YEAR) == (1, 2000)
    assert cases.results("entry_rate", *YEAR)[("Alameda", "all")]["value"] == pytest.approx(0.5)


def test_in_care_rate_counts_children_in_care_on_the_last_day():
    cases = Cases()
    cases.episode(cases.child(), "2022-02-01", "2022-12-31", "reunification")
    cases.episode(cases.child(), "2022-02-01", "2023-01-01", "reunification")
    cases.episode(cases.child(), "2015-02-01")
    cases.population(2022, 1000)
    assert cases.result("in_care_rate", *YEAR) == (2, 1000)


def test_substantiation_rate_counts_children_with_a_victim_report_in_the_report_county():
    cases = Cases()
    child = cases.child()
    cases.report(child, "2022-03-01", county="Fresno")
    cases.report(child, "2022-04-01", county="Fresno")
    cases.report(cases.child(), "2022-04-01", disposition="unfounded", county="Fresno")
    cases.population(2022, 1000, county="Fresno")
    assert cases.result("substantiation_rate", *YEAR, county="Fresno") == (1, 1000)


def test_population_is_the_year_the_period_ends_in():
    cases = Cases()
    cases.episode(cases.child(), "2022-02-01")
    cases.population(2022, 1000)
    cases.population(2023, 3000)
    assert cases.result("entry_rate", "2022-04-01", "2023-03-31") == (0, 3000)


def test_county_without_entries_has_a_rate_of_zero():
    cases = Cases()
    cases.population(2022, 1000, county="Alpine")
    assert cases.result("entry_rate", *YEAR, county="Alpine") == (0, 1000)


def test_california_rate_counts_a_child_entering_in_two_counties_once():
    cases = Cases()
    child = cases.child()
    cases.episode(child, "2022-02-01", "2022-03-01", "transfer", county="Fresno")
    cases.episode(child, "2022-03-01", county="Alameda")
    cases.population(2022, 1000, county="Fresno")
    cases.population(2022, 3000, county="Alameda")
    assert cases.result("entry_rate", *YEAR, county="Fresno") == (1, 1000)
    assert cases.result("entry_rate", *YEAR, county="Alameda") == (1, 3000)
    assert cases.result("entry_rate", *YEAR, county="California") == (1, 4000)
