"""Programme rule values are data: both programmes load, and a bad file is refused by name."""

import datetime as dt
import tomllib
from importlib import resources

import pytest

from opencqi.reviews.programmes import ProgrammeError, all_programmes, programme_from_dict


def shipped(name):
    path = resources.files("opencqi.reviews") / "data" / "programmes" / f"{name}.toml"
    return tomllib.loads(path.read_text())


def test_both_programmes_load_with_the_guides_values():
    programmes = all_programmes()
    assert set(programmes) == {"child_welfare", "calworks"}
    cw = programmes["child_welfare"]
    assert [s.seat for s in cw.co_chairs] == ["host_child_welfare", "host_probation", "state"]
    assert (cw.teams.min_size, cw.teams.max_size) == (2, 4)
    assert cw.sampling.cases_per_team_per_day == 4
    assert cw.schedule.focus_group_min_participants == 6
    assert cw.schedule.focus_group_max_participants == 12
    assert cw.agreement_days_before_event == 45
    assert programmes["calworks"].focus_measures == ()


def test_task_due_dates_count_from_the_event():
    cw = all_programmes()["child_welfare"]
    start, end = dt.date(2026, 6, 1), dt.date(2026, 6, 5)
    due = {t.title: t.due_date(start, end) for t in cw.tasks}
    assert due["Send the interview tool to every interviewee"] == dt.date(2026, 5, 18)
    assert due["Working draft of the report to the state consultant"] == dt.date(2026, 7, 5)
    assert due["Final report to the state"] == dt.date(2026, 8, 5)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.pop("teams"), "child_welfare.toml: missing key teams"),
        (lambda d: d["teams"].update(max_size="four"), "max_size must be"),
        (lambda d: d["sampling"].update(extra=1), "unknown key extra"),
        (lambda d: d["focus_measures"].append("nonsense"), "unknown measure 'nonsense'"),
        (lambda d: d["tasks"][0].update(after_end=3), "exactly one of"),
    ],
)
def test_a_broken_programme_file_is_refused_with_the_key(change, message):
    data = shipped("child_welfare")
    change(data)
    with pytest.raises(ProgrammeError, match=message):
        programme_from_dict("child_welfare", data)
