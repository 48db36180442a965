"""Recording an interview over HTTP: autosave, double submits, teammates on the same and on
different fields, debrief items sent twice."""

import pytest

from opencqi.accounts.roles import Role
from opencqi.reviews.event_models import Answer, DebriefItem
from tests.reviews.event_builders import recorded_review, seat_on_team

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def review(counties):
    return recorded_review("Fresno")


@pytest.fixture
def teammates(client, make_user, review):
    """Two signed members of team 1, each with their own browser."""
    from django.test import Client

    first = make_user(Role.PEER_REVIEWER, county="Madera", username="recorder")
    second = make_user(Role.PEER_REVIEWER, county="Madera", username="interviewer")
    seat_on_team(review, first)
    seat_on_team(review, second)
    a, b = Client(), Client()
    a.force_login(first)
    b.force_login(second)
    return a, b


def source_of(review):
    return review.sources.filter(kind="interview", team__number=1).last()


def answer_url(source, key, kind="interview"):
    return f"/reviews/{source.review_id}/sources/{source.pk}/answers/{kind}/{key}/"


def test_an_answer_is_saved_and_its_version_comes_back(teammates, review):
    a, _ = teammates
    source = source_of(review)
    response = a.post(
        answer_url(source, "services"), {"value": "Parenting class", "version": 0}, **HTMX
    )
    assert response["X-Capture-Outcome"] == "saved"
    body = response.content.decode()
    assert 'hx-swap-oob="true"' in body and 'value="1"' in body
    answer = Answer.objects.get(source=source, question="services")
    assert (answer.value, answer.version) == ("Parenting class", 1)


def test_a_double_submit_saves_once(teammates, review):
    a, _ = teammates
    source = source_of(review)
    url = answer_url(source, "services")
    a.post(url, {"value": "Parenting class", "version": 0}, **HTMX)
    again = a.post(url, {"value": "Parenting class", "version": 0}, **HTMX)
    assert again["X-Capture-Outcome"] == "unchanged"
    assert Answer.objects.get(source=source, question="services").version == 1


def test_teammates_editing_different_fields_do_not_clash(teammates, review):
    a, b = teammates
    source = source_of(review)
    first = a.post(answer_url(source, "services"), {"value": "Housing help", "version": 0}, **HTMX)
    second = b.post(answer_url(source, "barriers"), {"value": "Court delays", "version": 0}, **HTMX)
    assert first["X-Capture-Outcome"] == second["X-Capture-Outcome"] == "saved"
    stored = dict(Answer.objects.filter(source=source).values_list("question", "value"))
    assert stored["services"] == "Housing help" and stored["barriers"] == "Court delays"


def test_editing_the_same_field_warns_with_both_values_and_overwrites_nothing(teammates, review):
    a, b = teammates
    source = source_of(review)
    url = answer_url(source, "barriers")
    a.post(url, {"value": "Court delays", "version": 0}, **HTMX)
    clash = b.post(url, {"value": "No beds for teens", "version": 0}, **HTMX)
    assert clash["X-Capture-Outcome"] == "conflict"
    warning = clash.content.decode()
    assert "Court delays" in warning and "No beds for teens" in warning
    assert "Keep mine" in warning and "Use theirs" in warning
    assert Answer.objects.get(source=source, question="barriers").value == "Court delays"
    # Keeping mine overwrites the version the warning showed, on purpose.
    kept = b.post(url, {"value": "No beds for teens", "version": 0, "overwrite": 1}, **HTMX)
    assert kept["X-Capture-Outcome"] == "saved"
    assert Answer.objects.get(source=source, question="barriers").value == "No beds for teens"


def test_without_htmx_a_clash_comes_back_as_a_message(teammates, review):
    a, b = teammates
    source = source_of(review)
    url = answer_url(source, "barriers")
    a.post(url, {"value": "Court delays", "version": 0})
    response = b.post(url, {"value": "Staff turnover", "version": 0}, follow=True)
    page = response.content.decode()
    assert "Not saved" in page and "Court delays" in page and "Staff turnover" in page


def test_a_closed_answer_must_be_one_of_its_options(teammates, review):
    a, _ = teammates
    source = source_of(review)
    response = a.post(answer_url(source, "teaming"), {"value": "maybe", "version": 0}, **HTMX)
    assert response["X-Capture-Outcome"] == "invalid"
    assert "Choose one of: Yes, No, Not applicable" in response.content.decode()


def test_a_multiple_choice_answer_keeps_every_choice(teammates, review):
    a, _ = teammates
    source = source_of(review)
    a.post(
        answer_url(source, "supports"),
        {"value": ["Training", "Supervision"], "version": 0},
        **HTMX,
    )
    assert Answer.objects.get(source=source, question="supports").value == [
        "Supervision",
        "Training",
    ]


def test_a_show_if_question_appears_with_its_answer(teammates, review):
    a, _ = teammates
    source = source_of(review)
    page = a.get(source.get_absolute_url()).content.decode()
    assert 'id="field-interview-teaming_helped"' in page
    assert 'data-show-if="field-interview-teaming"' in page
    hidden = page.split('id="field-interview-teaming_helped"')[1].split(">")[0]
    assert "hidden" in hidden
    a.post(answer_url(source, "teaming"), {"value": "yes", "version": 0}, **HTMX)
    page = a.get(source.get_absolute_url()).content.decode()
    assert "hidden" not in page.split('id="field-interview-teaming_helped"')[1].split(">")[0]


def test_a_debrief_item_sent_twice_is_added_once(teammates, review):
    a, _ = teammates
    source = source_of(review)
    data = {
        "token": "11111111-2222-3333-4444-555555555555",
        "category": "training",
        "scope": "system_wide",
        "text": "New workers want coaching on teaming.",
    }
    url = f"/reviews/{review.pk}/sources/{source.pk}/items/"
    first = a.post(url, data, **HTMX)
    second = a.post(url, data, **HTMX)
    assert first["X-Capture-Outcome"] == second["X-Capture-Outcome"] == "saved"
    assert DebriefItem.objects.filter(text=data["text"]).count() == 1
    assert "New workers want coaching on teaming." in second.content.decode()


def test_editing_an_item_a_teammate_changed_shows_theirs(teammates, review):
    a, b = teammates
    item = review.debrief_items.filter(source__team__number=1).first()
    url = f"/reviews/{review.pk}/items/{item.pk}/"
    data = {"token": str(item.token), "category": item.category, "scope": item.scope}
    a.post(url, {**data, "version": 1, "text": "Teaming within 30 days."})
    response = b.post(url, {**data, "version": 1, "text": "Teaming early."}, follow=True)
    page = response.content.decode()
    assert "Teaming within 30 days." in page and "A teammate changed this item" in page
    item.refresh_from_db()
    assert item.text == "Teaming within 30 days."
