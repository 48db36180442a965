from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.shortcuts import render

from opencqi.accounts import permissions
from opencqi.accounts.roles import Role
from opencqi.counties.models import County
from opencqi.jobs.models import Job
from opencqi.reviews.models import Review, Reviewer


def home(request):
    """Each role lands on the page that fits its work; the public on the landing page."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "accounts/home_public.html", {"counties": County.objects.all()})
    role = permissions.primary_role(user)
    context = {"role": role, "county": permissions.home_county(user)}
    if role == Role.STATE_ADMIN:
        context |= {
            "user_count": User.objects.filter(is_active=True).count(),
            "county_count": County.objects.count(),
            "unassigned_counties": County.objects.filter(consultant__isnull=True),
        }
    elif role == Role.STATE_CONSULTANT:
        context["counties"] = County.objects.filter(consultant=user)
    elif role in (Role.COUNTY_LEAD, Role.COUNTY_STAFF):
        context["colleagues"] = context["county"].memberships.select_related("user")
    elif role == Role.FACILITATOR:
        context["reviews"] = Review.objects.visible_to(user).select_related("host_county")
    elif role == Role.PEER_REVIEWER:
        context["seats"] = Reviewer.objects.filter(user=user, team__isnull=False).select_related(
            "review__host_county", "team"
        )
    if role is not None and permissions.can(user, "job.view"):
        context["jobs"] = Job.objects.visible_to(user)[:5]
    return render(request, "accounts/home.html", context)


@login_required
def profile(request):
    return render(
        request,
        "accounts/profile.html",
        {
            "memberships": request.user.memberships.select_related("county"),
        },
    )
