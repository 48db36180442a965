"""Compare-and-swap of one field: saves, double submits and conflicts."""

from opencqi.reviews.capture import CONFLICT, SAVED, UNCHANGED, Stored, decide


def test_a_first_answer_is_saved():
    assert decide(None, "text", 0) == SAVED


def test_an_answer_over_the_version_seen_is_saved():
    assert decide(Stored("old", 3), "new", 3) == SAVED


def test_a_double_submit_changes_nothing():
    assert decide(Stored("new", 4), "new", 3) == UNCHANGED


def test_another_value_over_an_older_version_is_a_conflict():
    assert decide(Stored("theirs", 4), "mine", 3) == CONFLICT


def test_trailing_space_and_empty_answers_are_not_conflicts():
    assert decide(Stored("same ", 4), "same", 3) == UNCHANGED
    assert decide(Stored(None, 2), "", 1) == UNCHANGED
