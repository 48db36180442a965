"""The life of a county's submission of one deliverable, as a state machine.

    not started -> drafting -> submitted -> returned -> resubmitted -> ...
                                  |                        |
                                  +--> state approved <--> Board approved --> accepted

The county drafts and submits; the state returns it (a reason is required) or approves it.
Where the step requires it (`board_approval = true` in the template: the CSA and SIP finals),
the Board of Supervisors approves too, before or after the state: either order is allowed, and
the later approval leaves the submission in that approval's state. The state accepts a
submission once it holds the approvals it needs.

The state's feedback is due `feedback_working_days` working days after each submission or
resubmission (10 in the C-CFSR guidance).

Plain Python: no Django. `apply` checks a transition and says what it changes; the app records it.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from opencqi.cycles import dates

FEEDBACK_WORKING_DAYS = 10  # PQCR Process Guide 2.0: state feedback within ten working days


class State(StrEnum):
    NOT_STARTED = "not_started"
    DRAFTING = "drafting"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    RESUBMITTED = "resubmitted"
    STATE_APPROVED = "state_approved"
    BOARD_APPROVED = "board_approved"
    ACCEPTED = "accepted"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    State.NOT_STARTED: "Not started",
    State.DRAFTING: "Drafting",
    State.SUBMITTED: "Submitted",
    State.RETURNED: "Returned to the county",
    State.RESUBMITTED: "Resubmitted",
    State.STATE_APPROVED: "State approved",
    State.BOARD_APPROVED: "Board approved",
    State.ACCEPTED: "Accepted",
}

# Whose move it is: the county, or the state, in each state.
WITH_COUNTY = frozenset({State.NOT_STARTED, State.DRAFTING, State.RETURNED})
AWAITING_FEEDBACK = frozenset({State.SUBMITTED, State.RESUBMITTED})

COUNTY = "county"
STATE = "state"


class TransitionError(ValueError):
    """A move the state machine refuses; the message says why and what is possible instead."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[State]
    target: State
    sides: frozenset[str]  # who may make it: COUNTY, STATE or both
    takes_file: bool = False  # a document may come with it
    needs_file: bool = False  # a document must come with it


TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "save_draft",
            "Save a draft",
            frozenset({State.NOT_STARTED, State.DRAFTING}),
            State.DRAFTING,
            frozenset({COUNTY}),
            takes_file=True,
            needs_file=True,
        ),
        Transition(
            "submit",
            "Submit to the state",
            frozenset({State.DRAFTING}),
            State.SUBMITTED,
            frozenset({COUNTY}),
            takes_file=True,
        ),
        Transition(
            "return",
            "Return to the county",
            AWAITING_FEEDBACK,
            State.RETURNED,
            frozenset({STATE}),
        ),
        Transition(
            "resubmit",
            "Resubmit to the state",
            frozenset({State.RETURNED}),
            State.RESUBMITTED,
            frozenset({COUNTY}),
            takes_file=True,
        ),
        Transition(
            "approve",
            "Approve for the state",
            AWAITING_FEEDBACK | {State.BOARD_APPROVED},
            State.STATE_APPROVED,
            frozenset({STATE}),
        ),
        Transition(
            "record_board_approval",
            "Record Board approval",
            AWAITING_FEEDBACK | {State.STATE_APPROVED},
            State.BOARD_APPROVED,
            frozenset({COUNTY, STATE}),
        ),
        Transition(
            "accept",
            "Accept",
            frozenset({State.STATE_APPROVED, State.BOARD_APPROVED}),
            State.ACCEPTED,
            frozenset({STATE}),
        ),
    ]
}


@dataclass(frozen=True)
class Facts:
    """What the machine needs to know about a submission besides its state."""

    state: State
    versions: int = 0  # documents uploaded so far
    state_approved: bool = False
    board_approved: bool = False
    board_approval_required: bool = False


@dataclass(frozen=True)
class Move:
    """A transition someone asks for, with what they give."""

    name: str
    side: str  # COUNTY or STATE
    reason: str = ""
    has_file: bool = False
    board_date: datetime.date | None = None
    board_resolution: str = ""


def apply(facts: Facts, move: Move) -> State:
    """The state after `move`; raises TransitionError naming the problem if it is not allowed."""
    transition = TRANSITIONS.get(move.name)
    if transition is None:
        raise TransitionError(f"unknown action {move.name!r}")
    if move.side not in transition.sides:
        raise TransitionError(f"{transition.label}: only the {_sides(transition)} can do this")
    if facts.state not in transition.sources:
        raise TransitionError(
            f"{transition.label}: not possible while the submission is "
            f"{facts.state.label.lower()}; possible now: {_possible(facts, move.side)}"
        )
    problem = _missing_input(transition, facts, move)
    if problem:
        raise TransitionError(f"{transition.label}: {problem}")
    return transition.target


def _missing_input(transition: Transition, facts: Facts, move: Move) -> str:
    """What the move lacks, or "" when it has everything it needs."""
    if transition.needs_file and not move.has_file:
        return "attach the document"
    if transition.takes_file and not move.has_file and facts.versions == 0:
        return "attach the document first"
    if transition.name == "return" and not move.reason.strip():
        return "give the reason, so the county knows what to change"
    if transition.name == "approve" and facts.state_approved:
        return "the state has already approved it"
    if transition.name == "record_board_approval":
        if not facts.board_approval_required:
            return "this deliverable needs no Board approval"
        if facts.board_approved:
            return "the Board's approval is already recorded"
        if move.board_date is None or not move.board_resolution.strip():
            return "give the date of the Board's action and its resolution number"
    if transition.name == "accept":
        missing = []
        if not facts.state_approved:
            missing.append("the state's approval")
        if facts.board_approval_required and not facts.board_approved:
            missing.append("the Board's approval")
        if missing:
            return f"first record {' and '.join(missing)}"
    return ""


def available(facts: Facts, side: str) -> list[Transition]:
    """The transitions `side` can make now, given what the submission already holds."""
    return [
        t
        for t in TRANSITIONS.values()
        if side in t.sides and facts.state in t.sources and not _blocked(t, facts)
    ]


def _blocked(transition: Transition, facts: Facts) -> bool:
    """True when the transition would be refused whatever the person gives with it."""
    probe = Move(
        transition.name,
        side=next(iter(transition.sides)),
        reason="given",
        has_file=True,
        board_date=datetime.date.min,
        board_resolution="given",
    )
    return bool(_missing_input(transition, facts, probe))


def _possible(facts: Facts, side: str) -> str:
    names = [t.label.lower() for t in available(facts, side)]
    return ", ".join(names) or "nothing (it is the other side's turn)"


def _sides(transition: Transition) -> str:
    return " or the ".join(sorted(transition.sides))


def feedback_due(submitted_on: datetime.date, working_days: int | None = None) -> datetime.date:
    """The date the state's feedback is due for a submission made on `submitted_on`."""
    return dates.add_working_days(submitted_on, working_days or FEEDBACK_WORKING_DAYS)


def working_days_left(due: datetime.date, today: datetime.date) -> int:
    """Working days from `today` to `due`: 0 on the due date, negative once it has passed."""
    return dates.working_days_between(today, due)
