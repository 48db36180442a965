from django.tasks import task

from opencqi.cycles.reminders import send_reminders


@task
def send_reminders_task() -> int:
    """The daily reminder run, as a background task; returns the number of emails sent."""
    return send_reminders()
