"""The review report: its sections in the required order and its due dates.

Order (PQCR guide VII.C and the submission rules): cover, signature sheet, table of contents,
introduction, methodology, summary of practice (the seven categories), summary observations and
recommendations, executive summary, appendix of the blank tools. Due dates count from the last
event day: the working draft 30 days after it, the state's feedback 10 working days after the
draft, the final report 2 months after it (shared/domain/peer-review.md sections 5-6).
Plain Python: no Django.
"""

import datetime as dt
from dataclasses import dataclass

from opencqi.cycles import dates

DRAFT_DAYS = 30
FEEDBACK_WORKING_DAYS = 10
FINAL_MONTHS = 2
# The steps of the county's cycle schedule these dates are, when the county has one.
DRAFT_STEP = "review_report_draft"
FINAL_STEP = "review_report_final"


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    in_contents: bool = True  # listed in the table of contents


SECTIONS: tuple[Section, ...] = (
    Section("cover", "Cover", in_contents=False),
    Section("signatures", "Signature sheet", in_contents=False),
    Section("contents", "Table of contents", in_contents=False),
    Section("introduction", "Introduction"),
    Section("methodology", "Methodology"),
    Section("practice", "Summary of Practice"),
    Section("observations", "Summary Observations and Recommendations"),
    Section("executive_summary", "Executive Summary"),
    Section("appendix", "Appendix: Review Tools"),
)
SECTION_TITLES = {s.key: s.title for s in SECTIONS}


@dataclass(frozen=True)
class Narrative:
    """A part of the report people write; the rest is filled from the review's records."""

    key: str
    section: str
    label: str
    help: str


NARRATIVES: tuple[Narrative, ...] = (
    Narrative(
        "purpose",
        "introduction",
        "Purpose of the review",
        "The purpose of the peer review and how it fits in the outcomes and accountability system.",
    ),
    Narrative(
        "process",
        "methodology",
        "How the information was gathered",
        "The process used, including how the focus area was identified.",
    ),
    Narrative(
        "case_review",
        "methodology",
        "Case review before the interviews",
        "The extent of case review completed before the interviews.",
    ),
    Narrative(
        "county_specifics",
        "methodology",
        "County-specific issues",
        "Anything that made this review distinct, such as the county's size.",
    ),
    Narrative(
        "observations",
        "observations",
        "Summary observations",
        "The major discoveries, areas for future exploration and proposed changes to the SIP.",
    ),
    Narrative(
        "executive_summary",
        "executive_summary",
        "Executive summary",
        "A condensed summary for community partners and staff (optional).",
    ),
)
NARRATIVE_KEYS = {n.key: n for n in NARRATIVES}


def contents() -> list[Section]:
    return [s for s in SECTIONS if s.in_contents]


@dataclass(frozen=True)
class DueDates:
    draft: dt.date
    feedback: dt.date
    final: dt.date


def due_dates(last_event_day: dt.date) -> DueDates:
    draft = dates.add_days(last_event_day, DRAFT_DAYS)
    return DueDates(
        draft=draft,
        feedback=dates.add_working_days(draft, FEEDBACK_WORKING_DAYS),
        final=dates.add_months(last_event_day, FINAL_MONTHS),
    )
