"""Date arithmetic of peer-review.md section 6: months clamped, calendar days, working days."""

import calendar
import datetime

from hypothesis import given
from hypothesis import strategies as st

from opencqi.cycles.dates import (
    add_days,
    add_months,
    add_working_days,
    add_years,
    is_state_holiday,
    is_working_day,
    next_month_day,
)

D = datetime.date
any_day = st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 12, 31))


# --- months and years ----------------------------------------------------------------------


def test_adding_a_month_to_january_31_clamps_to_the_last_day_of_february():
    assert add_months(D(2009, 1, 31), 1) == D(2009, 2, 28)


def test_adding_a_month_to_january_31_in_a_leap_year_gives_february_29():
    assert add_months(D(2008, 1, 31), 1) == D(2008, 2, 29)


def test_subtracting_months_clamps_the_same_way():
    assert add_months(D(2009, 3, 31), -1) == D(2009, 2, 28)
    assert add_months(D(2009, 5, 31), -2) == D(2009, 3, 31)


def test_clamping_carries_through_a_chain_of_month_steps():
    # Each step is computed from the step it names: 31 Jan + 1 month = 28 Feb,
    # then 28 Feb + 1 month = 28 Mar, not 31 Mar.
    february = add_months(D(2009, 1, 31), 1)
    assert add_months(february, 1) == D(2009, 3, 28)
    assert add_months(D(2009, 1, 31), 2) == D(2009, 3, 31)


def test_months_cross_year_boundaries_both_ways():
    assert add_months(D(2008, 11, 14), 4) == D(2009, 3, 14)
    assert add_months(D(2009, 1, 14), -2) == D(2008, 11, 14)


def test_a_year_is_twelve_months_so_february_29_clamps_to_february_28():
    assert add_years(D(2008, 2, 29), 1) == D(2009, 2, 28)
    assert add_years(D(2009, 1, 15), 3) == D(2012, 1, 15)


def test_calendar_days_land_on_weekends_without_being_moved():
    # 2008-03-14 + 30 days is Sunday 2008-04-13: a calendar due date stays put.
    assert add_days(D(2008, 3, 14), 30) == D(2008, 4, 13)
    assert D(2008, 4, 13).weekday() == calendar.SUNDAY


@given(any_day, st.integers(min_value=-600, max_value=600))
def test_adding_months_keeps_the_day_of_month_unless_the_month_is_shorter(day, months):
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day == min(day.day, calendar.monthrange(result.year, result.month)[1])


# --- working days --------------------------------------------------------------------------


def test_weekends_are_not_working_days():
    assert not is_working_day(D(2008, 4, 12))  # Saturday
    assert not is_working_day(D(2008, 4, 13))  # Sunday
    assert is_working_day(D(2008, 4, 14))


def test_california_observes_thanksgiving_and_the_day_after():
    assert is_state_holiday(D(2008, 11, 27))
    assert is_state_holiday(D(2008, 11, 28))
    assert not is_working_day(D(2008, 11, 28))


def test_an_observed_holiday_is_not_a_working_day():
    # 1 January 2022 is a Saturday; California observes it on Friday 31 December 2021.
    assert is_state_holiday(D(2021, 12, 31))
    assert not is_working_day(D(2021, 12, 31))


def test_ten_working_days_across_thanksgiving_skip_both_holidays_and_the_weekend():
    # From Friday 2008-11-21: Mon 24 (1), Tue 25 (2), Wed 26 (3); Thu 27 Thanksgiving and
    # Fri 28 the day after, Sat 29, Sun 30 skipped; Mon Dec 1 (4) .. Fri Dec 5 (8);
    # Mon Dec 8 (9), Tue Dec 9 (10).
    assert add_working_days(D(2008, 11, 21), 10) == D(2008, 12, 9)


def test_ten_working_days_across_new_year_skip_christmas_and_new_years_day():
    # From Monday 2008-12-22: Tue 23 (1), Wed 24 (2), Thu 25 Christmas, Fri 26 (3),
    # weekend, Mon 29 (4), Tue 30 (5), Wed 31 (6), Thu Jan 1 New Year's Day, Fri Jan 2 (7),
    # weekend, Mon Jan 5 (8), Tue 6 (9), Wed 7 (10).
    assert add_working_days(D(2008, 12, 22), 10) == D(2009, 1, 7)


def test_ten_working_days_across_new_year_skip_holidays_observed_on_fridays():
    # From Thursday 2021-12-23: Fri 24 Christmas (observed), weekend, Mon 27 (1) .. Thu 30 (4),
    # Fri 31 New Year's Day (observed), weekend, Mon Jan 3 (5) .. Fri Jan 7 (9), Mon Jan 10 (10).
    assert add_working_days(D(2021, 12, 23), 10) == D(2022, 1, 10)


def test_working_days_start_counting_the_day_after_even_from_a_weekend():
    # Sunday 2008-04-13 + 1 working day is Monday 2008-04-14.
    assert add_working_days(D(2008, 4, 13), 1) == D(2008, 4, 14)


def test_negative_working_days_count_backwards():
    # Tuesday 2008-12-09 - 10 working days is Friday 2008-11-21 (the Thanksgiving example).
    assert add_working_days(D(2008, 12, 9), -10) == D(2008, 11, 21)


@given(any_day, st.integers(min_value=1, max_value=60))
def test_working_day_dates_never_fall_on_a_weekend_or_a_california_holiday(day, working_days):
    result = add_working_days(day, working_days)
    assert result.weekday() < calendar.SATURDAY
    assert not is_state_holiday(result)


@given(any_day, st.integers(min_value=-60, max_value=60).filter(bool))
def test_n_working_days_lie_between_a_date_and_its_result(day, working_days):
    result = add_working_days(day, working_days)
    low, high = sorted((day, result))
    between = [low + datetime.timedelta(days=offset) for offset in range(1, (high - low).days + 1)]
    if working_days < 0:  # counting back: the result counts, the start does not
        between = [low, *between[:-1]]
    assert sum(is_working_day(candidate) for candidate in between) == abs(working_days)
    assert is_working_day(result)


# --- next calendar date --------------------------------------------------------------------


def test_next_month_day_is_this_year_when_not_yet_passed():
    assert next_month_day(D(2008, 3, 14), 9, 30) == D(2008, 9, 30)


def test_next_month_day_is_the_same_day_when_it_falls_on_it():
    assert next_month_day(D(2008, 9, 30), 9, 30) == D(2008, 9, 30)


def test_next_month_day_is_next_year_once_passed():
    assert next_month_day(D(2008, 10, 1), 9, 30) == D(2009, 9, 30)
