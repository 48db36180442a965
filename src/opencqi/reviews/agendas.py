"""Printable agendas (PDF, with WeasyPrint) and calendar files (ICS, with icalendar) for a team
and for an interviewee.

A team's agenda holds the plenary sessions and the team's interviews; an interviewee's holds
their interviews, with the time to arrive. Interviewees are named on both: the team meets them,
and the interviewee's own agenda goes to them. Nothing here names a child or a family.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from icalendar import Calendar, Event
from weasyprint import HTML

from opencqi.reviews.models import Interviewee, Review, ScheduleSlot, Team


def team_slots(review: Review, team: Team):
    return [
        s
        for s in review.slots.select_related("team", "case", "interviewee", "focus_group")
        if s.plenary or s.team_id == team.pk
    ]


def interviewee_slots(review: Review, interviewee: Interviewee):
    return list(review.slots.filter(interviewee=interviewee).select_related("team", "case"))


def pdf(review: Review, title: str, slots, audience: str) -> bytes:
    html = render_to_string(
        "reviews/agenda_pdf.html",
        {"review": review, "title": title, "slots": slots, "audience": audience},
    )
    return HTML(string=html).write_pdf()


def describe(slot: ScheduleSlot, audience: str) -> str:
    if slot.kind == "interview":
        who = slot.interviewee or "interviewee to be confirmed"
        if audience == "interviewee":
            return f"Interview with review team {slot.team.number} (case {slot.case})"
        return f"Interview: case {slot.case}, with {who}"
    if slot.kind == "focus_group" and slot.focus_group:
        return f"Focus group: {slot.focus_group.name}"
    return slot.label


def ics(review: Review, title: str, slots, audience: str) -> bytes:
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//OpenCQI//peer review//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", title)
    for slot in slots:
        event = Event()
        event.add("uid", f"review-{review.pk}-slot-{slot.pk}-{audience}@opencqi")
        event.add("summary", f"{review.host_county} peer review: {describe(slot, audience)}")
        start = slot.start
        if audience == "interviewee" and slot.arrive_at:
            start = slot.arrive_at
            event.add(
                "description",
                f"Please arrive at {slot.arrive_at:%H:%M}; the interview "
                f"starts at {slot.start:%H:%M}.",
            )
        event.add("dtstart", dt.datetime.combine(slot.day, start, zone))
        event.add("dtend", dt.datetime.combine(slot.day, slot.end, zone))
        event.add("dtstamp", dt.datetime.now(dt.UTC))
        event.add("location", slot.room)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
