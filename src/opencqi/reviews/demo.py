"""The demo's planned review: Fresno's child welfare Peer Review about six weeks out, with the
focus area taken from the ranked measures, peer counties invited, the sample drawn from the
synthetic case data, two teams (Madera's demo peer reviewer on one), focus groups and the
schedule. The demo facilitator facilitates it. Names of reviewers are invented.
"""

import datetime as dt

from django.contrib.auth.models import User
from django.utils import timezone

from opencqi.counties.models import County
from opencqi.reviews import planning
from opencqi.reviews.models import (
    AgreementSignOff,
    CoChair,
    FocusGroup,
    LiteratureEntry,
    PeerCountyInvitation,
    PlanningMember,
    Review,
    Reviewer,
)
from opencqi.reviews.schedule import is_working_day

HOST = "Fresno"
PEER_REVIEWERS = [  # name, county, background
    ("Alma Reyes", "Madera", "cws_supervisor"),
    ("Jon Park", "Kings", "social_worker"),
    ("Rosa Lindqvist", "Tulare", "probation_officer"),
    ("Omar Haddad", "Merced", "social_worker"),
    ("Dee Whitfield", "Kings", "community_partner"),
]
FOCUS_GROUPS = [("Parents", 8), ("Resource families", 10), ("Youth", 7)]
GUIDE = (
    "California Department of Social Services (2009). Peer Quality Case Review Process Guide, "
    "version 2.0."
)


def event_start(today: dt.date) -> dt.date:
    """The first working Monday six weeks from today: the 45-day agreement is then due."""
    day = today + dt.timedelta(days=42)
    while day.weekday() != 0 or not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def load_demo_review(log=print) -> Review | None:
    """Create the demo review once; kept when Fresno already has one."""
    host = County.objects.get(name=HOST)
    if Review.objects.filter(host_county=host).exists():
        log("Peer review: the demo review of Fresno is there (kept)")
        return None
    consultant = User.objects.get(username="state-consultant")
    lead = User.objects.get(username="county-lead")
    review = planning.create_review(
        host_county=host,
        programme="child_welfare",
        event_start=event_start(timezone.localdate()),
        interview_days=3,
        user=consultant,
    )
    review.coordinator = lead.get_full_name()
    review.facilitator = User.objects.get(username="facilitator")
    review.rooms = "Room A\nRoom B\nRoom C"
    review.save()
    names = {"host_child_welfare": lead.get_full_name(), "state": consultant.get_full_name()}
    for seat, name in names.items():
        CoChair.objects.filter(review=review, seat=seat).update(name=name)
    PlanningMember.objects.create(review=review, name=lead.get_full_name(), role="Fresno CWS")
    review.tasks.filter(stage=1).update(status="done", owner=lead.get_full_name())
    chosen = _choose_focus_area(review, consultant)
    if chosen is None:
        log("Peer review: no focus measure with enough cases for Fresno; review left unplanned")
        return review
    LiteratureEntry.objects.create(
        review=review,
        citation=GUIDE,
        summary="Case selection compares cases where the outcome was achieved with cases where "
        "it was not, one worker per case where possible, with backups.",
        added_by=consultant,
    )
    for suggestion in planning.peer_county_suggestions(review)[:3]:
        planning.invite_county(review, suggestion, consultant)
    madera = County.objects.get(name="Madera")
    PeerCountyInvitation.objects.get_or_create(review=review, county=madera)
    review.invitations.filter(county=madera).update(
        answer="accepted", answered_on=timezone.localdate()
    )
    _add_reviewers(review)
    planning.build_review_teams(review, 2)
    for name, participants in FOCUS_GROUPS:
        FocusGroup.objects.create(
            review=review, name=name, participants=participants, facilitator="Fran Facilitator"
        )
    planning.generate_schedule(review)
    items = review.rules.agreement_items
    AgreementSignOff.objects.bulk_create(
        AgreementSignOff(review=review, item=item.key, seat=seat.seat, recorded_by=consultant)
        for item in items[:-2]
        for seat in review.rules.co_chairs
    )
    log(
        f"Peer review: Fresno, {review.event_start:%Y-%m-%d}, focus area {review.focus_area}, "
        f"{review.sample.cases.selected().count()} cases, {review.teams.count()} teams"
    )
    return review


def _choose_focus_area(review, user):
    """The best-ranked measure with trustworthy data whose cohort gives a sample."""
    for candidate in planning.focus_area_candidates(review):
        if candidate.low_quality or candidate.observation is None:
            continue
        planning.choose_focus_area(
            review,
            candidate=candidate,
            focus_area=candidate.measure.name,
            rationales={
                agency: f"{candidate.measure.name} is among Fresno's weakest outcomes: "
                + "; ".join(candidate.reasons[:2])
                for agency in review.rules.host_agencies
            },
            user=user,
            version=review.version,
        )
        try:
            planning.draw_review_sample(
                review,
                user=user,
                teams_count=2,
                interviewees_available=None,
                min_days_in_service=review.rules.sampling.min_days_in_service,
                seed=2026,
            )
        except planning.PlanningError:
            continue
        if review.sample.cases.selected().count() >= 4:
            return candidate
    return None


def _add_reviewers(review):
    counties = {
        c.name: c for c in County.objects.filter(name__in=[c for _, c, _ in PEER_REVIEWERS])
    }
    signed = timezone.localdate() - dt.timedelta(days=7)
    for name, county, background in PEER_REVIEWERS:
        Reviewer.objects.create(
            review=review,
            name=name,
            county=counties[county],
            region=counties[county].region,
            background=background,
            confidentiality_signed_on=signed,
        )
    pat = User.objects.get(username="peer-reviewer")
    madera = pat.memberships.first().county
    Reviewer.objects.create(
        review=review,
        name=pat.get_full_name(),
        user=pat,
        county=madera,
        region=madera.region,
        background="social_worker",
    )
