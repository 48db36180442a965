"""The event week's schedule (PQCR Process Guide VI.A, V.E, V.L).

Day 1 is training and orientation; then the interview days; then the final debrief, on
consecutive working days (no weekend, no California state holiday). On an interview day each
team interviews in its own room: each interview takes 45 minutes and is followed by 15 minutes
of team debrief, 3-4 per team per day, a lunch break, and a daily debrief for everyone at the
end of each day with interviews. Interviewees arrive 30 minutes early. Focus groups (6-12
participants) run in a room no team uses, on interview days, so all finish before the final
day. The training, the daily debriefs and the final debrief are held in the first room.

`build_schedule` never books a team, an interviewee, a facilitator or a room twice at the same
time; `double_bookings` checks any schedule for that, and `replace_interview` puts a backup case
into a dropped case's slot and leaves every other slot as it was.

Values (minutes, counts, hours) come from the programme's ScheduleRules. Plain Python: no
Django.
"""

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache

import holidays

TRAINING = "training"
INTERVIEW = "interview"
DAILY_DEBRIEF = "daily_debrief"
FOCUS_GROUP = "focus_group"
FINAL_DEBRIEF = "final_debrief"
KIND_LABELS = {
    TRAINING: "Training and orientation",
    INTERVIEW: "Interview and team debrief",
    DAILY_DEBRIEF: "Daily debrief",
    FOCUS_GROUP: "Focus group",
    FINAL_DEBRIEF: "Final debrief and peer-county sharing",
}
ALL_TEAMS = 0  # the team number of plenary slots: every team attends


@dataclass(frozen=True)
class Interview:
    case_id: str
    team: int  # team number, 1 first
    interviewee: str  # the interviewee's key (the worker id)


@dataclass(frozen=True)
class FocusGroupRequest:
    key: str
    name: str
    participants: int
    facilitator: str = ""


@dataclass(frozen=True)
class Slot:
    kind: str
    day: dt.date
    start: dt.time
    end: dt.time
    room: str
    team: int | None = None  # team number; ALL_TEAMS for plenary slots
    case_id: str = ""
    interviewee: str = ""
    focus_group: str = ""
    facilitator: str = ""
    arrive_at: dt.time | None = None  # when the interviewee is asked to arrive

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    def resources(self, team_numbers: Sequence[int]) -> set[str]:
        """What the slot occupies: its room, its team(s), its interviewee, its facilitator."""
        taken = {f"room:{self.room}"}
        if self.team == ALL_TEAMS:
            taken |= {f"team:{n}" for n in team_numbers}
        elif self.team is not None:
            taken.add(f"team:{self.team}")
        if self.interviewee:
            taken.add(f"interviewee:{self.interviewee}")
        if self.facilitator:
            taken.add(f"facilitator:{self.facilitator}")
        return taken


@dataclass
class Schedule:
    days: list[tuple[dt.date, str]]  # (date, kind of day)
    slots: list[Slot]
    problems: list[str] = field(default_factory=list)


@cache
def _california_holidays(year: int):
    return holidays.country_holidays("US", subdiv="CA", years=year, observed=True)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _california_holidays(day.year)


def event_days(start: dt.date, interview_days: int) -> list[tuple[dt.date, str]]:
    """Training day, interview days and the final-debrief day, on consecutive working days."""
    if not is_working_day(start):
        raise ValueError(
            f"{start:%A %Y-%m-%d} is not a working day (weekend or California holiday): the "
            "event starts on a working day."
        )
    kinds = [TRAINING] + [INTERVIEW] * interview_days + [FINAL_DEBRIEF]
    days, day = [], start
    for kind in kinds:
        while not is_working_day(day):
            day += dt.timedelta(days=1)
        days.append((day, kind))
        day += dt.timedelta(days=1)
    return days


def _at(time: dt.time, minutes: float) -> dt.time:
    moment = dt.datetime.combine(dt.date.min, time) + dt.timedelta(minutes=minutes)
    return moment.time()


def interview_times(rules, per_day: int) -> list[tuple[dt.time, dt.time]]:
    """Start and end (after the team debrief) of each interview position of a day."""
    times, offset = [], 0
    length = rules.interview_minutes + rules.debrief_minutes
    for position in range(per_day):
        if position == rules.lunch_after_interview:
            offset += rules.lunch_minutes
        times.append((_at(rules.start_time, offset), _at(rules.start_time, offset + length)))
        offset += length
    return times


def build_schedule(
    start: dt.date,
    interview_days: int,
    team_numbers: Sequence[int],
    interviews: Sequence[Interview],
    rooms: Sequence[str],
    focus_groups: Sequence[FocusGroupRequest],
    rules,
    per_team_per_day: int,
) -> Schedule:
    """The week: every interview in its team's room, focus groups in a free room."""
    days = event_days(start, interview_days)
    interview_dates = [d for d, kind in days if kind == INTERVIEW]
    schedule = Schedule(days=days, slots=[])
    rooms = [r.strip() for r in rooms if r.strip()]
    if len(rooms) < len(team_numbers):
        schedule.problems.append(
            f"{len(team_numbers)} teams need {len(team_numbers)} rooms; {len(rooms)} given. "
            "Add rooms to schedule the interviews."
        )
        return schedule
    plenary = rooms[0]
    team_room = dict(zip(team_numbers, rooms, strict=False))
    times = interview_times(rules, per_team_per_day)
    day_end = times[-1][1] if times else rules.start_time
    schedule.slots.append(
        Slot(
            TRAINING,
            days[0][0],
            rules.start_time,
            _at(rules.start_time, rules.training_hours * 60),
            plenary,
            ALL_TEAMS,
        )
    )
    busy: set[tuple[dt.date, int, str]] = set()  # (day, position, interviewee)
    for team in team_numbers:
        cases = [i for i in interviews if i.team == team]
        days_needed = min(len(interview_dates), max(1, math.ceil(len(cases) / per_team_per_day)))
        positions = [(d, p) for p in range(per_team_per_day) for d in range(days_needed)]
        positions += [
            (d, p)
            for p in range(per_team_per_day)
            for d in range(days_needed, len(interview_dates))
        ]
        for interview in cases:
            free = next(
                (
                    (d, p)
                    for d, p in positions
                    if (interview_dates[d], p, interview.interviewee) not in busy
                ),
                None,
            )
            if free is None:
                schedule.problems.append(
                    f"Case {interview.case_id} (team {team}) is not scheduled: the team's "
                    f"{len(interview_dates) * per_team_per_day} interview times are taken or its "
                    "interviewee is busy at each of them."
                )
                continue
            positions.remove(free)
            d, p = free
            busy.add((interview_dates[d], p, interview.interviewee))
            schedule.slots.append(
                _interview_slot(interview, interview_dates[d], times[p], team_room[team], rules)
            )
    interviewing = sorted({s.day for s in schedule.slots if s.kind == INTERVIEW})
    for day in interviewing:
        schedule.slots.append(
            Slot(
                DAILY_DEBRIEF,
                day,
                day_end,
                _at(day_end, rules.daily_debrief_minutes),
                plenary,
                ALL_TEAMS,
            )
        )
    schedule.slots += _focus_group_slots(
        focus_groups, interview_dates, rooms[len(team_numbers) :], rules, schedule.problems
    )
    schedule.slots.append(
        Slot(
            FINAL_DEBRIEF,
            days[-1][0],
            rules.start_time,
            _at(rules.start_time, rules.final_debrief_hours * 60),
            plenary,
            ALL_TEAMS,
        )
    )
    schedule.slots.sort(key=lambda s: (s.day, s.start, s.team or 0, s.room))
    return schedule


def _interview_slot(interview, day, times, room, rules) -> Slot:
    start, end = times
    return Slot(
        INTERVIEW,
        day,
        start,
        end,
        room,
        interview.team,
        case_id=interview.case_id,
        interviewee=interview.interviewee,
        arrive_at=_at(start, -rules.arrive_early_minutes),
    )


def _focus_group_slots(groups, interview_dates, free_rooms, rules, problems) -> list[Slot]:
    """Morning and afternoon focus groups in the rooms no team uses, before the final day."""
    low, high = rules.focus_group_min_participants, rules.focus_group_max_participants
    wanted = []
    for group in groups:
        if not low <= group.participants <= high:
            problems.append(
                f"Focus group {group.name} has {group.participants} participants: a focus group "
                f"needs {low} to {high}. It is not scheduled."
            )
        else:
            wanted.append(group)
    if wanted and not free_rooms:
        problems.append("Focus groups need a room no team uses: add a room to schedule them.")
        return []
    afternoon = _at(
        rules.start_time,
        rules.lunch_after_interview * (rules.interview_minutes + rules.debrief_minutes)
        + rules.lunch_minutes,
    )
    times = [rules.start_time, afternoon]
    openings = [(day, t, room) for day in interview_dates for t in times for room in free_rooms]
    slots, facilitator_busy = [], set()
    for group in wanted:
        opening = next(
            (
                o
                for o in openings
                if not group.facilitator or (o[0], o[1], group.facilitator) not in facilitator_busy
            ),
            None,
        )
        if opening is None:
            problems.append(
                f"Focus group {group.name} is not scheduled: no free room time is left before "
                "the final day. Add a room or an interview day."
            )
            continue
        openings.remove(opening)
        day, start, room = opening
        facilitator_busy.add((day, start, group.facilitator))
        slots.append(
            Slot(
                FOCUS_GROUP,
                day,
                start,
                _at(start, rules.focus_group_minutes),
                room,
                focus_group=group.key,
                facilitator=group.facilitator,
            )
        )
    return slots


def double_bookings(slots: Sequence[Slot], team_numbers: Sequence[int]) -> list[str]:
    """Every pair of overlapping slots that share a room, a team, an interviewee or a
    facilitator."""
    found = []
    ordered = sorted(slots, key=lambda s: (s.day, s.start))
    for i, first in enumerate(ordered):
        for second in ordered[i + 1 :]:
            if second.day != first.day or second.start >= first.end:
                continue
            shared = first.resources(team_numbers) & second.resources(team_numbers)
            if shared:
                found.append(
                    f"{first.day} {first.start:%H:%M}: {first.label} and {second.label} both "
                    f"use {', '.join(sorted(shared))}"
                )
    return found


def replace_interview(
    slots: Sequence[Slot], case_id: str, new_case_id: str, new_interviewee: str
) -> list[Slot] | None:
    """The schedule with `new_case_id` in `case_id`'s slot, everything else unchanged; None when
    the new interviewee is busy at that time."""
    slot = next((s for s in slots if s.kind == INTERVIEW and s.case_id == case_id), None)
    if slot is None:
        return list(slots)
    clash = any(
        other is not slot
        and other.interviewee == new_interviewee
        and other.day == slot.day
        and other.start < slot.end
        and slot.start < other.end
        for other in slots
    )
    if clash:
        return None
    return [
        replace(s, case_id=new_case_id, interviewee=new_interviewee) if s is slot else s
        for s in slots
    ]


def tool_sent_in_time(sent_on: dt.date | None, interview_day: dt.date, lead_days: int) -> bool:
    """Did the interviewee get the interview tool at least `lead_days` before the interview?"""
    return sent_on is not None and sent_on <= interview_day - dt.timedelta(days=lead_days)
