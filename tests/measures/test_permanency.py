"""P1, P2 and P3: permanency in 12 months."""

from tests.measures.cases import Cases

P1 = "permanency_12m_entries"
P2 = "permanency_12m_12_23"
P3 = "permanency_12m_24plus"
YEAR = ("2022-01-01", "2022-12-31")


# -- P1: children entering care --------------------------------------------------------------


def test_exit_to_permanency_within_twelve_months_of_entry_counts():
    cases = Cases()
    cases.episode(cases.child(), "2022-03-15", "2023-03-14", "reunification")
    assert cases.result(P1, *YEAR) == (1, 1)


def test_exit_on_the_twelve_month_anniversary_is_not_within_twelve_months():
    cases = Cases()
    cases.episode(cases.child(), "2022-03-15", "2023-03-15", "reunification")
    assert cases.result(P1, *YEAR) == (0, 1)


def test_stay_of_seven_days_is_excluded_from_entry_cohort():
    cases = Cases()
    cases.episode(cases.child(), "2022-03-01", "2022-03-08", "reunification")
    assert cases.result(P1, *YEAR) == (0, 0)


def test_stay_of_eight_days_is_in_the_entry_cohort():
    cases = Cases()
    cases.episode(cases.child(), "2022-03-01", "2022-03-09", "reunification")
    assert cases.result(P1, *YEAR) == (1, 1)


def test_child_with_two_entries_is_counted_on_the_first_only():
    cases = Cases()
    child = cases.child()
    cases.episode(child, "2022-02-01", "2022-04-01", "transfer")
    cases.episode(child, "2022-06-01", "2022-08-01", "reunification")
    assert cases.result(P1, *YEAR) == (0, 1)


def test_later_entry_does_not_replace_a_first_entry_of_seven_days():
    cases = Cases()
    child = cases.child()
    cases.episode(child, "2022-02-01", "2022-02-08", "reunification")
    cases.episode(child, "2022-06-01", "2022-08-01", "reunification")
    assert cases.result(P1, *YEAR) == (0, 0)


def test_child_entering_at_eighteen_is_excluded():
    cases = Cases()
    cases.episode(cases.child(birth_date="2004-03-01"), "2022-03-01", "2022-05-01", "adoption")
    assert cases.result(P1, *YEAR) == (0, 0)


def test_only_permanency_exit_reasons_count():
    cases = Cases()
    for reason in ("reunification", "living_with_relative", "adoption", "guardianship"):
        cases.episode(cases.child(), "2022-02-01", "2022-06-01", reason)
    for reason in ("emancipation", "transfer", "runaway", "death", "other"):
        cases.episode(cases.child(), "2022-02-01", "2022-06-01", reason)
    assert cases.result(P1, *YEAR) == (4, 9)


def test_california_profile_does_not_count_living_with_relative_as_permanency():
    cases = Cases()
    cases.episode(cases.child(), "2022-02-01", "2022-06-01", "living_with_relative")
    cases.episode(cases.child(), "2022-02-01", "2022-06-01", "guardianship")
    assert cases.result(P1, *YEAR, profile="federal") == (2, 2)
    assert cases.result(P1, *YEAR, profile="california") == (1, 2)


def test_trial_home_visit_days_beyond_thirty_are_subtracted_from_the_stay():
    """Research edge case 3: a 60-day THV ending in reunification at day 390 -> stay 360."""
    cases = Cases()
    episode = cases.episode(cases.child(), "2022-01-01", "2023-01-26", "reunification")
    cases.placement(episode, "2022-01-01", "2022-11-27")
    cases.placement(episode, "2022-11-27", "2023-01-26", setting="trial_home_visit")
    assert cases.result(P1, *YEAR) == (1, 1)


def test_trial_home_visit_adjustment_applies_only_to_reunification():
    cases = Cases()
    episode = cases.episode(cases.child(), "2022-01-01", "2023-01-26", "guardianship")
    cases.placement(episode, "2022-01-01", "2022-11-27")
    cases.placement(episode, "2022-11-27", "2023-01-26", setting="trial_home_visit")
    assert cases.result(P1, *YEAR) == (0, 1)


def test_trial_home_visit_adjustment_needs_the_visit_to_be_the_last_placement():
    cases = Cases()
    episode = cases.episode(cases.child(), "2022-01-01", "2023-01-26", "reunification")
    cases.placement(episode, "2022-01-01", "2022-11-27", setting="trial_home_visit")
    cases.placement(episode, "2022-11-27", "2023-01-26")
    assert cases.result(P1, *YEAR) == (0, 1)


def test_trial_home_visit_of_thirty_days_changes_nothing():
    cases = Cases()
    episode = cases.episode(cases.child(), "2022-01-01", "2023-01-02", "reunification")
    cases.placement(episode, "2022-12-03", "2023-01-02", setting="trial_home_visit")
    assert cases.result(P1, *YEAR) == (0, 1)


def test_exit_to_guardianship_on_the_eighteenth_birthday_is_not_permanency():
    cases = Cases()
    cases.episode(cases.child(birth_date="2004-09-01"), "2022-03-01", "2022-09-01", "guardianship")
    cases.episode(cases.child(birth_date="2004-09-02"), "2022-03-01", "2022-09-01", "guardianship")
    assert cases.result(P1, *YEAR) == (1, 2)


def test_entry_cohort_age_group_is_taken_at_entry():
    cases = Cases()
    cases.episode(cases.child(birth_date="2021-03-01"), "2022-02-28", "2022-06-01", "adoption")
    assert cases.result(P1, *YEAR, stratum="age_group=under 1") == (1, 1)
    assert cases.result(P1, *YEAR, stratum="agency=child_welfare") == (1, 1)


# -- P2 / P3: children already in care ------------------------------------------------------


def test_episode_of_exactly_twelve_months_on_the_first_day_is_in_the_12_to_23_month_cohort():
    cases = Cases()
    cases.episode(cases.child(), "2021-01-01", "2022-06-01", "reunification")
    assert cases.result(P2, *YEAR) == (1, 1)
    assert cases.result(P3, *YEAR) == (0, 0)


def test_episode_one_day_short_of_twelve_months_is_in_neither_cohort():
    cases = Cases()
    cases.episode(cases.child(), "2021-01-02")
    assert cases.result(P2, *YEAR) == (0, 0)


def test_episode_of_exactly_twenty_four_months_is_in_the_24_month_cohort():
    cases = Cases()
    cases.episode(cases.child(), "2020-01-01", "2022-12-31", "adoption")
    assert cases.result(P3, *YEAR) == (1, 1)
    assert cases.result(P2, *YEAR) == (0, 0)


def test_episode_of_twenty_three_months_is_in_the_12_to_23_month_cohort():
    cases = Cases()
    cases.episode(cases.child(), "2020-01-02")
    assert cases.result(P2, *YEAR) == (0, 1)
    assert cases.result(P3, *YEAR) == (0, 0)


def test_exit_after_the_period_end_is_not_permanency_in_the_period():
    cases = Cases()
    cases.episode(cases.child(), "2020-06-01", "2023-01-01", "reunification")
    assert cases.result(P2, *YEAR) == (0, 1)


def test_child_who_exited_on_the_first_day_is_not_in_care_that_day():
    cases = Cases()
    cases.episode(cases.child(), "2020-06-01", "2022-01-01", "reunification")
    assert cases.result(P2, *YEAR) == (0, 0)


def test_youth_exiting_to_guardianship_on_the_eighteenth_birthday_counts_as_still_in_care():
    cases = Cases()
    cases.episode(cases.child(birth_date="2004-06-01"), "2019-01-01", "2022-06-01", "guardianship")
    assert cases.result(P3, *YEAR) == (0, 1)


def test_child_eighteen_on_the_first_day_is_not_in_the_cohort():
    cases = Cases()
    cases.episode(cases.child(birth_date="2004-01-01"), "2019-01-01")
    assert cases.result(P3, *YEAR) == (0, 0)


def test_in_care_cohort_age_group_is_taken_on_the_first_day():
    cases = Cases()
    cases.episode(cases.child(birth_date="2011-01-01"), "2019-01-01", agency="probation")
    assert cases.result(P3, *YEAR, stratum="age_group=11-15") == (0, 1)
    assert cases.result(P3, *YEAR, stratum="agency=probation") == (0, 1)
