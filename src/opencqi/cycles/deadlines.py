"""What a due date means today: the date in force, whether it is overdue, which reminder is due.

Plain Python: no Django.

Extensions. An extension gives a due date a later date than the template's; several may be
granted, and the latest one that still applies is in force. When an anchor is rescheduled the
template's date moves; an extension still applies while it gives more time than the template's
new date, and lapses (kept in the history, no longer in force) once the template's date reaches
it. An extension moves only its own step: the steps computed from it keep the template's dates
(rescheduling an anchor is how a whole chain moves).
"""

import datetime
from collections.abc import Iterable
from enum import StrEnum

BOARD_WINDOW_DAYS = 60  # "overdue and due in the next 60 days"
OVERDUE = -1  # the reminder threshold for an overdue due date


class Status(StrEnum):
    DONE = "done"  # a deliverable the county has handed in
    OVERDUE = "overdue"  # a deliverable past its date, still with the county
    DUE_SOON = "due_soon"  # within the board's window
    UPCOMING = "upcoming"
    PAST = "past"  # an event whose date has gone by

    @property
    def label(self) -> str:
        return {
            Status.DONE: "Handed in",
            Status.OVERDUE: "Overdue",
            Status.DUE_SOON: "Due soon",
            Status.UPCOMING: "Upcoming",
            Status.PAST: "Past",
        }[self]


def extension_applies(extended_to: datetime.date, rule_date: datetime.date) -> bool:
    """An extension applies while it gives more time than the template does."""
    return extended_to > rule_date


def date_in_force(rule_date: datetime.date, extensions: Iterable[datetime.date]) -> datetime.date:
    """The latest granted extension that still applies, else the template's date.

    `extensions` are the new dates of the extensions not lapsed, oldest first.
    """
    applying = [day for day in extensions if extension_applies(day, rule_date)]
    return applying[-1] if applying else rule_date


def status_of(
    day: datetime.date, today: datetime.date, *, deliverable: bool, with_county: bool
) -> Status:
    """Where a due date stands today. `with_county`: the county has not handed it in yet."""
    if deliverable and not with_county:
        return Status.DONE
    if day < today:
        return Status.OVERDUE if deliverable else Status.PAST
    if (day - today).days <= BOARD_WINDOW_DAYS:
        return Status.DUE_SOON
    return Status.UPCOMING


def reminder_threshold(
    day: datetime.date, today: datetime.date, thresholds: Iterable[int]
) -> int | None:
    """The reminder due today for a date `day`: a threshold of days before it, OVERDUE, or None.

    Each threshold N covers the days from N days before the due date down to the next smaller
    threshold, so a reminder run that was missed for a while sends the one reminder that fits
    today rather than every one it missed (30, 7 and 1 days: 20 days before gives the 30-day
    reminder, 3 days before the 7-day one, the due date itself the 1-day one).
    """
    days_left = (day - today).days
    if days_left < 0:
        return OVERDUE
    fitting = [n for n in thresholds if n >= days_left]
    return min(fitting) if fitting else None
