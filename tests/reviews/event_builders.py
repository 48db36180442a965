"""A review in its event week: recorded interviews, debrief items, a theme. For the
confidentiality, capture and findings tests."""

import datetime as dt

from opencqi.reviews import event_week, instruments
from opencqi.reviews.event_models import Recommendation
from tests.reviews.builders import planned_review


def recorded_review(host="Fresno", *, user=None):
    """A planned review with two interviews of team 1 and one of team 2 recorded (an interview
    answer and a debrief item each), a case summary of team 1's first case, a focus group note,
    and a theme supported by two interviews of team 1 (not released)."""
    return record_event(planned_review(host, user=user))


def record_event(review):
    sources = event_week.ensure_sources(review)
    tools = event_week.review_tools(review)
    interview = tools[instruments.INTERVIEW].tool
    engagement = interview.question("engagement")
    interviews = [s for s in sources if s.kind == "interview"]
    team1 = [s for s in interviews if s.team.number == 1][:2]
    team2 = [s for s in interviews if s.team.number == 2][:1]
    items = []
    for n, source in enumerate(team1 + team2, start=1):
        event_week.save_answer(
            {"source": source}, "interview", engagement, f"Engaged the family early ({n}).", 0, None
        )
        item, _ = event_week.add_item(
            source,
            category="strengths",
            scope="focus_area",
            text=f"Family team meetings held within 30 days ({n}).",
            token=f"00000000-0000-0000-0000-00000000000{n}",
            user=None,
        )
        items.append(item)
    group = next(s for s in sources if s.kind == "focus_group")
    event_week.add_item(
        group,
        category="resources",
        scope="system_wide",
        text="Too few placements for teenagers.",
        token="00000000-0000-0000-0000-000000000009",
        user=None,
    )
    case = review.sample.cases.get(case_id=team1[0].label)
    summary_tool = tools[instruments.CASE_SUMMARY].tool
    event_week.save_answer(
        {"case": case},
        "case_summary",
        summary_tool.question("services_summary"),
        "Removed at birth; relative placement after 3 months.",
        0,
        None,
    )
    theme = event_week.create_theme(
        review,
        title="Early family teaming",
        statement="Family team meetings early in the case helped permanency.",
        category="strengths",
        scope="focus_area",
        item_ids=[items[0].pk, items[1].pk],
        user=None,
    )
    Recommendation.objects.create(theme=theme, text="Keep family team meetings within 30 days.")
    return review


def link_state_co_chair(review, user):
    review.co_chairs.filter(seat="state").update(user=user, name=user.get_full_name())


def seat_on_team(review, user, number=1, signed=True):
    reviewer = review.reviewers.filter(team__number=number, user__isnull=True).first()
    reviewer.user = user
    reviewer.confidentiality_signed_on = dt.date(2026, 9, 1) if signed else None
    reviewer.save()
    return reviewer


def event_placeholders(review_pk):
    """Placeholders of the permission matrix: the own review's week recorded, its theme
    released."""
    from opencqi.reviews.models import Review

    review = record_event(Review.objects.get(pk=review_pk))
    interview = review.sources.filter(kind="interview", items__isnull=False).first()
    theme = review.themes.first()
    theme.released_at = dt.datetime(2026, 10, 9, 16, tzinfo=dt.UTC)
    theme.save(update_fields=["released_at"])
    return {
        "SOURCE_OWN": interview.pk,
        "CASE_OWN": interview.label,
        "ITEM_OWN": interview.items.first().pk,
        "THEME_OWN": theme.pk,
        "RECOMMENDATION_OWN": theme.recommendations.first().pk,
        "DAY_OWN": interview.day.isoformat(),
    }
