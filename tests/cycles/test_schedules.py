"""County schedules in the database: generation, extensions with their history, rescheduling."""

import pytest

from opencqi.counties.models import County
from opencqi.cycles import rules, scheduling
from opencqi.cycles.models import CountySchedule, CycleTemplate, DueDate
from opencqi.cycles.submissions import State
from tests.cycles.builders import D, a_document, make_schedule, move


@pytest.fixture
def fresno(counties):
    return County.objects.get(name="Fresno")


def dates_of(schedule):
    return dict(schedule.due_dates.values_list("step", "date"))


def test_a_schedule_stores_every_date_of_the_template_with_its_derivation(fresno):
    schedule = make_schedule(fresno, review_last_day=D(2008, 3, 14))
    expected = rules.compute_schedule(
        rules.load_template("ccfsr-2009"), {"review_last_day": D(2008, 3, 14)}
    )
    assert schedule.due_dates.count() == len(expected)
    dates = dates_of(schedule)
    assert dates["review_report_draft"] == D(2008, 4, 13)
    assert dates["review_report_final"] == D(2008, 5, 14)
    assert dates["csa_final"] == D(2008, 11, 14)
    assert dates["sip_final"] == D(2009, 3, 14)
    csa = schedule.due_dates.get(step="csa_final")
    assert (csa.derivation, csa.derived_from) == (
        "review_report_final + 6 months",
        "review_report_final",
    )


def test_deliverables_get_a_submission_and_events_do_not(fresno):
    schedule = make_schedule(fresno, review_last_day=D(2008, 3, 14))
    csa = schedule.due_dates.get(step="csa_final")
    assert csa.deliverable and csa.board_approval
    assert csa.submission.state == State.NOT_STARTED
    for step in ("review_last_day", "quarterly_consultation#1", "csa_draft_feedback"):
        due = schedule.due_dates.get(step=step)
        assert not due.deliverable
        assert not hasattr(due, "submission"), step


def test_the_template_in_the_database_is_the_one_used(fresno):
    template = CycleTemplate.objects.get(name="ccfsr-2009")
    step = next(s for s in template.definition["steps"] if s["id"] == "review_report_final")
    step["months"] = 3
    template.save()
    schedule = make_schedule(fresno, review_last_day=D(2008, 3, 14))
    assert dates_of(schedule)["review_report_final"] == D(2008, 6, 14)


def test_missing_anchor_is_refused_with_the_rules_message(fresno):
    with pytest.raises(scheduling.SchedulingError, match="missing anchor date for sip_final"):
        make_schedule(fresno, template="ccfsr-5yr")
    assert not CountySchedule.objects.exists()


def test_an_extension_moves_its_date_and_keeps_the_history(fresno, make_user):
    consultant = make_user(None, username="consultant")
    schedule = make_schedule(fresno, review_last_day=D(2008, 3, 14))
    csa = schedule.due_dates.get(step="csa_final")
    scheduling.grant_extension(csa, D(2008, 12, 1), "Board meeting moved", consultant)
    scheduling.grant_extension(csa, D(2008, 12, 15), "Board meeting moved again", consultant)
    csa.refresh_from_db()
    assert (csa.rule_date, csa.date, csa.sequence) == (D(2008, 11, 14), D(2008, 12, 15), 2)
    history = list(csa.extensions.values_list("rule_date", "new_date", "reason", "approved_by"))
    assert history == [
        (D(2008, 11, 14), D(2008, 12, 1), "Board meeting moved", consultant.pk),
        (D(2008, 11, 14), D(2008, 12, 15), "Board meeting moved again", consultant.pk),
    ]


def test_an_extension_moves_only_its_own_step(fresno):
    schedule = make_schedule(fresno, review_last_day=D(2008, 3, 14))
    csa = schedule.due_dates.get(step="csa_final")
    scheduling.grant_extension(csa, D(2008, 12, 1), "More time", None)
    assert dates_of(schedule)["sip_final"] == D(2009, 3, 14)


@pytest.mark.parametrize(
    ("new_date", "reason", "problem"),
    [
        (D(2008, 11, 14), "Why", "after the template's date"),
        (D(2008, 11, 1), "Why", "after the template's date"),
        (D(2008, 12, 1), "  ", "give the reason"),
    ],
)
def test_an_extension_must_extend_and_say_why(fresno, new_date, reason, problem):
    schedule = make_schedule(fresno, review_last_day=D(2008, 3, 14))
    csa = schedule.due_dates.get(step="csa_final")
    with pytest.raises(scheduling.SchedulingError, match=problem):
        scheduling.grant_extension(csa, new_date, reason, None)
    assert not csa.extensions.exists()


def test_rescheduling_an_anchor_moves_every_date_computed_from_it(fresno):
    schedule = make_schedule(fresno, review_last_day=D(2008, 3, 14))
    ids = dict(schedule.due_dates.values_list("step", "pk"))
    schedule = make_schedule(fresno, review_last_day=D(2008, 4, 30))
    dates = dates_of(schedule)
    assert dates["review_report_final"] == D(2008, 6, 30)
    assert dates["csa_final"] == D(2008, 12, 30)
    assert dates["sip_final"] == D(2009, 4, 30)
    assert dict(schedule.due_dates.values_list("step", "pk")) == ids  # same rows: history kept
    assert schedule.revision == 2


def test_rescheduling_keeps_an_extension_that_still_gives_more_time(fresno):
    schedule = make_schedule(fresno, review_last_day=D(2008, 3, 14))
    csa = schedule.due_dates.get(step="csa_final")
    scheduling.grant_extension(csa, D(2009, 1, 15), "Board recess", None)
    make_schedule(fresno, review_last_day=D(2008, 4, 1))  # template: csa_final 2008-12-01
    csa.refresh_from_db()
    assert (csa.rule_date, csa.date) == (D(2008, 12, 1), D(2009, 1, 15))
    assert csa.extensions.get().lapsed_at is None


def test_rescheduling_lapses_an_extension_the_template_caught_up_with(fresno):
    schedule = make_schedule(fresno, review_last_day=D(2008, 3, 14))
    csa = schedule.due_dates.get(step="csa_final")
    scheduling.grant_extension(csa, D(2008, 12, 1), "Board recess", None)
    make_schedule(fresno, review_last_day=D(2008, 5, 20))  # template: csa_final 2009-01-20
    csa.refresh_from_db()
    assert csa.date == csa.rule_date == D(2009, 1, 20)
    extension = csa.extensions.get()  # kept in the history, no longer in force
    assert extension.lapsed_at is not None
    assert extension.lapsed_because == "rescheduled: the template's date became 2009-01-20"


def test_a_changed_date_counts_as_a_new_sequence_for_calendar_apps(fresno):
    schedule = make_schedule(fresno, review_last_day=D(2008, 3, 14))
    make_schedule(fresno, review_last_day=D(2008, 3, 21))
    csa = DueDate.objects.get(schedule=schedule, step="csa_final")
    assert csa.sequence == 1
    make_schedule(fresno, review_last_day=D(2008, 3, 21))
    csa.refresh_from_db()
    assert csa.sequence == 1  # the same dates again: nothing changed


def test_changing_template_refuses_to_drop_a_step_the_county_has_started(fresno):
    schedule = make_schedule(fresno, review_last_day=D(2008, 3, 14))
    update = schedule.due_dates.get(step="sip_update")
    move(update.submission, "save_draft", "county", document=a_document())
    with pytest.raises(scheduling.SchedulingError, match="sip_update"):
        make_schedule(fresno, template="ccfsr-5yr", sip_final=D(2009, 3, 14))
    schedule.refresh_from_db()
    assert schedule.template.name == "ccfsr-2009"


def test_changing_template_drops_the_steps_nobody_started(fresno):
    make_schedule(fresno, review_last_day=D(2008, 3, 14))
    schedule = make_schedule(fresno, template="ccfsr-5yr", sip_final=D(2009, 3, 14))
    assert "sip_update" not in dates_of(schedule)
    assert "sip_progress_report#1" in dates_of(schedule)
