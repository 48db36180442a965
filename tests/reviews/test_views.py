"""The planning pages: each step as the state consultant or the host county lead takes it."""

import datetime as dt
import subprocess

import pytest
from icalendar import Calendar

from opencqi.accounts.roles import Role
from opencqi.counties.models import County
from opencqi.measures.cohorts import CohortCase
from opencqi.measures.models import MeasureResult, MeasureRun
from opencqi.reviews import planning
from opencqi.reviews.models import Review, ReviewTask
from tests.reviews.builders import EVENT_START, planned_review


@pytest.fixture
def consultant(client, make_user, counties):
    user = make_user(Role.STATE_CONSULTANT)
    client.force_login(user)
    return user


@pytest.fixture
def review(consultant):
    return planned_review("Fresno", user=consultant)


def test_the_county_lead_creates_a_review_of_their_county_only(client, make_user, counties):
    client.force_login(make_user(Role.COUNTY_LEAD, county="Fresno"))
    madera = County.objects.get(name="Madera")
    response = client.post(
        "/reviews/new/",
        {
            "host_county": madera.pk,
            "programme": "child_welfare",
            "event_start": "2026-10-05",
            "interview_days": 3,
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    fresno = County.objects.get(name="Fresno")
    data = {
        "host_county": fresno.pk,
        "programme": "child_welfare",
        "event_start": "2026-10-05",
        "interview_days": 3,
    }
    review = Review.objects.get(pk=client.post("/reviews/new/", data).url.split("/")[2])
    assert review.co_chairs.count() == 3
    assert review.tasks.count() == len(review.rules.tasks)
    again = client.post("/reviews/new/", data)
    assert "already has a review" in again.content.decode()
    assert Review.objects.count() == 1


def test_the_event_cannot_start_on_a_weekend(client, consultant):
    fresno = County.objects.get(name="Fresno")
    response = client.post(
        "/reviews/new/",
        {
            "host_county": fresno.pk,
            "programme": "child_welfare",
            "event_start": "2026-10-03",
            "interview_days": 3,
        },
    )
    assert "is a weekend day or a California holiday" in response.content.decode()


def test_incomplete_agreement_45_days_out_shows_a_warning(client, review, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: EVENT_START - dt.timedelta(44))
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert 'id="agreement-warning"' in page
    assert "Focus area (Host county child welfare, Host county probation" in page
    for item in review.rules.agreement_items:
        for seat in review.rules.co_chairs:
            client.post(f"/reviews/{review.pk}/agreement/", {"item": item.key, "seat": seat.seat})
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert 'id="agreement-warning"' not in page
    assert "Complete." in page


def test_the_agreement_is_not_yet_overdue_before_45_days(client, review, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: EVENT_START - dt.timedelta(46))
    assert 'id="agreement-warning"' not in client.get(f"/reviews/{review.pk}/").content.decode()


def test_a_task_edited_by_someone_else_meanwhile_is_not_overwritten(client, review):
    task = review.tasks.first()
    ReviewTask.objects.filter(pk=task.pk).update(owner="Other editor", version=2)
    response = client.post(
        f"/reviews/{review.pk}/tasks/{task.pk}/",
        {"owner": "Me", "due_date": task.due_date.isoformat(), "status": "done", "version": 1},
        follow=True,
    )
    assert "Someone else changed this record" in response.content.decode()
    task.refresh_from_db()
    assert task.owner == "Other editor"


def test_moving_the_event_moves_the_checklist(client, review):
    task = review.tasks.get(title="Send the interview tool to every interviewee")
    data = {
        "event_start": "2026-11-02",
        "interview_days": 3,
        "coordinator": "Cora",
        "facilitator": "",
        "host_staff_agreed_on": "",
        "rooms": "Room A",
        "planning_team": "Lee Lead, Fresno CWS\nPam, Probation",
        "version": review.version,
        "chair_host_child_welfare": "Lee Lead",
        "chair_host_probation": "",
        "chair_state": "Casey",
    }
    assert client.post(f"/reviews/{review.pk}/edit/", data).status_code == 302
    task.refresh_from_db()
    assert task.due_date == dt.date(2026, 10, 19)
    assert review.planning_team.count() == 2
    assert review.co_chairs.get(seat="state").name == "Casey"


def result(measure_id, county, end, value, denominator=100, provisional=False):
    run = MeasureRun.objects.first() or MeasureRun.objects.create(
        code_version="t", profile="federal", status="succeeded", as_of=dt.date(2026, 6, 30)
    )
    MeasureResult.objects.create(
        run=run,
        measure_id=measure_id,
        county=county,
        period_start=end - dt.timedelta(364),
        period_end=end,
        stratum="all",
        numerator=round(value * denominator / 100),
        denominator=denominator,
        value=value,
        provisional=provisional,
    )


QUARTER_ENDS = [
    dt.date(2024, 6, 30),
    dt.date(2024, 9, 30),
    dt.date(2024, 12, 31),
    dt.date(2025, 3, 31),
    dt.date(2025, 6, 30),
]


def test_focus_area_ranks_measures_and_records_the_choice(client, review):
    fresno = County.objects.get(name="Fresno")
    for end in QUARTER_ENDS:
        result("permanency_12m_entries", fresno, end, 30.0)
        result("permanency_12m_entries", None, end, 38.0)
        result("reentry_12m", fresno, end, 5.0)
        result("reentry_12m", None, end, 6.0)
    page = client.get(f"/reviews/{review.pk}/focus-area/").content.decode()
    assert page.index("P1 Permanency in 12 months for children entering care") < page.index(
        "P4 Re-entry"
    )
    assert "21.1% worse than California (30.0 vs 38.0)" in page
    response = client.post(
        f"/reviews/{review.pk}/focus-area/",
        {
            "version": review.version,
            "measure_id": "permanency_12m_entries",
            "focus_area": "Timely reunification",
            "rationale_child welfare": "Low permanency",
            "rationale_probation": "Youth in care long",
        },
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.focus_period_end == dt.date(2025, 6, 30)
    assert review.rationales == {
        "child welfare": "Low permanency",
        "probation": "Youth in care long",
    }


def test_a_focus_area_choice_on_a_stale_page_is_refused(client, review):
    for end in QUARTER_ENDS:
        result("permanency_12m_entries", County.objects.get(name="Fresno"), end, 30.0)
    response = client.post(
        f"/reviews/{review.pk}/focus-area/",
        {"version": review.version + 5, "measure_id": "permanency_12m_entries", "focus_area": "X"},
    )
    assert "Someone else changed this record" in response.content.decode()


def test_a_measure_without_results_cannot_be_the_focus(client, review):
    response = client.post(
        f"/reviews/{review.pk}/focus-area/",
        {"version": review.version, "measure_id": "reentry_12m", "focus_area": "X"},
    )
    assert "has no result for this county yet" in response.content.decode()


def test_inviting_a_peer_county_twice_keeps_one_invitation(client, review):
    for _ in range(2):
        client.post(f"/reviews/{review.pk}/peer-counties/", {"action": "invite", "county": "20"})
    assert review.invitations.count() == 1
    client.post(
        f"/reviews/{review.pk}/peer-counties/",
        {"action": "answer", "county": "20", "answer": "accepted", "note": "two reviewers"},
    )
    invitation = review.invitations.get()
    assert (invitation.answer, invitation.note) == ("accepted", "two reviewers")
    assert "neighbouring county" in invitation.score["reasons"]


def fake_cohort(count=30, workers=12):
    return [
        CohortCase(
            f"E{i:03d}",
            f"C{i:03d}",
            f"E{i:03d}",
            i % 2 == 0,
            int(i % 2 == 0),
            1,
            f"W{i % workers}",
            "child_welfare",
            dt.date(2025, 1, 1),
            None,
        )
        for i in range(count)
    ]


@pytest.fixture
def cohort(monkeypatch):
    monkeypatch.setattr(planning, "cohort_cases", lambda *args, **kwargs: fake_cohort())
    MeasureRun.objects.create(
        code_version="t", profile="federal", status="succeeded", as_of=dt.date(2026, 6, 30)
    )


def draw(client, review, seed=""):
    return client.post(
        f"/reviews/{review.pk}/sample/",
        {"teams": 2, "min_days_in_service": 90, "seed": seed, "interviewees_available": ""},
    )


def test_drawing_the_sample_keeps_the_seed_and_redraws_identically(client, review, cohort):
    assert draw(client, review).status_code == 302
    review.refresh_from_db()
    first = list(review.sample.cases.values_list("case_id", "status", "rank"))
    seed = review.sample.seed
    selected = review.sample.cases.selected()
    assert selected.count() == 12  # 12 distinct workers < 2 teams x 4 x 3 days
    assert {c.stratum for c in selected} == {"achieved", "not achieved"}
    assert len({c.worker_id for c in selected}) == 12
    draw(client, review, seed=seed)
    review.refresh_from_db()
    assert list(review.sample.cases.values_list("case_id", "status", "rank")) == first
    assert review.interviewees.count() == 12
    assert not review.slots.exists()  # a redraw clears the schedule


def test_the_sample_needs_a_focus_area(client, consultant, cohort):
    bare = planning.create_review(
        host_county=County.objects.get(name="Kings"),
        programme="child_welfare",
        event_start=EVENT_START,
        interview_days=3,
        user=consultant,
    )
    response = draw(client, bare)
    assert "Choose the focus area" in response.content.decode()


def test_dropping_a_case_puts_the_next_backup_in_its_slot(client, review):
    case = review.sample.cases.get(case_id="E001")
    slot = review.slots.get(case=case)
    before = {(s.pk, s.case_id) for s in review.slots.exclude(pk=slot.pk)}
    client.post(f"/reviews/{review.pk}/sample/E001/eliminate/", {"reason": "Worker on leave"})
    case.refresh_from_db()
    assert case.status == "eliminated"
    log = case.elimination
    assert (log.reason, log.eliminated_by.username) == ("Worker on leave", "state_consultant")
    backup = log.replacement
    assert backup.case_id == "E007" and backup.status == "selected"
    slot.refresh_from_db()
    assert slot.case == backup and slot.interviewee.worker_id == backup.worker_id
    assert backup.team == slot.team
    assert {(s.pk, s.case_id) for s in review.slots.exclude(pk=slot.pk)} == before
    again = client.post(
        f"/reviews/{review.pk}/sample/E001/eliminate/", {"reason": "again"}, follow=True
    )
    assert "is not a selected case" in again.content.decode()


def test_a_backup_known_to_the_team_is_skipped(client, review):
    case = review.sample.cases.get(case_id="E001")
    member = case.team.members.first()
    member.knows_cases = ["E007"]
    member.save()
    client.post(f"/reviews/{review.pk}/sample/E001/eliminate/", {"reason": "Leave"})
    case.refresh_from_db()
    assert case.elimination.replacement.case_id == "E008"


def test_the_team_page_names_every_rule_still_broken(client, review):
    reviewer = review.reviewers.first()
    reviewer.confidentiality_signed_on = None
    reviewer.save()
    page = client.get(f"/reviews/{review.pk}/teams/").content.decode()
    assert "Every interviewer signs a confidentiality statement" in page
    assert f"{reviewer.name} has not signed" in page


def test_host_county_staff_only_keep_time_or_observe(client, review):
    fresno = County.objects.get(name="Fresno")
    data = {
        "name": "Hana Host",
        "county": fresno.pk,
        "region": "North",
        "background": "social_worker",
        "team": review.teams.first().pk,
        "team_role": "rotating",
    }
    response = client.post(f"/reviews/{review.pk}/reviewers/", data)
    assert "may only be timekeeper or observer" in response.content.decode()


def test_untrained_host_staff_are_left_off_the_teams_and_reported(client, review):
    fresno = County.objects.get(name="Fresno")
    review.host_staff_agreed_on = dt.date(2026, 4, 1)
    review.save()
    client.post(
        f"/reviews/{review.pk}/reviewers/",
        {
            "name": "Hana Host",
            "county": fresno.pk,
            "region": "North",
            "background": "social_worker",
            "confidentiality_signed_on": "2026-09-01",
        },
    )
    client.post(f"/reviews/{review.pk}/teams/", {"team_count": ""})
    host = review.reviewers.get(name="Hana Host")
    assert host.team is None
    page = client.get(f"/reviews/{review.pk}/teams/").content.decode()
    assert "Hana Host is host-county staff without a recorded training date" in page


def test_focus_groups_hold_6_to_12_participants(client, review):
    response = client.post(
        f"/reviews/{review.pk}/focus-groups/", {"name": "Judges", "participants": 4}
    )
    assert "A focus group has 6 to 12 participants" in response.content.decode()


def test_the_schedule_page_lists_each_day_and_warns_about_the_interview_tool(client, review):
    page = client.get(f"/reviews/{review.pk}/schedule/").content.decode()
    assert page.count("schedule-day") == 5
    assert "must get the interview tool by 2026-09-22" in page
    interviewee = review.interviewees.get(worker_id="W1")
    client.post(
        f"/reviews/{review.pk}/interviewees/",
        {
            "interviewee": interviewee.pk,
            f"i{interviewee.pk}-version": interviewee.version,
            f"i{interviewee.pk}-name": "Worker 1",
            f"i{interviewee.pk}-role": "social_worker",
            f"i{interviewee.pk}-region": "North",
            f"i{interviewee.pk}-tool_sent_on": "2026-09-15",
        },
    )
    page = client.get(f"/reviews/{review.pk}/schedule/").content.decode()
    assert "Worker 1 must get" not in page


def pdf_text(content, tmp_path):
    path = tmp_path / "agenda.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_team_agenda_pdf_lists_training_interviews_and_final_debrief(client, review, tmp_path):
    response = client.get(f"/reviews/{review.pk}/teams/1/agenda.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "Agenda of team 1" in text
    assert "Training and orientation" in text
    assert "Final debrief and peer-county sharing" in text
    team_case = review.teams.get(number=1).cases.first()
    assert f"case {team_case.case_id}" in text


def test_interviewee_agenda_asks_them_to_arrive_30_minutes_early(client, review, tmp_path):
    interviewee = review.interviewees.get(worker_id="W1")
    text = pdf_text(
        client.get(f"/reviews/{review.pk}/interviewees/{interviewee.pk}/agenda.pdf").content,
        tmp_path,
    )
    slot = review.slots.get(interviewee=interviewee)
    assert f"Arrive {slot.arrive_at:%H:%M}" in text
    assert "Training" not in text
    calendar = Calendar.from_ical(
        client.get(f"/reviews/{review.pk}/interviewees/{interviewee.pk}/agenda.ics").content
    )
    [event] = calendar.walk("VEVENT")
    assert event.decoded("dtstart").time() == slot.arrive_at
    assert str(event["location"]) == slot.room


def test_team_calendar_has_one_event_per_session(client, review):
    calendar = Calendar.from_ical(client.get(f"/reviews/{review.pk}/teams/1/agenda.ics").content)
    events = calendar.walk("VEVENT")
    team = review.teams.get(number=1)
    expected = (
        review.slots.filter(team=team).count()
        + review.slots.filter(kind__in=["training", "daily_debrief", "final_debrief"]).count()
    )
    assert len(events) == expected
    assert calendar.walk("VTIMEZONE")


def test_an_unknown_agenda_format_is_not_found(client, review):
    assert client.get(f"/reviews/{review.pk}/teams/1/agenda.docx").status_code == 404


def test_a_literature_entry_sent_twice_is_kept_once(client, review):
    data = {"citation": "Doe, J. (2019). Reunification practice.", "summary": "What helps."}
    assert client.post(f"/reviews/{review.pk}/literature/", data).status_code == 302
    again = client.post(f"/reviews/{review.pk}/literature/", data)
    assert "already in the literature review" in again.content.decode()
    assert review.literature.count() == 1


def test_moving_the_event_week_clears_the_schedule(client, review):
    assert review.slots.exists()
    data = {
        "event_start": "2026-11-02",
        "interview_days": 3,
        "rooms": "Room A\nRoom B\nRoom C",
        "planning_team": "",
        "version": review.version,
    }
    response = client.post(f"/reviews/{review.pk}/edit/", data, follow=True)
    assert "generate the schedule again" in response.content.decode()
    assert not review.slots.exists()
