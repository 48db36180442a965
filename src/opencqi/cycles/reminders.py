"""Reminder emails to county members: N days before a due date, and once it is overdue.

Run daily (`opencqi cycle remind`, or the `send_reminders_task` task). Which reminder is due is
`deadlines.reminder_threshold`; what went out is recorded (ReminderSent), so a second run the same
day, or a run after a missed day, sends nothing twice. Each user gets one email per run listing
their reminders; a user who unticked reminders on their account page gets none.

What is reminded of: the county's deliverables it has not handed in (before their date, and once
overdue), and the coming events (peer review, consultations, measure reviews). Not the state's
feedback deadlines, nor the ends of periods.
"""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from opencqi.accounts.models import Membership
from opencqi.accounts.roles import COUNTY_ROLES
from opencqi.cycles import deadlines
from opencqi.cycles.models import DueDate, ReminderSent
from opencqi.cycles.submissions import WITH_COUNTY

log = logging.getLogger(__name__)
DEFAULT_THRESHOLDS = (30, 7, 1)


def thresholds() -> tuple[int, ...]:
    """Days before a due date that a reminder goes out (settings.CYCLE_REMINDER_DAYS)."""
    return tuple(getattr(settings, "CYCLE_REMINDER_DAYS", DEFAULT_THRESHOLDS))


def send_reminders(today: datetime.date | None = None) -> int:
    """Send the reminders due `today` (default: today in California); returns emails sent."""
    today = today or timezone.localdate()
    days = thresholds()
    reminders = _reminders_due(today, days)
    sent = 0
    for user, items in reminders.items():
        try:
            with transaction.atomic():
                ReminderSent.objects.bulk_create(
                    ReminderSent(due_date=due, user=user, threshold=threshold, due_on=due.date)
                    for due, threshold in items
                )
                _message(user, items, today).send()
        except IntegrityError:  # another run recorded them first: it sends them
            log.info("reminders for user %s already sent by another run", user.pk)
            continue
        sent += 1
        log.info("reminder email to user %s: %s due dates", user.pk, len(items))
    return sent


def _reminders_due(today, days) -> dict:
    """{user: [(due date, threshold)]} not yet sent."""
    horizon = today + datetime.timedelta(days=max(days, default=0))
    candidates = (
        DueDate.objects.filter(date__lte=horizon, feedback_of="")
        .exclude(kind="period")
        .filter(Q(date__gte=today) | Q(deliverable=True))
        .filter(Q(deliverable=False) | Q(submission__state__in=WITH_COUNTY))
        .select_related("schedule__county", "submission")
        .order_by("date", "pk")
    )
    due_now = []
    for due in candidates:
        threshold = deadlines.reminder_threshold(due.date, today, days)
        if threshold is not None:
            due_now.append((due, threshold))
    sent = set(
        ReminderSent.objects.filter(due_date__in=[due for due, _ in due_now]).values_list(
            "due_date_id", "user_id", "threshold", "due_on"
        )
    )
    members = _members_by_county({due.schedule.county_id for due, _ in due_now})
    reminders = defaultdict(list)
    for due, threshold in due_now:
        for user in members.get(due.schedule.county_id, []):
            if (due.pk, user.pk, threshold, due.date) not in sent:
                reminders[user].append((due, threshold))
    return reminders


def _members_by_county(county_ids) -> dict[int, list]:
    """County members with an email address who have not opted out, by county id."""
    memberships = (
        Membership.objects.filter(
            role__in=COUNTY_ROLES, county_id__in=county_ids, user__is_active=True
        )
        .exclude(user__email="")
        .exclude(user__cycle_preference__email_reminders=False)
        .select_related("user")
        .order_by("user_id")
    )
    members = defaultdict(list)
    for membership in memberships:
        if membership.user not in members[membership.county_id]:
            members[membership.county_id].append(membership.user)
    return members


def _message(user, items, today) -> EmailMessage:
    counties = sorted({due.schedule.county.name for due, _ in items})
    overdue = sum(1 for _, threshold in items if threshold == deadlines.OVERDUE)
    if len(items) == 1:
        due, threshold = items[0]
        subject = f"{due.schedule.county}: {due.label} – {_when(due.date, today)}"
    else:
        subject = f"{', '.join(counties)}: {len(items)} CQI due dates" + (
            f", {overdue} overdue" if overdue else ""
        )
    lines = [f"Hello {user.get_full_name() or user.username},", ""]
    lines.append("These CQI cycle dates of your county need your attention:")
    lines.append("")
    for due, _ in items:
        programme = due.schedule.get_programme_display()
        lines.append(f"- {due.schedule.county}, {programme}: {due.label}")
        lines.append(f"  {_when(due.date, today)}; computed as {due.derivation}")
    lines += [
        "",
        "Open OpenCQI and the county's timeline for the details and to hand in documents.",
        "You get these emails as a member of the county in OpenCQI. To stop them, untick "
        "'Email me before my county's due dates' on your account page.",
    ]
    return EmailMessage(subject, "\n".join(lines), None, [user.email])


def _when(day: datetime.date, today: datetime.date) -> str:
    days = (day - today).days
    if days < 0:
        return f"overdue since {day.isoformat()} ({-days} day{'s' if days != -1 else ''})"
    if days == 0:
        return f"due today, {day.isoformat()}"
    return f"due {day:%A} {day.isoformat()} (in {days} day{'s' if days != 1 else ''})"
