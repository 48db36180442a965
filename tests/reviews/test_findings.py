"""Themes, release and follow-up: the threshold of distinct sources, name flags, who releases,
what the county sees."""

import pytest

from opencqi.accounts.roles import Role
from opencqi.reviews import event_week
from opencqi.reviews.event_models import Theme
from tests.reviews.event_builders import link_state_co_chair, recorded_review, seat_on_team


@pytest.fixture
def review(counties):
    return recorded_review("Fresno")


@pytest.fixture
def co_chair(client, make_user, review):
    user = make_user(Role.STATE_CONSULTANT)
    link_state_co_chair(review, user)
    client.force_login(user)
    return user


def one_source_theme(review):
    source = review.sources.filter(kind="interview", items__isnull=False).first()
    return event_week.create_theme(
        review,
        title="Visits",
        statement="Parent-child visits were hard to schedule.",
        category="barriers",
        scope="focus_area",
        item_ids=list(source.items.values_list("pk", flat=True)),
        user=None,
    )


def test_a_theme_supported_by_one_source_cannot_be_released(client, co_chair, review):
    theme = one_source_theme(review)
    page = client.get(theme.get_absolute_url()).content.decode()
    assert "supported by 1 source" in page
    response = client.post(f"/reviews/{review.pk}/themes/{theme.pk}/release/", follow=True)
    assert "Not released" in response.content.decode()
    theme.refresh_from_db()
    assert theme.released_at is None


def test_the_co_chair_releases_a_theme_of_two_sources(client, co_chair, review):
    theme = review.themes.get(title="Early family teaming")
    response = client.post(f"/reviews/{review.pk}/themes/{theme.pk}/release/", follow=True)
    assert "is released to Fresno County" in response.content.decode()
    theme.refresh_from_db()
    assert theme.released_by == co_chair


def test_the_threshold_is_set_per_review(client, co_chair, review):
    theme = review.themes.get(title="Early family teaming")
    response = client.post(
        f"/reviews/{review.pk}/findings/", {"theme_threshold": 3, "state_co_chair": co_chair.pk}
    )
    assert response.status_code == 302
    client.post(f"/reviews/{review.pk}/themes/{theme.pk}/release/")
    theme.refresh_from_db()
    assert theme.released_at is None


def test_a_name_in_the_statement_blocks_release_until_edited_or_dismissed(client, co_chair, review):
    theme = review.themes.get(title="Early family teaming")
    name = review.interviewees.exclude(name="").first().name  # "Worker 1", etc.
    Theme.objects.filter(pk=theme.pk).update(statement=f"As {name} put it, meetings helped.")
    page = client.get(theme.get_absolute_url()).content.decode()
    assert f"“{name}” (interviewee) in the statement" in page
    client.post(f"/reviews/{review.pk}/themes/{theme.pk}/release/")
    theme.refresh_from_db()
    assert theme.released_at is None
    flag = event_week.open_flags(review, event_week.theme_texts(theme))[0]
    client.post(
        f"/reviews/{review.pk}/flags/dismiss/",
        {"target": flag.target, "found": flag.found, "digest": flag.digest, "reason": "quoted"},
    )
    client.post(f"/reviews/{review.pk}/themes/{theme.pk}/release/")
    theme.refresh_from_db()
    assert theme.released_at is not None


def test_a_worker_id_or_a_reviewer_name_is_flagged_too(review):
    theme = review.themes.get(title="Early family teaming")
    reviewer = review.reviewers.first().name
    theme.statement = f"Reviewer notes: {reviewer} saw this with W1."
    theme.save()
    found = {f.found for f in event_week.open_flags(review, event_week.theme_texts(theme))}
    assert {reviewer, "W1"} <= found


def test_focus_group_participant_names_are_flagged(client, make_user, review):
    group = review.sources.get(kind="focus_group")
    group.participant_names = "Bea Quintero"
    group.save()
    theme = review.themes.get(title="Early family teaming")
    theme.statement = "Quintero said meetings helped."
    theme.save()
    flags = event_week.open_flags(review, event_week.theme_texts(theme))
    assert [(f.found, f.kind) for f in flags] == [("Quintero", "focus-group participant")]


def test_a_team_member_builds_themes_but_only_the_state_co_chair_releases(
    client, make_user, review
):
    user = make_user(Role.PEER_REVIEWER, county="Madera")
    seat_on_team(review, user)
    client.force_login(user)
    items = list(review.debrief_items.values_list("pk", flat=True)[:3])
    response = client.post(
        f"/reviews/{review.pk}/themes/",
        {
            "title": "Placements",
            "statement": "Placements were scarce.",
            "category": "resources",
            "scope": "system_wide",
            "items": items,
        },
    )
    theme = review.themes.get(title="Placements")
    assert response.url == theme.get_absolute_url()
    assert theme.items.count() == 3
    assert client.post(f"/reviews/{review.pk}/themes/{theme.pk}/release/").status_code == 403


def test_themes_list_strengths_first_with_their_source_counts(client, co_chair, review):
    one_source_theme(review)
    page = client.get(f"/reviews/{review.pk}/themes/").content.decode()
    assert page.index("Early family teaming") < page.index("Visits")
    assert 'id="case-matrix"' in page and 'id="category-matrix"' in page


def test_the_county_lead_follows_up_a_released_recommendation(client, make_user, review):
    theme = review.themes.get(title="Early family teaming")
    event_week.release_theme(theme, None)
    recommendation = theme.recommendations.get()
    client.force_login(make_user(Role.COUNTY_LEAD, county="Fresno"))
    prefix = f"r{recommendation.pk}"
    data = {
        f"{prefix}-version": 1,
        f"{prefix}-owner": "Deputy director",
        f"{prefix}-due_date": "2027-03-31",
        f"{prefix}-status": "in_progress",
    }
    url = f"/reviews/{review.pk}/recommendations/{recommendation.pk}/"
    client.post(url, data)
    recommendation.refresh_from_db()
    assert (recommendation.owner, recommendation.status) == ("Deputy director", "in_progress")
    stale = client.post(url, {**data, f"{prefix}-owner": "Someone else"}, follow=True)
    assert "Someone else changed this record" in stale.content.decode()


def test_an_unreleased_recommendation_cannot_be_followed_up(client, make_user, review):
    recommendation = review.themes.get().recommendations.get()
    client.force_login(make_user(Role.COUNTY_LEAD, county="Fresno"))
    response = client.post(f"/reviews/{review.pk}/recommendations/{recommendation.pk}/", {})
    assert response.status_code == 404


def test_the_daily_debrief_gathers_the_days_items_and_the_facilitator_summarises(
    client, make_user, review
):
    user = make_user(Role.FACILITATOR)
    review.facilitator = user
    review.save()
    client.force_login(user)
    day = review.sources.filter(items__isnull=False).order_by("day").first().day
    url = f"/reviews/{review.pk}/daily/{day.isoformat()}/"
    page = client.get(url).content.decode()
    assert "Strengths and Promising Practices" in page and "Team 1" in page
    client.post(url, {"version": 0, "text": "Teaming came up in every interview."})
    assert "Teaming came up in every interview." in client.get(url).content.decode()
    stale = client.post(url, {"version": 0, "text": "Another summary."})
    assert "saved this text since you opened it" in stale.content.decode()


def test_the_planning_pages_and_the_team_page_lead_to_the_event_week(client, make_user, review):
    client.force_login(make_user(Role.COUNTY_LEAD, county="Fresno"))
    assert (
        f"/reviews/{review.pk}/findings/" in client.get(f"/reviews/{review.pk}/").content.decode()
    )
    user = make_user(Role.PEER_REVIEWER, county="Madera")
    seat_on_team(review, user)
    client.force_login(user)
    page = client.get(f"/reviews/{review.pk}/teams/1/").content.decode()
    assert f"/reviews/{review.pk}/event/" in page


def test_a_new_template_version_is_checked_in_the_admin(client, make_user, review):
    client.force_login(make_user(Role.STATE_ADMIN))
    response = client.post(
        "/admin/reviews/instrumenttemplate/add/",
        {
            "programme": "child_welfare",
            "kind": "interview",
            "definition": '{"title": "Interview tool", "sections": []}',
            "note": "empty",
        },
    )
    assert "a tool needs at least one section" in response.content.decode()
