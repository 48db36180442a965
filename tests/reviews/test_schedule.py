"""The event week: working days, limits per team and day, no double booking, drop-out swaps."""

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opencqi.reviews.programmes import programme
from opencqi.reviews.schedule import (
    DAILY_DEBRIEF,
    FINAL_DEBRIEF,
    FOCUS_GROUP,
    INTERVIEW,
    TRAINING,
    FocusGroupRequest,
    Interview,
    build_schedule,
    double_bookings,
    event_days,
    replace_interview,
    tool_sent_in_time,
)

RULES = programme("child_welfare").schedule
MONDAY = dt.date(2026, 3, 2)


def interviews(teams, per_team, shared_every=0):
    rows = []
    for team in range(1, teams + 1):
        for i in range(per_team):
            worker = f"W{i}" if shared_every else f"W{team}-{i}"
            rows.append(Interview(f"T{team}C{i}", team, worker))
    return rows


def week(teams=2, per_team=8, days=3, rooms=("A", "B", "C"), groups=(), rows=None):
    return build_schedule(
        MONDAY,
        days,
        list(range(1, teams + 1)),
        rows if rows is not None else interviews(teams, per_team),
        list(rooms),
        list(groups),
        RULES,
        per_team_per_day=4,
    )


def test_the_week_is_training_interview_days_and_final_debrief():
    assert event_days(MONDAY, 3) == [
        (MONDAY, TRAINING),
        (dt.date(2026, 3, 3), INTERVIEW),
        (dt.date(2026, 3, 4), INTERVIEW),
        (dt.date(2026, 3, 5), INTERVIEW),
        (dt.date(2026, 3, 6), FINAL_DEBRIEF),
    ]


def test_weekends_and_california_holidays_are_skipped():
    # Thursday 2026-03-26; Cesar Chavez Day, Tuesday 2026-03-31, is a state holiday
    days = [d for d, _ in event_days(dt.date(2026, 3, 26), 3)]
    assert days == [
        dt.date(2026, 3, 26),
        dt.date(2026, 3, 27),
        dt.date(2026, 3, 30),
        dt.date(2026, 4, 1),
        dt.date(2026, 4, 2),
    ]


def test_the_event_cannot_start_on_a_weekend():
    with pytest.raises(ValueError, match="not a working day"):
        event_days(dt.date(2026, 3, 7), 3)


def test_interviews_are_45_minutes_plus_15_with_arrival_30_minutes_early():
    schedule = week(teams=1, per_team=1)
    [slot] = [s for s in schedule.slots if s.kind == INTERVIEW]
    assert (slot.start, slot.end, slot.arrive_at) == (
        dt.time(9, 0),
        dt.time(10, 0),
        dt.time(8, 30),
    )


def test_no_team_has_more_than_four_interviews_a_day():
    schedule = week(teams=3, per_team=12, rooms=("A", "B", "C", "D"))
    per_team_day = {}
    for s in schedule.slots:
        if s.kind == INTERVIEW:
            per_team_day[(s.team, s.day)] = per_team_day.get((s.team, s.day), 0) + 1
    assert max(per_team_day.values()) == 4
    assert len([s for s in schedule.slots if s.kind == INTERVIEW]) == 36
    assert schedule.problems == []


def test_a_team_with_fewer_cases_uses_fewer_days_at_three_or_four_a_day():
    schedule = week(teams=1, per_team=7)
    days = {}
    for s in schedule.slots:
        if s.kind == INTERVIEW:
            days[s.day] = days.get(s.day, 0) + 1
    assert sorted(days.values()) == [3, 4]


def test_cases_beyond_the_teams_time_are_reported():
    schedule = week(teams=1, per_team=13)
    assert len([s for s in schedule.slots if s.kind == INTERVIEW]) == 12
    assert any("T1C12" in p for p in schedule.problems)


def test_each_team_interviews_in_its_own_room_and_plenaries_in_the_first():
    schedule = week()
    rooms = {s.team: s.room for s in schedule.slots if s.kind == INTERVIEW}
    assert rooms == {1: "A", 2: "B"}
    plenary = {s.room for s in schedule.slots if s.kind in (TRAINING, DAILY_DEBRIEF, FINAL_DEBRIEF)}
    assert plenary == {"A"}


def test_too_few_rooms_is_reported():
    schedule = week(teams=3, rooms=("A", "B"))
    assert "3 teams need 3 rooms" in schedule.problems[0]


def test_an_interviewee_with_two_cases_is_never_in_two_places_at_once():
    rows = [Interview("T1C0", 1, "W0"), Interview("T2C0", 2, "W0")]
    schedule = week(rows=rows)
    slots = [s for s in schedule.slots if s.kind == INTERVIEW]
    assert len(slots) == 2
    assert (slots[0].day, slots[0].start) != (slots[1].day, slots[1].start)
    assert double_bookings(schedule.slots, [1, 2]) == []


def test_focus_groups_of_6_to_12_run_before_the_final_day_in_a_free_room():
    groups = [
        FocusGroupRequest("1", "Parents", 8, "Fran"),
        FocusGroupRequest("2", "Youth", 6, "Fran"),
        FocusGroupRequest("3", "Caregivers", 12, "Gus"),
    ]
    schedule = week(groups=groups)
    focus = [s for s in schedule.slots if s.kind == FOCUS_GROUP]
    final_day = schedule.days[-1][0]
    assert len(focus) == 3
    assert all(s.day < final_day and s.room == "C" for s in focus)
    assert all(
        (s.end.hour * 60 + s.end.minute) - (s.start.hour * 60 + s.start.minute) == 120
        for s in focus
    )


def test_focus_groups_outside_6_to_12_are_refused():
    groups = [FocusGroupRequest("1", "Judges", 4), FocusGroupRequest("2", "Providers", 13)]
    schedule = week(groups=groups)
    assert not [s for s in schedule.slots if s.kind == FOCUS_GROUP]
    assert len(schedule.problems) == 2
    assert "needs 6 to 12" in schedule.problems[0]


def test_focus_groups_without_a_free_room_are_reported():
    schedule = week(rooms=("A", "B"), groups=[FocusGroupRequest("1", "Parents", 8)])
    assert any("add a room" in p for p in schedule.problems)


@settings(max_examples=60, deadline=None)
@given(
    teams=st.integers(1, 4),
    per_team=st.integers(0, 12),
    days=st.integers(1, 3),
    workers=st.integers(1, 30),
    groups=st.integers(0, 6),
)
def test_no_schedule_double_books_and_limits_hold(teams, per_team, days, workers, groups):
    rows = [
        Interview(f"T{t}C{i}", t, f"W{(t * 31 + i) % workers}")
        for t in range(1, teams + 1)
        for i in range(per_team)
    ]
    rooms = [f"R{i}" for i in range(teams + 1)]
    requests = [FocusGroupRequest(str(i), f"G{i}", 6 + i, f"F{i % 2}") for i in range(groups)]
    schedule = week(teams=teams, days=days, rooms=rooms, groups=requests, rows=rows)
    assert double_bookings(schedule.slots, list(range(1, teams + 1))) == []
    counts = {}
    for s in schedule.slots:
        if s.kind == INTERVIEW:
            counts[(s.team, s.day)] = counts.get((s.team, s.day), 0) + 1
        if s.kind == FOCUS_GROUP:
            assert s.day < schedule.days[-1][0]
    assert all(c <= 4 for c in counts.values())
    scheduled = sum(counts.values())
    assert scheduled + len([p for p in schedule.problems if p.startswith("Case")]) == len(rows)


def test_double_bookings_finds_a_shared_room_and_interviewee():
    schedule = week(teams=2, per_team=1)
    slots = [s for s in schedule.slots if s.kind == INTERVIEW]
    clash = replace(slots[1], room=slots[0].room, interviewee=slots[0].interviewee)
    found = double_bookings([slots[0], clash], [1, 2])
    assert len(found) == 1
    assert "room:A" in found[0] and "interviewee:" in found[0]


def test_a_drop_out_takes_the_backup_into_its_slot_and_keeps_the_rest():
    schedule = week()
    dropped = next(s for s in schedule.slots if s.kind == INTERVIEW)
    swapped = replace_interview(schedule.slots, dropped.case_id, "BACKUP1", "W-new")
    changed = [(a, b) for a, b in zip(schedule.slots, swapped, strict=True) if a != b]
    assert len(changed) == 1
    old, new = changed[0]
    assert (new.case_id, new.interviewee) == ("BACKUP1", "W-new")
    assert (new.day, new.start, new.room, new.team) == (old.day, old.start, old.room, old.team)


def test_a_backup_whose_worker_is_busy_at_that_time_cannot_take_the_slot():
    schedule = week()
    first, second = [s for s in schedule.slots if s.kind == INTERVIEW and s.start == dt.time(9)][:2]
    assert first.day == second.day
    assert replace_interview(schedule.slots, first.case_id, "BACKUP1", second.interviewee) is None


def test_interview_tool_must_reach_the_interviewee_two_weeks_before():
    day = dt.date(2026, 3, 3)
    assert tool_sent_in_time(dt.date(2026, 2, 17), day, 14)
    assert not tool_sent_in_time(dt.date(2026, 2, 18), day, 14)
    assert not tool_sent_in_time(None, day, 14)


def test_a_daily_debrief_closes_each_day_with_interviews_only():
    schedule = week(teams=1, per_team=4)
    debriefs = [s for s in schedule.slots if s.kind == DAILY_DEBRIEF]
    assert [s.day for s in debriefs] == [dt.date(2026, 3, 3)]
    last_interview = max(s.end for s in schedule.slots if s.kind == INTERVIEW)
    assert debriefs[0].start >= last_interview
