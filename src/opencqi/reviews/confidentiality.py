"""Who may read the raw material of a review, and the one way it is read.

Raw material: completed interview and focus-group tools, debrief items, daily debriefs and
case summaries (PQCR guide III.E, V.D). It is readable by

- the review's state co-chair (a state user linked to the programme's state co-chair seat),
- the review's facilitator,
- the review's team members who signed the confidentiality statement: every debrief item and
  focus group of the review (they synthesise the themes together), the interviews and case
  summaries of their own team's cases only;

and never by a host-county role: a county lead or county staff of the host county, or a
host-county staff member sitting on a team, is refused (403; 404 where the review itself is
hidden from them). Every read goes through `read`, which writes the access log.
"""

from django.core.exceptions import PermissionDenied

from opencqi.accounts import permissions
from opencqi.accounts.roles import COUNTY_ROLES
from opencqi.reviews import access, themes

STATE_SEAT = "state"  # the co-chair seat of the state consultant in every programme file


def holds_host_county_role(user, review) -> bool:
    return any(
        role in COUNTY_ROLES and county_id == review.host_county_id
        for role, county_id in permissions.memberships(user)
    )


def is_state_co_chair(user, review) -> bool:
    return (
        user.is_authenticated
        and permissions.is_state(user)
        and review.co_chairs.filter(seat=STATE_SEAT, user=user).exists()
    )


def signed_seat(user, review):
    """The user's team seat if they signed and are not host-county staff."""
    seat = access.seat_of(user, review)
    if seat and seat.confidentiality_signed_on and not seat.is_host_staff:
        return seat
    return None


def reads_raw_notes(user, review) -> bool:
    """May `user` read any of the review's raw material?"""
    if not permissions.can(user, "review.read_raw_notes") or holds_host_county_role(user, review):
        return False
    return (
        is_state_co_chair(user, review)
        or access.facilitates(user, review)
        or signed_seat(user, review) is not None
    )


def oversees(user, review) -> bool:
    """The state co-chair or the facilitator: every source and case of the review."""
    if not reads_raw_notes(user, review):
        return False
    return is_state_co_chair(user, review) or access.facilitates(user, review)


def reads_source(user, source) -> bool:
    review = source.review
    if not reads_raw_notes(user, review):
        return False
    if oversees(user, review) or source.kind == themes.FOCUS_GROUP:
        return True
    seat = signed_seat(user, review)
    return bool(seat and source.team_id and seat.team_id == source.team_id)


def reads_case_summary(user, review, case) -> bool:
    if not reads_raw_notes(user, review):
        return False
    if oversees(user, review):
        return True
    seat = signed_seat(user, review)
    return bool(seat and case.team_id and seat.team_id == case.team_id)


def can_release(user, review) -> bool:
    return permissions.can(user, "review.release") and is_state_co_chair(user, review)


def raw_review(user, pk):
    """The review if `user` may read its raw material: 404 if they do not see the review at
    all, 403 if they see it but not its raw material (the host county lead)."""
    review = access.review_for(user, pk)
    if not reads_raw_notes(user, review):
        raise PermissionDenied
    return review


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def read(request, review, obj, action: str) -> None:
    """Record one read of raw material (the only way raw material is shown)."""
    permissions.record_read(
        request.user,
        obj,
        action=action,
        county=review.host_county,
        context=str(review),
        context_url=review.get_absolute_url(),
        path=request.get_full_path(),
    )
