"""Reminder emails to county members: before a due date, once overdue, never twice."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from opencqi.accounts.roles import Role
from opencqi.cli import main
from opencqi.counties.models import County
from opencqi.cycles.models import Preference, ReminderSent
from opencqi.cycles.reminders import send_reminders
from tests.cycles.builders import D, a_document, make_schedule, move


@pytest.fixture
def fresno_schedule(counties):
    # ccfsr-5yr with the SIP due 2027-01-02: SIP working draft due 2026-11-02, second draft
    # 2026-12-03, SIP 2027-01-02, quarterly consultation #1 2027-04-02.
    return make_schedule(
        County.objects.get(name="Fresno"), template="ccfsr-5yr", sip_final=D(2027, 1, 2)
    )


@pytest.fixture
def members(counties, make_user):
    lead = make_user(Role.COUNTY_LEAD)
    staff = make_user(Role.COUNTY_STAFF)
    for user in (lead, staff):
        user.email = f"{user.username}@example.org"
        user.save()
    return lead, staff


@pytest.fixture(autouse=True)
def thresholds(settings):
    settings.CYCLE_REMINDER_DAYS = [30, 7, 1]


def subjects(outbox):
    return sorted(message.subject for message in outbox)


def test_members_get_one_email_listing_the_dates_in_their_windows(fresno_schedule, members):
    assert send_reminders(D(2026, 11, 26)) == 2  # one email per member
    body = mail.outbox[0].body
    assert "System Improvement Plan: second draft to CDSS" in body  # the 7-day reminder
    assert "due Thursday 2026-12-03 (in 7 days)" in body
    assert "System Improvement Plan: working draft to CDSS" in body
    assert "overdue since 2026-11-02 (24 days)" in body
    assert "System Improvement Plan due to CDSS" not in body  # 37 days ahead
    assert sorted(m.to[0] for m in mail.outbox) == [
        "county_lead@example.org",
        "county_staff@example.org",
    ]


def test_running_again_sends_nothing_twice(fresno_schedule, members):
    send_reminders(D(2026, 11, 26))
    mail.outbox.clear()
    assert send_reminders(D(2026, 11, 26)) == 0
    assert send_reminders(D(2026, 11, 27)) == 0  # still the same windows
    assert mail.outbox == []


def test_the_next_threshold_brings_the_next_reminder(fresno_schedule, members):
    send_reminders(D(2026, 11, 26))
    mail.outbox.clear()
    send_reminders(D(2026, 12, 2))  # 1 day before the second draft
    assert all("in 1 day)" in m.body for m in mail.outbox)
    assert len(mail.outbox) == 2
    recorded = ReminderSent.objects.filter(due_date__step="sip_second_draft")
    assert sorted(set(recorded.values_list("threshold", flat=True))) == [1, 7]


def test_a_user_who_opted_out_gets_no_email(fresno_schedule, members):
    lead, staff = members
    Preference.objects.create(user=staff, email_reminders=False)
    send_reminders(D(2026, 11, 26))
    assert [m.to for m in mail.outbox] == [["county_lead@example.org"]]


def test_the_account_page_sets_the_choice(client, members):
    lead, _ = members
    client.force_login(lead)
    assert (
        "Email me before my county&#x27;s due dates"
        in client.get(reverse("profile")).content.decode()
    )
    client.post(reverse("cycle_preferences"), {})  # the box unticked
    assert Preference.of(lead).email_reminders is False
    client.post(reverse("cycle_preferences"), {"email_reminders": "on"})
    assert Preference.of(lead).email_reminders is True


def test_a_handed_in_deliverable_is_not_reminded(fresno_schedule, members):
    lead, _ = members
    submission = fresno_schedule.due_dates.get(step="sip_draft").submission
    move(submission, "save_draft", "county", lead, document=a_document())
    move(submission, "submit", "county", lead)
    send_reminders(D(2026, 11, 26))
    assert "System Improvement Plan: working draft" not in mail.outbox[0].body


def test_an_extended_date_is_reminded_again_for_its_new_date(fresno_schedule, members):
    from opencqi.cycles.scheduling import grant_extension

    send_reminders(D(2026, 11, 26))
    draft = fresno_schedule.due_dates.get(step="sip_draft")
    grant_extension(draft, D(2026, 12, 1), "More time", None)
    mail.outbox.clear()
    send_reminders(D(2026, 11, 26))
    assert "System Improvement Plan: working draft to CDSS" in mail.outbox[0].body
    assert "in 5 days" in mail.outbox[0].body


def test_state_users_and_other_counties_members_get_no_county_reminders(fresno_schedule, make_user):
    for user in (
        make_user(Role.STATE_CONSULTANT),
        make_user(Role.COUNTY_LEAD, county="Alpine", username="alpine-lead"),
    ):
        user.email = f"{user.username}@example.org"
        user.save()
    assert send_reminders(D(2026, 11, 26)) == 0


def test_the_command_sends_the_reminders_of_a_given_day(fresno_schedule, members, capsys):
    with pytest.raises(SystemExit) as exit:
        main(["cycle", "remind", "--date", "2026-11-26"])
    assert exit.value.code == 0
    assert "reminder emails sent: 2" in capsys.readouterr().out


def test_the_command_refuses_a_malformed_date(capsys):
    with pytest.raises(SystemExit) as exit:
        main(["cycle", "remind", "--date", "26/11/2026"])
    assert exit.value.code == 2
    assert "malformed date '26/11/2026'" in capsys.readouterr().err


# The worker closes connections between tasks, so this test commits for real.
@pytest.mark.django_db(transaction=True)
def test_the_daily_task_sends_todays_reminders_and_queues_tomorrow_mornings(
    fresno_schedule, members
):
    from django.core.management import call_command
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from opencqi.cycles.tasks import send_reminders_task

    result = send_reminders_task.enqueue()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    result.refresh()
    assert result.return_value == ReminderSent.objects.values("user").distinct().count() > 0
    waiting = DBTaskResult.objects.get(status="READY")
    run_after = timezone.localtime(waiting.run_after)
    assert run_after.date() == timezone.localdate() + datetime.timedelta(days=1)
    assert (run_after.hour, run_after.minute) == (6, 0)


def test_the_next_run_is_queued_once(db):
    from django_tasks_db.models import DBTaskResult

    from opencqi.cycles.tasks import queue_next_reminders

    assert queue_next_reminders() is not None
    assert queue_next_reminders() is None
    assert DBTaskResult.objects.count() == 1
