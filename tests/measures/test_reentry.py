"""P4 re-entry to foster care within 12 months of a permanency exit."""

from tests.measures.cases import Cases

P4 = "reentry_12m"
YEAR = ("2022-01-01", "2022-12-31")


def test_new_removal_within_twelve_months_of_reunification_is_a_reentry():
    cases = Cases()
    child = cases.child()
    cases.episode(child, "2021-06-01", "2022-03-15", "reunification")
    cases.episode(child, "2023-03-14")
    assert cases.result(P4, *YEAR) == (1, 1)


def test_reentry_thirteen_months_after_reunification_is_not_counted():
    cases = Cases()
    child = cases.child()
    cases.episode(child, "2021-06-01", "2022-03-15", "reunification")
    cases.episode(child, "2023-04-15")
    assert cases.result(P4, *YEAR) == (0, 1)


def test_reentry_on_the_twelve_month_anniversary_is_not_within_twelve_months():
    cases = Cases()
    child = cases.child()
    cases.episode(child, "2021-06-01", "2022-03-15", "reunification")
    cases.episode(child, "2023-03-15")
    assert cases.result(P4, *YEAR) == (0, 1)


def test_two_reentries_count_once():
    cases = Cases()
    child = cases.child()
    cases.episode(child, "2021-06-01", "2022-03-15", "reunification")
    cases.episode(child, "2022-05-01", "2022-05-20", "reunification")
    cases.episode(child, "2022-07-01")
    assert cases.result(P4, *YEAR) == (1, 1)


def test_adoption_exit_followed_by_reentry_is_not_in_the_cohort():
    cases = Cases()
    child = cases.child()
    cases.episode(child, "2021-06-01", "2022-03-15", "adoption")
    cases.episode(child, "2022-05-01")
    assert cases.result(P4, *YEAR) == (0, 0)


def test_living_with_relative_exit_is_in_the_federal_cohort_only():
    cases = Cases()
    cases.episode(cases.child(), "2021-06-01", "2022-03-15", "living_with_relative")
    cases.episode(cases.child(), "2021-06-01", "2022-03-15", "guardianship")
    assert cases.result(P4, *YEAR, profile="federal") == (0, 2)
    assert cases.result(P4, *YEAR, profile="california") == (0, 1)


def test_stay_of_seven_days_is_excluded_from_the_exit_cohort():
    cases = Cases()
    cases.episode(cases.child(), "2022-03-01", "2022-03-08", "reunification")
    assert cases.result(P4, *YEAR) == (0, 0)


def test_exit_at_eighteen_is_excluded_from_the_exit_cohort():
    cases = Cases()
    cases.episode(cases.child(birth_date="2004-03-15"), "2021-06-01", "2022-03-15", "reunification")
    assert cases.result(P4, *YEAR) == (0, 0)


def test_qualifying_exits_are_filtered_before_the_first_exit_is_taken():
    """A short first stay does not hide the child's later qualifying exit."""
    cases = Cases()
    child = cases.child()
    cases.episode(child, "2022-02-01", "2022-02-05", "reunification")
    cases.episode(child, "2022-04-01", "2022-06-01", "reunification")
    cases.episode(child, "2022-09-01")
    assert cases.result(P4, *YEAR) == (1, 1)


def test_first_qualifying_exit_is_used_when_a_child_exits_twice():
    cases = Cases()
    child = cases.child()
    cases.episode(child, "2021-06-01", "2022-02-01", "reunification", county="Fresno")
    cases.episode(child, "2022-04-01", "2022-06-01", "reunification", county="Alameda")
    assert cases.result(P4, *YEAR, county="California") == (1, 1)
    assert cases.result(P4, *YEAR, county="Fresno") == (1, 1)
    assert cases.result(P4, *YEAR, county="Alameda") == (0, 1)


def test_age_group_is_taken_at_exit():
    cases = Cases()
    cases.episode(cases.child(birth_date="2011-06-01"), "2021-01-01", "2022-06-01", "reunification")
    assert cases.result(P4, *YEAR, stratum="age_group=11-15") == (0, 1)
