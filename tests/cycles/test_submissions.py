"""The submission state machine (plain Python, no database)."""

import datetime

import pytest

from opencqi.cycles.submissions import (
    COUNTY,
    STATE,
    Facts,
    Move,
    State,
    TransitionError,
    apply,
    available,
    feedback_due,
    working_days_left,
)

D = datetime.date
BOARD_DAY = D(2026, 12, 8)


def run(moves, *, board_approval_required=False):
    """Play `moves` from not started; returns the states passed through."""
    facts = Facts(State.NOT_STARTED, board_approval_required=board_approval_required)
    states = []
    for move in moves:
        state = apply(facts, move)
        facts = Facts(
            state,
            versions=facts.versions + move.has_file,
            state_approved=facts.state_approved or move.name == "approve",
            board_approved=facts.board_approved or move.name == "record_board_approval",
            board_approval_required=board_approval_required,
        )
        states.append(state)
    return states


DRAFT = Move("save_draft", COUNTY, has_file=True)
SUBMIT = Move("submit", COUNTY)
APPROVE = Move("approve", STATE)
BOARD = Move("record_board_approval", COUNTY, board_date=BOARD_DAY, board_resolution="2026-114")
ACCEPT = Move("accept", STATE)


def test_state_approval_then_board_approval_then_acceptance():
    states = run([DRAFT, SUBMIT, APPROVE, BOARD, ACCEPT], board_approval_required=True)
    assert states == [
        State.DRAFTING,
        State.SUBMITTED,
        State.STATE_APPROVED,
        State.BOARD_APPROVED,
        State.ACCEPTED,
    ]


def test_board_approval_may_come_before_the_states():
    states = run([DRAFT, SUBMIT, BOARD, APPROVE, ACCEPT], board_approval_required=True)
    assert states == [
        State.DRAFTING,
        State.SUBMITTED,
        State.BOARD_APPROVED,
        State.STATE_APPROVED,
        State.ACCEPTED,
    ]


def test_returned_submission_is_resubmitted_then_approved():
    returned = Move("return", STATE, reason="Add the stakeholder section")
    states = run([DRAFT, SUBMIT, returned, Move("resubmit", COUNTY, has_file=True), APPROVE])
    assert states[2:] == [State.RETURNED, State.RESUBMITTED, State.STATE_APPROVED]


@pytest.mark.parametrize("reason", ["", "   "])
def test_returning_needs_a_reason(reason):
    with pytest.raises(TransitionError, match="give the reason"):
        apply(Facts(State.SUBMITTED, versions=1), Move("return", STATE, reason=reason))


def test_acceptance_needs_the_boards_approval_where_the_step_requires_it():
    facts = Facts(State.STATE_APPROVED, 1, state_approved=True, board_approval_required=True)
    with pytest.raises(TransitionError, match="first record the Board's approval"):
        apply(facts, ACCEPT)


def test_acceptance_without_board_approval_where_the_step_needs_none():
    facts = Facts(State.STATE_APPROVED, 1, state_approved=True)
    assert apply(facts, ACCEPT) == State.ACCEPTED


def test_acceptance_needs_the_states_approval_even_after_the_boards():
    facts = Facts(State.BOARD_APPROVED, 1, board_approved=True, board_approval_required=True)
    with pytest.raises(TransitionError, match="first record the state's approval"):
        apply(facts, ACCEPT)


def test_an_invalid_transition_names_the_state_and_what_is_possible():
    with pytest.raises(TransitionError) as refused:
        apply(Facts(State.DRAFTING, versions=1), APPROVE)
    message = str(refused.value)
    assert "not possible while the submission is drafting" in message
    assert "possible now:" in message


def test_the_county_cannot_approve_and_the_state_cannot_submit():
    with pytest.raises(TransitionError, match="only the state"):
        apply(Facts(State.SUBMITTED, versions=1), Move("approve", COUNTY))
    with pytest.raises(TransitionError, match="only the county"):
        apply(Facts(State.DRAFTING, versions=1), Move("submit", STATE))


def test_a_draft_needs_its_document_and_a_submission_needs_one_uploaded():
    with pytest.raises(TransitionError, match="attach the document"):
        apply(Facts(State.NOT_STARTED), Move("save_draft", COUNTY))
    with pytest.raises(TransitionError, match="attach the document first"):
        apply(Facts(State.DRAFTING), SUBMIT)
    assert apply(Facts(State.DRAFTING), Move("submit", COUNTY, has_file=True)) == State.SUBMITTED


def test_board_approval_needs_its_date_and_resolution_number():
    with pytest.raises(TransitionError, match="resolution number"):
        apply(
            Facts(State.SUBMITTED, 1, board_approval_required=True),
            Move("record_board_approval", COUNTY, board_date=None),
        )


def test_an_approval_is_not_recorded_twice():
    facts = Facts(State.BOARD_APPROVED, 1, state_approved=True, board_approved=True)
    with pytest.raises(TransitionError, match="already approved"):
        apply(facts, APPROVE)


def test_an_unknown_action_is_refused():
    with pytest.raises(TransitionError, match="unknown action 'publish'"):
        apply(Facts(State.DRAFTING), Move("publish", COUNTY))


def test_available_moves_follow_the_side_and_the_approvals():
    submitted = Facts(State.SUBMITTED, 1, board_approval_required=True)
    assert [t.name for t in available(submitted, STATE)] == [
        "return",
        "approve",
        "record_board_approval",
    ]
    assert [t.name for t in available(submitted, COUNTY)] == ["record_board_approval"]
    both = Facts(State.BOARD_APPROVED, 1, True, True, board_approval_required=True)
    assert [t.name for t in available(both, STATE)] == ["accept"]


def test_feedback_is_due_ten_working_days_after_submission_across_thanksgiving():
    # Thanksgiving 2026-11-26 and the day after are California state holidays.
    assert feedback_due(D(2026, 11, 18)) == D(2026, 12, 4)


def test_feedback_is_due_ten_working_days_after_submission_across_new_year():
    assert feedback_due(D(2026, 12, 24)) == D(2027, 1, 11)  # Christmas and 1 January skipped
    # 2027: Christmas observed Friday 24 December, New Year's Day observed Friday 31 December.
    assert feedback_due(D(2027, 12, 23)) == D(2028, 1, 10)


def test_a_templates_own_feedback_days_replace_the_default():
    assert feedback_due(D(2026, 11, 18), working_days=3) == D(2026, 11, 23)


def test_working_days_left_count_down_to_zero_and_below():
    due = D(2026, 12, 4)
    assert working_days_left(due, D(2026, 11, 25)) == 5  # Thanksgiving and the day after skipped
    assert working_days_left(due, due) == 0
    assert working_days_left(due, D(2026, 12, 7)) == -1  # Monday after a Friday due date


def test_a_draft_takes_no_board_approval():
    with pytest.raises(TransitionError, match="needs no Board approval"):
        apply(Facts(State.SUBMITTED, 1), BOARD)
    assert "record_board_approval" not in [
        t.name for t in available(Facts(State.SUBMITTED, 1), STATE)
    ]
