"""The report's section order and due dates."""

import datetime as dt

from opencqi.reviews import report


def test_sections_come_in_the_required_order():
    assert [s.key for s in report.SECTIONS] == [
        "cover",
        "signatures",
        "contents",
        "introduction",
        "methodology",
        "practice",
        "observations",
        "executive_summary",
        "appendix",
    ]


def test_every_narrative_belongs_to_a_section_of_the_report():
    keys = {s.key for s in report.SECTIONS}
    assert all(n.section in keys for n in report.NARRATIVES)


def test_the_draft_is_due_30_days_and_the_final_2_months_after_the_last_day():
    due = report.due_dates(dt.date(2026, 12, 31))
    assert due.draft == dt.date(2027, 1, 30)
    assert due.final == dt.date(2027, 2, 28)  # clamped to the month's last day


def test_state_feedback_is_due_10_working_days_after_the_draft():
    due = report.due_dates(dt.date(2026, 10, 9))  # draft due Sunday 8 November
    assert due.feedback == dt.date(2026, 11, 23)  # Veterans Day is not a working day
