"""The header navigation, by programme, as data. A link shows when its action is allowed."""

from dataclasses import dataclass

from django.urls import reverse

from opencqi.accounts import permissions


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    action: str


PROGRAMMES = [
    (
        "Child welfare",
        [
            Link("Counties", "county_list", "county.view"),
            Link("Case data imports", "import_list", "casedata.view_history"),
            Link("Data quality", "data_quality", "casedata.view_history"),
            Link("Measure definitions", "measure_definitions", "county.view"),
            Link("Measure runs", "measure_runs", "measures.view_runs"),
        ],
    ),
    (
        "CalWORKs",
        [
            Link("Counties", "county_list", "county.view"),
        ],
    ),
]


def menus_for(user):
    """[(programme, [(label, url)])] with only the links `user` may follow; empty menus dropped."""
    menus = []
    for programme, links in PROGRAMMES:
        items = [
            (link.label, reverse(link.url_name))
            for link in links
            if permissions.can(user, link.action)
        ]
        if items:
            menus.append((programme, items))
    return menus
