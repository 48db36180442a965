"""Recording a move of a submission: checked by `submissions.apply`, saved with its document
and its line of history, in one transaction.

Every move names the submission's revision it was made against: a move made on a page that is
out of date (someone else moved the submission meanwhile, or the same form was sent twice) is
refused instead of silently applied twice.
"""

from django.db import transaction
from django.utils import timezone

from opencqi.cycles import submissions
from opencqi.cycles.models import Document, Submission, SubmissionEvent
from opencqi.cycles.submissions import Facts, Move, State, TransitionError


def facts_of(submission: Submission) -> Facts:
    return Facts(
        state=State(submission.state),
        versions=submission.documents.count(),
        state_approved=submission.state_approved_at is not None,
        board_approved=submission.board_approved_on is not None,
        board_approval_required=submission.due_date.board_approval,
    )


@transaction.atomic
def record_move(
    submission: Submission,
    move: Move,
    *,
    user,
    revision: int,
    document_file=None,
    notes: str = "",
    now=None,
) -> SubmissionEvent:
    """Apply `move`, keep the document it brings, and write the history line; returns it.

    `now` (a time-zone-aware datetime) is when it happened: the feedback clock starts then.
    """
    submission = (
        Submission.objects.select_for_update().select_related("due_date").get(pk=submission.pk)
    )
    if submission.revision != revision:
        raise TransitionError(
            "someone changed this submission while you had it open (or the form was sent "
            "twice); its current state is shown below: try again if your change is still needed"
        )
    facts = facts_of(submission)
    target = submissions.apply(facts, move)
    now = now or timezone.now()

    document = None
    if document_file is not None:
        document = Document.objects.create(
            submission=submission,
            number=facts.versions + 1,
            file=document_file,
            notes=notes,
            uploaded_by=user,
            uploaded_at=now,
        )
    if target in submissions.AWAITING_FEEDBACK:
        submission.submitted_at = now
        submission.feedback_due = submissions.feedback_due(
            timezone.localdate(now), submission.due_date.feedback_working_days
        )
    if move.name == "approve":
        submission.state_approved_at = now
        submission.state_approved_by = user
    if move.name == "record_board_approval":
        submission.board_approved_on = move.board_date
        submission.board_resolution = move.board_resolution.strip()

    event = SubmissionEvent.objects.create(
        submission=submission,
        action=move.name,
        from_state=facts.state,
        to_state=target,
        note=_note(move, notes),
        document=document,
        by=user,
        at=now,
    )
    submission.state = target
    submission.revision += 1
    submission.save()
    return event


def _note(move: Move, notes: str) -> str:
    parts = [move.reason.strip()] if move.reason.strip() else []
    if move.name == "record_board_approval":
        parts.append(
            f"Board of Supervisors approved on {move.board_date.isoformat()}, "
            f"resolution {move.board_resolution.strip()}"
        )
    if notes.strip():
        parts.append(notes.strip())
    return "\n".join(parts)
