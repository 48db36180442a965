"""Calendar feeds (iCalendar, RFC 5545) of due dates, for calendar apps to subscribe to.

Each due date is an all-day event whose UID is `<schedule id>-<step>@opencqi`: it never
changes, so when a date moves (an extension, a reschedule) the calendar app updates the event
it already has instead of adding a second one. SEQUENCE counts the date's changes.

Plain Python: no Django.
"""

import datetime
from dataclasses import dataclass

import icalendar

PRODID = "-//OpenCQI//CQI cycle due dates//EN"
UID_DOMAIN = "opencqi"


@dataclass(frozen=True)
class FeedEvent:
    schedule_id: int
    step: str
    day: datetime.date
    summary: str
    description: str
    sequence: int
    changed_at: datetime.datetime  # time-zone aware

    @property
    def uid(self) -> str:
        return event_uid(self.schedule_id, self.step)


def event_uid(schedule_id: int, step: str) -> str:
    return f"{schedule_id}-{step}@{UID_DOMAIN}"


def render_feed(name: str, events: list[FeedEvent]) -> bytes:
    """The feed called `name` holding `events`, as iCalendar bytes."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for item in events:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", item.changed_at.astimezone(datetime.UTC))
        event.add("last-modified", item.changed_at.astimezone(datetime.UTC))
        event.add("sequence", item.sequence)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + datetime.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        event.add("summary", item.summary)
        event.add("description", item.description)
        calendar.add_component(event)
    return calendar.to_ical()
