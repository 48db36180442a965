"""Due-date arithmetic of the CQI cycle: calendar months, calendar days and working days.

The rules are those of the C-CFSR guidance (shared/domain/peer-review.md, section 6):

- d + N months is the same day of the month N months later, clamped to that month's last day
  (2009-01-31 + 1 month = 2009-02-28); d - N months likewise. Years are 12 months.
- d + N days counts calendar days. A date computed in calendar terms is never moved off a
  weekend or a holiday.
- d + N working days is the Nth day after d that is neither a Saturday, a Sunday nor a
  California state holiday as the `holidays` package lists them (observed dates included).

Plain Python: no Django, so every rule is testable in milliseconds.
"""

import calendar
import datetime
from functools import lru_cache

import holidays

SATURDAY = 5


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month `months` later (or earlier), clamped to that month's end."""
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    month += 1
    last_day = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last_day))


def add_years(day: datetime.date, years: int) -> datetime.date:
    """d + N years is d + 12N months (so 29 February clamps to 28 February)."""
    return add_months(day, 12 * years)


def add_days(day: datetime.date, days: int) -> datetime.date:
    """Calendar days; the result may fall on a weekend or a holiday."""
    return day + datetime.timedelta(days=days)


@lru_cache(maxsize=256)
def california_state_holidays(year: int) -> frozenset[datetime.date]:
    """Every California state holiday falling in `year`, observed dates included.

    The neighbouring years are asked too, so that an observed date pushed across New Year
    (1 January on a Saturday is observed on 31 December) is found whichever year lists it.
    """
    listed = holidays.country_holidays("US", subdiv="CA", years=(year - 1, year, year + 1))
    return frozenset(day for day in listed if day.year == year)


def is_state_holiday(day: datetime.date) -> bool:
    return day in california_state_holidays(day.year)


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday and not a California state holiday."""
    return day.weekday() < SATURDAY and not is_state_holiday(day)


def add_working_days(day: datetime.date, working_days: int) -> datetime.date:
    """The Nth working day after `day` (before it, for negative N); `day` itself never counts.

    Zero working days returns `day` unchanged, whether or not it is a working day.
    """
    step = 1 if working_days > 0 else -1
    remaining = abs(working_days)
    while remaining:
        day += datetime.timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def next_month_day(day: datetime.date, month: int, month_day: int) -> datetime.date:
    """The first date on or after `day` that is `month`/`month_day` (e.g. the next 30 September)."""
    candidate = datetime.date(day.year, month, month_day)
    if candidate < day:
        candidate = datetime.date(day.year + 1, month, month_day)
    return candidate


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """How many working days from `start` to `end`: the inverse of `add_working_days`.

    Forward, the working days after `start` up to and including `end`; backward (`end` before
    `start`), minus the working days from `end` up to but not including `start`. So
    add_working_days(d, n) = e gives working_days_between(d, e) = n, whatever the sign of n.
    """
    if end < start:
        days = range((start - end).days)
        return -sum(is_working_day(end + datetime.timedelta(days=i)) for i in days)
    days = range(1, (end - start).days + 1)
    return sum(is_working_day(start + datetime.timedelta(days=i)) for i in days)
