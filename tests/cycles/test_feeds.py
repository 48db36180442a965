"""Calendar feeds, read back with vobject: an iCalendar parser independent of the icalendar
package that writes them."""

import pytest
import vobject
from django.urls import reverse

from opencqi.accounts.roles import Role
from opencqi.counties.models import County
from opencqi.cycles import scheduling
from opencqi.cycles.models import Preference
from tests.cycles.builders import D, make_schedule


@pytest.fixture
def schedule(counties):
    return make_schedule(County.objects.get(name="Fresno"), review_last_day=D(2008, 3, 14))


def read_feed(client, name, user, **kwargs):
    token = Preference.of(user).feed_token
    response = client.get(reverse(name, kwargs={"token": token, **kwargs}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar"
    calendar = vobject.readOne(response.content.decode())
    return {event.uid.value: event for event in calendar.vevent_list}


def test_the_county_feed_holds_every_due_date_as_an_all_day_event(client, schedule, make_user):
    lead = make_user(Role.COUNTY_LEAD)
    events = read_feed(client, "county_feed", lead, code="10")
    assert len(events) == schedule.due_dates.count()
    csa = events[f"{schedule.pk}-csa_final@opencqi"]
    assert csa.dtstart.value == D(2008, 11, 14)
    assert csa.dtend.value == D(2008, 11, 15)
    assert csa.summary.value == (
        "Fresno: County Self-Assessment due to CDSS, with Board of Supervisors approval"
    )
    assert "review_report_final + 6 months" in csa.description.value
    assert f"{schedule.pk}-quarterly_consultation#3@opencqi" in events


def test_a_changed_date_keeps_the_uid_and_raises_the_sequence(client, schedule, make_user):
    lead = make_user(Role.COUNTY_LEAD)
    csa = schedule.due_dates.get(step="csa_final")
    scheduling.grant_extension(csa, D(2008, 12, 12), "Board recess", None)
    event = read_feed(client, "county_feed", lead, code="10")[f"{schedule.pk}-csa_final@opencqi"]
    assert event.dtstart.value == D(2008, 12, 12)
    assert event.sequence.value == "1"
    assert "extended from 2008-11-14" in event.description.value


def test_the_personal_feed_of_a_county_member_holds_their_county(client, schedule, make_user):
    make_schedule(County.objects.get(name="Alpine"), review_last_day=D(2008, 3, 14))
    lead = make_user(Role.COUNTY_LEAD)
    events = read_feed(client, "user_feed", lead)
    assert {uid.split("-")[0] for uid in events} == {str(schedule.pk)}


def test_a_consultants_feed_holds_their_assigned_counties(client, schedule, make_user):
    alpine = make_schedule(County.objects.get(name="Alpine"), review_last_day=D(2008, 3, 14))
    consultant = make_user(Role.STATE_CONSULTANT)
    County.objects.filter(name="Alpine").update(consultant=consultant)
    events = read_feed(client, "user_feed", consultant)
    assert {uid.split("-")[0] for uid in events} == {str(alpine.pk)}


def test_a_county_member_has_no_feed_of_another_county(client, schedule, make_user):
    token = Preference.of(make_user(Role.COUNTY_LEAD)).feed_token
    response = client.get(reverse("county_feed", kwargs={"token": token, "code": "02"}))
    assert response.status_code == 404


def test_a_new_secret_retires_the_old_feed_address(client, schedule, make_user):
    lead = make_user(Role.COUNTY_LEAD)
    old = Preference.of(lead).feed_token
    client.force_login(lead)
    client.post(reverse("cycle_preferences"), {"reset_feed": "1"})
    client.logout()
    assert client.get(reverse("user_feed", kwargs={"token": old})).status_code == 404
    new = Preference.of(lead).feed_token
    assert new != old
    assert client.get(reverse("user_feed", kwargs={"token": new})).status_code == 200


def test_an_inactive_users_feed_stops(client, schedule, make_user):
    lead = make_user(Role.COUNTY_LEAD)
    token = Preference.of(lead).feed_token
    lead.is_active = False
    lead.save()
    assert client.get(reverse("user_feed", kwargs={"token": token})).status_code == 404
