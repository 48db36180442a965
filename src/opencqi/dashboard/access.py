"""Who sees which figures exactly (DESIGN.md, "Who uses it"; docs/dashboard.md).

- State roles see every county and California exactly.
- County roles see their own county exactly; other counties and California as published.
- Everyone else signed in, and every public page whoever reads it, sees published figures.

California is pooled from every county's data, so only a reader who sees every county exactly
sees it exactly.
"""

from opencqi.accounts import permissions
from opencqi.counties.models import County
from opencqi.measures.catalog import CALIFORNIA

EXACT = "dashboard.view_exact"


def exact_places(user, public=False) -> frozenset[str]:
    """Names of the places (counties, CALIFORNIA) whose figures `user` sees exactly."""
    if public or not permissions.can(user, EXACT):
        return frozenset()
    names = set(permissions.counties_for(user, EXACT).values_list("name", flat=True))
    if len(names) == County.objects.count():
        names.add(CALIFORNIA)
    return frozenset(names)
