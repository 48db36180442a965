"""Who may see and do what on one review, on top of the permission layer's ACTIONS.

- planners: the state roles, and the host county's CQI lead, plan everything;
- the review's facilitator sees the whole plan and runs the schedule and focus groups;
- a peer reviewer placed on a team (their account linked to the reviewer) sees only their team's
  page, and its case material only after signing the confidentiality statement;
- anyone else, including other counties, does not see the review at all (404).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from opencqi.accounts import permissions
from opencqi.reviews.models import Review, Reviewer


def review_for(user, pk) -> Review:
    """The review if `user` may open it at all, else 404."""
    return get_object_or_404(
        Review.objects.visible_to(user).select_related("host_county", "facilitator"), pk=pk
    )


def can_plan(user, review: Review) -> bool:
    return permissions.can(user, "review.plan", review.host_county)


def facilitates(user, review: Review) -> bool:
    return permissions.can(user, "review.facilitate") and review.facilitator_id == user.pk


def can_view_plan(user, review: Review) -> bool:
    return can_plan(user, review) or facilitates(user, review)


def can_schedule(user, review: Review) -> bool:
    return can_view_plan(user, review)


def seat_of(user, review: Review) -> Reviewer | None:
    """The user's place on a team of this review, if any."""
    if not permissions.can(user, "review.take_part"):
        return None
    return review.reviewers.filter(user=user, team__isnull=False).select_related("team").first()


def sees_case_material(user, review: Review, team=None) -> bool:
    """Planners and the facilitator; a team member for their own team once they have signed."""
    if can_view_plan(user, review):
        return True
    seat = seat_of(user, review)
    return bool(
        seat and seat.confidentiality_signed_on and (team is None or seat.team_id == team.pk)
    )


def require_plan(user, review: Review) -> None:
    if not can_plan(user, review):
        raise PermissionDenied


def require_view_plan(user, review: Review) -> None:
    if not can_view_plan(user, review):
        raise PermissionDenied
