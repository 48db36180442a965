"""Periods a measure is reported for, and whether each result is still provisional.

A period is covered by the data when it lies wholly inside the data's span:
- it starts on or after the data's first whole quarter, i.e. the first quarter start on or
  after the earliest event date of every table the measure reads (a quarter the data enters
  part-way through is not covered), and
- it ends on or before `as_of`, the extract date (the last day the data can speak for).

12-month periods end at every quarter end (Mar 31, Jun 30, Sep 30, Dec 31) and start 12 months
earlier; 2B uses the quarters themselves. A result is provisional when its follow-up end
(period_end + follow-up months, or period_end when the measure has none) is after `as_of`.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from opencqi.measures.catalog import PeriodType


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date
    provisional: bool


def add_months(day, months):
    """`day` plus calendar months, clamped to the month's last day (Jan 31 + 1 month = Feb 28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last_day))


def first_quarter_start_on_or_after(day):
    start = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return start if start == day else add_months(start, 3)


def follow_up_end(period_end, follow_up_months):
    return add_months(period_end, follow_up_months) if follow_up_months else period_end


def is_provisional(period_end, follow_up_months, as_of):
    return follow_up_end(period_end, follow_up_months) > as_of


def periods_covered(period_type, earliest, as_of, follow_up_months=0):
    """Every period of `period_type` that lies between the earliest event date and `as_of`."""
    if earliest is None:
        return []
    months = 3 if period_type == PeriodType.QUARTER else 12
    periods = []
    start = first_quarter_start_on_or_after(earliest)
    while (end := add_months(start, months) - dt.timedelta(days=1)) <= as_of:
        periods.append(Period(start, end, is_provisional(end, follow_up_months, as_of)))
        start = add_months(start, 3)
    return periods
