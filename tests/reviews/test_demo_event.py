"""The demo review's recorded event week: real content on the event, theme, findings and report
pages."""

from django.contrib.auth.models import User

from opencqi.reviews.demo import load_demo_review
from opencqi.reviews.demo_event import load_demo_event
from opencqi.site.demo import load_demo_case_data, load_demo_content


def test_demo_event_week_is_recorded_once_with_one_released_theme(db, settings, tmp_path, client):
    settings.DATA_DIR = tmp_path
    load_demo_content(log=lambda *_: None)
    load_demo_case_data(episodes=12_000, log=lambda *_: None)
    review = load_demo_review(log=lambda *_: None)
    load_demo_event(log=lambda *_: None)
    assert review.sources.filter(kind="interview", answers__isnull=False).distinct().count() >= 2
    assert review.debrief_items.count() >= 6
    released = review.themes.filter(released_at__isnull=False)
    assert [t.title for t in released] == ["Early family teaming"]
    load_demo_event(log=lambda *_: None)
    assert review.themes.count() == 2
    client.force_login(User.objects.get(username="county-lead"))
    findings = client.get(f"/reviews/{review.pk}/findings/").content.decode()
    assert "Early family teaming" in findings and "Few placements for teenagers" not in findings
    client.force_login(User.objects.get(username="state-consultant"))
    assert client.get(f"/reviews/{review.pk}/themes/").status_code == 200
    client.force_login(User.objects.get(username="facilitator"))
    assert client.get(f"/reviews/{review.pk}/event/").status_code == 200
