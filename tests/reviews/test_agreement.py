"""The 45-day agreement: every item signed by every co-chair, overdue from 45 days out."""

import datetime as dt

from opencqi.reviews.agreement import agreement_status
from opencqi.reviews.programmes import programme

CW = programme("child_welfare")
START = dt.date(2026, 6, 1)


def status(signed, today):
    return agreement_status(
        CW.agreement_items,
        CW.co_chairs,
        signed,
        event_start=START,
        today=today,
        days_before_event=CW.agreement_days_before_event,
    )


def everything():
    return {(i.key, s.seat) for i in CW.agreement_items for s in CW.co_chairs}


def test_due_45_days_before_the_event():
    assert status(set(), dt.date(2026, 1, 1)).due_date == dt.date(2026, 4, 17)


def test_incomplete_before_the_due_date_is_not_yet_overdue():
    result = status(set(), dt.date(2026, 4, 16))
    assert not result.complete and not result.overdue
    assert result.days_left == 1


def test_incomplete_on_the_due_date_is_overdue_and_names_what_is_missing():
    signed = everything() - {("focus_area", "state")}
    result = status(signed, dt.date(2026, 4, 17))
    assert result.overdue
    assert result.missing == (("Focus area", ("State (CDSS) consultant",)),)
    assert result.signed == result.total - 1


def test_complete_is_never_overdue():
    result = status(everything(), dt.date(2026, 5, 30))
    assert result.complete and not result.overdue
