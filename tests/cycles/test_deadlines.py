"""Dates in force, statuses, reminder windows and timeline bars (plain Python)."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from opencqi.cycles import timeline
from opencqi.cycles.dates import add_working_days, working_days_between
from opencqi.cycles.deadlines import (
    OVERDUE,
    Status,
    date_in_force,
    reminder_threshold,
    status_of,
)

D = datetime.date
TODAY = D(2026, 11, 23)


def test_the_latest_extension_that_still_gives_more_time_is_in_force():
    assert date_in_force(D(2026, 12, 1), []) == D(2026, 12, 1)
    assert date_in_force(D(2026, 12, 1), [D(2026, 12, 15), D(2026, 12, 10)]) == D(2026, 12, 10)


def test_an_extension_the_template_date_caught_up_with_no_longer_applies():
    assert date_in_force(D(2027, 1, 20), [D(2026, 12, 15)]) == D(2027, 1, 20)


def test_a_deliverable_past_its_date_and_still_with_the_county_is_overdue():
    day = D(2026, 11, 20)
    assert status_of(day, TODAY, deliverable=True, with_county=True) == Status.OVERDUE
    assert status_of(day, TODAY, deliverable=True, with_county=False) == Status.DONE
    assert status_of(day, TODAY, deliverable=False, with_county=True) == Status.PAST


def test_dates_within_sixty_days_are_due_soon():
    assert status_of(TODAY, TODAY, deliverable=True, with_county=True) == Status.DUE_SOON
    assert status_of(D(2027, 1, 22), TODAY, deliverable=False, with_county=True) == Status.DUE_SOON
    assert status_of(D(2027, 1, 23), TODAY, deliverable=False, with_county=True) == Status.UPCOMING


def test_each_reminder_threshold_covers_the_days_down_to_the_next():
    thresholds = (30, 7, 1)
    due = D(2026, 12, 23)
    assert reminder_threshold(due, D(2026, 11, 22), thresholds) is None  # 31 days before
    assert reminder_threshold(due, D(2026, 11, 23), thresholds) == 30
    assert reminder_threshold(due, D(2026, 12, 15), thresholds) == 30  # 8 days before
    assert reminder_threshold(due, D(2026, 12, 16), thresholds) == 7
    assert reminder_threshold(due, D(2026, 12, 22), thresholds) == 1
    assert reminder_threshold(due, due, thresholds) == 1
    assert reminder_threshold(due, D(2026, 12, 24), thresholds) == OVERDUE


def test_a_forward_step_is_a_bar_from_its_source_and_an_anchor_a_mark():
    window = timeline.Window(D(2026, 1, 1), D(2026, 12, 31))
    bar = timeline.place(D(2026, 7, 1), D(2026, 4, 1), window)
    assert (bar.left, bar.width, bar.is_mark) == (24.73, 25.0, False)
    assert timeline.place(D(2026, 7, 1), None, window).is_mark
    assert timeline.place(D(2026, 7, 1), D(2026, 9, 1), window).is_mark  # counted back


def test_a_bar_starting_before_the_window_is_clipped_at_its_edge():
    window = timeline.Window(D(2026, 1, 1), D(2026, 12, 31))
    bar = timeline.place(D(2026, 2, 1), D(2025, 6, 1), window)
    assert bar.left == 0 and bar.clipped


def test_ticks_mark_each_quarter_and_label_januaries_by_year():
    labels = [label for label, _ in timeline.ticks(timeline.Window(D(2026, 2, 1), D(2027, 2, 1)))]
    assert labels == ["Apr", "Jul", "Oct", "2027"]


@given(
    st.dates(min_value=D(2000, 1, 1), max_value=D(2080, 12, 31)),
    st.integers(min_value=-60, max_value=60),
)
def test_counting_working_days_undoes_adding_them(day, working_days):
    end = add_working_days(day, working_days)
    assert working_days_between(day, end) == working_days


def test_a_long_window_is_ticked_by_year():
    labels = [label for label, _ in timeline.ticks(timeline.Window(D(2026, 2, 1), D(2031, 2, 1)))]
    assert labels == ["2027", "2028", "2029", "2030", "2031"]
