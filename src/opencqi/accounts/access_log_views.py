"""The state's page of the access log: every read of raw review notes and case summaries."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from opencqi.accounts import permissions
from opencqi.accounts.models import AccessLog
from opencqi.counties.models import County

PER_PAGE = 100


def _day(text):
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


@login_required
def access_log(request):
    permissions.require(request.user, "access_log.view")
    entries = AccessLog.objects.select_related("county")
    county = request.GET.get("county", "")
    who = request.GET.get("who", "").strip()
    since, until = _day(request.GET.get("since")), _day(request.GET.get("until"))
    if county:
        entries = entries.filter(county__code=county)
    if who:
        entries = entries.filter(username__icontains=who)
    if since:
        entries = entries.filter(at__date__gte=since)
    if until:
        entries = entries.filter(at__date__lte=until)
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/access_log.html",
        {
            "page": page,
            "counties": County.objects.order_by("name"),
            "county": county,
            "who": who,
            "since": since,
            "until": until,
            "query": query.urlencode(),
        },
    )
