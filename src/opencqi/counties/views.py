from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from opencqi.accounts import permissions


def county_list(request):
    counties = permissions.counties_for(request.user, "county.view")
    region = request.GET.get("region", "")
    regions = sorted(set(counties.values_list("region", flat=True)))
    if region in regions:
        counties = counties.filter(region=region)
    return render(
        request,
        "counties/list.html",
        {
            "counties": counties,
            "regions": regions,
            "region": region,
        },
    )


def county_detail(request, code):
    county = permissions.county_or_deny(request.user, "county.view", code)
    return render(
        request,
        "counties/detail.html",
        {
            "county": county,
            "neighbours": county.neighbours.all(),
            "can_view_people": permissions.can(request.user, "county.view_people", county),
        },
    )


@login_required
def county_people(request, code):
    county = permissions.county_or_deny(request.user, "county.view_people", code)
    memberships = county.memberships.select_related("user").order_by("role", "user__username")
    return render(request, "counties/people.html", {"county": county, "memberships": memberships})
