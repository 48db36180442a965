from datetime import datetime, time, timedelta

from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from opencqi.cycles.reminders import send_reminders

REMINDER_TIME = time(6, 0)  # California time


@task
def send_reminders_task() -> int:
    """The daily reminder run; it queues the next morning's run, so a running worker sends
    reminders every day without cron. Returns the number of emails sent."""
    sent = send_reminders()
    queue_next_reminders()
    return sent


def queue_next_reminders(now=None):
    """Queue tomorrow's 06:00 run unless a later run is already waiting; returns it or None."""
    now = now or timezone.now()
    waiting = DBTaskResult.objects.filter(
        task_path=send_reminders_task.module_path,
        status=TaskResultStatus.READY,
        run_after__gt=now,
    )
    if waiting.exists():
        return None
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    run_after = timezone.make_aware(datetime.combine(tomorrow, REMINDER_TIME))
    return send_reminders_task.using(run_after=run_after).enqueue()
