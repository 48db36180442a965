"""Who sees what of a review: planners, the facilitator, peer reviewers on a team, others."""

import datetime as dt

import pytest

from opencqi.accounts.roles import Role
from opencqi.reviews.models import Reviewer
from tests.reviews.builders import planned_review


@pytest.fixture
def review(counties):
    return planned_review("Fresno")


def seat(review, user, signed=False):
    """Put `user` on team 1 of `review` as a peer reviewer."""
    reviewer = review.reviewers.filter(team__number=1).first()
    reviewer.user = user
    reviewer.confidentiality_signed_on = dt.date(2026, 9, 1) if signed else None
    reviewer.save()
    return reviewer


def test_peer_reviewer_on_a_team_lands_on_the_team_page_and_must_sign_first(
    client, make_user, review
):
    user = make_user(Role.PEER_REVIEWER, county="Madera")
    seat(review, user)
    client.force_login(user)
    assert client.get(f"/reviews/{review.pk}/").url == f"/reviews/{review.pk}/teams/1/"
    page = client.get(f"/reviews/{review.pk}/teams/1/").content.decode()
    assert "Sign the confidentiality statement" in page
    assert "E001" not in page and "team-cases" not in page
    assert client.get(f"/reviews/{review.pk}/teams/1/agenda.pdf").status_code == 403


def test_signing_opens_the_team_material_and_nothing_else(client, make_user, review):
    user = make_user(Role.PEER_REVIEWER, county="Madera")
    reviewer = seat(review, user)
    client.force_login(user)
    response = client.post(f"/reviews/{review.pk}/confidentiality/", {"agree": "yes"})
    assert response.status_code == 302
    reviewer.refresh_from_db()
    assert reviewer.confidentiality_signed_on is not None
    page = client.get(f"/reviews/{review.pk}/teams/1/").content.decode()
    team_cases = list(review.teams.get(number=1).cases.values_list("case_id", flat=True))
    other_cases = list(review.teams.get(number=2).cases.values_list("case_id", flat=True))
    assert all(case in page for case in team_cases)
    assert not any(f">{case}<" in page for case in other_cases)
    assert client.get(f"/reviews/{review.pk}/teams/1/agenda.pdf").status_code == 200
    assert client.get(f"/reviews/{review.pk}/teams/2/").status_code == 403
    assert client.get(f"/reviews/{review.pk}/teams/2/agenda.ics").status_code == 403
    for page in ("sample/", "teams/", "schedule/", "interviewees/", "focus-area/"):
        assert client.get(f"/reviews/{review.pk}/{page}").status_code == 403, page


def test_signing_needs_the_box_ticked(client, make_user, review):
    user = make_user(Role.PEER_REVIEWER, county="Madera")
    reviewer = seat(review, user)
    client.force_login(user)
    client.post(f"/reviews/{review.pk}/confidentiality/", {})
    reviewer.refresh_from_db()
    assert reviewer.confidentiality_signed_on is None


def test_a_peer_reviewer_on_no_team_sees_nothing(client, make_user, review):
    client.force_login(make_user(Role.PEER_REVIEWER, county="Madera"))
    assert client.get(f"/reviews/{review.pk}/teams/1/").status_code == 404
    assert "Fresno" not in client.get("/reviews/").content.decode().split("<tbody>")[1]
    assert (
        client.post(f"/reviews/{review.pk}/confidentiality/", {"agree": "yes"}).status_code == 404
    )


def test_the_facilitator_sees_and_schedules_but_does_not_plan(client, make_user, review):
    user = make_user(Role.FACILITATOR)
    review.facilitator = user
    review.save()
    client.force_login(user)
    assert client.get(f"/reviews/{review.pk}/").status_code == 200
    assert client.get(f"/reviews/{review.pk}/sample/").status_code == 200
    response = client.post(f"/reviews/{review.pk}/schedule/", {"rooms": "Room A\nRoom B\nRoom C"})
    assert response.status_code == 302
    assert client.post(f"/reviews/{review.pk}/teams/", {}).status_code == 403
    assert client.get(f"/reviews/{review.pk}/edit/").status_code == 403


def test_a_facilitator_of_another_review_sees_nothing(client, make_user, review):
    client.force_login(make_user(Role.FACILITATOR))
    assert client.get(f"/reviews/{review.pk}/").status_code == 404


def test_the_host_county_lead_plans_and_another_countys_lead_sees_nothing(
    client, make_user, review
):
    client.force_login(make_user(Role.COUNTY_LEAD, county="Fresno"))
    assert client.get(f"/reviews/{review.pk}/").status_code == 200
    client.force_login(make_user(Role.COUNTY_LEAD, county="Madera", username="madera-lead"))
    assert client.get(f"/reviews/{review.pk}/").status_code == 404


def test_host_county_staff_do_not_see_the_plan(client, make_user, review):
    client.force_login(make_user(Role.COUNTY_STAFF, county="Fresno"))
    assert client.get(f"/reviews/{review.pk}/").status_code == 404
    assert client.get("/reviews/").status_code == 403


def test_the_review_list_shows_a_peer_reviewer_their_team(client, make_user, review):
    user = make_user(Role.PEER_REVIEWER, county="Madera")
    seat(review, user, signed=True)
    client.force_login(user)
    page = client.get("/reviews/").content.decode()
    assert f"/reviews/{review.pk}/teams/1/" in page
    assert Reviewer.objects.filter(user=user).count() == 1


def test_home_pages_list_the_facilitators_reviews_and_the_reviewers_teams(
    client, make_user, review
):
    facilitator = make_user(Role.FACILITATOR)
    review.facilitator = facilitator
    review.save()
    client.force_login(facilitator)
    assert review.get_absolute_url() in client.get("/").content.decode()
    reviewer = make_user(Role.PEER_REVIEWER, county="Madera")
    seat(review, reviewer)
    client.force_login(reviewer)
    page = client.get("/").content.decode()
    assert f"/reviews/{review.pk}/teams/1/" in page
    assert "sign the confidentiality statement" in page
