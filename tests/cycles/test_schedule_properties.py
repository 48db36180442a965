"""Invariants of every schedule, for the shipped templates and for generated ones."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from opencqi.cycles.dates import is_working_day
from opencqi.cycles.rules import Offset, compute_schedule, load_template, template_from_dict

D = datetime.date
any_day = st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 12, 31))
UNIT_LIMITS = {"years": 5, "months": 40, "days": 400, "working_days": 40}


def rule_offset(template, due) -> Offset | None:
    """The offset that produced `due` from its source; None for a next-date rule."""
    step = template.step(due.step_id)
    if step.next_date is not None:
        return None
    if step.recurrence:
        return step.offset.plus(step.recurrence.every.times(due.occurrence - 1))
    return step.offset


def derives_forward(template, due) -> bool:
    """True when the rule that produced `due` only moves forward in time."""
    offset = rule_offset(template, due)
    return offset is None or offset.is_forward()


def assert_schedule_invariants(template, schedule):
    by_key = {due.step: due for due in schedule}
    for due in schedule:
        step = template.step(due.step_id)
        if due.derived_from is None:
            assert step.anchor
            continue
        source = by_key[due.derived_from]
        if derives_forward(template, due):
            assert due.date >= source.date, (due, source)
        elif rule_offset(template, due).times(-1).is_forward():  # purely backward: "- 2 months"
            assert due.date <= source.date, (due, source)
        if step.offset is not None and step.offset.working_days:
            assert is_working_day(due.date), due


@given(any_day)
def test_ccfsr_2009_dates_follow_their_steps_and_feedback_falls_on_working_days(review_day):
    template = load_template("ccfsr-2009")
    schedule = compute_schedule(template, {"review_last_day": review_day})
    assert_schedule_invariants(template, schedule)


@given(any_day)
def test_ccfsr_5yr_dates_follow_their_steps_and_feedback_falls_on_working_days(sip_day):
    template = load_template("ccfsr-5yr")
    schedule = compute_schedule(template, {"sip_final": sip_day})
    assert_schedule_invariants(template, schedule)


@given(any_day, st.integers(min_value=0, max_value=1800))
def test_calcqi_dates_follow_their_steps_and_feedback_falls_on_working_days(start, sip_after):
    template = load_template("calcqi-5yr")
    anchors = {"cycle_start": start, "cal_sip_final": start + datetime.timedelta(sip_after)}
    schedule = compute_schedule(template, anchors)
    assert_schedule_invariants(template, schedule)


@st.composite
def forward_templates(draw):
    """Templates of 1-8 steps, each a positive offset (or next date) from an earlier step."""
    steps = [{"id": "s0", "label": "Start", "kind": "period", "anchor": True}]
    repeated = {"s0": False}
    for index in range(1, draw(st.integers(min_value=1, max_value=8)) + 1):
        source = f"s{draw(st.integers(min_value=0, max_value=index - 1))}"
        step = {"id": f"s{index}", "label": f"Step {index}", "kind": "report", "from": source}
        if draw(st.integers(min_value=0, max_value=5)) == 0:
            step["next"] = {"month": draw(st.integers(1, 12)), "day": draw(st.integers(1, 28))}
        else:
            unit = draw(st.sampled_from(sorted(UNIT_LIMITS)))
            step[unit] = draw(st.integers(min_value=1, max_value=UNIT_LIMITS[unit]))
        if not repeated[source] and draw(st.booleans()):
            unit = draw(st.sampled_from(["years", "months", "days"]))
            step["every"] = {unit: draw(st.integers(min_value=1, max_value=12))}
            step["count"] = draw(st.integers(min_value=1, max_value=6))
        if draw(st.booleans()):
            step["feedback_working_days"] = draw(st.integers(min_value=1, max_value=15))
        repeated[step["id"]] = "every" in step or repeated[source]
        steps.append(step)
    return {"steps": steps}


@settings(max_examples=200)
@given(forward_templates(), any_day)
def test_every_date_of_a_forward_template_is_on_or_after_the_step_it_derives_from(data, start):
    template = template_from_dict(data, name="generated")
    schedule = compute_schedule(template, {"s0": start})
    assert all(derives_forward(template, due) for due in schedule if due.derived_from)
    assert_schedule_invariants(template, schedule)
