"""Names of people (and ids of workers and cases) found in free text."""

from opencqi.reviews.names import IDENTIFIER, INTERVIEWEE, REVIEWER, Person, find_names

PEOPLE = [
    Person("Alma Reyes", REVIEWER),
    Person("José Núñez", INTERVIEWEE),
    Person("W0042", IDENTIFIER),
]


def found(text):
    return [f.found for f in find_names(text, PEOPLE)]


def test_a_full_name_is_found_in_any_case_and_spacing():
    assert found("We heard from alma   REYES today.") == ["alma   REYES"]


def test_a_capitalised_part_of_a_name_is_found():
    assert found("Reyes said the court was slow.") == ["Reyes"]


def test_a_lower_case_word_that_is_part_of_a_name_is_not_a_name():
    assert found("The alma mater of the workers.") == []


def test_accents_do_not_hide_a_name():
    assert found("Jose Nunez described the team meeting.") == ["Jose Nunez"]
    assert found("Núñez described it.") == ["Núñez"]


def test_ids_are_found_as_whole_words_only():
    assert found("Worker w0042 was new.") == ["w0042"]
    assert found("Ticket W00421 is unrelated.") == []


def test_a_text_without_names_has_no_flags():
    assert found("Parents valued the team meetings.") == []


def test_overlapping_matches_keep_the_full_name():
    flags = find_names("Alma Reyes", PEOPLE)
    assert [(f.found, f.kind) for f in flags] == [("Alma Reyes", REVIEWER)]
