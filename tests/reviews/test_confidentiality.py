"""Raw notes and case summaries, from outside over HTTP: the review team, the state co-chair
and the facilitator read them (each read logged); no host-county role ever does."""

import pytest

from opencqi.accounts.models import AccessLog
from opencqi.accounts.roles import Role
from tests.reviews.event_builders import link_state_co_chair, recorded_review, seat_on_team


@pytest.fixture
def review(counties):
    return recorded_review("Fresno")


def raw_urls(review):
    """Every page, download and API of raw notes and case summaries: (method, url, data)."""
    base = f"/reviews/{review.pk}"
    interview = review.sources.filter(kind="interview").first()
    group = review.sources.filter(kind="focus_group").first()
    item = interview.items.first()
    case = interview.label
    day = interview.day.isoformat()
    theme = review.themes.first()
    return [
        ("get", f"{base}/event/", {}),
        ("get", f"{base}/sources/{interview.pk}/", {}),
        ("get", f"{base}/sources/{group.pk}/", {}),
        ("post", f"{base}/sources/{group.pk}/", {"participant_names": "Ann Example"}),
        ("get", f"{base}/sources/{interview.pk}/answers/interview/engagement/", {}),
        ("get", f"{base}/sources/{interview.pk}/answers/debrief/went_as_planned/", {}),
        ("post", f"{base}/sources/{interview.pk}/answers/interview/engagement/", {"value": "x"}),
        ("get", f"{base}/sources/{interview.pk}/notes.pdf", {}),
        ("post", f"{base}/sources/{interview.pk}/items/", {"category": "training", "text": "x"}),
        ("post", f"{base}/items/{item.pk}/", {"category": "training", "text": "x"}),
        ("get", f"{base}/cases/{case}/summary/", {}),
        ("get", f"{base}/cases/{case}/summary/answers/services_summary/", {}),
        ("post", f"{base}/cases/{case}/summary/answers/services_summary/", {"value": "x"}),
        ("get", f"{base}/cases/{case}/summary.pdf", {}),
        ("get", f"{base}/daily/{day}/", {}),
        ("post", f"{base}/daily/{day}/", {"version": 0, "text": "x"}),
        ("get", f"{base}/themes/", {}),
        ("post", f"{base}/themes/", {"title": "x", "statement": "x", "category": "training"}),
        ("get", f"{base}/themes/{theme.pk}/", {}),
        ("post", f"{base}/themes/{theme.pk}/release/", {}),
        ("post", f"{base}/flags/dismiss/", {"target": "t", "found": "f", "digest": "d"}),
    ]


def statuses(client, review):
    return {
        (method, url): getattr(client, method)(url, data).status_code
        for method, url, data in raw_urls(review)
    }


@pytest.mark.parametrize(("role", "expected"), [(Role.COUNTY_LEAD, 403), (Role.COUNTY_STAFF, 404)])
def test_no_host_county_role_reads_raw_notes_or_case_summaries(
    client, make_user, review, role, expected
):
    client.force_login(make_user(role, county="Fresno"))
    got = statuses(client, review)
    assert set(got.values()) == {expected}, got
    assert not AccessLog.objects.exists()


def test_host_county_staff_on_a_team_read_nothing_even_after_signing(client, make_user, review):
    """Host-county staff may keep time on a team (with the co-chairs' agreement) but never read
    raw notes."""
    from opencqi.counties.models import County

    user = make_user(Role.PEER_REVIEWER, county="Fresno")
    reviewer = seat_on_team(review, user)
    reviewer.county = County.objects.get(name="Fresno")
    reviewer.save()
    client.force_login(user)
    got = statuses(client, review)
    assert set(got.values()) == {403}, got


def test_a_county_lead_who_is_also_a_peer_reviewer_of_the_host_reads_nothing(
    client, make_user, review
):
    from opencqi.accounts.models import Membership
    from opencqi.counties.models import County

    user = make_user(Role.PEER_REVIEWER, county="Madera")
    Membership.objects.create(
        user=user, role=Role.COUNTY_LEAD, county=County.objects.get(name="Fresno")
    )
    seat_on_team(review, user)
    client.force_login(user)
    assert set(statuses(client, review).values()) == {403}


def test_the_state_co_chair_reads_and_each_read_is_logged(client, make_user, review):
    consultant = make_user(Role.STATE_CONSULTANT)
    link_state_co_chair(review, consultant)
    client.force_login(consultant)
    interview = review.sources.filter(kind="interview").first()
    pages = [
        f"/reviews/{review.pk}/sources/{interview.pk}/",
        f"/reviews/{review.pk}/sources/{interview.pk}/notes.pdf",
        f"/reviews/{review.pk}/cases/{interview.label}/summary/",
        f"/reviews/{review.pk}/cases/{interview.label}/summary.pdf",
        f"/reviews/{review.pk}/sources/{interview.pk}/answers/interview/engagement/",
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url
    log = list(AccessLog.objects.order_by("at", "pk"))
    assert [entry.path for entry in log] == pages
    assert {entry.username for entry in log} == {"state_consultant"}
    assert {entry.county.name for entry in log} == {"Fresno"}
    assert [entry.action for entry in log] == [
        "read raw notes",
        "read raw notes",
        "read case summary",
        "read case summary",
        "read raw notes",
    ]
    page = client.get("/account/access-log/").content.decode()
    assert "read case summary" in page and f"case {interview.label}" in page


def test_a_state_consultant_who_is_not_the_co_chair_reads_nothing(client, make_user, review):
    client.force_login(make_user(Role.STATE_CONSULTANT))
    assert client.get(f"/reviews/{review.pk}/event/").status_code == 403


def test_the_facilitator_reads_every_source(client, make_user, review):
    user = make_user(Role.FACILITATOR)
    review.facilitator = user
    review.save()
    client.force_login(user)
    for source in review.sources.all():
        assert client.get(source.get_absolute_url()).status_code == 200
    assert AccessLog.objects.filter(username="facilitator").count() == review.sources.count()


def test_a_team_member_reads_their_teams_interviews_and_case_summaries_only(
    client, make_user, review
):
    user = make_user(Role.PEER_REVIEWER, county="Madera")
    seat_on_team(review, user, number=1)
    client.force_login(user)
    own = review.sources.filter(kind="interview", team__number=1).first()
    other = review.sources.filter(kind="interview", team__number=2).first()
    group = review.sources.filter(kind="focus_group").first()
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(group.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 403
    assert client.get(f"/reviews/{review.pk}/cases/{own.label}/summary/").status_code == 200
    assert client.get(f"/reviews/{review.pk}/cases/{other.label}/summary.pdf").status_code == 403
    page = client.get(f"/reviews/{review.pk}/event/").content.decode()
    assert own.get_absolute_url() in page and other.get_absolute_url() not in page


def test_a_team_member_who_has_not_signed_reads_nothing(client, make_user, review):
    user = make_user(Role.PEER_REVIEWER, county="Madera")
    seat_on_team(review, user, signed=False)
    client.force_login(user)
    assert client.get(f"/reviews/{review.pk}/event/").status_code == 403


def test_the_county_lead_sees_released_findings_and_the_report_but_no_notes(
    client, make_user, review
):
    theme = review.themes.first()
    client.force_login(make_user(Role.COUNTY_LEAD, county="Fresno"))
    findings = client.get(f"/reviews/{review.pk}/findings/").content.decode()
    assert theme.title not in findings  # not released yet
    theme.released_at = theme.created_at
    theme.save()
    findings = client.get(f"/reviews/{review.pk}/findings/").content.decode()
    assert theme.statement in findings
    report = client.get(f"/reviews/{review.pk}/report/").content.decode()
    assert theme.statement in report
    for text in ("Family team meetings held within 30 days", "Engaged the family early"):
        assert text not in findings and text not in report
    assert f"/reviews/{review.pk}/event/" not in findings
