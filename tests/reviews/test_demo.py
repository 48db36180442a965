"""The demo's planned review of Fresno: real content on every planning page."""

from django.contrib.auth.models import User

from opencqi.reviews.demo import load_demo_review
from opencqi.reviews.models import Review
from opencqi.site.demo import load_demo_case_data, load_demo_content


def test_demo_review_is_planned_end_to_end_once(db, settings, tmp_path, client):
    settings.DATA_DIR = tmp_path
    load_demo_content(log=lambda *_: None)
    load_demo_case_data(episodes=12_000, log=lambda *_: None)
    review = load_demo_review(log=lambda *_: None)
    assert review.focus_measure_id and review.focus_area
    assert review.sample.cases.selected().count() >= 4
    assert review.teams.count() == 2
    assert (
        review.slots.filter(kind="interview").count()
        == review.sample.cases.filter(status="selected", team__isnull=False).count()
    )
    assert review.facilitator.username == "facilitator"
    pat = review.reviewers.get(user__username="peer-reviewer")
    assert pat.team is not None and pat.confidentiality_signed_on is None
    assert load_demo_review(log=lambda *_: None) is None
    assert Review.objects.count() == 1
    client.force_login(User.objects.get(username="peer-reviewer"))
    page = client.get(f"/reviews/{review.pk}/teams/{pat.team.number}/").content.decode()
    assert "Sign the confidentiality statement" in page
    client.force_login(User.objects.get(username="facilitator"))
    assert client.get(f"/reviews/{review.pk}/schedule/").status_code == 200
