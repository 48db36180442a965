"""Planning a review: the steps that read the records, call the rules (sampling, teams,
schedule, focus_areas, peer_counties, agreement) and write the results back.

Views call one function of this module each; the rules themselves stay in the plain modules.
"""

import datetime as dt
import secrets
from collections import defaultdict

import ibis
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from opencqi.casedata import warehouse
from opencqi.counties.models import County
from opencqi.measures.catalog import MEASURES
from opencqi.measures.cohorts import NoCohort, cohort_cases
from opencqi.measures.models import MeasureResult
from opencqi.measures.periods import Period
from opencqi.measures.store import latest_run
from opencqi.reviews import agreement, focus_areas, peer_counties, sampling, schedule, teams
from opencqi.reviews.models import (
    CoChair,
    Elimination,
    Interviewee,
    PeerCountyInvitation,
    PlanningMember,
    Review,
    ReviewTask,
    Sample,
    SampledCase,
    ScheduleSlot,
    Team,
)


class PlanningError(Exception):
    """A step cannot be taken yet; the message says what to do first."""


class StaleEdit(PlanningError):
    """Someone else saved the record since the form was opened."""


def save_versioned(instance, expected_version, fields) -> None:
    """Save `fields` only if nobody saved the record since `expected_version` was read."""
    values = {name: getattr(instance, name) for name in fields}
    updated = (
        type(instance)
        .objects.filter(pk=instance.pk, version=expected_version)
        .update(version=F("version") + 1, **values)
    )
    if not updated:
        raise StaleEdit(
            "Someone else changed this record since you opened the page: reload it and make "
            "your change again."
        )
    instance.version = expected_version + 1


# -- the review and its checklist ------------------------------------------------------------


@transaction.atomic
def create_review(*, host_county, programme, event_start, interview_days, user) -> Review:
    """A review with its co-chair seats and the programme's planning checklist."""
    review = Review.objects.create(
        host_county=host_county,
        programme=programme,
        event_start=event_start,
        interview_days=interview_days,
        created_by=user,
    )
    CoChair.objects.bulk_create(CoChair(review=review, seat=s.seat) for s in review.rules.co_chairs)
    end = review.event_end
    ReviewTask.objects.bulk_create(
        ReviewTask(
            review=review,
            stage=task.stage,
            title=task.title,
            due_date=task.due_date(review.event_start, end),
        )
        for task in review.rules.tasks
    )
    return review


@transaction.atomic
def save_review(review, *, version, fields, co_chairs, planning_team, week_before) -> bool:
    """Save the edited review, its co-chairs and planning team; move the checklist with the
    event. A moved event week clears the schedule (its days are gone); returns whether it did."""
    save_versioned(review, version, fields)
    for seat, name in co_chairs.items():
        CoChair.objects.filter(review=review, seat=seat).update(name=name)
    review.planning_team.all().delete()
    PlanningMember.objects.bulk_create(
        PlanningMember(review=review, name=name, role=role) for name, role in planning_team
    )
    reschedule_tasks(review)
    if (review.event_start, review.interview_days) != week_before and review.slots.exists():
        review.slots.all().delete()
        return True
    return False


def reschedule_tasks(review: Review) -> None:
    """Move the checklist's due dates with the event (tasks matched by stage and title)."""
    end = review.event_end
    due = {(t.stage, t.title): t.due_date(review.event_start, end) for t in review.rules.tasks}
    for task in review.tasks.all():
        new = due.get((task.stage, task.title))
        if new and new != task.due_date:
            ReviewTask.objects.filter(pk=task.pk).update(due_date=new)


def agreement_status(review: Review, today: dt.date | None = None):
    signed = set(review.sign_offs.values_list("item", "seat"))
    rules = review.rules
    return agreement.agreement_status(
        rules.agreement_items,
        rules.co_chairs,
        signed,
        event_start=review.event_start,
        today=today or timezone.localdate(),
        days_before_event=rules.agreement_days_before_event,
    )


# -- focus area ------------------------------------------------------------------------------


def _facts(measure) -> focus_areas.MeasureFacts:
    return focus_areas.MeasureFacts(
        measure.id,
        measure.code,
        measure.name,
        measure.unit,
        measure.direction,
        measure.benchmark,
        measure.benchmark_kind,
        measure.is_percent,
    )


def focus_area_candidates(review: Review) -> list[focus_areas.Candidate]:
    """The programme's measures ranked for the host county, against California, the benchmark
    and the host's neighbouring counties."""
    ids = list(review.rules.focus_measures)
    host = review.host_county
    neighbour_ids = list(host.neighbours.values_list("pk", flat=True))
    rows = MeasureResult.objects.filter(measure_id__in=ids, stratum="all").filter(
        Q(county=host) | Q(county__isnull=True) | Q(county__in=neighbour_ids)
    )
    county_series, california_series = defaultdict(list), defaultdict(list)
    peer_values = defaultdict(lambda: defaultdict(list))
    for row in rows.values(
        "measure_id",
        "county_id",
        "period_start",
        "period_end",
        "value",
        "numerator",
        "denominator",
        "provisional",
    ):
        observation = focus_areas.Observation(
            row["period_start"],
            row["period_end"],
            row["value"],
            row["numerator"],
            row["denominator"],
            row["provisional"],
        )
        if row["county_id"] == host.pk:
            county_series[row["measure_id"]].append(observation)
        elif row["county_id"] is None:
            california_series[row["measure_id"]].append(observation)
        elif row["value"] is not None:
            peer_values[row["measure_id"]][row["period_end"]].append(row["value"])
    rules = review.rules.focus_areas
    return focus_areas.rank_focus_areas(
        [_facts(MEASURES[i]) for i in ids],
        county_series,
        california_series,
        peer_values,
        min_denominator=rules.min_denominator,
        trend_periods=rules.trend_periods,
        trend_threshold_percent=rules.trend_threshold_percent,
    )


def choose_focus_area(review, *, candidate, focus_area, rationales, user, version) -> None:
    review.focus_measure_id = candidate.measure.id if candidate else ""
    review.focus_period_start = candidate.observation.period_start if candidate else None
    review.focus_period_end = candidate.observation.period_end if candidate else None
    review.focus_area = focus_area
    review.rationales = rationales
    review.focus_chosen_by = user
    review.focus_chosen_at = timezone.now()
    save_versioned(
        review,
        version,
        [
            "focus_measure_id",
            "focus_period_start",
            "focus_period_end",
            "focus_area",
            "rationales",
            "focus_chosen_by",
            "focus_chosen_at",
        ],
    )


# -- peer counties ---------------------------------------------------------------------------


def county_facts(county: County, neighbour_codes) -> peer_counties.CountyFacts:
    return peer_counties.CountyFacts(
        county.code,
        county.name,
        county.region,
        county.child_population,
        county.latitude,
        county.longitude,
        frozenset(neighbour_codes),
    )


def peer_county_suggestions(review: Review) -> list[peer_counties.Suggestion]:
    neighbours = defaultdict(set)
    for a, b in County.neighbours.through.objects.values_list(
        "from_county__code", "to_county__code"
    ):
        neighbours[a].add(b)
    counties = {c.code: county_facts(c, neighbours[c.code]) for c in County.objects.all()}
    measure = review.focus_measure
    values, california, too_few = {}, None, set()
    minimum = review.rules.focus_areas.min_denominator
    if measure and review.focus_period_end:
        rows = MeasureResult.objects.filter(
            measure_id=measure.id, stratum="all", period_end=review.focus_period_end
        ).values_list("county__code", "value", "numerator", "denominator")
        for code, value, numerator, denominator in rows:
            if code is None:
                california = value
                continue
            values[code] = value
            if (denominator if measure.is_percent else numerator) < minimum:
                too_few.add(code)
    weights = review.rules.peer_counties
    return peer_counties.suggest_peer_counties(
        counties[review.host_county.code],
        list(counties.values()),
        values,
        direction=measure.direction if measure else None,
        california=california,
        unit=measure.unit if measure else "",
        performance_weight=weights.performance_weight,
        proximity_weight=weights.proximity_weight,
        similarity_weight=weights.similarity_weight,
        distance_scale_km=weights.distance_scale_km,
        too_few_cases=frozenset(too_few),
    )


def invite_county(review, suggestion, user) -> PeerCountyInvitation:
    """Invite a suggested county once; a second click finds the first invitation."""
    county = County.objects.get(code=suggestion.county.code)
    invitation, _ = PeerCountyInvitation.objects.get_or_create(
        review=review,
        county=county,
        defaults={
            "invited_by": user,
            "score": {
                "score": round(suggestion.score, 3),
                "performance": round(suggestion.performance, 3),
                "proximity": round(suggestion.proximity, 3),
                "similarity": round(suggestion.similarity, 3),
                "reasons": list(suggestion.reasons),
            },
        },
    )
    return invitation


# -- sample ----------------------------------------------------------------------------------


def days_in_service(removal: dt.date | None, exit_date: dt.date | None, as_of: dt.date) -> int:
    if removal is None:
        return 0
    end = min(exit_date, as_of) if exit_date else as_of
    return max((end - removal).days, 0)


def focus_population(review: Review, as_of: dt.date, profile: str):
    """The focus measure's cohort for the host county as sampling's PopulationCases."""
    if not review.focus_measure_id or not review.focus_period_end:
        raise PlanningError("Choose the focus area from the ranked measures first.")
    period = Period(review.focus_period_start, review.focus_period_end, False)
    con = warehouse.connect(settings.DATA_DIR, read_only=True)
    try:
        rows = cohort_cases(
            ibis.duckdb.from_connection(con),
            review.focus_measure_id,
            review.host_county.name,
            period,
            profile,
        )
    except NoCohort as error:
        raise PlanningError(f"{error} Choose a focus measure that counts cases.") from None
    finally:
        con.close()
    return [
        sampling.PopulationCase(
            case_id=row.case_id,
            worker_id=row.worker_id,
            achieved=row.achieved,
            days_in_service=days_in_service(row.removal_date, row.exit_date, as_of),
            agency=row.agency,
        )
        for row in rows
    ], {row.case_id: row for row in rows}


def draw_review_sample(
    review: Review, *, user, teams_count, interviewees_available, min_days_in_service, seed
) -> Sample:
    """Draw (or redraw) the sample; a redraw replaces the cases, team assignments and schedule."""
    run = latest_run()
    if run is None or run.as_of is None:
        raise PlanningError("No measure results yet: import case data and compute the measures.")
    population, cohort = focus_population(review, run.as_of, run.profile)
    rules = review.rules.sampling
    eligible, _ = sampling.eligible_cases(population, min_days_in_service)
    available = interviewees_available or sampling.distinct_workers(eligible)
    cap = sampling.capacity(
        teams_count, rules.cases_per_team_per_day, review.interview_days, available
    )
    seed = seed if seed is not None else secrets.randbelow(2**31)
    drawn = sampling.draw_sample(
        population,
        seed=seed,
        cap=cap,
        min_days_in_service=min_days_in_service,
        backup_share=rules.backup_share,
        min_backups_per_stratum=rules.min_backups_per_stratum,
    )
    with transaction.atomic():
        Review.objects.select_for_update().get(pk=review.pk)
        Sample.objects.filter(review=review).delete()
        review.slots.all().delete()
        sample = Sample.objects.create(
            review=review,
            measure_id=review.focus_measure_id,
            period_start=review.focus_period_start,
            period_end=review.focus_period_end,
            as_of=run.as_of,
            seed=seed,
            teams=teams_count,
            cases_per_team_per_day=rules.cases_per_team_per_day,
            interview_days=review.interview_days,
            interviewees_available=available,
            min_days_in_service=min_days_in_service,
            population=drawn.population,
            eligible=drawn.eligible,
            excluded=drawn.excluded,
            notes=list(drawn.notes),
            drawn_by=user,
        )
        SampledCase.objects.bulk_create(
            SampledCase(
                sample=sample,
                case_id=case.case_id,
                child_id=cohort[case.case_id].child_id,
                episode_id=cohort[case.case_id].episode_id or "",
                worker_id=case.worker_id,
                agency=case.agency or "",
                stratum=case.stratum,
                rank=case.rank,
                status=case.status,
                shared_worker=case.shared_worker,
                days_in_service=case.days_in_service,
            )
            for case in drawn.cases
        )
        workers = {c.worker_id for c in drawn.cases if c.status == sampling.SELECTED}
        review.interviewees.exclude(worker_id__in=workers).delete()
        for worker in sorted(workers):
            Interviewee.objects.get_or_create(review=review, worker_id=worker)
    return sample


def case_state(case: SampledCase) -> sampling.CaseState:
    return sampling.CaseState(case.case_id, case.worker_id, case.stratum, case.rank, case.status)


def plain_slot(slot: ScheduleSlot) -> schedule.Slot:
    return schedule.Slot(
        slot.kind,
        slot.day,
        slot.start,
        slot.end,
        slot.room,
        schedule.ALL_TEAMS if slot.plenary else (slot.team.number if slot.team else None),
        case_id=slot.case.case_id if slot.case else "",
        interviewee=slot.interviewee.worker_id if slot.interviewee else "",
        focus_group=str(slot.focus_group_id or ""),
        facilitator=slot.focus_group.facilitator if slot.focus_group else "",
        arrive_at=slot.arrive_at,
    )


@transaction.atomic
def eliminate_case(review: Review, case: SampledCase, reason: str, user) -> Elimination:
    """Drop a selected case; the next backup its team may review and whose interviewee is free
    at that time takes its team and its slot. The rest of the schedule stays as it is."""
    case = SampledCase.objects.select_for_update().get(pk=case.pk)
    if case.status != sampling.SELECTED:
        raise PlanningError(f"Case {case.case_id} is not a selected case: nothing to drop.")
    cases = list(case.sample.cases.all())
    by_id = {c.case_id: c for c in cases}
    members = [reviewer_facts(r) for r in case.team.members.all()] if case.team else []
    regions = dict(review.interviewees.values_list("worker_id", "region"))
    slots = list(review.slots.select_related("team", "case", "interviewee", "focus_group"))
    plain = [plain_slot(s) for s in slots]
    slot = next((s for s in slots if s.case_id == case.pk), None)
    replacement = None
    for candidate in sampling.backups_in_order([case_state(c) for c in cases], case_state(case)):
        backup = by_id[candidate.case_id]
        to_review = teams.CaseToReview(
            backup.case_id, backup.worker_id, backup.stratum, regions.get(backup.worker_id, "")
        )
        conflicts = teams.case_conflicts(members, to_review)
        if any(p.rule in teams.CASE_HARD_RULES for p in conflicts):
            continue
        if (
            slot
            and schedule.replace_interview(plain, case.case_id, backup.case_id, backup.worker_id)
            is None
        ):
            continue
        replacement = backup
        break
    case.status = sampling.ELIMINATED
    team = case.team
    case.team = None
    case.save(update_fields=["status", "team"])
    if replacement:
        replacement.status = sampling.SELECTED
        replacement.team = team
        replacement.save(update_fields=["status", "team"])
        interviewee, _ = Interviewee.objects.get_or_create(
            review=review, worker_id=replacement.worker_id
        )
        if slot:
            slot.case = replacement
            slot.interviewee = interviewee
            slot.save(update_fields=["case", "interviewee"])
    elif slot:
        slot.delete()
    if not review.sample.cases.filter(status=sampling.SELECTED, worker_id=case.worker_id).exists():
        review.interviewees.filter(worker_id=case.worker_id, slots__isnull=True).delete()
    return Elimination.objects.create(
        case=case, reason=reason, eliminated_by=user, replacement=replacement
    )


# -- teams -----------------------------------------------------------------------------------


def reviewer_facts(reviewer) -> teams.Reviewer:
    return teams.Reviewer(
        key=reviewer.pk,
        name=reviewer.name,
        county=reviewer.county.name,
        region=reviewer.region,
        background=reviewer.background,
        is_host_staff=reviewer.is_host_staff,
        former_host_employee=reviewer.former_host_employee,
        host_consent=reviewer.host_consent,
        trained=reviewer.trained_on is not None,
        confidentiality_signed=reviewer.confidentiality_signed_on is not None,
        supervises=frozenset(reviewer.supervises),
        knows_cases=frozenset(reviewer.knows_cases),
    )


def _cases_to_review(review) -> list[teams.CaseToReview]:
    if not hasattr(review, "sample"):
        return []
    regions = dict(review.interviewees.values_list("worker_id", "region"))
    return [
        teams.CaseToReview(c.case_id, c.worker_id, c.stratum, regions.get(c.worker_id, ""))
        for c in review.sample.cases.selected()
    ]


def _team_limits(review) -> dict:
    rules = review.rules
    return {
        "min_size": rules.teams.min_size,
        "max_size": rules.teams.max_size,
        "min_peer_members": rules.teams.min_peer_members,
        "cases_per_team": rules.sampling.cases_per_team_per_day * review.interview_days,
        "host_staff_agreed": review.host_staff_agreed_on is not None,
    }


def build_review_teams(review: Review, team_count: int | None) -> teams.TeamPlan:
    """Propose teams and case assignments; they replace the earlier teams and the schedule."""
    reviewers = list(review.reviewers.select_related("county", "review"))
    plan = teams.build_teams(
        [reviewer_facts(r) for r in reviewers],
        _cases_to_review(review),
        team_count=team_count,
        background_order=[b.key for b in review.rules.backgrounds],
        **_team_limits(review),
    )
    with transaction.atomic():
        Review.objects.select_for_update().get(pk=review.pk)
        review.teams.all().delete()
        by_key = {r.pk: r for r in reviewers}
        for number, keys in enumerate(plan.teams, start=1):
            team = Team.objects.create(review=review, number=number)
            for key in keys:
                reviewer = by_key[key]
                reviewer.team = team
                reviewer.team_role = plan.roles[key]
                reviewer.save(update_fields=["team", "team_role"])
            case_ids = [c for c, index in plan.assignments.items() if index == number - 1]
            if case_ids:
                review.sample.cases.filter(case_id__in=case_ids).update(team=team)
        review.reviewers.filter(team__isnull=True).update(team_role="")
    return plan


def team_problems(review: Review) -> list[teams.Problem]:
    """Every rule the current teams break (as built or as edited by hand)."""
    reviewers = list(review.reviewers.select_related("county", "review", "team"))
    team_list = list(review.teams.all())
    plan = teams.TeamPlan(
        teams=[[r.pk for r in reviewers if r.team_id == t.pk] for t in team_list],
        roles={r.pk: r.team_role for r in reviewers},
        assignments={},
    )
    index = {t.pk: i for i, t in enumerate(team_list)}
    cases = _cases_to_review(review)
    problems = []
    if hasattr(review, "sample"):
        for case in review.sample.cases.selected():
            if case.team_id in index:
                plan.assignments[case.case_id] = index[case.team_id]
            elif team_list:
                problems.append(
                    teams.Problem(
                        "team_capacity",
                        case.case_id,
                        f"Case {case.case_id} is on no team: build the teams again or add a team.",
                    )
                )
    limits = _team_limits(review)
    for reviewer in reviewers:
        if reviewer.team_id is None and team_list:
            reason = teams.exclusion_reason(reviewer_facts(reviewer), limits["host_staff_agreed"])
            if reason:
                problems.append(reason)
    problems += teams.plan_problems(
        plan,
        {r.pk: reviewer_facts(r) for r in reviewers},
        {c.case_id: c for c in cases},
        **limits,
    )
    return problems


# -- schedule --------------------------------------------------------------------------------


@transaction.atomic
def generate_schedule(review: Review) -> schedule.Schedule:
    """The week's schedule from the teams, their cases, the rooms and the focus groups; it
    replaces the earlier one."""
    Review.objects.select_for_update().get(pk=review.pk)
    team_list = list(review.teams.all())
    if not team_list:
        raise PlanningError("Build the review teams first.")
    interviews = []
    if hasattr(review, "sample"):
        for case in (
            review.sample.cases.selected().filter(team__isnull=False).select_related("team")
        ):
            interviews.append(schedule.Interview(case.case_id, case.team.number, case.worker_id))
    groups = list(review.focus_groups.all())
    week = schedule.build_schedule(
        review.event_start,
        review.interview_days,
        [t.number for t in team_list],
        interviews,
        review.room_list,
        [
            schedule.FocusGroupRequest(str(g.pk), g.name, g.participants, g.facilitator)
            for g in groups
        ],
        review.rules.schedule,
        review.rules.sampling.cases_per_team_per_day,
    )
    review.slots.all().delete()
    teams_by_number = {t.number: t for t in team_list}
    cases = {c.case_id: c for c in review.sample.cases.all()} if hasattr(review, "sample") else {}
    interviewees = {i.worker_id: i for i in review.interviewees.all()}
    groups_by_key = {str(g.pk): g for g in groups}
    ScheduleSlot.objects.bulk_create(
        ScheduleSlot(
            review=review,
            kind=slot.kind,
            day=slot.day,
            start=slot.start,
            end=slot.end,
            room=slot.room,
            team=teams_by_number.get(slot.team),
            case=cases.get(slot.case_id),
            interviewee=interviewees.get(slot.interviewee),
            arrive_at=slot.arrive_at,
            focus_group=groups_by_key.get(slot.focus_group),
        )
        for slot in week.slots
    )
    rooms = dict(zip([t.number for t in team_list], review.room_list, strict=False))
    for team in team_list:
        Team.objects.filter(pk=team.pk).update(room=rooms.get(team.number, ""))
    return week


def schedule_warnings(review: Review) -> list[str]:
    """What is wrong with the stored schedule now: double bookings, cases without a slot, and
    interviewees whose interview tool is missing or late."""
    slots = list(review.slots.select_related("team", "case", "interviewee", "focus_group"))
    if not slots:
        return []
    numbers = list(review.teams.values_list("number", flat=True))
    warnings = schedule.double_bookings([plain_slot(s) for s in slots], numbers)
    scheduled = {s.case_id for s in slots if s.case_id}
    if hasattr(review, "sample"):
        for case in review.sample.cases.selected():
            if case.pk not in scheduled:
                warnings.append(
                    f"Case {case.case_id} has no interview slot: generate the schedule."
                )
    lead = review.rules.schedule.tool_lead_days
    for interviewee in review.interviewees.all():
        days = [s.day for s in slots if s.interviewee_id == interviewee.pk]
        if days and not schedule.tool_sent_in_time(interviewee.tool_sent_on, min(days), lead):
            due = min(days) - dt.timedelta(days=lead)
            warnings.append(
                f"{interviewee} must get the interview tool by {due:%Y-%m-%d} ({lead} days before "
                f"the interview on {min(days):%Y-%m-%d})"
                + (
                    f"; it was sent {interviewee.tool_sent_on:%Y-%m-%d}."
                    if interviewee.tool_sent_on
                    else "."
                )
            )
    return warnings
