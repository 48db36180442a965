"""The review tools as data: checking a definition, show-if, answers and adapting a copy."""

import pytest

from opencqi.reviews import instruments
from opencqi.reviews.instruments import (
    AnswerError,
    InstrumentError,
    Question,
    ShowIf,
    parse_tool,
    shipped_templates,
)


def tool(*questions):
    return parse_tool(
        "interview",
        {
            "title": "Interview tool",
            "sections": [{"key": "s", "title": "S", "questions": list(questions)}],
        },
    )


def test_every_programme_ships_the_four_tools():
    for programme in ("child_welfare", "calworks"):
        templates = shipped_templates(programme)
        assert set(templates) == {"case_summary", "interview", "focus_group", "debrief"}


def test_the_debrief_tool_has_a_section_per_category():
    from opencqi.reviews.categories import CATEGORY_LABELS

    debrief = parse_tool("debrief", shipped_templates("child_welfare")["debrief"])
    assert set(CATEGORY_LABELS) <= {s.key for s in debrief.sections}


def test_a_key_used_twice_is_refused():
    with pytest.raises(InstrumentError, match="'a' is used twice"):
        tool({"key": "a", "text": "A"}, {"key": "a", "text": "B"})


def test_a_choice_question_without_choices_is_refused():
    with pytest.raises(InstrumentError, match="at least two choices"):
        tool({"key": "a", "text": "A", "kind": "single", "choices": ["Only"]})


def test_show_if_must_point_at_an_earlier_closed_question_and_its_answers():
    with pytest.raises(InstrumentError, match="not an earlier question"):
        tool({"key": "b", "text": "B", "show_if": {"question": "a", "answers": ["yes"]}})
    with pytest.raises(InstrumentError, match="free-text question"):
        tool(
            {"key": "a", "text": "A"},
            {"key": "b", "text": "B", "show_if": {"question": "a", "answers": ["x"]}},
        )
    with pytest.raises(InstrumentError, match="'maybe', which is not one of its answers"):
        tool(
            {"key": "a", "text": "A", "kind": "yes_no_na"},
            {"key": "b", "text": "B", "show_if": {"question": "a", "answers": ["maybe"]}},
        )


def test_a_question_is_asked_only_when_its_show_if_holds():
    t = tool(
        {"key": "met", "text": "Met?", "kind": "yes_no_na"},
        {
            "key": "why",
            "text": "Why not?",
            "required": True,
            "show_if": {"question": "met", "answers": ["no"]},
        },
        {"key": "note", "text": "Note"},
    )
    assert [q.key for q in instruments.asked_questions(t, {})] == ["met", "note"]
    assert [q.key for q in instruments.asked_questions(t, {"met": "no"})] == ["met", "why", "note"]
    assert [q.key for q in instruments.unanswered_required(t, {"met": "no"})] == ["why"]
    assert instruments.unanswered_required(t, {"met": "yes"}) == []


def test_answers_are_cleaned_to_their_question():
    rating = Question("r", "R", kind="rating", scale=(1, 4))
    assert instruments.clean_answer(rating, "3") == "3"
    with pytest.raises(AnswerError, match="Choose one of: 1, 2, 3, 4"):
        instruments.clean_answer(rating, "5")
    multiple = Question("m", "M", kind="multiple", choices=("A", "B", "C"))
    assert instruments.clean_answer(multiple, ["C", "A"]) == ["A", "C"]
    assert instruments.clean_answer(multiple, []) is None
    with pytest.raises(AnswerError):
        instruments.clean_answer(multiple, ["D"])
    text = Question("t", "T")
    assert instruments.clean_answer(text, "  kept as typed  \n") == "  kept as typed"
    assert instruments.clean_answer(text, "   ") is None


def test_a_review_copy_is_adapted_and_still_checked():
    t = tool({"key": "met", "text": "Met?", "kind": "yes_no_na"}, {"key": "note", "text": "Note"})
    added = instruments.add_question(
        t, "s", Question("why", "Why not?", show_if=ShowIf("met", ("no",)))
    )
    assert added.question("why").show_if.answers == ("no",)
    with pytest.raises(InstrumentError, match="decides whether 'why' is asked"):
        instruments.remove_question(added, "met")
    reworded = instruments.change_question(added, Question("note", "Anything else?"))
    assert reworded.question("note").text == "Anything else?"
    assert instruments.remove_question(reworded, "why").question("why") is None
    assert parse_tool("interview", instruments.tool_data(reworded)) == reworded


def test_question_keys_come_from_the_text_and_stay_unique():
    assert (
        instruments.question_key("How did you engage the family?", set())
        == "how_did_you_engage_the"
    )
    assert instruments.question_key("Note", {"note"}) == "note_2"


def test_a_condition_reads_as_words():
    t = tool(
        {"key": "met", "text": "Met?", "kind": "yes_no_na"},
        {"key": "why", "text": "Why?", "show_if": {"question": "met", "answers": ["no", "na"]}},
    )
    assert t.condition(t.question("why")) == "if “Met?” is No or Not applicable"
    assert t.conditions == {"why": "if “Met?” is No or Not applicable"}
