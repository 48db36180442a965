"""Placing a schedule's steps on a Gantt-like time axis, as percentages of its width.

A step computed forward from another (a report due 2 months after the review) is drawn as a bar
from that step's date to its own: the time the county has for it. Anchors, and steps counted
back from a later one, are drawn as a mark on their date.

Plain Python: no Django.
"""

import datetime
from dataclasses import dataclass

from opencqi.cycles import dates


@dataclass(frozen=True)
class Window:
    start: datetime.date
    end: datetime.date

    @property
    def days(self) -> int:
        return max((self.end - self.start).days, 1)

    def percent(self, day: datetime.date) -> float:
        """Where `day` falls, 0 at the start and 100 at the end (clipped to the window)."""
        offset = min(max((day - self.start).days, 0), self.days)
        return round(100 * offset / self.days, 2)

    def holds(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Bar:
    left: float  # percent of the axis
    width: float  # percent of the axis; 0 for a mark
    clipped: bool = False  # the bar starts before the window

    @property
    def is_mark(self) -> bool:
        return self.width == 0


def window_around(today: datetime.date, months_back: int, months_ahead: int) -> Window:
    return Window(dates.add_months(today, -months_back), dates.add_months(today, months_ahead))


def place(day: datetime.date, since: datetime.date | None, window: Window) -> Bar:
    """The bar of a step due on `day`, computed forward from a step dated `since` (or None)."""
    if since is None or since >= day:
        return Bar(window.percent(day), 0)
    left = window.percent(since)
    return Bar(left, round(window.percent(day) - left, 2), clipped=since < window.start)


def ticks(window: Window) -> list[tuple[str, float]]:
    """(label, percent) of each quarter's first day in the window, each January labelled by year;
    only the Januaries when the window spans more than three years."""
    months = 3 if window.days <= 3 * 366 else 12
    ticks = []
    day = datetime.date(window.start.year, 1, 1)
    while day <= window.end:
        if day >= window.start:
            label = str(day.year) if day.month == 1 else day.strftime("%b")
            ticks.append((label, window.percent(day)))
        day = dates.add_months(day, months)
    return ticks
