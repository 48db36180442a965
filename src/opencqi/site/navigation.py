"""The header navigation, by programme, as data. A link shows when its action is allowed."""

from dataclasses import dataclass

from django.urls import reverse

from opencqi.accounts import permissions


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    action: str
    query: str = ""  # appended to the URL, e.g. "?programme=calworks"


PROGRAMMES = [
    (
        "Child welfare",
        [
            Link("Counties", "county_list", "county.view"),
            Link("State overview", "dashboard_overview", "dashboard.view"),
            Link("Public dashboard", "public_overview", "dashboard.view_public"),
            Link("Case data imports", "import_list", "casedata.view_history"),
            Link("Data quality", "data_quality", "casedata.view_history"),
            Link("Measure definitions", "measure_definitions", "county.view"),
            Link("Measure runs", "measure_runs", "measures.view_runs"),
            Link("Cycle schedules", "schedule_list", "cycles.view", "?programme=child_welfare"),
            Link("Overdue and due soon", "cycle_board", "cycles.view", "?programme=child_welfare"),
            Link("Cycle calendar", "cycle_calendar", "cycles.view", "?programme=child_welfare"),
            Link("Drafts awaiting feedback", "feedback_queue", "cycles.review"),
            Link("Peer reviews", "review_list", "review.list", "?programme=child_welfare"),
            Link("Access log of review notes", "access_log", "access_log.view"),
        ],
    ),
    (
        "CalWORKs",
        [
            Link("Counties", "county_list", "county.view"),
            Link("Cycle schedules", "schedule_list", "cycles.view", "?programme=calworks"),
            Link("Overdue and due soon", "cycle_board", "cycles.view", "?programme=calworks"),
            Link("Cycle calendar", "cycle_calendar", "cycles.view", "?programme=calworks"),
            Link("Drafts awaiting feedback", "feedback_queue", "cycles.review"),
            Link("Peer reviews", "review_list", "review.list", "?programme=calworks"),
            Link("Access log of review notes", "access_log", "access_log.view"),
        ],
    ),
]


def menus_for(user):
    """[(programme, [(label, url)])] with only the links `user` may follow; empty menus dropped."""
    menus = []
    for programme, links in PROGRAMMES:
        items = [
            (link.label, reverse(link.url_name) + link.query)
            for link in links
            if permissions.can(user, link.action)
        ]
        if items:
            menus.append((programme, items))
    return menus
