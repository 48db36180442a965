"""The event week end to end: a reviewer records an interview and its debrief (through a
dropped connection), the facilitator builds a theme from two interviews, the state co-chair
releases it, and the county lead sees the theme, not the notes, and downloads the report."""

import re
import shutil
import subprocess

from playwright.sync_api import expect

from opencqi.accounts.roles import Role
from opencqi.reviews import event_week
from opencqi.reviews.event_models import Answer, DebriefItem
from tests.reviews.builders import planned_review
from tests.reviews.event_builders import seat_on_team

SECTIONS = [
    "1. Introduction",
    "2. Methodology",
    "3. Summary of Practice",
    "4. Summary Observations and Recommendations",
    "5. Executive Summary",
    "6. Appendix: Review Tools",
]


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def pdf_text(path):
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def assert_in_order(text):
    start = text.index("Table of contents")
    assert text.index("Signature sheet") < start
    positions = [text.rindex(heading) for heading in SECTIONS]
    assert start < positions[0] and positions == sorted(positions)


def test_a_theme_goes_from_interview_notes_to_the_countys_report(
    page, live_server, sign_in, counties, make_user, tmp_path
):
    url = live_server.url
    consultant = make_user(Role.STATE_CONSULTANT)
    facilitator = make_user(Role.FACILITATOR)
    make_user(Role.COUNTY_LEAD, county="Fresno")
    reviewer = make_user(Role.PEER_REVIEWER, county="Madera")
    review = planned_review("Fresno", user=consultant)
    review.facilitator = facilitator
    review.save()
    seat_on_team(review, reviewer, number=1)
    sources = event_week.ensure_sources(review)
    first, second = [s for s in sources if s.kind == "interview" and s.team.number == 1][:2]
    # A teammate recorded the second interview's debrief already.
    event_week.add_item(
        second,
        category="strengths",
        scope="focus_area",
        text="Relatives were engaged in the first team meeting.",
        token="00000000-0000-0000-0000-000000000001",
        user=None,
    )

    # The state consultant becomes the state co-chair on the findings page.
    sign_in("state_consultant")
    page.goto(f"{url}/reviews/{review.pk}/findings/")
    page.select_option("#id_state_co_chair", str(consultant.pk))
    page.get_by_role("button", name="Save the settings").click()
    expect(page.get_by_text("Findings settings saved.")).to_be_visible()
    sign_out(page)

    # The reviewer records the first interview; the connection drops while they type.
    sign_in("peer_reviewer")
    page.goto(f"{url}/reviews/{review.pk}/event/")
    page.get_by_role("link", name=f"Record {first}").click()
    page.wait_for_load_state("load")  # the autosave script runs at the end of the page
    answer = page.locator("#input-interview-engagement")
    answer.fill("Met the mother and grandmother in the first week.")
    status = page.locator("#status-interview-engagement")
    expect(status).to_contain_text("Saved", timeout=10_000)
    page.context.set_offline(True)
    answer.fill("Met the mother and grandmother in the first week; weekly calls after.")
    expect(status).to_contain_text("the connection failed", timeout=10_000)
    page.context.set_offline(False)
    expect(status).to_contain_text("Saved", timeout=15_000)
    stored = Answer.objects.get(source=first, question="engagement")
    assert stored.value.endswith("weekly calls after.")
    page.locator("label[for=input-interview-teaming-1]").click()  # Yes: a follow-up appears
    expect(page.locator("#field-interview-teaming_helped")).to_be_visible()
    page.fill("#new-item-strengths", "Family team meeting held within two weeks.")
    page.get_by_role("button", name="Add the item under Strengths and Promising Practices").click()
    expect(page.locator("#item-list-strengths")).to_contain_text(
        "Family team meeting held within two weeks."
    )
    page.reload(wait_until="load")
    expect(page.locator("#input-interview-engagement")).to_have_value(
        "Met the mother and grandmother in the first week; weekly calls after."
    )
    sign_out(page)

    # The facilitator groups the items of both interviews into a theme.
    sign_in("facilitator")
    page.goto(f"{url}/reviews/{review.pk}/themes/")
    page.fill("#id_title", "Relatives engaged early")
    page.fill(
        "#id_statement",
        "Workers who brought relatives into a team meeting early saw faster permanency.",
    )
    page.select_option("#id_category", "strengths")
    for item in DebriefItem.objects.filter(review=review):
        page.locator(f"label[for=pick-{item.pk}]").click()
    page.get_by_role("button", name="Create the theme").click()
    expect(page.locator("#theme-support")).to_contain_text("Supported by 2 distinct sources")
    expect(page.locator("#release-state")).to_contain_text("Ready to release")
    page.fill("#id_text", "Hold a family team meeting with relatives within 30 days.")
    page.get_by_role("button", name="Add the recommendation").click()
    expect(page.locator("#recommendations")).to_contain_text("within 30 days")
    sign_out(page)

    # The state co-chair releases it.
    sign_in("state_consultant")
    theme = review.themes.get()
    page.goto(f"{url}{theme.get_absolute_url()}")
    page.get_by_role("button", name="Release to the county").click()
    expect(page.get_by_text("is released to Fresno County")).to_be_visible()
    sign_out(page)

    # The county lead sees the theme, not the notes, and downloads the report.
    sign_in("county_lead")
    page.goto(f"{url}/reviews/{review.pk}/findings/")
    expect(page.locator(f"#finding-{theme.pk}")).to_contain_text("Relatives engaged early")
    expect(page.locator(f"#finding-{theme.pk}")).to_contain_text("raised in 2 interviews")
    assert "Family team meeting held within two weeks" not in page.content()
    for raw in (
        f"/reviews/{review.pk}/event/",
        first.get_absolute_url(),
        f"/reviews/{review.pk}/themes/",
        f"/reviews/{review.pk}/sources/{first.pk}/notes.pdf",
        f"/reviews/{review.pk}/cases/{first.label}/summary/",
    ):
        assert page.request.get(f"{url}{raw}").status == 403, raw
    page.get_by_role("link", name="Report", exact=True).click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Report (PDF)").click()
    pdf = tmp_path / "report.pdf"
    download.value.save_as(pdf)
    text = pdf_text(pdf)
    assert_in_order(text)
    assert "Relatives engaged early" in text
    assert "Met the mother" not in text
    with page.expect_download() as download:
        page.get_by_role("link", name="Report (Word)").click()
    docx = tmp_path / "report.docx"
    download.value.save_as(docx)
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is missing: run `make system-packages`"
    converted = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'lo'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "out"),
            str(docx),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert converted.returncode == 0, converted.stderr
    assert not re.search(r"\berror\b", converted.stderr, re.IGNORECASE), converted.stderr
    assert_in_order(pdf_text(tmp_path / "out" / "report.pdf"))
