"""Theme rules: distinct sources, the release threshold, strengths first and the matrices."""

from opencqi.reviews.themes import (
    ItemFacts,
    ThemeFacts,
    case_theme_matrix,
    category_theme_matrix,
    distinct_sources,
    release_problems,
    sources_by_kind,
    strengths_first,
)


def item(item_id, source, kind="interview", category="barriers", case=""):
    return ItemFacts(item_id, source, kind, category, case)


def test_two_items_of_one_interview_are_one_source():
    items = [item(1, 10), item(2, 10)]
    assert distinct_sources(items) == 1


def test_a_theme_supported_by_one_source_cannot_be_released():
    problems = release_problems([item(1, 10), item(2, 10)], threshold=2)
    assert problems and "supported by 1 source" in problems[0]


def test_a_theme_at_the_threshold_can_be_released():
    assert release_problems([item(1, 10), item(2, 11, "focus_group")], threshold=2) == []


def test_the_threshold_is_configurable():
    items = [item(1, 10), item(2, 11)]
    assert release_problems(items, threshold=3)
    assert release_problems([item(1, 10)], threshold=1) == []


def test_an_open_name_flag_blocks_release():
    problems = release_problems([item(1, 10), item(2, 11)], 2, ["'Reyes' in the statement"])
    assert problems == [
        "'Reyes' in the statement: edit the text or have the state co-chair dismiss the flag."
    ]


def test_sources_are_counted_by_kind():
    items = [item(1, 10), item(2, 10), item(3, 11), item(4, 20, "focus_group")]
    assert sources_by_kind(items) == {"interview": 2, "focus_group": 1}


def test_strengths_come_first():
    barrier = ThemeFacts(1, "A barrier", "barriers", (item(1, 10), item(2, 11), item(3, 12)))
    strength = ThemeFacts(2, "A strength", "strengths", (item(4, 10),))
    documentation = ThemeFacts(3, "Documentation", "documentation", (item(5, 10),))
    ordered = strengths_first([documentation, barrier, strength])
    assert [t.theme_id for t in ordered] == [2, 3, 1]


def test_matrices_count_items_per_case_and_per_category():
    a = ThemeFacts(
        1, "A", "barriers", (item(1, 10, case="E1"), item(2, 11, category="training", case="E2"))
    )
    b = ThemeFacts(2, "B", "strengths", (item(3, 10, category="strengths", case="E1"),))
    assert case_theme_matrix([a, b], ["E1", "E2", "E3"]) == [
        ("E1", [1, 1]),
        ("E2", [1, 0]),
        ("E3", [0, 0]),
    ]
    rows = dict(category_theme_matrix([a, b]))
    assert rows["barriers"] == [1, 0] and rows["training"] == [1, 0] and rows["strengths"] == [0, 1]
    assert category_theme_matrix([a, b])[0][0] == "strengths"
