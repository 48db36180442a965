"""The report as the county gets it: sections in the required order in the PDF and the DOCX,
the DOCX opening in LibreOffice, the focus measure's trend, due dates linked to the cycle."""

import datetime as dt
import shutil
import subprocess

import pytest

from opencqi.accounts.roles import Role
from opencqi.counties.models import County
from opencqi.reviews import event_week, report
from tests.cycles.builders import make_schedule
from tests.dashboard.factories import standard_results
from tests.reviews.event_builders import recorded_review

BODY_HEADINGS = [f"{n}. {s.title}" for n, s in enumerate(report.contents(), start=1)]


@pytest.fixture
def review(counties):
    review = recorded_review("Fresno")
    event_week.release_theme(review.themes.get(), None)
    return review


@pytest.fixture
def lead(client, make_user, review):
    client.force_login(make_user(Role.COUNTY_LEAD, county="Fresno"))


def assert_sections_in_order(text):
    """Cover, signature sheet, contents, then each numbered section (after its entry in the
    contents)."""
    cover = text.index("Fresno County")
    signatures = text.index("Signature sheet")
    contents = text.index("Table of contents")
    assert cover < signatures < contents
    positions = [text.rindex(heading) for heading in BODY_HEADINGS]
    assert contents < positions[0]
    assert positions == sorted(positions), list(zip(BODY_HEADINGS, positions, strict=True))


def test_the_pdf_has_the_sections_in_order_and_released_findings_only(
    client, lead, review, tmp_path
):
    response = client.get(f"/reviews/{review.pk}/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert_sections_in_order(text)
    assert "Early family teaming" in text
    assert "Keep family team meetings within 30 days." in text
    assert "Family team meetings held within 30 days" not in text  # a debrief item
    assert "Case summary tool" in text  # the appendix


def test_the_docx_converts_with_libreoffice_and_keeps_the_order(client, lead, review, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: run `make system-packages`"
    response = client.get(f"/reviews/{review.pk}/report.docx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    source = tmp_path / "report.docx"
    source.write_bytes(response.content)
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    converted = tmp_path / "report.pdf"
    assert converted.exists(), result.stdout + result.stderr
    text = subprocess.run(
        ["pdftotext", str(converted), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert_sections_in_order(text)


def test_the_methodology_draws_the_focus_measures_trend(client, lead, review):
    fresno = County.objects.get(name="Fresno")
    standard_results(places=[fresno, *County.objects.filter(name__in=["Madera", "Kings"])])
    page = client.get(f"/reviews/{review.pk}/report/").content.decode()
    assert "<svg" in page and 'id="focus-trend-table"' in page
    assert "P1 Permanency in 12 months" in page or review.focus_measure.code in page
    pdf = client.get(f"/reviews/{review.pk}/report.pdf")
    assert pdf.status_code == 200


def test_without_measure_results_the_methodology_says_so(client, lead, review):
    page = client.get(f"/reviews/{review.pk}/report/").content.decode()
    assert "the measures have not been computed yet" in page


def test_due_dates_are_counted_from_the_last_day_and_linked_to_the_cycle(client, lead, review):
    page = client.get(f"/reviews/{review.pk}/report/").content.decode()
    due = report.due_dates(review.event_end)
    assert due.draft.strftime("%A %-d %B %Y") in page
    assert "has no child welfare cycle schedule" in page
    schedule = make_schedule(review.host_county, review_last_day=review.event_end)
    page = client.get(f"/reviews/{review.pk}/report/").content.decode()
    draft = schedule.due_dates.get(step_id="review_report_draft")
    final = schedule.due_dates.get(step_id="review_report_final")
    assert draft.date == due.draft and final.date == due.final
    assert draft.get_absolute_url() in page and final.get_absolute_url() in page


def test_narrative_is_edited_with_a_version_and_a_name_in_it_stops_the_export(
    client, make_user, review
):
    client.force_login(make_user(Role.COUNTY_LEAD, county="Fresno"))
    url = f"/reviews/{review.pk}/report/"
    client.post(
        url,
        {
            "section": "county_specifics",
            "county_specifics-version": 0,
            "county_specifics-text": "A large rural county.",
        },
    )
    assert "A large rural county." in client.get(url).content.decode()
    stale = client.post(
        url,
        {
            "section": "county_specifics",
            "county_specifics-version": 0,
            "county_specifics-text": "Another text.",
        },
    )
    assert "saved this text since you opened it" in stale.content.decode()
    name = review.interviewees.exclude(name="").first().name
    client.post(
        url,
        {
            "section": "observations",
            "observations-version": 0,
            "observations-text": f"{name} explained the delays.",
        },
    )
    refused = client.get(f"/reviews/{review.pk}/report.pdf", follow=True)
    assert refused["Content-Type"].startswith("text/html")
    assert "cannot be exported while a name is flagged" in refused.content.decode()


def test_the_blank_tools_come_as_pdf_for_planners(client, lead, review):
    response = client.get(f"/reviews/{review.pk}/tools/interview/blank.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_dates_in_the_report_follow_the_event_week(review):
    assert review.event_end == dt.date(2026, 10, 9)
    assert report.due_dates(review.event_end).final == dt.date(2026, 12, 9)
