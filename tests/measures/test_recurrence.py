"""S2 recurrence of maltreatment."""

from tests.measures.cases import Cases

S2 = "recurrence"
YEAR = ("2022-01-01", "2022-12-31")


def test_child_with_a_second_report_fifteen_days_after_the_index_recurred():
    cases = Cases()
    child = cases.child()
    cases.report(child, "2022-03-01")
    cases.report(child, "2022-03-16")
    assert cases.result(S2, *YEAR) == (1, 1)


def test_report_ten_days_after_the_index_is_not_a_recurrence():
    cases = Cases()
    child = cases.child()
    cases.report(child, "2022-03-01")
    cases.report(child, "2022-03-11")
    assert cases.result(S2, *YEAR) == (0, 1)


def test_report_fourteen_days_after_the_index_is_not_a_recurrence():
    cases = Cases()
    child = cases.child()
    cases.report(child, "2022-03-01")
    cases.report(child, "2022-03-15")
    assert cases.result(S2, *YEAR) == (0, 1)


def test_recurrence_must_come_within_twelve_months_of_the_index():
    cases = Cases()
    early, late = cases.child(), cases.child()
    cases.report(early, "2022-03-15")
    cases.report(early, "2023-03-14")
    cases.report(late, "2022-03-15")
    cases.report(late, "2023-03-15")
    assert cases.result(S2, *YEAR) == (1, 2)


def test_report_with_the_index_incident_date_is_the_same_incident():
    cases = Cases()
    child = cases.child()
    cases.report(child, "2022-03-01", incident_date="2022-02-20")
    cases.report(child, "2022-05-01", incident_date="2022-02-20")
    assert cases.result(S2, *YEAR) == (0, 1)


def test_index_is_the_earliest_report_and_ties_go_to_the_smallest_report_id():
    cases = Cases()
    child = cases.child()
    cases.report(child, "2022-03-01", incident_date="2022-02-01", report_id="r2")
    cases.report(child, "2022-03-01", incident_date="2022-02-20", report_id="r1")
    cases.report(child, "2022-05-01", incident_date="2022-02-20")
    # index r1 (incident Feb 20): the May report repeats its incident, so no recurrence
    assert cases.result(S2, *YEAR) == (0, 1)


def test_child_eighteen_on_the_index_date_is_not_in_the_cohort():
    cases = Cases()
    child = cases.child(birth_date="2004-03-01")
    cases.report(child, "2022-03-01")
    cases.report(child, "2022-05-01")
    assert cases.result(S2, *YEAR) == (0, 0)


def test_unsubstantiated_reports_are_neither_index_nor_recurrence():
    cases = Cases()
    child = cases.child()
    cases.report(child, "2022-02-01", disposition="unfounded")
    cases.report(child, "2022-03-01", disposition="indicated")
    cases.report(child, "2022-05-01", disposition="inconclusive")
    assert cases.result(S2, *YEAR) == (0, 1)


def test_result_belongs_to_the_index_county_and_recurrence_may_be_in_any_county():
    cases = Cases()
    child = cases.child()
    cases.report(child, "2022-03-01", county="Fresno")
    cases.report(child, "2022-06-01", county="Alameda")
    assert cases.result(S2, *YEAR, county="Fresno") == (1, 1)
    assert cases.result(S2, *YEAR, county="Alameda") == (0, 1)


def test_california_counts_a_child_reported_in_two_counties_once():
    cases = Cases()
    child = cases.child()
    cases.report(child, "2022-03-01", county="Fresno")
    cases.report(child, "2022-06-01", county="Alameda")
    assert cases.result(S2, *YEAR, county="California") == (1, 1)
