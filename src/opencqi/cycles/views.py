import datetime
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from opencqi.accounts import permissions
from opencqi.counties.models import County
from opencqi.cycles import dates, deadlines, feeds, scheduling, submissions, timeline
from opencqi.cycles.forms import ExtensionForm, MoveForm, PreferenceForm, ScheduleForm
from opencqi.cycles.models import (
    CountySchedule,
    CycleTemplate,
    Document,
    DueDate,
    Preference,
    Programme,
)
from opencqi.cycles.submissions import COUNTY, STATE, Move, TransitionError
from opencqi.cycles.workflow import facts_of, record_move

CALENDAR_MONTHS = 3
TIMELINE_MONTHS_BACK = 6
TIMELINE_MONTHS_AHEAD = 18


def _programme(value, default=Programme.CHILD_WELFARE) -> str:
    return value if value in Programme.values else default


def _programme_or_404(value) -> str:
    if value not in Programme.values:
        raise Http404("No such programme")
    return value


@login_required
def schedule_list(request):
    """Every county in the user's scope and its schedule in one programme."""
    permissions.require(request.user, "cycles.view")
    programme = _programme(request.GET.get("programme"))
    counties = permissions.counties_for(request.user, "cycles.view").select_related("consultant")
    schedules = {
        s.county_id: s
        for s in CountySchedule.objects.filter(programme=programme, county__in=counties)
        .select_related("template")
        .annotate(
            overdue=Count(
                "due_dates",
                filter=Q(
                    due_dates__deliverable=True,
                    due_dates__date__lt=timezone.localdate(),
                    due_dates__submission__state__in=submissions.WITH_COUNTY,
                ),
            ),
            next_date=Min("due_dates__date", filter=Q(due_dates__date__gte=timezone.localdate())),
        )
    }
    return render(
        request,
        "cycles/schedule_list.html",
        {
            "programme": programme,
            "programme_label": Programme(programme).label,
            "programmes": Programme.choices,
            "rows": [(county, schedules.get(county.pk)) for county in counties],
            "can_schedule": permissions.can(request.user, "cycles.schedule"),
        },
    )


@login_required
def county_timeline(request, code, programme):
    """A county's cycle: a Gantt-like chart of past and next steps, and the same as a table."""
    county = permissions.county_or_deny(request.user, "cycles.view", code)
    programme = _programme_or_404(programme)
    schedule = (
        CountySchedule.objects.filter(county=county, programme=programme)
        .select_related("template")
        .first()
    )
    context = {
        "county": county,
        "programme": programme,
        "programme_label": Programme(programme).label,
        "schedule": schedule,
        "can_schedule": permissions.can(request.user, "cycles.schedule", county),
    }
    if schedule is not None:
        today = timezone.localdate()
        show_all = request.GET.get("show") == "all"
        dues = list(schedule.due_dates.select_related("submission"))
        context |= _timeline(dues, today, show_all)
        context["feed_url"] = _feed_url(request, "county_feed", code=county.code)
    return render(request, "cycles/timeline.html", context)


def _timeline(dues, today, show_all) -> dict:
    if show_all and dues:
        window = timeline.Window(min(d.date for d in dues), max(d.date for d in dues))
    else:
        window = timeline.window_around(today, TIMELINE_MONTHS_BACK, TIMELINE_MONTHS_AHEAD)
    by_step = {due.step: due for due in dues}
    rows = []
    for due in dues:
        if not window.holds(due.date):
            continue
        source = _previous_occurrence(due, by_step) or by_step.get(due.derived_from)
        bar = timeline.place(due.date, source.date if source else None, window)
        rows.append({"due": due, "status": due.status_on(today), "bar": bar, "source": source})
    lanes = {}  # one chart row per step: a recurring step's occurrences share it
    for row in rows:
        lanes.setdefault(row["due"].step_id, {"label": row["due"].label, "bars": []})
        lanes[row["due"].step_id]["bars"].append(row)
    return {
        "rows": rows,
        "lanes": list(lanes.values()),
        "window": window,
        "ticks": timeline.ticks(window),
        "today_at": window.percent(today) if window.holds(today) else None,
        "today": today,
        "show_all": show_all,
        "hidden": len(dues) - len(rows),
    }


def _previous_occurrence(due, by_step):
    """For the kth occurrence of a recurring step, the (k-1)th: its bar runs from there."""
    if not due.occurrence or due.occurrence == 1:
        return None
    previous = by_step.get(f"{due.step_id}#{due.occurrence - 1}")
    if previous is None or previous.derived_from != due.derived_from:
        return None  # computed once per occurrence of another step: the bar runs from that
    return previous


@login_required
def schedule_edit(request, code, programme):
    """Set up a county's schedule, or reschedule its anchors (state only)."""
    county = permissions.county_or_deny(request.user, "cycles.schedule", code)
    programme = _programme_or_404(programme)
    schedule = CountySchedule.objects.filter(county=county, programme=programme).first()
    templates = CycleTemplate.objects.filter(programme=programme)
    chosen = request.POST.get("template") or request.GET.get("template")
    template = (
        templates.filter(name=chosen).first()
        or (schedule.template if schedule else None)
        or templates.first()
    )
    if template is None:
        raise Http404("No cycle template for this programme: add one in administration")
    initial = {"revision": schedule.revision if schedule else 0}
    if schedule and schedule.template_id == template.pk:
        initial |= schedule.anchor_dates()
    form = ScheduleForm(request.POST or None, template=template, initial=initial)
    if request.method == "POST" and form.is_valid():
        current = schedule.revision if schedule else 0
        if form.cleaned_data["revision"] != current:
            form.add_error(None, "Someone changed this schedule meanwhile: check the dates below.")
        else:
            try:
                schedule = scheduling.save_schedule(county, programme, template, form.anchors())
            except scheduling.SchedulingError as error:
                form.add_error(None, f"Not saved: {error}.")
            else:
                messages.success(request, f"Schedule saved: {schedule.due_dates.count()} dates.")
                return redirect(schedule)
    return render(
        request,
        "cycles/schedule_edit.html",
        {
            "county": county,
            "programme": programme,
            "programme_label": Programme(programme).label,
            "schedule": schedule,
            "templates": templates,
            "template": template,
            "form": form,
        },
    )


@login_required
def cycle_calendar(request):
    """Every due date in the user's scope, listed by month."""
    permissions.require(request.user, "cycles.view")
    programme = request.GET.get("programme", "")
    today = timezone.localdate()
    start = _month_start(request.GET.get("month"), today)
    end = dates.add_months(start, CALENDAR_MONTHS)
    dues = DueDate.objects.visible_to(request.user).with_context()
    dues = dues.filter(date__gte=start, date__lt=end).order_by("date", "schedule__county__name")
    if programme in Programme.values:
        dues = dues.filter(schedule__programme=programme)
    months = defaultdict(list)
    for due in dues:
        months[due.date.replace(day=1)].append((due, due.status_on(today)))
    return render(
        request,
        "cycles/calendar.html",
        {
            "months": [(month, months.get(month, [])) for month in _months(start, end)],
            "programme": programme,
            "programmes": Programme.choices,
            "previous": dates.add_months(start, -CALENDAR_MONTHS),
            "next": end,
            "today": today,
        },
    )


def _month_start(text, today) -> datetime.date:
    try:
        return datetime.date.fromisoformat(f"{text}-01")
    except (TypeError, ValueError):
        return today.replace(day=1)


def _months(start, end):
    month = start
    while month < end:
        yield month
        month = dates.add_months(month, 1)


@login_required
def cycle_board(request):
    """Deliverables overdue and every step due in the next 60 days, filterable."""
    permissions.require(request.user, "cycles.view")
    today = timezone.localdate()
    horizon = today + datetime.timedelta(days=deadlines.BOARD_WINDOW_DAYS)
    counties = permissions.counties_for(request.user, "cycles.view")
    filters = {key: request.GET.get(key, "") for key in ("programme", "region", "consultant")}
    dues = (
        DueDate.objects.visible_to(request.user)
        .with_context()
        .filter(feedback_of="", date__lte=horizon)
        .exclude(kind="period")
        .filter(
            Q(deliverable=True, submission__state__in=submissions.WITH_COUNTY)
            | Q(deliverable=False, date__gte=today)
        )
        .order_by("date", "schedule__county__name")
    )
    if filters["programme"] in Programme.values:
        dues = dues.filter(schedule__programme=filters["programme"])
    if filters["region"]:
        dues = dues.filter(schedule__county__region=filters["region"])
    if filters["consultant"].isdigit():
        dues = dues.filter(schedule__county__consultant_id=int(filters["consultant"]))
    rows = [(due, due.status_on(today), (due.date - today).days) for due in dues]
    return render(
        request,
        "cycles/board.html",
        {
            "overdue": [row for row in rows if row[1] == deadlines.Status.OVERDUE],
            "coming": [row for row in rows if row[1] != deadlines.Status.OVERDUE],
            "filters": filters,
            "programmes": Programme.choices,
            "regions": sorted(set(counties.values_list("region", flat=True))),
            "consultants": User.objects.filter(consulted_counties__in=counties)
            .distinct()
            .order_by("last_name", "username"),
            "window_days": deadlines.BOARD_WINDOW_DAYS,
            "horizon": horizon,
            "today": today,
        },
    )


@login_required
def feedback_queue(request):
    """Submissions awaiting the state's feedback, soonest due first, with working days left."""
    permissions.require(request.user, "cycles.review")
    today = timezone.localdate()
    consulting = County.objects.filter(consultant=request.user).exists()
    consultant = request.GET.get("consultant", str(request.user.pk) if consulting else "")
    dues = (
        DueDate.objects.with_context()
        .filter(submission__state__in=submissions.AWAITING_FEEDBACK)
        .order_by("submission__feedback_due", "schedule__county__name")
    )
    if consultant.isdigit():
        dues = dues.filter(schedule__county__consultant_id=int(consultant))
    rows = [
        (due, submissions.working_days_left(due.submission.feedback_due, today)) for due in dues
    ]
    return render(
        request,
        "cycles/queue.html",
        {
            "rows": rows,
            "consultant": consultant,
            "consultants": User.objects.filter(consulted_counties__isnull=False)
            .distinct()
            .order_by("last_name", "username"),
            "today": today,
        },
    )


def _side(user, county) -> str | None:
    if permissions.can(user, "cycles.review", county):
        return STATE
    if permissions.can(user, "cycles.submit", county):
        return COUNTY
    return None


@login_required
def due_date_detail(request, pk):
    due = get_object_or_404(DueDate.objects.visible_to(request.user).with_context(), pk=pk)
    return _render_detail(request, due)


def _render_detail(request, due, *, move_form=None, extension_form=None, status=200):
    today = timezone.localdate()
    county = due.schedule.county
    submission = getattr(due, "submission", None)
    context = {
        "due": due,
        "county": county,
        "status": due.status_on(today),
        "extensions": due.extensions.select_related("approved_by"),
        "can_extend": permissions.can(request.user, "cycles.schedule", county),
        "extension_form": extension_form or ExtensionForm(),
        "submission": submission,
        "today": today,
    }
    if submission is not None:
        side = _side(request.user, county)
        facts = facts_of(submission)
        context |= {
            "documents": submission.documents.select_related("uploaded_by"),
            "events": submission.events.select_related("by", "document"),
            "moves": submissions.available(facts, side) if side else [],
            "move_form": move_form,
            "failed_action": move_form.data.get("action") if move_form else None,
        }
        if submission.awaiting_feedback and submission.feedback_due:
            left = submissions.working_days_left(submission.feedback_due, today)
            context |= {"working_days_left": left, "working_days_late": -left}
    return render(request, "cycles/due_date.html", context, status=status)


@login_required
@require_POST
def extension_add(request, pk):
    due = get_object_or_404(DueDate.objects.visible_to(request.user).with_context(), pk=pk)
    permissions.require(request.user, "cycles.schedule", due.schedule.county)
    form = ExtensionForm(request.POST)
    if form.is_valid():
        try:
            scheduling.grant_extension(
                due, form.cleaned_data["new_date"], form.cleaned_data["reason"], request.user
            )
        except scheduling.SchedulingError as error:
            form.add_error("new_date", f"Not granted: {error}.")
        else:
            messages.success(request, f"Extension granted to {form.cleaned_data['new_date']}.")
            return redirect(due)
    return _render_detail(request, due, extension_form=form, status=400)


@login_required
@require_POST
def submission_move(request, pk):
    due = get_object_or_404(DueDate.objects.visible_to(request.user).with_context(), pk=pk)
    submission = getattr(due, "submission", None)
    side = _side(request.user, due.schedule.county)
    if submission is None or side is None:
        raise PermissionDenied
    form = MoveForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        move = Move(
            data["action"],
            side=side,
            reason=data["reason"],
            has_file=bool(data["document"]),
            board_date=data["board_date"],
            board_resolution=data["board_resolution"],
        )
        try:
            event = record_move(
                submission,
                move,
                user=request.user,
                revision=data["revision"],
                document_file=data["document"],
                notes=data["note"],
            )
        except TransitionError as error:
            form.add_error(None, f"{submissions.TRANSITIONS[move.name].label}: {error}.")
        else:
            messages.success(request, f"{submission.due_date.label}: {event.to_label.lower()}.")
            return redirect(due)
    due.refresh_from_db()
    return _render_detail(request, due, move_form=form, status=400)


@login_required
def document_file(request, pk):
    counties = permissions.counties_for(request.user, "cycles.view")
    document = get_object_or_404(
        Document.objects.filter(submission__due_date__schedule__county__in=counties), pk=pk
    )
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.file_name)


@login_required
@require_POST
def cycle_preferences(request):
    """Save the reminder choice, or give the user a new calendar feed secret."""
    preference = Preference.of(request.user)
    if "reset_feed" in request.POST:
        preference.feed_token = Preference._meta.get_field("feed_token").default()
        preference.save(update_fields=["feed_token"])
        messages.success(request, "New calendar feed addresses: the old ones no longer work.")
    else:
        PreferenceForm(request.POST, instance=preference).save()
        messages.success(request, "Reminder emails: your choice is saved.")
    return redirect("profile")


# --- calendar feeds --------------------------------------------------------------------------


def _feed_url(request, name, **kwargs) -> str | None:
    if not request.user.is_authenticated:
        return None
    token = Preference.of(request.user).feed_token
    return request.build_absolute_uri(reverse(name, kwargs={"token": token, **kwargs}))


def _feed_user(token):
    preference = Preference.objects.filter(feed_token=token, user__is_active=True).first()
    if preference is None:
        raise Http404("Unknown calendar feed: copy its address again from your account page")
    return preference.user


def user_feed(request, token):
    """The due dates of the counties a user works on.

    A county member's own county; a consultant's assigned counties; for a state user with no
    assigned county, every county.
    """
    user = _feed_user(token)
    counties = permissions.counties_for(user, "cycles.view")
    if counties.filter(consultant=user).exists():
        counties = counties.filter(consultant=user)
    dues = DueDate.objects.filter(schedule__county__in=counties)
    return _feed_response(f"OpenCQI: {user.get_full_name() or user.username}", dues)


def county_feed(request, token, code):
    user = _feed_user(token)
    county = permissions.counties_for(user, "cycles.view").filter(code=code).first()
    if county is None:
        raise Http404("No such county among those this feed's owner may see")
    dues = DueDate.objects.filter(schedule__county=county)
    return _feed_response(f"OpenCQI: {county} County", dues)


def _feed_response(name, dues) -> HttpResponse:
    events = [
        feeds.FeedEvent(
            schedule_id=due.schedule_id,
            step=due.step,
            day=due.date,
            summary=f"{due.schedule.county}: {due.label}",
            description=f"{due.schedule.get_programme_display()}, "
            f"{due.schedule.template.title}. {due.derivation}"
            + (f"; extended from {due.rule_date.isoformat()}" if due.is_extended else ""),
            sequence=due.sequence,
            changed_at=due.updated_at,
        )
        for due in dues.select_related("schedule__county", "schedule__template").order_by(
            "date", "pk"
        )
    ]
    response = HttpResponse(feeds.render_feed(name, events), content_type="text/calendar")
    response["Content-Disposition"] = 'inline; filename="opencqi.ics"'
    return response
