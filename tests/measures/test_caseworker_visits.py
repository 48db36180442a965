"""2F monthly caseworker visits, as child-months summed over the period."""

from tests.measures.cases import Cases

VISITS = "caseworker_visits"
IN_RESIDENCE = "visits_in_residence"
YEAR = ("2022-01-01", "2022-12-31")


def test_child_month_needs_the_child_in_care_every_day_of_the_month():
    cases = Cases()
    cases.episode(cases.child(), "2022-03-02", "2022-06-30", "reunification")
    # April and May only: March starts on the 2nd, June ends before the 30th
    assert cases.result(VISITS, *YEAR) == (0, 2)


def test_removal_on_the_first_and_exit_on_the_next_first_make_a_whole_month():
    cases = Cases()
    cases.episode(cases.child(), "2022-03-01", "2022-04-01", "reunification")
    assert cases.result(VISITS, *YEAR) == (0, 1)


def test_child_still_in_care_counts_every_month_of_the_period():
    cases = Cases()
    cases.episode(cases.child(), "2021-05-17")
    assert cases.result(VISITS, *YEAR) == (0, 12)


def test_only_completed_in_person_visits_count():
    cases = Cases()
    child = cases.child()
    cases.episode(child, "2022-01-01", "2022-05-01", "reunification")
    cases.visit(child, "2022-01-10")
    cases.visit(child, "2022-02-10", completed=False)
    cases.visit(child, "2022-03-10", in_person=False)
    cases.visit(child, "2022-04-10", in_placement=False)
    assert cases.result(VISITS, *YEAR) == (2, 4)


def test_several_visits_in_a_month_make_one_visited_child_month():
    cases = Cases()
    child = cases.child()
    cases.episode(child, "2022-01-01", "2022-02-01", "reunification")
    cases.visit(child, "2022-01-03", in_placement=False)
    cases.visit(child, "2022-01-20", in_placement=True)
    assert cases.result(VISITS, *YEAR) == (1, 1)
    assert cases.result(IN_RESIDENCE, *YEAR) == (1, 1)


def test_visit_in_a_partial_month_does_not_count():
    cases = Cases()
    child = cases.child()
    cases.episode(child, "2022-01-15", "2022-03-01", "reunification")
    cases.visit(child, "2022-01-20")
    assert cases.result(VISITS, *YEAR) == (0, 1)


def test_visits_in_residence_are_a_share_of_visited_child_months():
    cases = Cases()
    child = cases.child()
    cases.episode(child, "2022-01-01", "2022-04-01", "reunification")
    cases.visit(child, "2022-01-10", in_placement=True)
    cases.visit(child, "2022-02-10", in_placement=False)
    assert cases.result(IN_RESIDENCE, *YEAR) == (1, 2)


def test_youth_over_eighteen_still_count_in_age_group_18_plus():
    cases = Cases()
    child = cases.child(birth_date="2003-01-01")
    cases.episode(child, "2021-01-01")
    cases.visit(child, "2022-01-05")
    assert cases.result(VISITS, *YEAR, stratum="age_group=18+") == (1, 12)


def test_child_month_belongs_to_the_episode_county():
    cases = Cases()
    child = cases.child()
    cases.episode(child, "2022-01-01", "2022-03-01", "reunification", county="Fresno")
    cases.episode(child, "2022-03-01", "2022-05-01", "reunification", county="Alameda")
    assert cases.result(VISITS, *YEAR, county="Fresno") == (0, 2)
    assert cases.result(VISITS, *YEAR, county="Alameda") == (0, 2)
    assert cases.result(VISITS, *YEAR, county="California") == (0, 4)
