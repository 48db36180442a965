"""S1 maltreatment in care: days in care and counted victimizations."""

from tests.measures.cases import Cases

S1 = "maltreatment_in_care"
YEAR = ("2022-01-01", "2022-12-31")


def test_days_in_care_count_each_day_of_the_period_before_exit():
    cases = Cases()
    child = cases.child()
    cases.episode(child, "2021-12-01", "2022-01-11", "reunification")
    assert cases.result(S1, *YEAR) == (0, 10)


def test_days_in_care_of_a_child_still_in_care_run_to_the_period_end():
    cases = Cases()
    cases.episode(cases.child(), "2022-12-22")
    assert cases.result(S1, *YEAR) == (0, 10)


def test_stay_of_seven_days_contributes_neither_days_nor_reports():
    cases = Cases()
    child = cases.child()
    cases.episode(child, "2022-03-01", "2022-03-08", "reunification")
    cases.report(child, "2022-03-07")
    assert cases.result(S1, *YEAR) == (0, 0)


def test_stay_of_eight_days_contributes_its_days():
    cases = Cases()
    cases.episode(cases.child(), "2022-03-01", "2022-03-09", "reunification")
    assert cases.result(S1, *YEAR) == (0, 8)


def test_days_stop_at_the_eighteenth_birthday():
    cases = Cases()
    child = cases.child(birth_date="2004-01-11")
    cases.episode(child, "2021-06-01")
    assert cases.result(S1, *YEAR) == (0, 10)


def test_report_in_the_first_seven_days_of_an_episode_is_not_counted():
    cases = Cases()
    child = cases.child()
    cases.episode(child, "2022-03-01")
    cases.report(child, "2022-03-04")  # removal + 3
    cases.report(child, "2022-03-07")  # removal + 6
    assert cases.result(S1, *YEAR)[0] == 0


def test_report_on_the_eighth_day_of_an_episode_is_counted():
    cases = Cases()
    child = cases.child()
    cases.episode(child, "2022-03-01")
    cases.report(child, "2022-03-08")  # removal + 7
    assert cases.result(S1, *YEAR)[0] == 1


def test_only_substantiated_or_indicated_reports_count():
    cases = Cases()
    child = cases.child()
    cases.episode(child, "2022-01-01")
    cases.report(child, "2022-02-01", disposition="inconclusive")
    cases.report(child, "2022-03-01", disposition="unfounded")
    cases.report(child, "2022-04-01", disposition="indicated")
    cases.report(child, "2022-05-01", disposition="substantiated")
    assert cases.result(S1, *YEAR)[0] == 2


def test_report_outside_an_episode_is_not_counted():
    cases = Cases()
    child = cases.child()
    cases.episode(child, "2022-01-01", "2022-03-01", "reunification")
    cases.report(child, "2022-03-01")  # exit day: no longer in care
    assert cases.result(S1, *YEAR)[0] == 0


def test_report_whose_incident_was_before_the_episode_is_not_counted():
    cases = Cases()
    child = cases.child()
    cases.episode(child, "2022-01-01")
    cases.report(child, "2022-02-01", incident_date="2021-12-31")
    cases.report(child, "2022-04-01", incident_date="2022-01-01")
    assert cases.result(S1, *YEAR)[0] == 1


def test_report_within_one_day_of_the_previous_counted_report_is_the_same_victimization():
    cases = Cases()
    child = cases.child()
    cases.episode(child, "2022-01-01")
    cases.report(child, "2022-02-01")
    cases.report(child, "2022-02-01")
    cases.report(child, "2022-02-02")
    cases.report(child, "2022-02-04")
    assert cases.result(S1, *YEAR)[0] == 2


def test_reports_on_three_consecutive_days_are_two_victimizations():
    """The third day is two days after the last *counted* report, so it counts again."""
    cases = Cases()
    child = cases.child()
    cases.episode(child, "2022-01-01")
    for day in ("2022-02-01", "2022-02-02", "2022-02-03"):
        cases.report(child, day)
    assert cases.result(S1, *YEAR)[0] == 2


def test_report_deduplication_looks_at_the_previous_period_too():
    cases = Cases()
    child = cases.child()
    cases.episode(child, "2021-06-01")
    cases.report(child, "2021-12-31")
    cases.report(child, "2022-01-01")
    assert cases.result(S1, *YEAR)[0] == 0


def test_report_at_eighteen_is_not_counted():
    cases = Cases()
    child = cases.child(birth_date="2004-03-01")
    cases.episode(child, "2021-06-01")
    cases.report(child, "2022-02-28")
    cases.report(child, "2022-03-01")
    assert cases.result(S1, *YEAR) == (1, 59)


def test_result_belongs_to_the_episode_county_not_the_report_county():
    cases = Cases()
    child = cases.child()
    cases.episode(child, "2022-01-01", county="Fresno")
    cases.report(child, "2022-06-01", county="Alameda")
    assert cases.result(S1, *YEAR, county="Fresno")[0] == 1
    assert cases.result(S1, *YEAR, county="Alameda") == (0, 0)


def test_age_group_is_taken_on_the_first_day_in_care_in_the_period():
    cases = Cases()
    child = cases.child(birth_date="2016-06-30")
    cases.episode(child, "2021-01-01")
    assert cases.result(S1, *YEAR, stratum="age_group=3-5") == (0, 365)
