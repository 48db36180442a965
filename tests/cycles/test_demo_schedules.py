"""The demo's schedules show overdue, due-soon and future dates, whatever day it is loaded."""

import datetime

import pytest

from opencqi.cycles.demo import current_caloar_cycle_start, load_demo_schedules
from opencqi.cycles.models import CountySchedule, Submission
from opencqi.cycles.submissions import State
from opencqi.site.demo import load_demo_content

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo_content(log=lambda *_: None)


def statuses(today):
    return {
        due.status_on(today).value
        for schedule in CountySchedule.objects.all()
        for due in schedule.due_dates.select_related("submission")
    }


def test_the_demo_counties_have_a_schedule_in_each_programme(demo):
    assert CountySchedule.objects.filter(programme="child_welfare").count() == 5
    assert CountySchedule.objects.filter(programme="calworks").count() == 5
    assert {"overdue", "due_soon", "upcoming", "done"} <= statuses(datetime.date.today())


def test_the_demo_leaves_drafts_at_telling_points(demo):
    states = set(Submission.objects.values_list("state", flat=True))
    assert {State.SUBMITTED, State.RETURNED, State.RESUBMITTED, State.ACCEPTED} <= states
    returned = Submission.objects.get(state=State.RETURNED)
    assert returned.events.get(to_state=State.RETURNED).note.startswith("The progress report")


def test_loading_the_demo_again_keeps_the_schedules(demo):
    before = list(CountySchedule.objects.values_list("pk", "anchors"))
    assert load_demo_schedules(TODAY + datetime.timedelta(days=40)) == 0
    assert list(CountySchedule.objects.values_list("pk", "anchors")) == before


@pytest.mark.parametrize(
    ("today", "start"),
    [
        (datetime.date(2026, 6, 30), datetime.date(2021, 7, 1)),
        (datetime.date(2026, 7, 1), datetime.date(2026, 7, 1)),
        (TODAY, datetime.date(2026, 7, 1)),
        (datetime.date(2031, 7, 1), datetime.date(2031, 7, 1)),
    ],
)
def test_the_current_caloar_cycle_starts_on_the_last_first_of_july_of_a_cycle(today, start):
    assert current_caloar_cycle_start(today) == start
