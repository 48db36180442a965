"""The one permission layer every view goes through.

What each role may do is data (ACTIONS); county scoping happens in queries
(`counties_for`, `county_or_deny`), never in templates.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from opencqi.accounts.roles import COUNTY_ROLES, HOME_ORDER, STATE_ROLES, Role
from opencqi.counties.models import County

PUBLIC = "public"
SIGNED_IN = "signed_in"

STATE = STATE_ROLES
COUNTY = COUNTY_ROLES

# action -> who may do it. County roles (lead, staff) hold their grants for their own county
# only; state roles hold them for every county.
ACTIONS: dict[str, frozenset[str]] = {
    "county.view": frozenset({PUBLIC}),
    "county.view_people": STATE | COUNTY,
    "home.view": frozenset({SIGNED_IN}),
    "job.view": STATE | COUNTY,
    "casedata.import": STATE | {Role.COUNTY_LEAD},
    "casedata.view_history": STATE | COUNTY,
    "measures.view_runs": STATE | COUNTY,
    "measures.compute": STATE,
    "cycles.view": STATE | COUNTY,  # schedules, timelines, submissions, calendar feeds
    "cycles.submit": frozenset({Role.COUNTY_LEAD}),  # the county's moves on a submission
    "cycles.review": STATE,  # the state's moves on a submission; the feedback queue
    "cycles.schedule": STATE,  # set up and reschedule schedules, grant extensions
    "dashboard.view": frozenset({SIGNED_IN}),  # measure pages; figures exact per view_exact
    "dashboard.view_public": frozenset({PUBLIC}),  # the public measure pages: all published
    "dashboard.view_exact": STATE | COUNTY,  # exact figures (county roles: own county only)
    "dashboard.report": STATE | COUNTY,  # the quarterly county data report
    "dashboard.report_all": STATE,  # the reports of all 58 counties as one batch
    # peer reviews: which reviews a user sees is decided by Review.objects.visible_to
    "review.list": STATE | {Role.COUNTY_LEAD, Role.FACILITATOR, Role.PEER_REVIEWER},
    "review.plan": STATE | {Role.COUNTY_LEAD},  # plan reviews (county lead: as host)
    "review.facilitate": frozenset({Role.FACILITATOR}),  # the reviews they facilitate
    "review.take_part": frozenset({Role.PEER_REVIEWER}),  # their team's material, once signed
    # raw notes and case summaries: the review's state co-chair, its facilitator and its signed
    # team members (reviews/confidentiality.py); never a county role
    "review.read_raw_notes": STATE | {Role.FACILITATOR, Role.PEER_REVIEWER},
    "review.release": STATE,  # release findings to the host county (the state co-chair)
    "access_log.view": STATE,  # the log of reads of confidential material
}


def memberships(user) -> list[tuple[str, int | None]]:
    """(role, county id) pairs of a user, read once per request."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_opencqi_memberships"):
        user._opencqi_memberships = list(user.memberships.values_list("role", "county_id"))
    return user._opencqi_memberships


def roles(user) -> set[str]:
    return {role for role, _ in memberships(user)}


def primary_role(user) -> Role | None:
    """The role whose home page the user lands on."""
    held = roles(user)
    return next((role for role in HOME_ORDER if role in held), None)


def _grants(user, action) -> list[tuple[str, int | None]]:
    allowed = ACTIONS[action]
    return [(role, county_id) for role, county_id in memberships(user) if role in allowed]


def can(user, action: str, county: County | None = None) -> bool:
    """May `user` do `action` (on `county`, when the action concerns one)?"""
    allowed = ACTIONS[action]
    if PUBLIC in allowed:
        return True
    if not user.is_authenticated:
        return False
    if SIGNED_IN in allowed:
        return True
    for role, county_id in _grants(user, action):
        if role not in COUNTY_ROLES or county is None or county.pk == county_id:
            return True
    return False


def require(user, action: str, county: County | None = None) -> None:
    if not can(user, action, county):
        raise PermissionDenied


def counties_for(user, action: str):
    """The counties on which `user` may do `action`, as a query."""
    allowed = ACTIONS[action]
    if PUBLIC in allowed or (SIGNED_IN in allowed and user.is_authenticated):
        return County.objects.all()
    grants = _grants(user, action)
    if any(role not in COUNTY_ROLES for role, _ in grants):
        return County.objects.all()
    return County.objects.filter(pk__in=[county_id for _, county_id in grants])


def county_or_deny(user, action: str, code: str) -> County:
    """The county with `code` if `user` may do `action` on it: else 403, or 404 if unknown."""
    county = counties_for(user, action).filter(code=code).first()
    if county is not None:
        return county
    if County.objects.filter(code=code).exists():
        raise PermissionDenied
    raise Http404("No county with that code")


def is_state(user) -> bool:
    return bool(roles(user) & STATE_ROLES)


def home_county(user) -> County | None:
    """The county of a county-role or peer-reviewer membership, if any."""
    county_id = next((c for role, c in memberships(user) if c is not None), None)
    return County.objects.filter(pk=county_id).first() if county_id else None


def record_read(user, obj, *, action: str, county=None, context: str = "", context_url="", path=""):
    """Write one read of confidential material (`obj`) to the access log. Every page, download
    and API that shows raw review notes or case summaries calls this once per read."""
    from opencqi.accounts.models import AccessLog

    AccessLog.objects.create(
        user=user if user.is_authenticated else None,
        username=user.get_username() if user.is_authenticated else "",
        action=action,
        object_type=obj._meta.verbose_name,
        object_id=str(obj.pk),
        object_label=str(obj)[:300],
        county=county,
        context=context[:200],
        context_url=context_url[:300],
        path=path[:300],
    )
