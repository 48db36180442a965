from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from opencqi.accounts import permissions
from opencqi.measures.catalog import MEASURES
from opencqi.reviews import access, agendas, planning, teams
from opencqi.reviews.forms import (
    AnswerForm,
    EliminateForm,
    FocusAreaForm,
    FocusGroupForm,
    IntervieweeForm,
    InviteForm,
    LiteratureForm,
    ReviewCreateForm,
    ReviewEditForm,
    ReviewerForm,
    RoomsForm,
    SampleForm,
    SignOffForm,
    TaskForm,
    TeamBuildForm,
)
from opencqi.reviews.models import AgreementSignOff, PeerCountyInvitation, Review, Reviewer
from opencqi.reviews.programmes import all_programmes


def _page(request, review, template, context=None, step=""):
    return render(
        request,
        template,
        {
            "review": review,
            "rules": review.rules,
            "step": step,
            "can_plan": access.can_plan(request.user, review),
            "can_view_plan": access.can_view_plan(request.user, review),
            "can_schedule": access.can_schedule(request.user, review),
            **(context or {}),
        },
    )


@login_required
def review_list(request):
    permissions.require(request.user, "review.list")
    reviews = Review.objects.visible_to(request.user).select_related("host_county")
    programme = request.GET.get("programme")
    if programme in all_programmes():
        reviews = reviews.filter(programme=programme)
    seats = {
        s.review_id: s
        for s in Reviewer.objects.filter(user=request.user, team__isnull=False).select_related(
            "team"
        )
    }
    rows = [(review, seats.get(review.pk)) for review in reviews]
    return render(
        request,
        "reviews/list.html",
        {
            "rows": rows,
            "programme": all_programmes().get(programme),
            "can_create": permissions.can(request.user, "review.plan"),
        },
    )


@login_required
def review_create(request):
    permissions.require(request.user, "review.plan")
    counties = permissions.counties_for(request.user, "review.plan")
    form = ReviewCreateForm(
        request.POST or None,
        counties=counties,
        initial={"programme": request.GET.get("programme", "child_welfare")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            review = planning.create_review(
                host_county=form.cleaned_data["host_county"],
                programme=form.cleaned_data["programme"],
                event_start=form.cleaned_data["event_start"],
                interview_days=form.cleaned_data["interview_days"],
                user=request.user,
            )
        except IntegrityError:  # the same form sent twice at once
            form.add_error(None, "This review was just created: open it from the list.")
        else:
            return redirect(review)
    return render(request, "reviews/create.html", {"form": form})


@login_required
def review_detail(request, pk):
    review = access.review_for(request.user, pk)
    if not access.can_view_plan(request.user, review):
        seat = access.seat_of(request.user, review)
        if seat:
            return redirect(seat.team)
        raise PermissionDenied
    today = timezone.localdate()
    signed = set(review.sign_offs.values_list("item", "seat"))
    tasks = [
        (task, TaskForm(instance=task, initial={"version": task.version}))
        for task in review.tasks.all()
    ]
    stages = [
        (number, label, [(t, f) for t, f in tasks if t.stage == number])
        for number, label in enumerate(review.rules.stages, start=1)
    ]
    return _page(
        request,
        review,
        "reviews/detail.html",
        {
            "agreement": planning.agreement_status(review, today),
            "agreement_rows": [
                (item, [(seat, (item.key, seat.seat) in signed) for seat in review.rules.co_chairs])
                for item in review.rules.agreement_items
            ],
            "stages": stages,
            "today": today,
            "co_chairs": review.co_chairs.all(),
        },
        step="overview",
    )


@login_required
def review_edit(request, pk):
    review = access.review_for(request.user, pk)
    access.require_plan(request.user, review)
    week = (review.event_start, review.interview_days)
    form = ReviewEditForm(request.POST or None, instance=review)
    if request.method == "POST" and form.is_valid():
        try:
            schedule_cleared = planning.save_review(
                form.save(commit=False),
                version=form.cleaned_data["version"],
                fields=form.Meta.fields,
                co_chairs=form.co_chair_names(),
                planning_team=form.planning_members(),
                week_before=week,
            )
        except planning.StaleEdit as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Review saved.")
            if schedule_cleared:
                messages.warning(
                    request, "The event week moved: generate the schedule again for the new dates."
                )
            return redirect(review)
    return _page(request, review, "reviews/edit.html", {"form": form}, step="overview")


@login_required
@require_POST
def review_task(request, pk, task_id):
    review = access.review_for(request.user, pk)
    access.require_plan(request.user, review)
    task = get_object_or_404(review.tasks, pk=task_id)
    form = TaskForm(request.POST, instance=task)
    if form.is_valid():
        try:
            planning.save_versioned(
                form.save(commit=False),
                form.cleaned_data["version"],
                ["owner", "due_date", "status"],
            )
            messages.success(request, f"Task saved: {task.title}")
        except planning.StaleEdit as error:
            messages.error(request, str(error))
    else:
        messages.error(request, f"Task not saved: {form.errors.as_text()}")
    return redirect(f"{review.get_absolute_url()}#task-{task.pk}")


@login_required
@require_POST
def review_agreement(request, pk):
    review = access.review_for(request.user, pk)
    access.require_plan(request.user, review)
    form = SignOffForm(request.POST, review=review)
    if not form.is_valid():
        raise Http404("No such agreement item or co-chair")
    item, seat = form.cleaned_data["item"], form.cleaned_data["seat"]
    if request.POST.get("withdraw"):
        review.sign_offs.filter(item=item, seat=seat).delete()
    else:
        AgreementSignOff.objects.get_or_create(
            review=review, item=item, seat=seat, defaults={"recorded_by": request.user}
        )
    return redirect(f"{review.get_absolute_url()}#agreement")


@login_required
def review_focus_area(request, pk):
    review = access.review_for(request.user, pk)
    access.require_view_plan(request.user, review)
    candidates = planning.focus_area_candidates(review)
    form = FocusAreaForm(
        request.POST or None,
        review=review,
        candidates=candidates,
        initial={
            "version": review.version,
            "measure_id": review.focus_measure_id,
            "focus_area": review.focus_area,
        },
    )
    if request.method == "POST":
        access.require_plan(request.user, review)
        if form.is_valid():
            try:
                planning.choose_focus_area(
                    review,
                    candidate=form.chosen(),
                    focus_area=form.cleaned_data["focus_area"],
                    rationales=form.rationales(),
                    user=request.user,
                    version=form.cleaned_data["version"],
                )
            except planning.StaleEdit as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Focus area recorded: {review.focus_area}")
                return redirect("review_focus_area", pk=review.pk)
    return _page(
        request,
        review,
        "reviews/focus_area.html",
        {"candidates": candidates, "form": form, "literature": review.literature.all()},
        step="focus",
    )


@login_required
def review_literature(request, pk):
    review = access.review_for(request.user, pk)
    access.require_view_plan(request.user, review)
    form = LiteratureForm(request.POST or None, request.FILES or None, review=review)
    if request.method == "POST":
        access.require_plan(request.user, review)
        if form.is_valid():
            entry = form.save(commit=False)
            entry.review, entry.added_by = review, request.user
            try:
                entry.save()
            except IntegrityError:  # the same form sent twice at once
                form.add_error("citation", "This work was just added.")
            else:
                messages.success(request, "Literature entry added.")
                return redirect("review_literature", pk=review.pk)
    return _page(
        request,
        review,
        "reviews/literature.html",
        {"form": form, "literature": review.literature.all()},
        step="focus",
    )


@login_required
def review_literature_file(request, pk, entry_id):
    review = access.review_for(request.user, pk)
    if not access.sees_case_material(request.user, review):
        raise PermissionDenied
    entry = get_object_or_404(review.literature, pk=entry_id)
    if not entry.file:
        raise Http404("This entry has no file")
    return FileResponse(entry.file.open("rb"), as_attachment=True)


@login_required
def review_peer_counties(request, pk):
    review = access.review_for(request.user, pk)
    access.require_view_plan(request.user, review)
    suggestions = planning.peer_county_suggestions(review)
    if request.method == "POST":
        access.require_plan(request.user, review)
        if request.POST.get("action") == "invite":
            form = InviteForm(request.POST)
            code = form.data.get("county")
            suggestion = next((s for s in suggestions if s.county.code == code), None)
            if suggestion is None:
                raise Http404("That county is not among the suggestions")
            planning.invite_county(review, suggestion, request.user)
            messages.success(request, f"{suggestion.county.name} invited.")
        else:
            form = AnswerForm(request.POST)
            if form.is_valid():
                invitation = get_object_or_404(
                    review.invitations, county__code=form.cleaned_data["county"]
                )
                invitation.answer = form.cleaned_data["answer"]
                invitation.note = form.cleaned_data["note"]
                invitation.answered_on = timezone.localdate()
                invitation.save(update_fields=["answer", "note", "answered_on"])
                messages.success(request, f"Answer of {invitation.county} recorded.")
        return redirect("review_peer_counties", pk=review.pk)
    invitations = {i.county.code: i for i in review.invitations.select_related("county")}
    return _page(
        request,
        review,
        "reviews/peer_counties.html",
        {
            "suggestions": suggestions[:25],
            "invitations": invitations,
            "answers": PeerCountyInvitation.Answer.choices,
        },
        step="peers",
    )


@login_required
def review_sample(request, pk):
    review = access.review_for(request.user, pk)
    access.require_view_plan(request.user, review)
    sample = getattr(review, "sample", None)
    rules = review.rules.sampling
    initial = {
        "teams": sample.teams if sample else 3,
        "min_days_in_service": sample.min_days_in_service if sample else rules.min_days_in_service,
        "seed": sample.seed if sample else None,
    }
    form = SampleForm(request.POST or None, initial=initial)
    if request.method == "POST":
        access.require_plan(request.user, review)
        if form.is_valid():
            data = form.cleaned_data
            try:
                sample = planning.draw_review_sample(
                    review,
                    user=request.user,
                    teams_count=data["teams"],
                    interviewees_available=data["interviewees_available"],
                    min_days_in_service=data["min_days_in_service"],
                    seed=data["seed"],
                )
            except planning.PlanningError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    f"Sample drawn with seed {sample.seed}: "
                    f"{sample.cases.selected().count()} cases.",
                )
                return redirect("review_sample", pk=review.pk)
    cases = sample.cases.select_related("team", "elimination") if sample else []
    return _page(
        request,
        review,
        "reviews/sample.html",
        {
            "form": form,
            "sample": sample,
            "cases": cases,
            "eliminations": [c.elimination for c in cases if hasattr(c, "elimination")],
            "eliminate_form": EliminateForm(),
            "measure": MEASURES.get(sample.measure_id) if sample else review.focus_measure,
        },
        step="sample",
    )


@login_required
@require_POST
def review_case_eliminate(request, pk, case_id):
    review = access.review_for(request.user, pk)
    access.require_plan(request.user, review)
    if not hasattr(review, "sample"):
        raise Http404("No sample drawn")
    case = get_object_or_404(review.sample.cases, case_id=case_id)
    form = EliminateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the reason the case is dropped.")
        return redirect("review_sample", pk=review.pk)
    try:
        elimination = planning.eliminate_case(
            review, case, form.cleaned_data["reason"], request.user
        )
    except planning.PlanningError as error:
        messages.error(request, str(error))
    else:
        if elimination.replacement:
            messages.success(
                request,
                f"Case {case.case_id} dropped; backup {elimination.replacement.case_id} takes its "
                "place.",
            )
        else:
            messages.warning(
                request,
                f"Case {case.case_id} dropped; no backup could take its place (none left, or "
                "each conflicts with the team or the schedule).",
            )
    return redirect("review_sample", pk=review.pk)


@login_required
def review_reviewers(request, pk):
    review = access.review_for(request.user, pk)
    access.require_view_plan(request.user, review)
    form = ReviewerForm(request.POST or None, review=review)
    if request.method == "POST":
        access.require_plan(request.user, review)
        if form.is_valid():
            reviewer = form.save(commit=False)
            reviewer.review = review
            try:
                reviewer.save()
                form.save_m2m()
            except IntegrityError:
                form.add_error("name", "This reviewer was just added.")
            else:
                messages.success(request, f"{reviewer.name} added.")
                return redirect("review_reviewers", pk=review.pk)
    accepted = review.invitations.filter(answer="accepted").select_related("county")
    return _page(
        request,
        review,
        "reviews/reviewers.html",
        {
            "form": form,
            "reviewers": review.reviewers.select_related("county", "team", "user"),
            "accepted": accepted,
        },
        step="teams",
    )


@login_required
def review_reviewer(request, pk, reviewer_id):
    review = access.review_for(request.user, pk)
    access.require_plan(request.user, review)
    reviewer = get_object_or_404(review.reviewers, pk=reviewer_id)
    form = ReviewerForm(request.POST or None, instance=reviewer, review=review)
    if request.method == "POST" and form.is_valid():
        fields = [f for f in form.Meta.fields]
        try:
            planning.save_versioned(form.save(commit=False), form.cleaned_data["version"], fields)
        except planning.StaleEdit as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{reviewer.name} saved.")
            return redirect("review_reviewers", pk=review.pk)
    return _page(
        request, review, "reviews/reviewer.html", {"form": form, "reviewer": reviewer}, step="teams"
    )


@login_required
def review_teams(request, pk):
    review = access.review_for(request.user, pk)
    access.require_view_plan(request.user, review)
    form = TeamBuildForm(request.POST or None)
    if request.method == "POST":
        access.require_plan(request.user, review)
        if form.is_valid():
            plan = planning.build_review_teams(review, form.cleaned_data["team_count"])
            messages.success(request, f"{len(plan.teams)} teams built.")
            return redirect("review_teams", pk=review.pk)
    team_list = review.teams.prefetch_related("members__county", "cases")
    problems = planning.team_problems(review) if team_list else []
    return _page(
        request,
        review,
        "reviews/teams.html",
        {
            "form": form,
            "teams": team_list,
            "problems": problems,
            "rules_broken": sorted({p.rule_label for p in problems}),
            "role_labels": teams.ROLE_LABELS,
            "unplaced": review.reviewers.filter(team__isnull=True).select_related("county"),
        },
        step="teams",
    )


@login_required
def review_team(request, pk, number):
    review = access.review_for(request.user, pk)
    team = get_object_or_404(review.teams, number=number)
    seat = access.seat_of(request.user, review)
    if not access.can_view_plan(request.user, review) and not (seat and seat.team_id == team.pk):
        raise PermissionDenied
    material = access.sees_case_material(request.user, review, team)
    return _page(
        request,
        review,
        "reviews/team.html",
        {
            "team": team,
            "seat": seat,
            "material": material,
            "members": team.members.select_related("county"),
            "cases": team.cases.selected() if material else [],
            "slots": agendas.team_slots(review, team) if material else [],
            "literature": review.literature.all() if material else [],
            "role_labels": teams.ROLE_LABELS,
        },
        step="teams",
    )


@login_required
@require_POST
def review_confidentiality(request, pk):
    review = access.review_for(request.user, pk)
    seat = access.seat_of(request.user, review)
    if seat is None:
        raise PermissionDenied
    if request.POST.get("agree") != "yes":
        messages.error(request, "Tick the box to sign the confidentiality statement.")
    elif seat.confidentiality_signed_on is None:
        Reviewer.objects.filter(pk=seat.pk).update(confidentiality_signed_on=timezone.localdate())
        messages.success(request, "Confidentiality statement signed: your team's material is open.")
    return redirect(seat.team)


@login_required
def review_interviewees(request, pk):
    review = access.review_for(request.user, pk)
    access.require_view_plan(request.user, review)
    interviewees = list(review.interviewees.all())
    if request.method == "POST":
        access.require_plan(request.user, review)
        interviewee = get_object_or_404(review.interviewees, pk=request.POST.get("interviewee"))
        form = IntervieweeForm(request.POST, instance=interviewee, prefix=f"i{interviewee.pk}")
        if form.is_valid():
            try:
                planning.save_versioned(
                    form.save(commit=False), form.cleaned_data["version"], form.Meta.fields
                )
                messages.success(request, f"Interviewee {interviewee.worker_id} saved.")
            except planning.StaleEdit as error:
                messages.error(request, str(error))
        else:
            messages.error(request, f"Not saved: {form.errors.as_text()}")
        url = reverse("review_interviewees", args=[review.pk])
        return redirect(f"{url}#interviewee-{interviewee.pk}")
    first_day = {}
    for slot in review.slots.filter(interviewee__isnull=False):
        first_day.setdefault(slot.interviewee_id, slot.day)
    rows = [
        (i, IntervieweeForm(instance=i, prefix=f"i{i.pk}"), first_day.get(i.pk))
        for i in interviewees
    ]
    return _page(
        request,
        review,
        "reviews/interviewees.html",
        {"rows": rows, "warnings": planning.schedule_warnings(review)},
        step="schedule",
    )


@login_required
def review_focus_groups(request, pk):
    review = access.review_for(request.user, pk)
    access.require_view_plan(request.user, review)
    form = FocusGroupForm(request.POST or None, review=review)
    if request.method == "POST":
        if not access.can_schedule(request.user, review):
            raise PermissionDenied
        if request.POST.get("remove"):
            review.focus_groups.filter(pk=request.POST["remove"]).delete()
            messages.success(request, "Focus group removed; generate the schedule again.")
            return redirect("review_focus_groups", pk=review.pk)
        if form.is_valid():
            group = form.save(commit=False)
            group.review = review
            try:
                group.save()
            except IntegrityError:
                form.add_error("name", "This focus group was just added.")
            else:
                messages.success(request, f"Focus group {group.name} added.")
                return redirect("review_focus_groups", pk=review.pk)
    return _page(
        request,
        review,
        "reviews/focus_groups.html",
        {"form": form, "groups": review.focus_groups.all()},
        step="schedule",
    )


@login_required
def review_schedule(request, pk):
    review = access.review_for(request.user, pk)
    access.require_view_plan(request.user, review)
    form = RoomsForm(request.POST or None, initial={"rooms": review.rooms})
    if request.method == "POST":
        if not access.can_schedule(request.user, review):
            raise PermissionDenied
        if form.is_valid():
            Review.objects.filter(pk=review.pk).update(rooms=form.cleaned_data["rooms"])
            review.rooms = form.cleaned_data["rooms"]
            try:
                week = planning.generate_schedule(review)
            except (planning.PlanningError, ValueError) as error:
                form.add_error(None, str(error))
            else:
                for problem in week.problems:
                    messages.warning(request, problem)
                messages.success(request, f"Schedule generated: {len(week.slots)} sessions.")
                return redirect("review_schedule", pk=review.pk)
    slots = list(review.slots.select_related("team", "case", "interviewee", "focus_group"))
    days = {day: [] for day, _ in review.days} if slots else {}
    for slot in slots:
        days.setdefault(slot.day, []).append(slot)
    return _page(
        request,
        review,
        "reviews/schedule.html",
        {
            "form": form,
            "days": list(days.items()),
            "warnings": planning.schedule_warnings(review),
            "teams": review.teams.all(),
            "interviewees": review.interviewees.filter(slots__isnull=False).distinct(),
        },
        step="schedule",
    )


def _agenda_response(review, title, slots, audience, fmt, filename):
    if fmt == "pdf":
        body, content_type = agendas.pdf(review, title, slots, audience), "application/pdf"
    elif fmt == "ics":
        body, content_type = agendas.ics(review, title, slots, audience), "text/calendar"
    else:
        raise Http404("Agendas come as pdf or ics")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@login_required
def review_team_agenda(request, pk, number, fmt):
    review = access.review_for(request.user, pk)
    team = get_object_or_404(review.teams, number=number)
    if not access.sees_case_material(request.user, review, team):
        raise PermissionDenied
    title = f"Agenda of team {team.number}"
    slots = agendas.team_slots(review, team)
    return _agenda_response(
        review, title, slots, "team", fmt, f"review-{review.pk}-team-{team.number}"
    )


@login_required
def review_interviewee_agenda(request, pk, interviewee_id, fmt):
    review = access.review_for(request.user, pk)
    access.require_view_plan(request.user, review)
    interviewee = get_object_or_404(review.interviewees, pk=interviewee_id)
    title = f"Interview agenda of {interviewee}"
    slots = agendas.interviewee_slots(review, interviewee)
    return _agenda_response(
        review, title, slots, "interviewee", fmt, f"review-{review.pk}-interviewee-{interviewee.pk}"
    )
