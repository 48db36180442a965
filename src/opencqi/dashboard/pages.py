"""What each measure page shows, built once for the page, its downloads and the report.

A page reads the run's rows for the places it shows, publishes them for the reader
(`publication.publish`), and builds its tables and charts from the published rows only.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse

from opencqi.counties.models import County
from opencqi.measures.catalog import CALIFORNIA, CATALOG, SAME_COUNT

from . import charts, comparisons, publication, results, tables

CALIFORNIA_CODE = "CA"


@dataclass
class Page:
    title: str
    run: object
    period_end: dt.date | None
    period_ends: list
    tables: list = field(default_factory=list)
    peers: list = field(default_factory=list)
    exact_places: set = field(default_factory=set)  # places shown exactly
    published_places: set = field(default_factory=set)  # places shown as published

    @property
    def as_of(self):
        return self.run.as_of if self.run else None

    @property
    def period_choices(self):
        """(YYYY-MM-DD, label) of every period end, latest first, for the period select."""
        return [(f"{end:%Y-%m-%d}", f"{end:%b %d, %Y}") for end in reversed(self.period_ends)]

    @property
    def period_value(self):
        return f"{self.period_end:%Y-%m-%d}" if self.period_end else ""

    def table(self, key):
        return next((t for t in self.tables if t.key == key), None)


class Links:
    """URLs of the signed-in pages, or of the public ones, keeping the reader's `query`."""

    def __init__(self, public, query=""):
        self.prefix = "public_" if public else "dashboard_"
        self.query = f"?{query}" if query else ""

    def measure(self, measure_id, code):
        return reverse(f"{self.prefix}measure", args=[code, measure_id]) + self.query


def place_name(place):
    return CALIFORNIA if place is None else place.name


def choose_period(run, wanted, measure_id=None):
    """(the period end to show, every period end with results): `wanted` if it has results,
    else the latest."""
    ends = results.period_ends(run, measure_id) if run else []
    if wanted in ends:
        return wanted, ends
    return (ends[-1] if ends else None), ends


def publish(page, rows, exact):
    """The rows as the reader may see them; notes on the page which places are exact."""
    places = {row["county"] for row in rows}
    page.exact_places |= places & exact
    page.published_places |= places - exact
    if places <= exact:
        return rows
    return publication.publish(rows, exact, results.statewide_masks(page.run))


def peers_for(county, codes):
    """The peer counties named by `codes`, or the closest in child population."""
    counties = list(County.objects.all())
    chosen = [c for c in counties if c.code in codes and c.code != county.code]
    return chosen or comparisons.closest_in_population(county, counties)


# The pages -----------------------------------------------------------------------------------


def overview(run, exact, links, period_end=None, region="", size="", measure=CATALOG[0]):
    period_end, ends = choose_period(run, period_end)
    counties = list(County.objects.order_by("name"))
    page = Page("State overview", run, period_end, ends)
    if period_end is None:
        return page
    rows = results.fetch(run, places=[None, *counties], period_end=period_end)
    rows = publish(page, rows, exact)
    shown = [
        c
        for c in counties
        if region in ("", c.region) and size in ("", comparisons.size_band(c.child_population))
    ]
    codes = {c.name: c.code for c in counties} | {CALIFORNIA: CALIFORNIA_CODE}
    page.tables.append(
        tables.overview_table(
            CATALOG,
            rows,
            shown,
            lambda m, name: links.measure(m, codes[name]),
            title=f"Every county, period ending {period_end:%b %d, %Y}",
        )
    )
    ranking = tables.ranking_table(
        measure, rows, shown, lambda m, name: links.measure(m, codes[name])
    )
    ranking.chart = charts.ranking_chart(
        measure, [{"label": r[0].text, "value": r[3].value, "text": r[3].text} for r in ranking]
    )
    page.tables.append(ranking)
    return page


def county_profile(run, county, exact, links, peers, period_end=None):
    period_end, ends = choose_period(run, period_end)
    page = Page(f"{county.name} County", run, period_end, ends, peers=peers)
    if period_end is None:
        return page
    series_rows = results.fetch(run, places=[county])
    others = results.fetch(run, places=[None, *peers], period_end=period_end)
    rows = publish(page, series_rows + others, exact)
    series_rows, others = rows[: len(series_rows)], rows[len(series_rows) :]
    series = group_by(series_rows, "measure_id")
    california = {r["measure_id"]: r["value"] for r in others if r["county"] == CALIFORNIA}
    peer_values = {}
    for row in others:
        if row["county"] != CALIFORNIA:
            peer_values.setdefault(row["measure_id"], []).append(row["value"])
    page.tables.append(
        tables.profile_table(
            CATALOG,
            county.name,
            series,
            california,
            peer_values,
            period_end,
            lambda m: links.measure(m, county.code),
        )
    )
    current = [r for r in series_rows if r["period_end"] == period_end]
    codes = {c.name: c.code for c in [county, *peers]} | {CALIFORNIA: CALIFORNIA_CODE}
    page.tables.append(
        tables.overview_table(
            CATALOG,
            current + others,
            [county, *peers],
            lambda m, name: links.measure(m, codes[name]),
            key="peers",
            title=f"{county.name} County and its peer counties",
        )
    )
    page.tables[0].row_charts = [
        charts.sparkline(
            measure,
            county.name,
            [
                {"period_end": r["period_end"].isoformat(), "value": r["value"]}
                for r in sorted(series.get(measure.id, []), key=lambda r: r["period_end"])
            ],
        )
        for measure in CATALOG
    ]
    page.tables.append(tables.series_table(CATALOG, county.name, series))
    return page


def measure_detail(run, measure, place, exact, links, peers, period_end=None):
    period_end, ends = choose_period(run, period_end, measure.id)
    name = place_name(place)
    page = Page(f"{measure.name}: {name}", run, period_end, ends, peers=peers)
    if period_end is None:
        return page
    rows = measure_rows(page, measure, place, exact, peers, with_strata=True)
    add_trend(page, measure, place, rows)
    current = [r for r in rows if r["county"] == name and r["period_end"] == period_end]
    for dimension in measure.strata:
        table = tables.breakdown_table(measure, name, dimension, current, period_end)
        page.tables.append(table)
        table.chart = charts.breakdown_chart(
            measure,
            name,
            tables.DIMENSION_LABELS[dimension],
            [{"label": row[0].text, "value": row[3].value, "text": row[3].text} for row in table],
        )
    if place is not None:
        at_period = {
            r["county"]: r for r in rows if r["period_end"] == period_end and r["stratum"] == "all"
        }
        page.tables.append(
            tables.peers_table(
                measure,
                [(p, at_period.get(p.name, {})) for p in [place, *peers]],
                period_end,
                lambda p: links.measure(measure.id, p.code),
            )
        )
    return page


def measure_rows(page, measure, place, exact, peers, with_strata=False, until=None):
    """Published rows of one measure: the place, California and the peers over the periods
    (up to `until`), and the place's strata at the page's period when `with_strata`.

    Measures that publish the same count (catalog.SAME_COUNT) are published together, so that
    count is masked alike on both measures' pages."""
    measure_ids = [measure.id, *same_count_partners(measure.id)]
    rows = results.fetch(page.run, places=[place, None, *peers], measure_ids=measure_ids)
    if until:
        rows = [r for r in rows if r["period_end"] <= until]
    if with_strata:
        strata = results.fetch(
            page.run,
            places=[place],
            measure_ids=measure_ids,
            period_end=page.period_end,
            strata=None,
        )
        rows += [r for r in strata if r["stratum"] != "all"]
    return [r for r in publish(page, rows, exact) if r["measure_id"] == measure.id]


def same_count_partners(measure_id):
    pairs = [(a[0], b[0]) for a, b in SAME_COUNT]
    return [b for a, b in pairs if a == measure_id] + [a for a, b in pairs if b == measure_id]


def add_trend(page, measure, place, rows, last=None):
    """The trend table (its `last` periods only, if given) and chart of one measure."""
    name = place_name(place)
    by_place = group_by([r for r in rows if r["stratum"] == "all"], "county")
    series = sorted(by_place.get(name, []), key=lambda r: r["period_end"])
    california = {r["period_end"]: r["value"] for r in by_place.get(CALIFORNIA, [])}
    peer_values = {}
    for peer in page.peers:
        for row in by_place.get(peer.name, []):
            peer_values.setdefault(row["period_end"], []).append(row["value"])
    trend = tables.trend_table(
        measure, name, series[-last:] if last else series, california, peer_values
    )
    trend.chart = trend_chart(measure, name, series, california, peer_values)
    page.tables.append(trend)
    return trend


def trend_chart(measure, name, series, california, peer_values):
    points = []
    benchmark = measure.benchmark_kind.capitalize() if measure.benchmark_kind else None
    for row in sorted(series, key=lambda r: r["period_end"]):
        end = row["period_end"]
        iso = end.isoformat()
        status = "provisional" if row["provisional"] else "final"
        points.append(point(iso, name, row["value"], status))
        if name != CALIFORNIA:
            points.append(point(iso, CALIFORNIA, california.get(end), status))
            median = comparisons.peer_median(peer_values.get(end, []))
            points.append(point(iso, charts.PEER_MEDIAN, median, status))
        if benchmark:
            points.append(point(iso, benchmark, measure.benchmark, None))
    names = [name] + ([CALIFORNIA, charts.PEER_MEDIAN] if name != CALIFORNIA else [])
    return charts.trend_chart(measure, name, points, names + ([benchmark] if benchmark else []))


def point(period_end, series, value, period):
    return {"period_end": period_end, "series": series, "value": value, "period": period}


def group_by(rows, key):
    groups = {}
    for row in rows:
        groups.setdefault(row[key], []).append(row)
    return groups
