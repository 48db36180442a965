"""The demo review's event week, recorded: interviews of both teams with their tools and debrief
items, a focus group's notes, a case summary, a daily debrief, one released theme with a
recommendation and one theme still with the review team. So the event, theme, findings and
report pages show real content. The text is invented and names no one.
"""

import uuid

from django.contrib.auth.models import User

from opencqi.counties.models import County
from opencqi.reviews import event_week, instruments
from opencqi.reviews.event_models import Recommendation
from opencqi.reviews.models import Review

INTERVIEWS = [  # engagement, teaming, services, barriers; then debrief items
    (
        "Met the parents and the grandmother in the first week and planned visits together.",
        "yes",
        "Parenting classes and a parent partner made the biggest difference.",
        "Court dates moved twice; the reunification report waited on a psychological evaluation.",
        [
            (
                "strengths",
                "focus_area",
                "Family team meeting within two weeks brought relatives in.",
            ),
            ("barriers", "focus_area", "Continuances delayed the permanency hearing."),
        ],
    ),
    (
        "Engagement was slow: the father was incarcerated for the first months.",
        "yes",
        "Substance use treatment with child care on site.",
        "No treatment beds in the county for the first six weeks.",
        [
            ("strengths", "focus_area", "Early teaming with relatives kept siblings together."),
            ("resources", "system_wide", "Waiting list for residential treatment for parents."),
        ],
    ),
    (
        "Worked through the tribe's ICWA representative from the start.",
        "no",
        "Tribal family services.",
        "Caseload of 28 left little time for concurrent planning.",
        [
            ("training", "focus_area", "Newer workers unsure how to start concurrent planning."),
            ("policy", "system_wide", "Caseloads above the county standard in two units."),
        ],
    ),
    (
        "Regular visits at the resource home; the mother joined the child's medical visits.",
        "yes",
        "Visitation center on weekends.",
        "Teenagers had few placement options near their school.",
        [
            ("strengths", "focus_area", "Shared parenting between resource and birth parents."),
            ("resources", "system_wide", "Few placements for teenagers near their school."),
        ],
    ),
]
FOCUS_GROUP_ITEMS = [
    ("resources", "system_wide", "Parents said visits were hard to reach without a car."),
    ("strengths", "focus_area", "Parent partners were the most trusted support."),
]


def load_demo_event(log=print) -> None:
    """Record the demo review's week once; kept when anything is recorded already."""
    review = Review.objects.filter(host_county=County.objects.get(name="Fresno")).first()
    if review is None or not review.teams.exists():
        return
    if review.sources.filter(items__isnull=False).exists():
        log("Peer review: the demo event week is recorded (kept)")
        return
    consultant = User.objects.get(username="state-consultant")
    facilitator = review.facilitator
    review.co_chairs.filter(seat="state").update(user=consultant)
    tools = event_week.review_tools(review)
    sources = event_week.ensure_sources(review)
    interviews = _interviews_of_both_teams(sources)
    items = []
    for source, (engagement, teaming, services, barriers, notes) in zip(
        interviews, INTERVIEWS, strict=False
    ):
        _answer(tools, source, "interview", "engagement", engagement, facilitator)
        _answer(tools, source, "interview", "teaming", teaming, facilitator)
        if teaming == "yes":
            _answer(tools, source, "interview", "teaming_helped", "4", facilitator)
        _answer(tools, source, "interview", "services", services, facilitator)
        _answer(tools, source, "interview", "barriers", barriers, facilitator)
        _answer(tools, source, "debrief", "went_as_planned", "yes", facilitator)
        items += [_item(source, *note, facilitator) for note in notes]
    group = next((s for s in sources if s.kind == "focus_group"), None)
    if group:
        _answer(
            tools, group, "focus_group", "working_well", "Parent partners; weekend visits.", None
        )
        items += [_item(group, *note, facilitator) for note in FOCUS_GROUP_ITEMS]
    if interviews and interviews[0].case:
        summary = tools[instruments.CASE_SUMMARY].tool
        event_week.save_answer(
            {"case": interviews[0].case},
            instruments.CASE_SUMMARY,
            summary.question("services_summary"),
            "Removal at 2 months; relative placement at 3 months; reunification services.",
            0,
            facilitator,
        )
    if interviews:
        event_week.save_daily_summary(
            review,
            interviews[0].day,
            "Every team heard that early family team meetings with relatives helped; placements "
            "for teenagers and court continuances came up as barriers.",
            0,
            facilitator,
        )
    _themes(review, items, consultant, facilitator)
    log(
        f"Peer review: demo event week recorded ({len(interviews)} interviews, "
        f"{len(items)} debrief items, 1 theme released)"
    )


def _interviews_of_both_teams(sources):
    by_team = {}
    for source in sources:
        if source.kind == "interview" and source.team_id:
            by_team.setdefault(source.team.number, []).append(source)
    chosen = []
    for number in sorted(by_team):
        chosen += by_team[number][:2]
    return chosen


def _answer(tools, source, kind, key, value, user):
    question = tools[kind].tool.question(key)
    if question is not None:
        event_week.save_answer({"source": source}, kind, question, value, 0, user)


def _item(source, category, scope, text, user):
    item, _ = event_week.add_item(
        source, category=category, scope=scope, text=text, token=uuid.uuid4(), user=user
    )
    return item


def _themes(review, items, consultant, facilitator):
    strengths = [i for i in items if i.category == "strengths" and "team" in i.text.lower()]
    teaming = event_week.create_theme(
        review,
        title="Early family teaming",
        statement="Where a family team meeting brought relatives in within the first weeks, "
        "workers described faster, steadier progress toward permanency.",
        category="strengths",
        scope="focus_area",
        item_ids=[i.pk for i in strengths],
        user=facilitator,
    )
    Recommendation.objects.create(
        theme=teaming,
        text="Hold a family team meeting with relatives within 30 days of every removal.",
    )
    if len({i.source_id for i in strengths}) >= event_week.settings_of(review).theme_threshold:
        event_week.release_theme(teaming, consultant)
    placements = [i for i in items if i.category == "resources"]
    theme = event_week.create_theme(
        review,
        title="Few placements for teenagers",
        statement="Teenagers had few placement options near their school or family.",
        category="resources",
        scope="system_wide",
        item_ids=[i.pk for i in placements],
        user=facilitator,
    )
    Recommendation.objects.create(
        theme=theme, text="Recruit resource families for teenagers in each region."
    )
