"""A review adapts its copies of the tools before the event; a tool in use is locked; a new
template version does not change a review's copy."""

import pytest

from opencqi.accounts.roles import Role
from opencqi.reviews import event_week
from opencqi.reviews.event_models import InstrumentTemplate
from tests.reviews.builders import planned_review
from tests.reviews.event_builders import record_event


@pytest.fixture
def review(counties):
    return planned_review("Fresno")


@pytest.fixture
def lead(client, make_user, counties):
    client.force_login(make_user(Role.COUNTY_LEAD, county="Fresno"))


def tool_of(review, kind="interview"):
    return event_week.review_tools(review)[kind]


def test_the_planners_add_change_and_remove_a_question(client, lead, review):
    url = f"/reviews/{review.pk}/tools/interview/"
    copy = tool_of(review)
    client.post(
        url,
        {
            "version": copy.version,
            "section": "practice",
            "text": "Which relatives took part?",
            "kind": "multiple",
            "choices": "Grandparents\nAunts and uncles\nSiblings",
            "show_if_question": "teaming",
            "show_if_answers": "yes",
        },
    )
    copy.refresh_from_db()
    question = copy.tool.question("which_relatives_took_part")
    assert question.choices == ("Grandparents", "Aunts and uncles", "Siblings")
    assert question.show_if.answers == ("yes",)
    prefix = "q-which_relatives_took_part"
    client.post(
        url,
        {
            "version": copy.version,
            "change": "which_relatives_took_part",
            f"{prefix}-version": copy.version,
            f"{prefix}-key": "which_relatives_took_part",
            f"{prefix}-section": "practice",
            f"{prefix}-text": "Which relatives joined the meeting?",
            f"{prefix}-kind": "multiple",
            f"{prefix}-choices": "Grandparents\nSiblings",
            f"{prefix}-required": "on",
        },
    )
    copy.refresh_from_db()
    changed = copy.tool.question("which_relatives_took_part")
    assert changed.text == "Which relatives joined the meeting?" and changed.required
    client.post(url, {"version": copy.version, "remove": "which_relatives_took_part"})
    copy.refresh_from_db()
    assert copy.tool.question("which_relatives_took_part") is None


def test_a_stale_edit_of_a_tool_is_refused(client, lead, review):
    url = f"/reviews/{review.pk}/tools/interview/"
    copy = tool_of(review)
    client.post(url, {"version": copy.version, "remove": "one_change"})
    response = client.post(url, {"version": copy.version, "remove": "training_needs"})
    assert "Someone else changed the interview tool" in response.content.decode()


def test_removing_a_question_another_depends_on_is_refused(client, lead, review):
    copy = tool_of(review)
    response = client.post(
        f"/reviews/{review.pk}/tools/interview/", {"version": copy.version, "remove": "teaming"}
    )
    assert "decides whether" in response.content.decode()


def test_a_tool_with_answers_is_locked(client, lead, review):
    record_event(review)
    copy = tool_of(review)
    response = client.post(
        f"/reviews/{review.pk}/tools/interview/", {"version": copy.version, "remove": "one_change"}
    )
    assert "can no longer change" in response.content.decode()
    assert tool_of(review).tool.question("one_change") is not None


def test_a_new_template_version_leaves_existing_copies_alone(review, counties):
    copy = tool_of(review)
    template = copy.template
    newer = InstrumentTemplate.objects.create(
        programme=template.programme, kind=template.kind, definition=template.definition
    )
    assert newer.version == template.version + 1
    assert tool_of(review).template_version == template.version
    other = planned_review("Madera")
    assert tool_of(other).template_version == newer.version


def test_a_peer_reviewer_on_the_team_reads_the_tools_but_does_not_adapt_them(
    client, make_user, review
):
    from tests.reviews.event_builders import seat_on_team

    user = make_user(Role.PEER_REVIEWER, county="Madera")
    seat_on_team(review, user)
    client.force_login(user)
    assert client.get(f"/reviews/{review.pk}/tools/").status_code == 200
    copy = tool_of(review)
    url = f"/reviews/{review.pk}/tools/interview/"
    assert client.post(url, {"version": copy.version, "remove": "one_change"}).status_code == 403
