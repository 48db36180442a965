"""The measure pages in Chromium: charts drawn under the CSP, tables equal to the stored
results, masked markers in the public view, no serious accessibility violation."""

import pytest
from django.contrib.auth.models import User
from django.templatetags.static import static
from django.urls import reverse

from opencqi.accounts.roles import Role
from opencqi.measures.models import MeasureResult
from opencqi.site import demo
from tests.conftest import PASSWORD
from tests.dashboard.factories import LATEST, standard_results

AXE = "vendor/js/axe.min.js"  # served as a static file: the CSP refuses inline scripts
P1 = "permanency_12m_entries"

PAGES = [
    ("dashboard_overview", []),
    ("dashboard_county", ["10"]),
    ("dashboard_measure", ["10", P1]),
    ("dashboard_measure", ["CA", "recurrence"]),
    ("public_overview", []),
    ("public_county", ["02"]),
    ("public_measure", ["02", P1]),
]


@pytest.fixture
def watch(page):
    """Errors of the page (CSP violations included) and failed requests (but the favicon)."""
    errors = []

    def console(message):
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    def response(response):
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            errors.append(f"{response.status} {response.url}")

    page.on("console", console)
    page.on("response", response)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def open_page(page, live_server, name, args):
    response = page.goto(live_server.url + reverse(name, args=args))
    assert response.status == 200, name
    charts = page.locator("[data-chart]")
    for index in range(charts.count()):
        charts.nth(index).locator("svg").first.wait_for(timeout=20_000)
    drawn = page.locator("[data-chart][data-rendered]").count()
    assert drawn == charts.count() > 0, f"{name}: {drawn} of {charts.count()} charts drawn"


@pytest.fixture
def demo_data(counties, settings, tmp_path):
    """The demo's synthetic case data (a smaller extract), imported and computed."""
    settings.DATA_DIR = tmp_path
    demo.load_demo_content(log=lambda *_: None)
    demo.load_demo_case_data(episodes=2_000, log=lambda *_: None)
    consultant = User.objects.get(username="state-consultant")
    consultant.set_password(PASSWORD)
    consultant.save()


def test_every_page_draws_its_charts_on_the_demo_data(page, live_server, sign_in, demo_data, watch):
    sign_in("state-consultant")  # a demo login
    for name, args in PAGES:
        open_page(page, live_server, name, args)
    assert watch == []


@pytest.fixture
def results(counties):
    return standard_results()


def table_cells(page, table_id):
    return page.locator(f"#{table_id} tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.children].map(c => c.firstChild ? "
        "(c.querySelector('a') || c).childNodes[0].textContent.trim() : ''))"
    )


def test_the_trend_table_equals_the_stored_results(page, live_server, sign_in, results, make_user):
    make_user(Role.STATE_CONSULTANT)
    sign_in("state_consultant")
    open_page(page, live_server, "dashboard_measure", ["10", P1])
    shown = table_cells(page, "table-trend")
    stored = MeasureResult.objects.filter(county__code="10", measure_id=P1, stratum="all")
    expected = [
        [f"{s.numerator:,}", f"{s.denominator:,}", f"{s.value:.1f}%"]
        for s in stored.order_by("period_end")
    ]
    assert [row[2:5] for row in shown] == expected


def test_the_public_view_shows_the_masked_marker_where_counts_are_1_to_10(
    page, live_server, results
):
    open_page(page, live_server, "public_measure", ["02", P1])
    shown = table_cells(page, "table-age_group")
    stored = {
        s.stratum: s
        for s in MeasureResult.objects.filter(county__code="02", measure_id=P1, period_end=LATEST)
    }
    for row in shown[1:]:
        result = next(s for k, s in stored.items() if k.endswith(f"={row[0].lower()}"))
        if 1 <= result.numerator <= 10:
            assert row[1] == "masked" and row[3] == "masked", row
        if 1 <= result.denominator <= 10:
            assert row[2] == "masked", row
    assert any("masked" in row for row in shown)
    assert str(result.numerator) not in {row[1] for row in shown if row[1] != "0"}


@pytest.mark.parametrize("name,args", PAGES)
def test_axe_finds_no_serious_or_critical_violation(
    page, live_server, sign_in, results, make_user, name, args
):
    if name.startswith("dashboard_"):
        make_user(Role.COUNTY_LEAD, county="Fresno")
        sign_in("county_lead")
    open_page(page, live_server, name, args)
    page.add_script_tag(url=live_server.url + static(AXE))
    violations = page.evaluate(
        "async () => (await axe.run(document)).violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))"
    )
    assert violations == []


def test_a_chart_downloads_as_png_and_as_svg(page, live_server, results):
    open_page(page, live_server, "public_measure", ["10", P1])
    for label, suffix in (("Download chart as PNG", ".png"), ("Download chart as SVG", ".svg")):
        with page.expect_download() as download:
            page.get_by_role("button", name=label).first.click()
        assert download.value.suggested_filename.endswith(f"trend{suffix}")


def test_the_overview_sorts_by_a_column(page, live_server, results):
    open_page(page, live_server, "public_overview", [])
    sort = page.locator("#table-overview thead th").nth(2).get_by_role("button")
    children = "#table-overview tbody tr td:nth-of-type(2)"

    def shown():
        values = page.locator(children).evaluate_all("cells => cells.map(c => c.dataset.sortValue)")
        return [int(v) for v in values if v]

    sort.click()
    assert shown() == sorted(shown())
    sort.click()
    assert shown() == sorted(shown(), reverse=True)
    assert (
        page.locator("#table-overview tbody tr").first.locator("th").inner_text() == "Los Angeles"
    )
