"""A draft goes back and forth between the state consultant and the county lead."""

from opencqi.accounts.roles import Role
from opencqi.counties.models import County
from opencqi.cycles.demo import demo_pdf
from tests.cycles.builders import D, a_document, make_schedule, move

REASON = "Add the partner engagement section and the updated data trends."


def test_consultant_returns_a_draft_and_the_lead_resubmits_it(
    page, live_server, sign_in, counties, make_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    lead = make_user(Role.COUNTY_LEAD)
    make_user(Role.STATE_CONSULTANT)
    schedule = make_schedule(County.objects.get(name="Fresno"), review_last_day=D(2026, 6, 1))
    draft = schedule.due_dates.get(step="csa_draft")
    move(draft.submission, "save_draft", "county", lead, document=a_document("csa-v1.pdf"))
    move(draft.submission, "submit", "county", lead)
    url = f"{live_server.url}/cycles/due/{draft.pk}/"

    sign_in("state_consultant")
    page.goto(url)
    assert "working days left" in page.locator("#feedback-clock").inner_text()
    page.get_by_role("button", name="Return to the county").click()  # no reason yet
    assert "give the reason" in page.get_by_role("alert").first.inner_text()
    page.get_by_label("Reason for returning it").fill(REASON)
    page.get_by_role("button", name="Return to the county").click()
    assert page.locator("#submission-state").inner_text() == "Returned to the county"

    page.get_by_role("button", name="Sign out").click()
    sign_in("county_lead")
    page.goto(url)
    assert REASON in page.locator("#history").inner_text()
    revised = tmp_path / "csa-v2.pdf"
    revised.write_bytes(demo_pdf("CSA, second version"))
    page.set_input_files("#resubmit-document", str(revised))
    page.get_by_role("button", name="Resubmit to the state").click()
    assert page.locator("#submission-state").inner_text() == "Resubmitted"

    history = page.locator("#history tbody tr")
    returned, resubmitted = history.nth(history.count() - 2), history.nth(history.count() - 1)
    assert "Submitted" in returned.inner_text()
    assert "Returned to the county" in returned.inner_text()
    assert REASON in returned.inner_text()
    assert "Returned to the county" in resubmitted.inner_text()
    assert "Resubmitted" in resubmitted.inner_text()
    assert "Version 2" in resubmitted.inner_text()
    assert "csa-v2" in page.locator("#versions").inner_text()
