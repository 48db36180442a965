"""A planned review in the app database, built without a warehouse: for view and permission
tests."""

import datetime as dt

from opencqi.counties.models import County
from opencqi.reviews import planning
from opencqi.reviews.models import FocusGroup, Interviewee, Reviewer, Sample, SampledCase

EVENT_START = dt.date(2026, 10, 5)  # a Monday


def planned_review(host="Fresno", *, cases=6, backups=2, schedule=True, user=None):
    """A child welfare review of `host` with a sample, four signed peer reviewers from two
    counties in two teams, a focus group and (unless `schedule` is False) the schedule."""
    county = County.objects.get(name=host)
    review = planning.create_review(
        host_county=county,
        programme="child_welfare",
        event_start=EVENT_START,
        interview_days=3,
        user=user,
    )
    review.focus_measure_id = "permanency_12m_entries"
    review.focus_area = "Timely permanency"
    review.focus_period_start = dt.date(2024, 7, 1)
    review.focus_period_end = dt.date(2025, 6, 30)
    review.rooms = "Room A\nRoom B\nRoom C"
    review.save()
    sample = Sample.objects.create(
        review=review,
        measure_id="permanency_12m_entries",
        period_start=review.focus_period_start,
        period_end=review.focus_period_end,
        as_of=dt.date(2026, 6, 30),
        seed=7,
        teams=2,
        cases_per_team_per_day=4,
        interview_days=3,
        interviewees_available=cases,
        min_days_in_service=90,
        population=40,
        eligible=30,
    )
    for rank in range(1, cases + backups + 1):
        status = "selected" if rank <= cases else "backup"
        SampledCase.objects.create(
            sample=sample,
            case_id=f"E{rank:03d}",
            child_id=f"C{rank:03d}",
            episode_id=f"E{rank:03d}",
            worker_id=f"W{rank}",
            stratum="achieved" if rank % 2 else "not achieved",
            rank=rank,
            status=status,
            days_in_service=200,
        )
        if status == "selected":
            Interviewee.objects.create(review=review, worker_id=f"W{rank}", name=f"Worker {rank}")
    peers = [c for c in County.objects.exclude(pk=county.pk).order_by("name")[:2]]
    for i in range(4):
        Reviewer.objects.create(
            review=review,
            name=f"Reviewer {i + 1}",
            county=peers[i % 2],
            region=peers[i % 2].region,
            background="social_worker" if i % 2 else "cws_supervisor",
            confidentiality_signed_on=dt.date(2026, 9, 1),
        )
    planning.build_review_teams(review, None)
    FocusGroup.objects.create(review=review, name="Parents", participants=8, facilitator="Fran")
    if schedule:
        planning.generate_schedule(review)
    return review


def review_placeholders(own, other):
    """Placeholders of the permission matrix: a planned review of each county."""
    from django.core.files.base import ContentFile

    from opencqi.reviews.models import LiteratureEntry

    review = planned_review(own.name)
    entry = LiteratureEntry(review=review, citation="A. Author (2020)", summary="Findings.")
    entry.file.save("article.txt", ContentFile(b"text"), save=True)
    other_review = planned_review(other.name, schedule=False)
    return {
        "REVIEW_OWN": review.pk,
        "REVIEW_OTHER": other_review.pk,
        "TASK_OWN": review.tasks.first().pk,
        "ENTRY_OWN": entry.pk,
        "REVIEWER_OWN": review.reviewers.first().pk,
        "INTERVIEWEE_OWN": review.interviewees.first().pk,
    }
