"""Which periods the data covers, and when a result is provisional."""

import datetime as dt

from opencqi.measures.catalog import PeriodType
from opencqi.measures.periods import add_months, is_provisional, periods_covered

D = dt.date


def test_within_twelve_months_ends_the_day_before_the_anniversary():
    assert add_months(D(2022, 3, 15), 12) == D(2023, 3, 15)


def test_adding_a_month_to_the_31st_clamps_to_the_month_end():
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)


def test_twelve_month_periods_end_at_every_quarter_end_up_to_as_of():
    periods = periods_covered(PeriodType.TWELVE_MONTHS, D(2020, 1, 1), D(2021, 9, 30))
    assert [(p.start, p.end) for p in periods] == [
        (D(2020, 1, 1), D(2020, 12, 31)),
        (D(2020, 4, 1), D(2021, 3, 31)),
        (D(2020, 7, 1), D(2021, 6, 30)),
        (D(2020, 10, 1), D(2021, 9, 30)),
    ]


def test_period_ending_after_as_of_is_not_covered():
    periods = periods_covered(PeriodType.TWELVE_MONTHS, D(2020, 1, 1), D(2021, 9, 29))
    assert periods[-1].end == D(2021, 6, 30)


def test_quarter_the_data_enters_part_way_through_is_not_covered():
    periods = periods_covered(PeriodType.QUARTER, D(2020, 1, 2), D(2020, 12, 31))
    assert [p.start for p in periods] == [D(2020, 4, 1), D(2020, 7, 1), D(2020, 10, 1)]


def test_quarters_starting_on_the_earliest_date_are_covered():
    periods = periods_covered(PeriodType.QUARTER, D(2020, 4, 1), D(2020, 9, 30))
    assert [(p.start, p.end) for p in periods] == [
        (D(2020, 4, 1), D(2020, 6, 30)),
        (D(2020, 7, 1), D(2020, 9, 30)),
    ]


def test_child_months_use_twelve_month_periods():
    periods = periods_covered(PeriodType.CHILD_MONTHS, D(2020, 1, 1), D(2020, 12, 31))
    assert [(p.start, p.end) for p in periods] == [(D(2020, 1, 1), D(2020, 12, 31))]


def test_no_data_means_no_periods():
    assert periods_covered(PeriodType.TWELVE_MONTHS, None, D(2020, 12, 31)) == []


def test_result_is_provisional_while_its_follow_up_runs_past_as_of():
    assert is_provisional(D(2022, 3, 31), 12, as_of=D(2023, 3, 30))
    assert not is_provisional(D(2022, 3, 31), 12, as_of=D(2023, 3, 31))


def test_result_without_follow_up_is_final_once_its_period_has_ended():
    assert not is_provisional(D(2022, 3, 31), 0, as_of=D(2022, 3, 31))
