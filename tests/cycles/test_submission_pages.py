"""A deliverable's page: the county hands in documents, the state returns or approves them."""

import pytest
from django.urls import reverse

from opencqi.accounts.roles import Role
from opencqi.counties.models import County
from opencqi.cycles.models import Submission
from opencqi.cycles.submissions import State
from tests.cycles.builders import D, a_document, at, freeze_today, make_schedule, move


@pytest.fixture
def schedule(counties):
    return make_schedule(County.objects.get(name="Fresno"), review_last_day=D(2026, 3, 14))


@pytest.fixture
def lead(make_user):
    return make_user(Role.COUNTY_LEAD)


@pytest.fixture
def consultant(make_user):
    return make_user(Role.STATE_CONSULTANT)


def due_of(schedule, step):
    return schedule.due_dates.get(step=step)


def post_move(client, due, action, **data):
    submission = Submission.objects.get(due_date=due)
    payload = {"action": action, "revision": submission.revision, **data}
    return client.post(reverse("submission_move", args=[due.pk]), payload)


def state_of(due):
    return Submission.objects.get(due_date=due).state


def test_the_county_lead_saves_a_draft_and_submits_it(client, schedule, lead):
    due = due_of(schedule, "csa_draft")
    client.force_login(lead)
    response = post_move(client, due, "save_draft", document=a_document("csa-v1.pdf"))
    assert response.status_code == 302
    assert post_move(client, due, "submit", note="Ready for feedback").status_code == 302
    submission = Submission.objects.get(due_date=due)
    assert submission.state == State.SUBMITTED
    assert submission.documents.get().notes == ""
    assert submission.feedback_due is not None


def test_returning_without_a_reason_is_refused_with_a_message(client, schedule, lead, consultant):
    due = due_of(schedule, "csa_draft")
    move(due.submission, "save_draft", "county", lead, document=a_document())
    move(due.submission, "submit", "county", lead)
    client.force_login(consultant)
    response = post_move(client, due, "return", reason=" ")
    assert response.status_code == 400
    assert "give the reason, so the county knows what to change" in response.content.decode()
    assert state_of(due) == State.SUBMITTED


def test_a_return_and_a_resubmission_are_both_in_the_history(client, schedule, lead, consultant):
    due = due_of(schedule, "csa_draft")
    move(due.submission, "save_draft", "county", lead, document=a_document())
    move(due.submission, "submit", "county", lead)
    client.force_login(consultant)
    post_move(client, due, "return", reason="Add the partner engagement section")
    client.force_login(lead)
    post_move(client, due, "resubmit", document=a_document("csa-v2.pdf"), note="Section added")
    events = list(
        Submission.objects.get(due_date=due).events.values_list(
            "by__username", "from_state", "to_state", "note"
        )
    )
    assert events[-2:] == [
        ("state_consultant", "submitted", "returned", "Add the partner engagement section"),
        ("county_lead", "returned", "resubmitted", "Section added"),
    ]
    page = client.get(reverse("due_date_detail", args=[due.pk])).content.decode()
    assert "Add the partner engagement section" in page and "Section added" in page


@pytest.mark.parametrize("board_first", [False, True])
def test_either_approval_order_leads_to_acceptance(client, schedule, lead, consultant, board_first):
    due = due_of(schedule, "csa_final")  # needs the Board's approval as well as the state's
    move(due.submission, "save_draft", "county", lead, document=a_document())
    move(due.submission, "submit", "county", lead)
    board = {"board_date": "2026-12-08", "board_resolution": "2026-441"}
    approvals = [(lead, "record_board_approval", board), (consultant, "approve", {})]
    for user, action, data in approvals if board_first else approvals[::-1]:
        client.force_login(user)
        assert post_move(client, due, action, **data).status_code == 302
    client.force_login(consultant)
    assert post_move(client, due, "accept").status_code == 302
    submission = Submission.objects.get(due_date=due)
    assert submission.state == State.ACCEPTED
    assert (submission.board_approved_on, submission.board_resolution) == (
        D(2026, 12, 8),
        "2026-441",
    )
    assert submission.state_approved_by == consultant


def test_acceptance_before_the_boards_approval_is_refused(client, schedule, lead, consultant):
    due = due_of(schedule, "csa_final")
    move(due.submission, "save_draft", "county", lead, document=a_document())
    move(due.submission, "submit", "county", lead)
    move(due.submission, "approve", "state", consultant)
    client.force_login(consultant)
    response = post_move(client, due, "accept")
    assert "first record the Board&#x27;s approval" in response.content.decode()
    assert state_of(due) == State.STATE_APPROVED


def test_a_move_made_on_an_out_of_date_page_is_refused(client, schedule, lead):
    due = due_of(schedule, "csa_draft")
    move(due.submission, "save_draft", "county", lead, document=a_document())
    client.force_login(lead)
    stale = Submission.objects.get(due_date=due).revision
    assert post_move(client, due, "submit").status_code == 302
    response = client.post(
        reverse("submission_move", args=[due.pk]), {"action": "submit", "revision": stale}
    )
    assert response.status_code == 400
    assert "someone changed this submission while you had it open" in response.content.decode()
    assert Submission.objects.get(due_date=due).events.count() == 2


def test_county_staff_and_other_counties_cannot_move_a_submission(client, schedule, make_user):
    due = due_of(schedule, "csa_draft")
    client.force_login(make_user(Role.COUNTY_STAFF))
    assert post_move(client, due, "save_draft", document=a_document()).status_code == 403
    client.force_login(make_user(Role.COUNTY_LEAD, county="Alpine", username="alpine-lead"))
    assert post_move(client, due, "save_draft", document=a_document()).status_code == 404
    assert state_of(due) == State.NOT_STARTED


def test_a_document_of_the_wrong_kind_is_refused(client, schedule, lead):
    due = due_of(schedule, "csa_draft")
    client.force_login(lead)
    response = post_move(client, due, "save_draft", document=a_document("notes.exe"))
    assert response.status_code == 400
    assert "File extension “exe” is not allowed" in response.content.decode()


def test_the_feedback_clock_counts_working_days_across_thanksgiving(
    client, schedule, lead, consultant, monkeypatch
):
    due = due_of(schedule, "csa_draft")
    move(due.submission, "save_draft", "county", lead, document=a_document(), day=D(2026, 11, 17))
    move(due.submission, "submit", "county", lead, day=D(2026, 11, 18))
    assert Submission.objects.get(due_date=due).feedback_due == D(2026, 12, 4)

    freeze_today(monkeypatch, D(2026, 11, 25))
    client.force_login(consultant)
    page = client.get(reverse("due_date_detail", args=[due.pk])).content.decode()
    assert "State feedback due Friday 2026-12-04" in page
    assert "5 working days left" in page  # Thanksgiving and the day after do not count
    queue = client.get(reverse("feedback_queue")).content.decode()
    assert "Fri 2026-12-04" in queue


def test_a_late_feedback_shows_the_working_days_it_is_late(client, schedule, lead, monkeypatch):
    due = due_of(schedule, "csa_draft")
    move(due.submission, "save_draft", "county", lead, document=a_document())
    move(due.submission, "submit", "county", lead, day=D(2026, 11, 18))
    freeze_today(monkeypatch, D(2026, 12, 8))
    client.force_login(lead)
    page = client.get(reverse("due_date_detail", args=[due.pk])).content.decode()
    assert "2 working days late" in page


def test_a_county_member_downloads_their_countys_document(client, schedule, lead, make_user):
    due = due_of(schedule, "csa_draft")
    event = move(due.submission, "save_draft", "county", lead, document=a_document("csa.pdf"))
    client.force_login(make_user(Role.COUNTY_STAFF))
    response = client.get(reverse("document_file", args=[event.document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")
    assert "attachment" in response["Content-Disposition"]


def test_the_state_grants_an_extension_on_the_page(client, schedule, consultant):
    due = due_of(schedule, "csa_final")
    client.force_login(consultant)
    response = client.post(
        reverse("extension_add", args=[due.pk]),
        {"new_date": "2027-01-15", "reason": "Board of Supervisors recess"},
    )
    assert response.status_code == 302
    page = client.get(reverse("due_date_detail", args=[due.pk])).content.decode()
    assert "Board of Supervisors recess" in page
    assert "extended to 2027-01-15" in page


def test_an_extension_to_an_earlier_date_is_refused_on_the_page(client, schedule, consultant):
    due = due_of(schedule, "csa_final")
    client.force_login(consultant)
    response = client.post(
        reverse("extension_add", args=[due.pk]), {"new_date": "2026-01-01", "reason": "Why"}
    )
    assert response.status_code == 400
    assert "an extension must give a date after the template&#x27;s date" in (
        response.content.decode()
    )


def test_history_lists_who_when_and_each_state(client, schedule, lead):
    due = due_of(schedule, "csa_draft")
    move(due.submission, "save_draft", "county", lead, document=a_document(), day=D(2026, 9, 1))
    client.force_login(lead)
    page = client.get(reverse("due_date_detail", args=[due.pk])).content.decode()
    assert at(D(2026, 9, 1)).strftime("%Y-%m-%d") in page
    assert "Not started" in page and "Drafting" in page
