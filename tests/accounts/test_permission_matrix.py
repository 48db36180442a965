"""Every URL x every role against one table of expected outcomes.

A URL pattern without a row here makes `test_every_url_has_a_row` fail: decide who may see a
new page before shipping it. OWN is the county of the county-held roles, OTHER is not theirs.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from opencqi.accounts.roles import Role
from opencqi.casedata.models import ImportBatch
from opencqi.counties.models import County
from opencqi.jobs.models import Job
from tests.conftest import OTHER_COUNTY, OWN_COUNTY
from tests.cycles.builders import cycle_placeholders
from tests.dashboard.factories import dashboard_placeholders
from tests.reviews.builders import review_placeholders
from tests.reviews.event_builders import event_placeholders

ROLES = ["anonymous", *[role.value for role in Role]]

ALL = {role: 200 for role in ROLES}
SIGNED_IN = {**ALL, "anonymous": 302}
STATE_AND_OWN_COUNTY = {
    "anonymous": 302,
    "state_admin": 200,
    "state_consultant": 200,
    "county_lead": 200,
    "county_staff": 200,
    "peer_reviewer": 403,
    "facilitator": 403,
}
STATE_ONLY = {**STATE_AND_OWN_COUNTY, "county_lead": 403, "county_staff": 403}
RECORD_OF_OWN_COUNTY = {**STATE_AND_OWN_COUNTY, "peer_reviewer": 404, "facilitator": 404}
RECORD_OF_OTHER_COUNTY = {**RECORD_OF_OWN_COUNTY, "county_lead": 404, "county_staff": 404}
POST_ONLY = {**{role: 405 for role in ROLES}, "anonymous": 302}
LEAD_ONLY = {**STATE_AND_OWN_COUNTY, "county_staff": 403}
ADMIN = {**{role: 302 for role in ROLES}, "state_admin": 200}
# Peer reviews: planners (state, host county lead); others see a review only when they
# facilitate it or sit on one of its teams (tests/reviews/test_access.py), else 404.
REVIEWS = {**STATE_AND_OWN_COUNTY, "county_staff": 403, "peer_reviewer": 200, "facilitator": 200}
REVIEW_OF_OWN_COUNTY = {**RECORD_OF_OWN_COUNTY, "county_staff": 404}
REVIEW_OF_OTHER_COUNTY = {**REVIEW_OF_OWN_COUNTY, "county_lead": 404}
OWN_REVIEW = {"pk": "REVIEW_OWN"}
# Raw review notes and case summaries: the review's state co-chair, facilitator and signed team
# members only (tests/reviews/test_confidentiality.py); no one here holds such a seat.
RAW_NOTES = {
    **REVIEW_OF_OWN_COUNTY,
    "state_admin": 403,
    "state_consultant": 403,
    "county_lead": 403,
}
RAW_NOTES_OF_OTHER_COUNTY = {**RAW_NOTES, "county_lead": 404}
SOURCE = {"pk": "REVIEW_OWN", "source_id": "SOURCE_OWN"}
CASE = {"pk": "REVIEW_OWN", "case_id": "CASE_OWN"}
NOT_FOUND = {role: 404 for role in ROLES}

# (url name, arguments, expected status per role)
MATRIX = [
    ("home", {}, ALL),
    ("profile", {}, SIGNED_IN),
    ("login", {}, ALL),
    ("logout", {}, {role: 405 for role in ROLES}),  # sign-out is POST only
    ("password_change", {}, SIGNED_IN),
    ("password_change_done", {}, SIGNED_IN),
    ("access_log", {}, STATE_ONLY),
    ("county_list", {}, ALL),
    ("county_detail", {"code": "OWN"}, ALL),
    ("county_detail", {"code": "OTHER"}, ALL),
    ("county_people", {"code": "OWN"}, STATE_AND_OWN_COUNTY),
    ("county_people", {"code": "OTHER"}, STATE_ONLY),
    ("job_list", {}, SIGNED_IN),
    ("job_detail", {"pk": "JOB_OWN"}, RECORD_OF_OWN_COUNTY),
    ("job_detail", {"pk": "JOB_OTHER"}, RECORD_OF_OTHER_COUNTY),
    ("import_list", {}, STATE_AND_OWN_COUNTY),
    ("import_upload", {}, LEAD_ONLY),
    ("import_detail", {"batch_id": "BATCH_OWN"}, RECORD_OF_OWN_COUNTY),
    ("import_detail", {"batch_id": "BATCH_OTHER"}, RECORD_OF_OTHER_COUNTY),
    ("import_problems_csv", {"batch_id": "BATCH_OWN"}, RECORD_OF_OWN_COUNTY),
    ("import_problems_csv", {"batch_id": "BATCH_OTHER"}, RECORD_OF_OTHER_COUNTY),
    ("data_quality", {}, STATE_AND_OWN_COUNTY),
    ("measure_definitions", {}, ALL),
    ("measure_definition", {"measure_id": "placement_stability"}, ALL),
    ("measure_runs", {}, STATE_AND_OWN_COUNTY),
    ("measure_compute", {}, POST_ONLY),
    ("schedule_list", {}, STATE_AND_OWN_COUNTY),
    ("cycle_calendar", {}, STATE_AND_OWN_COUNTY),
    ("cycle_board", {}, STATE_AND_OWN_COUNTY),
    ("feedback_queue", {}, STATE_ONLY),
    ("cycle_preferences", {}, POST_ONLY),
    ("county_timeline", {"code": "OWN", "programme": "child_welfare"}, STATE_AND_OWN_COUNTY),
    ("county_timeline", {"code": "OTHER", "programme": "child_welfare"}, STATE_ONLY),
    ("schedule_edit", {"code": "OWN", "programme": "child_welfare"}, STATE_ONLY),
    ("schedule_edit", {"code": "OTHER", "programme": "child_welfare"}, STATE_ONLY),
    ("due_date_detail", {"pk": "DUE_OWN"}, RECORD_OF_OWN_COUNTY),
    ("due_date_detail", {"pk": "DUE_OTHER"}, RECORD_OF_OTHER_COUNTY),
    ("extension_add", {"pk": "DUE_OWN"}, POST_ONLY),
    ("submission_move", {"pk": "DUE_OWN"}, POST_ONLY),
    ("document_file", {"pk": "DOCUMENT_OWN"}, RECORD_OF_OWN_COUNTY),
    ("document_file", {"pk": "DOCUMENT_OTHER"}, RECORD_OF_OTHER_COUNTY),
    ("user_feed", {"token": "no-such-token"}, NOT_FOUND),  # private feeds: a secret, no login
    ("county_feed", {"token": "no-such-token", "code": "OWN"}, NOT_FOUND),
    ("dashboard_overview", {}, SIGNED_IN),
    ("dashboard_overview_download", {"key": "overview", "fmt": "csv"}, SIGNED_IN),
    ("dashboard_county", {"code": "OWN"}, SIGNED_IN),  # exact for state and own county
    ("dashboard_county", {"code": "OTHER"}, SIGNED_IN),  # county roles: as published
    ("dashboard_county_download", {"code": "OWN", "key": "profile", "fmt": "xlsx"}, SIGNED_IN),
    ("dashboard_county_report", {"code": "OWN"}, STATE_AND_OWN_COUNTY),
    ("dashboard_county_report", {"code": "OTHER"}, STATE_ONLY),
    ("dashboard_measure", {"code": "OWN", "measure_id": "recurrence"}, SIGNED_IN),
    ("dashboard_measure", {"code": "OTHER", "measure_id": "recurrence"}, SIGNED_IN),
    (
        "dashboard_measure_download",
        {"code": "OTHER", "measure_id": "recurrence", "key": "trend", "fmt": "csv"},
        SIGNED_IN,
    ),
    ("report_batches", {}, STATE_ONLY),
    ("report_batch", {"job_id": "REPORT_JOB"}, STATE_ONLY),
    ("report_batch_file", {"job_id": "REPORT_JOB", "filename": "REPORT_FILE"}, STATE_ONLY),
    ("public_overview", {}, ALL),
    ("public_overview_download", {"key": "ranking", "fmt": "xlsx"}, ALL),
    ("public_county", {"code": "OWN"}, ALL),
    ("public_county_download", {"code": "OWN", "key": "peers", "fmt": "csv"}, ALL),
    ("public_measure", {"code": "OWN", "measure_id": "recurrence"}, ALL),
    (
        "public_measure_download",
        {"code": "OWN", "measure_id": "recurrence", "key": "trend", "fmt": "csv"},
        ALL,
    ),
    ("review_list", {}, REVIEWS),
    ("review_create", {}, LEAD_ONLY),
    ("review_detail", OWN_REVIEW, REVIEW_OF_OWN_COUNTY),
    ("review_detail", {"pk": "REVIEW_OTHER"}, REVIEW_OF_OTHER_COUNTY),
    ("review_edit", OWN_REVIEW, REVIEW_OF_OWN_COUNTY),
    ("review_edit", {"pk": "REVIEW_OTHER"}, REVIEW_OF_OTHER_COUNTY),
    ("review_task", {"pk": "REVIEW_OWN", "task_id": "TASK_OWN"}, POST_ONLY),
    ("review_agreement", OWN_REVIEW, POST_ONLY),
    ("review_focus_area", OWN_REVIEW, REVIEW_OF_OWN_COUNTY),
    ("review_focus_area", {"pk": "REVIEW_OTHER"}, REVIEW_OF_OTHER_COUNTY),
    ("review_literature", OWN_REVIEW, REVIEW_OF_OWN_COUNTY),
    ("review_literature_file", {"pk": "REVIEW_OWN", "entry_id": "ENTRY_OWN"}, REVIEW_OF_OWN_COUNTY),
    ("review_peer_counties", OWN_REVIEW, REVIEW_OF_OWN_COUNTY),
    ("review_sample", OWN_REVIEW, REVIEW_OF_OWN_COUNTY),
    ("review_sample", {"pk": "REVIEW_OTHER"}, REVIEW_OF_OTHER_COUNTY),
    ("review_case_eliminate", {"pk": "REVIEW_OWN", "case_id": "E001"}, POST_ONLY),
    ("review_reviewers", OWN_REVIEW, REVIEW_OF_OWN_COUNTY),
    ("review_reviewer", {"pk": "REVIEW_OWN", "reviewer_id": "REVIEWER_OWN"}, REVIEW_OF_OWN_COUNTY),
    ("review_teams", OWN_REVIEW, REVIEW_OF_OWN_COUNTY),
    ("review_team", {"pk": "REVIEW_OWN", "number": 1}, REVIEW_OF_OWN_COUNTY),
    ("review_team", {"pk": "REVIEW_OTHER", "number": 1}, REVIEW_OF_OTHER_COUNTY),
    (
        "review_team_agenda",
        {"pk": "REVIEW_OWN", "number": 1, "fmt": "pdf"},
        REVIEW_OF_OWN_COUNTY,
    ),
    ("review_confidentiality", OWN_REVIEW, POST_ONLY),
    ("review_interviewees", OWN_REVIEW, REVIEW_OF_OWN_COUNTY),
    (
        "review_interviewee_agenda",
        {"pk": "REVIEW_OWN", "interviewee_id": "INTERVIEWEE_OWN", "fmt": "ics"},
        REVIEW_OF_OWN_COUNTY,
    ),
    ("review_focus_groups", OWN_REVIEW, REVIEW_OF_OWN_COUNTY),
    ("review_schedule", OWN_REVIEW, REVIEW_OF_OWN_COUNTY),
    ("review_schedule", {"pk": "REVIEW_OTHER"}, REVIEW_OF_OTHER_COUNTY),
    ("review_event", OWN_REVIEW, RAW_NOTES),
    ("review_event", {"pk": "REVIEW_OTHER"}, RAW_NOTES_OF_OTHER_COUNTY),
    ("review_source", SOURCE, RAW_NOTES),
    ("review_source_answer", {**SOURCE, "kind": "interview", "key": "engagement"}, RAW_NOTES),
    ("review_source_items", SOURCE, POST_ONLY),
    ("review_source_notes", {**SOURCE, "fmt": "pdf"}, RAW_NOTES),
    ("review_item", {"pk": "REVIEW_OWN", "item_id": "ITEM_OWN"}, POST_ONLY),
    ("review_case_summary", CASE, RAW_NOTES),
    ("review_case_summary_answer", {**CASE, "key": "services_summary"}, RAW_NOTES),
    ("review_case_summary_file", {**CASE, "fmt": "pdf"}, RAW_NOTES),
    ("review_daily", {"pk": "REVIEW_OWN", "day": "DAY_OWN"}, RAW_NOTES),
    ("review_tools", OWN_REVIEW, REVIEW_OF_OWN_COUNTY),
    ("review_tools", {"pk": "REVIEW_OTHER"}, REVIEW_OF_OTHER_COUNTY),
    ("review_tool", {"pk": "REVIEW_OWN", "kind": "interview"}, REVIEW_OF_OWN_COUNTY),
    (
        "review_tool_file",
        {"pk": "REVIEW_OWN", "kind": "debrief", "fmt": "pdf"},
        REVIEW_OF_OWN_COUNTY,
    ),
    ("review_themes", OWN_REVIEW, RAW_NOTES),
    ("review_theme", {"pk": "REVIEW_OWN", "theme_id": "THEME_OWN"}, RAW_NOTES),
    ("review_theme_release", {"pk": "REVIEW_OWN", "theme_id": "THEME_OWN"}, POST_ONLY),
    ("review_flag_dismiss", OWN_REVIEW, POST_ONLY),
    ("review_findings", OWN_REVIEW, REVIEW_OF_OWN_COUNTY),
    ("review_findings", {"pk": "REVIEW_OTHER"}, REVIEW_OF_OTHER_COUNTY),
    (
        "review_recommendation",
        {"pk": "REVIEW_OWN", "recommendation_id": "RECOMMENDATION_OWN"},
        POST_ONLY,
    ),
    ("review_report", OWN_REVIEW, REVIEW_OF_OWN_COUNTY),
    ("review_report", {"pk": "REVIEW_OTHER"}, REVIEW_OF_OTHER_COUNTY),
    ("review_report_file", {"pk": "REVIEW_OWN", "fmt": "docx"}, REVIEW_OF_OWN_COUNTY),
    ("admin:index", {}, ADMIN),
]


def named_patterns(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django admin guards itself (staff only); one row checks it
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name


def test_every_url_has_a_row():
    rows = {name for name, _, _ in MATRIX}
    missing = set(named_patterns(get_resolver().url_patterns)) - rows
    assert not missing, f"URL patterns without a permission-matrix row: {sorted(missing)}"


def test_every_row_covers_every_role():
    for name, _, expected in MATRIX:
        assert set(expected) == set(ROLES), name


@pytest.fixture
def placeholders(counties, make_user):
    own = County.objects.get(name=OWN_COUNTY)
    other = County.objects.get(name=OTHER_COUNTY)
    owner = make_user(None, username="job-owner")
    reviews = review_placeholders(own, other)
    return {
        "OWN": own.code,
        "OTHER": other.code,
        "JOB_OWN": Job.objects.create(title="t", task_name="t", county=own, created_by=owner).pk,
        "JOB_OTHER": Job.objects.create(
            title="t", task_name="t", county=other, created_by=owner
        ).pk,
        "BATCH_OWN": ImportBatch.objects.create(batch_id="own", county=own).batch_id,
        "BATCH_OTHER": ImportBatch.objects.create(batch_id="other", county=other).batch_id,
        **cycle_placeholders(own, other),
        **dashboard_placeholders(own, other),
        **reviews,
        **event_placeholders(reviews["REVIEW_OWN"]),
    }


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, client, make_user, placeholders):
    if role != "anonymous":
        client.force_login(make_user(Role(role)))
    mismatches = []
    for name, kwargs, expected in MATRIX:
        url = reverse(name, kwargs={k: placeholders.get(v, v) for k, v in kwargs.items()})
        status = client.get(url).status_code
        if status != expected[role]:
            mismatches.append(f"{name} {kwargs}: expected {expected[role]}, got {status}")
    assert not mismatches, f"{role}:\n" + "\n".join(mismatches)
