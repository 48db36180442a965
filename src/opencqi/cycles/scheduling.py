"""County schedules in the database: generating due dates, rescheduling, granting extensions.

The dates come from `rules.compute_schedule`; what an extension does on a reschedule is decided
in `deadlines` (an extension stays in force while it gives more time than the template's new
date; otherwise it lapses, kept in the history).
"""

import datetime

from django.db import transaction
from django.utils import timezone

from opencqi.cycles import deadlines, rules
from opencqi.cycles.models import CountySchedule, DueDate, Extension, Submission
from opencqi.cycles.submissions import State


class SchedulingError(ValueError):
    """A schedule or extension that cannot be saved; the message says why."""


@transaction.atomic
def save_schedule(county, programme, template, anchors: dict[str, datetime.date]):
    """Create the county's schedule for `programme`, or reschedule it; returns the schedule.

    Every due date is computed again from the template. Steps keep their rows (and so their
    extensions and submissions); a step no longer in the schedule is removed, unless the county
    has started its submission, which refuses the change.
    """
    try:
        computed = rules.compute_schedule(template.rules(), anchors)
    except (rules.AnchorError, rules.ScheduleError, rules.TemplateError) as error:
        raise SchedulingError(str(error)) from error
    schedule = (
        CountySchedule.objects.select_for_update()
        .filter(county=county, programme=programme)
        .first()
    )
    if schedule is None:
        schedule = CountySchedule(county=county, programme=programme)
    else:
        schedule.revision += 1
    schedule.template = template
    schedule.anchors = {step: day.isoformat() for step, day in anchors.items()}
    schedule.save()
    _sync_due_dates(schedule, template.rules(), computed)
    return schedule


def _sync_due_dates(schedule, template: rules.Template, computed: list[rules.DueDate]) -> None:
    existing = {row.step: row for row in schedule.due_dates.select_related("submission")}
    keys = {due.step for due in computed}
    dropped = [row for step, row in existing.items() if step not in keys]
    started = [row.step for row in dropped if _has_submission(row)]
    if started:
        raise SchedulingError(
            "the new dates drop steps whose submission the county has started: "
            f"{', '.join(started)}; keep the template, or settle those submissions first"
        )
    for row in dropped:
        Submission.objects.filter(due_date=row).delete()
        row.delete()

    now = timezone.now()
    for due in computed:
        step = template.step(due.step_id)
        row = existing.get(due.step) or DueDate(schedule=schedule, step=due.step)
        row.step_id = due.step_id
        row.occurrence = due.occurrence
        row.label = due.label
        row.kind = due.kind
        row.derivation = due.derivation
        row.derived_from = due.derived_from or ""
        row.deliverable = step.is_deliverable
        row.feedback_of = step.feedback_of or ""
        row.board_approval = step.board_approval
        row.feedback_working_days = step.feedback_working_days
        row.rule_date = due.date
        if row.pk:
            _lapse_extensions(row, due.date, now)
        row.refresh_date()
        row.save()
        if row.deliverable and not hasattr(row, "submission"):
            Submission.objects.create(due_date=row)


def _has_submission(row: DueDate) -> bool:
    submission = getattr(row, "submission", None)
    return submission is not None and submission.state != State.NOT_STARTED


def _lapse_extensions(row: DueDate, rule_date: datetime.date, now) -> None:
    for extension in row.extensions.filter(lapsed_at__isnull=True):
        if not deadlines.extension_applies(extension.new_date, rule_date):
            extension.lapsed_at = now
            extension.lapsed_because = (
                f"rescheduled: the template's date became {rule_date.isoformat()}"
            )
            extension.save(update_fields=["lapsed_at", "lapsed_because"])


@transaction.atomic
def grant_extension(due_date: DueDate, new_date: datetime.date, reason: str, approver):
    """Record an extension and put its date in force; returns the Extension."""
    due_date = DueDate.objects.select_for_update().get(pk=due_date.pk)
    if not reason.strip():
        raise SchedulingError("give the reason for the extension")
    if not deadlines.extension_applies(new_date, due_date.rule_date):
        raise SchedulingError(
            f"an extension must give a date after the template's date "
            f"({due_date.rule_date.isoformat()})"
        )
    if new_date == due_date.date:
        raise SchedulingError(f"{new_date.isoformat()} is already the date in force")
    extension = Extension.objects.create(
        due_date=due_date,
        rule_date=due_date.rule_date,
        new_date=new_date,
        reason=reason.strip(),
        approved_by=approver,
    )
    due_date.refresh_date()
    due_date.save()
    return extension
