"""Building cycle records for tests: schedules from the shipped templates, documents, moves."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from opencqi.cycles import scheduling
from opencqi.cycles.demo import demo_pdf
from opencqi.cycles.loading import load_templates
from opencqi.cycles.models import CycleTemplate
from opencqi.cycles.submissions import Move
from opencqi.cycles.workflow import record_move

D = datetime.date


def make_schedule(county, template="ccfsr-2009", programme="child_welfare", **anchors):
    load_templates()  # a transactional test before this one flushed what the migration loaded
    return scheduling.save_schedule(
        county, programme, CycleTemplate.objects.get(name=template), anchors
    )


def a_document(name="draft.pdf"):
    return ContentFile(demo_pdf(name), name=name)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def move(submission, name, side, user=None, *, day=None, document=None, **given):
    """Make one move on `submission` as `side` ("county" or "state"); returns the event."""
    submission.refresh_from_db()
    return record_move(
        submission,
        Move(name, side=side, has_file=document is not None, **given),
        user=user,
        revision=submission.revision,
        document_file=document,
        now=at(day) if day else None,
    )


def freeze_today(monkeypatch, day: datetime.date) -> None:
    """Make `timezone.localdate()` (today in California) return `day`; other uses unchanged."""
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return day if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def cycle_placeholders(own, other) -> dict:
    """Placeholders of the permission matrix: a due date and a document in each county."""
    values = {}
    for key, county in (("OWN", own), ("OTHER", other)):
        schedule = make_schedule(county, review_last_day=D(2026, 10, 1))
        due = schedule.due_dates.get(step="review_report_draft")
        move(due.submission, "save_draft", "county", document=a_document())
        values[f"DUE_{key}"] = due.pk
        values[f"DOCUMENT_{key}"] = due.submission.documents.get().pk
    return values
