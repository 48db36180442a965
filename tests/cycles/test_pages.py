"""The cycle pages: schedules, a county's timeline, the board, the calendar, the feedback queue."""

import datetime

import pytest
from django.urls import reverse

from opencqi.accounts.roles import Role
from opencqi.counties.models import County
from opencqi.cycles.models import CountySchedule
from tests.cycles.builders import D, a_document, freeze_today, make_schedule, move

TODAY = D(2026, 11, 23)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    freeze_today(monkeypatch, TODAY)


@pytest.fixture
def schedules(counties, make_user):
    """Fresno: SIP draft overdue, second draft and SIP due soon. Alpine: a CalWORKs cycle."""
    consultant = make_user(Role.STATE_CONSULTANT)
    County.objects.filter(name="Fresno").update(consultant=consultant)
    fresno = make_schedule(
        County.objects.get(name="Fresno"), template="ccfsr-5yr", sip_final=D(2027, 1, 2)
    )
    alpine = make_schedule(
        County.objects.get(name="Alpine"),
        template="calcqi-5yr",
        programme="calworks",
        cycle_start=D(2026, 7, 1),
        cal_sip_final=D(2027, 6, 23),
    )
    return fresno, alpine


def get(client, user, name, *args, **query):
    client.force_login(user)
    return client.get(reverse(name, args=args), query).content.decode()


def test_the_timeline_shows_past_and_next_steps_as_bars_and_a_table(client, schedules, make_user):
    page = get(client, make_user(Role.COUNTY_LEAD), "county_timeline", "10", "child_welfare")
    assert "Fresno County: Child welfare cycle" in page
    assert 'class="gantt"' in page and "gantt-today" in page
    assert 'id="timeline-table"' in page
    assert "System Improvement Plan: working draft to CDSS" in page
    assert "<code>sip_final - 2 months</code>" in page
    assert "status-overdue" in page and "status-due_soon" in page


def test_the_whole_cycle_shows_on_request(client, schedules, make_user):
    lead = make_user(Role.COUNTY_LEAD)
    window = get(client, lead, "county_timeline", "10", "child_welfare")
    whole = get(client, lead, "county_timeline", "10", "child_welfare", show="all")
    assert "Annual SIP progress report due to CDSS</a> #4" not in window
    assert "Annual SIP progress report due to CDSS</a> #4" in whole


def test_a_county_without_a_schedule_offers_the_state_to_set_it_up(client, schedules, make_user):
    page = get(client, make_user(Role.STATE_ADMIN), "county_timeline", "10", "calworks")
    assert "has no CalWORKs schedule yet" in page
    assert reverse("schedule_edit", args=["10", "calworks"]) in page


def test_the_state_sets_up_a_schedule_from_the_anchor_dates(client, schedules, make_user):
    client.force_login(make_user(Role.STATE_ADMIN))
    url = reverse("schedule_edit", args=["10", "calworks"])
    assert "Cal-SIP due to CDSS" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "template": "calcqi-5yr",
            "revision": 0,
            "cycle_start": "2026-07-01",
            "cal_sip_final": "2027-09-30",
        },
    )
    assert response.status_code == 302
    schedule = CountySchedule.objects.get(county__name="Fresno", programme="calworks")
    assert schedule.due_dates.get(step="cal_csa_final").date == D(2027, 3, 30)


def test_rescheduling_on_the_page_moves_the_dates(client, schedules, make_user):
    fresno, _ = schedules
    client.force_login(make_user(Role.STATE_CONSULTANT, username="another-consultant"))
    response = client.post(
        reverse("schedule_edit", args=["10", "child_welfare"]),
        {"template": "ccfsr-5yr", "revision": fresno.revision, "sip_final": "2027-03-01"},
    )
    assert response.status_code == 302
    assert fresno.due_dates.get(step="sip_draft").date == D(2027, 1, 1)


def test_rescheduling_from_an_out_of_date_page_is_refused(client, schedules, make_user):
    client.force_login(make_user(Role.STATE_ADMIN))
    response = client.post(
        reverse("schedule_edit", args=["10", "child_welfare"]),
        {"template": "ccfsr-5yr", "revision": 0, "sip_final": "2027-03-01"},
    )
    assert "Someone changed this schedule meanwhile" in response.content.decode()


def test_the_board_lists_overdue_and_due_soon_with_the_consultant(client, schedules, make_user):
    page = get(client, make_user(Role.STATE_ADMIN), "cycle_board")
    overdue, coming = page.split('id="coming"')
    assert "System Improvement Plan: working draft to CDSS" in overdue  # due 2026-11-02
    assert "System Improvement Plan: second draft to CDSS" in coming  # due 2026-12-03
    assert "Cal-CSA due to CDSS" in coming  # Alpine, due 2026-12-23
    assert "State feedback due" not in page  # the state's deadlines are in the queue
    assert "Casey" not in page and "state_consultant" in page


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"programme": "calworks"}, "Alpine", "Fresno"),
        ({"region": "Central"}, "Fresno", "Alpine"),
        ({"consultant": "CONSULTANT"}, "Fresno", "Alpine"),
    ],
)
def test_the_board_filters_by_programme_region_and_consultant(
    client, schedules, make_user, query, shown, hidden
):
    consultant = County.objects.get(name="Fresno").consultant
    query = {key: str(consultant.pk) if v == "CONSULTANT" else v for key, v in query.items()}
    page = get(client, make_user(Role.STATE_ADMIN), "cycle_board", **query)
    assert f">{shown}</a>" in page
    assert f">{hidden}</a>" not in page


def test_a_county_lead_sees_only_their_county_on_the_board(client, schedules, make_user):
    page = get(client, make_user(Role.COUNTY_LEAD), "cycle_board")
    assert ">Fresno</a>" in page and ">Alpine</a>" not in page


def test_the_calendar_lists_three_months_of_dates(client, schedules, make_user):
    page = get(client, make_user(Role.STATE_CONSULTANT, username="c2"), "cycle_calendar")
    assert "<h2>November 2026</h2>" in page and "<h2>January 2027</h2>" in page
    assert "February 2027" not in page.split("Later")[1]
    assert "Thu 2026-12-03" in page  # Fresno's SIP second draft
    later = get(client, make_user(Role.STATE_ADMIN), "cycle_calendar", month="2027-02")
    assert "<h2>February 2027</h2>" in later


def test_the_calendar_filters_by_programme(client, schedules, make_user):
    page = get(client, make_user(Role.STATE_ADMIN), "cycle_calendar", programme="calworks")
    assert ">Alpine</a>" in page and ">Fresno</a>" not in page


def test_the_schedule_list_counts_overdue_deliverables(client, schedules, make_user):
    page = get(client, make_user(Role.STATE_ADMIN), "schedule_list", programme="child_welfare")
    assert "C-CFSR five-year cycle" in page
    assert '<span class="status-tag status-overdue">' in page


def test_the_queue_shows_the_consultants_drafts_with_working_days_left(
    client, schedules, make_user
):
    fresno, alpine = schedules
    lead = make_user(Role.COUNTY_LEAD)
    for schedule, step in ((fresno, "sip_draft"), (alpine, "cal_csa_draft")):
        submission = schedule.due_dates.get(step=step).submission
        move(submission, "save_draft", "county", lead, document=a_document())
        move(submission, "submit", "county", lead, day=datetime.date(2026, 11, 18))
    consultant = County.objects.get(name="Fresno").consultant
    mine = get(client, consultant, "feedback_queue")
    assert "System Improvement Plan: working draft to CDSS" in mine
    assert "Cal-CSA: working draft" not in mine  # Alpine is not this consultant's
    # Due 2026-12-04; from Monday 23 November: 24, 25, (Thanksgiving, day after), 30, 1-4.
    assert '<td class="number">7</td>' in mine
    everyone = get(client, consultant, "feedback_queue", consultant="")
    assert "Cal-CSA: working draft" in everyone
