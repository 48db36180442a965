"""A state consultant and the host county lead plan a peer review end to end on demo data."""

import datetime as dt
import subprocess

from opencqi.accounts.roles import Role
from opencqi.counties.models import County
from opencqi.reviews.models import Review, Reviewer
from opencqi.reviews.schedule import is_working_day
from opencqi.site.demo import load_demo_case_data, load_demo_content

CASE_LEVEL = {  # measures whose cohort is a list of cases (2B counts referrals)
    "maltreatment_in_care",
    "recurrence",
    "permanency_12m_entries",
    "permanency_12m_12_23",
    "permanency_12m_24plus",
    "reentry_12m",
    "placement_stability",
    "caseworker_visits",
    "visits_in_residence",
}


def next_monday(weeks):
    day = dt.date.today() + dt.timedelta(weeks=weeks)
    while day.weekday() != 0 or not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def test_consultant_and_county_lead_plan_a_review(
    page, live_server, sign_in, counties, make_user, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    load_demo_content(log=lambda *_: None)
    load_demo_case_data(episodes=12_000, log=lambda *_: None)
    make_user(Role.COUNTY_LEAD, county="Fresno")
    make_user(Role.STATE_CONSULTANT)
    url = live_server.url
    start = next_monday(20)

    # The host county lead creates the review and picks the focus area from the ranked list.
    sign_in("county_lead")
    page.goto(f"{url}/reviews/?programme=child_welfare")
    page.get_by_role("link", name="Plan a new review").click()
    page.fill("#id_event_start", start.isoformat())
    page.get_by_role("button", name="Create the review").click()
    review = Review.objects.get()
    assert page.url == f"{url}/reviews/{review.pk}/"
    page.get_by_role("link", name="Focus area", exact=True).click()
    candidates = page.locator("#focus-candidates input[name=measure_id]")
    values = [candidates.nth(i).get_attribute("value") for i in range(candidates.count())]
    chosen = next(v for v in values if v in CASE_LEVEL)
    page.locator(f"label[for=measure-{chosen}]").click()
    page.fill("#id_focus_area", "Practice behind the county's weakest outcome")
    page.fill("[name='rationale_child welfare']", "Furthest behind California.")
    page.fill("[name=rationale_probation]", "Probation youth are in the same cohort.")
    page.get_by_role("button", name="Record the focus area").click()
    assert "Focus area recorded" in page.content()
    sign_out(page)

    # The state consultant invites a peer county, records its answer and draws the sample.
    sign_in("state_consultant")
    page.goto(f"{url}/reviews/{review.pk}/peer-counties/")
    page.get_by_role("button", name="Invite Madera").click()
    page.select_option("#answer-20", "accepted")
    page.get_by_role("button", name="Save the answer of Madera").click()
    assert "Accepted" in page.locator("#invitations").inner_text()
    page.get_by_role("link", name="Sample", exact=True).click()
    page.fill("#id_teams", "2")
    page.get_by_role("button", name="Draw the sample").click()
    seed = page.locator("#sample-seed").inner_text()
    review.refresh_from_db()
    assert seed == str(review.sample.seed)
    selected = review.sample.cases.selected().count()
    assert selected > 0
    assert page.locator("#sample-cases tbody tr").count() == review.sample.cases.count()
    page.goto(f"{url}/reviews/{review.pk}/")
    page.get_by_role(
        "button", name="Record agreement of State (CDSS) consultant on Case-selection method"
    ).click()
    assert review.sign_offs.filter(item="case_selection", seat="state").exists()

    # Reviewers: three entered earlier, one added in the page; then the teams.
    madera = County.objects.get(name="Madera")
    for name, background in [
        ("Ana Ortiz", "cws_supervisor"),
        ("Ben Cho", "probation_officer"),
        ("Cy Dunn", "community_partner"),
    ]:
        Reviewer.objects.create(
            review=review,
            name=name,
            county=madera,
            region=madera.region,
            background=background,
            confidentiality_signed_on=dt.date.today(),
        )
    page.goto(f"{url}/reviews/{review.pk}/reviewers/")
    page.fill("#id_name", "Dee Park")
    page.select_option("#id_county", str(madera.pk))
    page.fill("#id_region", madera.region)
    page.select_option("#id_background", "social_worker")
    page.fill("#id_confidentiality_signed_on", dt.date.today().isoformat())
    page.get_by_role("button", name="Add the reviewer").click()
    assert "Dee Park added" in page.content()
    page.get_by_role("link", name="Teams", exact=True).click()
    page.get_by_role("button", name="Build the teams").click()
    assert "2 teams built" in page.content()
    assert "Every team rule is satisfied" in page.locator("#team-problems").inner_text()

    # The schedule, and the agendas.
    page.get_by_role("link", name="Schedule", exact=True).click()
    page.fill("#id_rooms", "Room A\nRoom B\nRoom C")
    page.get_by_role("button", name="Generate the schedule").click()
    assert "Schedule generated" in page.content()
    assert page.locator("table.schedule-day").count() == 5
    interviews = page.locator("table.schedule-day td", has_text="Interview, case")
    assert interviews.count() == selected

    with page.expect_download() as download:
        page.get_by_role("link", name="agenda of team 1 (PDF)").click()
    pdf = tmp_path / "agenda.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Agenda of team 1" in text
    assert "Training and orientation" in text
    assert "Final debrief and peer-county sharing" in text

    with page.expect_download() as download:
        page.get_by_role("link", name="calendar of team 1 (ICS)").click()
    ics = tmp_path / "team.ics"
    download.value.save_as(ics)
    calendar = ics.read_text()
    assert calendar.startswith("BEGIN:VCALENDAR")
    assert "Fresno peer review: Training and orientation" in calendar
    assert f"DTSTART;TZID=America/Los_Angeles:{start:%Y%m%d}T090000" in calendar
