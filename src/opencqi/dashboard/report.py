"""The quarterly county data report: a PDF for a county and a period end.

It is written for the county: the county's figures are exact, California's and the peer
counties' are as published. So the same report comes out whoever asks for it.
"""

import datetime as dt
import os

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from opencqi.counties.models import County
from opencqi.documents.pdf import static_path
from opencqi.measures.catalog import CATALOG

from . import comparisons, pages, rendering

TREND_PERIODS_IN_TABLE = 5  # this period and the four before: a year of change
TREND_PERIODS_IN_CHART = 20  # five years


def filename(county, period_end):
    return f"quarterly-report-{slugify(county.name)}-{period_end:%Y-%m-%d}.pdf"


def quarterly_document(run, county, period_end, counties=None):
    """(HTML, chart specs by name) of the report; the HTML refers to charts as image:NAME."""
    exact = frozenset({county.name})
    peers = comparisons.closest_in_population(county, counties or County.objects.all())
    links = pages.Links(public=False)
    profile = pages.county_profile(run, county, exact, links, peers, period_end)
    sections, specs = [], {}
    for measure, headline in zip(CATALOG, profile.table("profile").rows, strict=True):
        page = pages.Page(measure.name, run, period_end, [], peers=peers)
        rows = pages.measure_rows(page, measure, county, exact, peers, until=period_end)
        recent = sorted({r["period_end"] for r in rows})[-TREND_PERIODS_IN_CHART:]
        rows = [r for r in rows if r["period_end"] >= recent[0]] if recent else rows
        trend = pages.add_trend(page, measure, county, rows, last=TREND_PERIODS_IN_TABLE)
        specs[measure.id] = trend.chart
        sections.append({"measure": measure, "headline": headline, "trend": trend})
    html = render_to_string(
        "dashboard/report.html",
        {
            "county": county,
            "period_end": period_end,
            "as_of": run.as_of,
            "run": run,
            "peers": peers,
            "profile": profile.table("profile"),
            "sections": sections,
            "chart_periods": TREND_PERIODS_IN_CHART,
            "generated": timezone.localtime(),
            "font_regular": static_path(
                "vendor/uswds/fonts/source-sans-pro/sourcesanspro-regular-webfont.woff2"
            ),
            "font_bold": static_path(
                "vendor/uswds/fonts/source-sans-pro/sourcesanspro-bold-webfont.woff2"
            ),
        },
    )
    return html, specs


def quarterly_pdf(run, county, period_end: dt.date, counties=None) -> bytes:
    return rendering.render_pdf(*quarterly_document(run, county, period_end, counties))


def quarterly_pdfs(run, counties, period_end, workers=None):
    """Yield (county, PDF bytes) for each of `counties`, rendered in worker processes."""
    documents = (
        (county, *quarterly_document(run, county, period_end, counties)) for county in counties
    )
    workers = min(workers or os.cpu_count() or 1, len(counties))
    yield from rendering.render_all(documents, workers)
