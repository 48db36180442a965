"""Demo schedules: a few counties in each programme, anchored around today, so the board, the
calendar, the timelines and the feedback queue show overdue, due-soon and future dates.

Deliverables due well before today are handed in and accepted through the real workflow (with a
small generated PDF); a few recent ones are left at a telling point of their life (submitted
and awaiting feedback, returned with a reason, still drafting). Counties that already have a
schedule are left alone, so loading the demo again keeps what people did in it.
"""

import datetime

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from opencqi.accounts.roles import Role
from opencqi.counties.models import County
from opencqi.cycles import dates, scheduling
from opencqi.cycles.models import CountySchedule, CycleTemplate, DueDate, Programme
from opencqi.cycles.submissions import Move
from opencqi.cycles.workflow import record_move

ACCEPTED_BEFORE_DAYS = 45  # deliverables due longer ago than this are accepted
FIRST_CALOAR_CYCLE = datetime.date(2021, 7, 1)

# (county, programme, template, {anchor: (months, days) from today}); "cycle_start" is the
# start of the current five-year Cal-OAR cycle.
SCHEDULES = [
    ("Fresno", Programme.CHILD_WELFARE, "ccfsr-5yr", {"sip_final": (0, 40)}),
    ("Madera", Programme.CHILD_WELFARE, "ccfsr-5yr", {"sip_final": (5, 0)}),
    ("Kings", Programme.CHILD_WELFARE, "ccfsr-5yr", {"sip_final": (-24, 20)}),
    ("Tulare", Programme.CHILD_WELFARE, "ccfsr-5yr", {"sip_final": (14, 0)}),
    ("Merced", Programme.CHILD_WELFARE, "ccfsr-2009", {"review_last_day": (0, -25)}),
    ("Fresno", Programme.CALWORKS, "calcqi-5yr", {"cal_sip_final": (7, 0)}),
    ("Madera", Programme.CALWORKS, "calcqi-5yr", {"cal_sip_final": (9, 10)}),
    ("Kings", Programme.CALWORKS, "calcqi-5yr", {"cal_sip_final": (13, 0)}),
    ("Tulare", Programme.CALWORKS, "calcqi-5yr", {"cal_sip_final": (16, 0)}),
    ("Merced", Programme.CALWORKS, "calcqi-5yr", {"cal_sip_final": (7, 0)}),
]

# Recent deliverables left mid-way: (county, programme, step) -> (story, working days ago).
STORIES = {
    ("Fresno", Programme.CHILD_WELFARE, "sip_draft"): ("submitted", 3),
    ("Madera", Programme.CHILD_WELFARE, "csa_draft"): ("drafting", 10),
    ("Kings", Programme.CHILD_WELFARE, "sip_progress_report_draft#2"): ("returned", 6),
    ("Fresno", Programme.CALWORKS, "cal_csa_draft"): ("resubmitted", 12),
}
RETURN_REASON = (
    "The progress report does not yet say which SIP strategies were changed after the second "
    "year's data; please add that section and the updated targets."
)
EXTENSIONS = {
    ("Madera", Programme.CHILD_WELFARE, "csa_second_draft"): (
        14,
        "The Board of Supervisors moved its meeting; CDSS agreed to two more weeks.",
    ),
}


@transaction.atomic
def load_demo_schedules(today: datetime.date | None = None) -> int:
    """Create the demo schedules missing from the database; returns how many were created."""
    today = today or timezone.localdate()
    consultant = User.objects.filter(username="state-consultant").first()
    created = 0
    for county_name, programme, template_name, offsets in SCHEDULES:
        county = County.objects.get(name=county_name)
        if CountySchedule.objects.filter(county=county, programme=programme).exists():
            continue
        template = CycleTemplate.objects.get(name=template_name)
        anchors = {step: _from_today(today, *offset) for step, offset in offsets.items()}
        if "cycle_start" in template.rules().anchors:
            anchors["cycle_start"] = current_caloar_cycle_start(today)
        schedule = scheduling.save_schedule(county, programme, template, anchors)
        lead = _county_lead(county)
        for due in schedule.due_dates.filter(deliverable=True).select_related("submission"):
            key = (county_name, programme, due.step)
            if key in STORIES:
                _tell(due, *STORIES[key], lead=lead, consultant=consultant, today=today)
            elif due.date < today - datetime.timedelta(days=ACCEPTED_BEFORE_DAYS):
                _accept(due, lead=lead, consultant=consultant)
        for (name, prog, step), (days, reason) in EXTENSIONS.items():
            if (name, prog) == (county_name, programme):
                due = schedule.due_dates.get(step=step)
                new_date = due.rule_date + datetime.timedelta(days=days)
                scheduling.grant_extension(due, new_date, reason, consultant)
        created += 1
    return created


def current_caloar_cycle_start(today: datetime.date) -> datetime.date:
    """1 July of the five-year Cal-OAR cycle running on `today` (cycles from 2021-07-01)."""
    years = (today.year - FIRST_CALOAR_CYCLE.year) - (today < today.replace(month=7, day=1))
    return dates.add_years(FIRST_CALOAR_CYCLE, 5 * (years // 5))


def _from_today(today, months, days) -> datetime.date:
    return dates.add_days(dates.add_months(today, months), days)


def _county_lead(county):
    return User.objects.filter(
        memberships__county=county, memberships__role=Role.COUNTY_LEAD
    ).first()


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _move(due, name, side, user, day, **given):
    submission = due.submission
    submission.refresh_from_db()
    document = given.pop("document", None)
    record_move(
        submission,
        Move(name, side=side, has_file=document is not None, **given),
        user=user,
        revision=submission.revision,
        document_file=document,
        now=_at(day),
    )


def _draft(due, lead, day, version=1):
    name = f"{due.step.replace('#', '-')}-v{version}.pdf"
    document = ContentFile(demo_pdf(f"{due.schedule.county}: {due.label}"), name=name)
    _move(due, "save_draft", "county", lead, day, document=document)


def _accept(due, *, lead, consultant):
    """Hand in and accept `due` the way it happens: draft, submit, approvals, acceptance."""
    day = due.date
    _draft(due, lead, dates.add_days(day, -10))
    _move(due, "submit", "county", lead, dates.add_days(day, -1))
    _move(due, "approve", "state", consultant, dates.add_working_days(day, 6))
    if due.board_approval:
        board_day = dates.add_days(day, 20)
        resolution = f"{board_day.year}-{100 + due.pk % 800}"
        _move(
            due,
            "record_board_approval",
            "county",
            lead,
            board_day,
            board_date=board_day,
            board_resolution=resolution,
        )
    _move(due, "accept", "state", consultant, dates.add_days(day, 25))


def _tell(due, story, working_days_ago, *, lead, consultant, today):
    """Leave `due` at the point of its story, its last move `working_days_ago` working days ago."""
    last = dates.add_working_days(today, -working_days_ago)
    _draft(due, lead, dates.add_days(last, -7))
    if story == "drafting":
        return
    if story == "submitted":
        _move(due, "submit", "county", lead, last)
        return
    _move(due, "submit", "county", lead, dates.add_working_days(last, -9))
    _move(due, "return", "state", consultant, last, reason=RETURN_REASON)
    if story == "resubmitted":
        _move(due, "resubmit", "county", lead, last)


def demo_pdf(title: str) -> bytes:
    """A one-page PDF saying `title`: a stand-in for a county's document."""
    text = title.replace("\\", "").replace("(", "").replace(")", "")[:90]
    content = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


def overdue_and_soon(today: datetime.date) -> tuple[int, int]:
    """(overdue deliverables, dates due in the next 60 days) of the demo: for the demo's log."""
    from opencqi.cycles.deadlines import BOARD_WINDOW_DAYS
    from opencqi.cycles.submissions import WITH_COUNTY

    overdue = DueDate.objects.filter(
        deliverable=True, date__lt=today, submission__state__in=WITH_COUNTY
    ).count()
    soon = DueDate.objects.filter(
        date__gte=today, date__lte=today + datetime.timedelta(days=BOARD_WINDOW_DAYS)
    ).count()
    return overdue, soon
