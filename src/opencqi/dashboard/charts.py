"""Vega-Lite chart specs of the measure pages, built with Altair; SVG for documents.

Every chart is drawn from the same published rows as the table beside it, so a masked figure
is absent from the chart's data too (a gap). A series keeps its colour on every chart: the
place in blue, California in grey, the peer median in orange, the national performance or
standard dashed in green (all at least 3:1 against white).

Altair builds each kind of chart once per shape (measure, series, size) with a named, empty
dataset; a page then only copies that skeleton and puts its rows in `datasets`. Building with
Altair costs tens of milliseconds, copying a skeleton well under one.
"""

import copy
from functools import lru_cache

import altair as alt
import vl_convert

from opencqi.measures.catalog import CALIFORNIA, measure_by_id
from opencqi.measures.suppression import MASKED

PLACE_COLOUR = "#005ea2"
CALIFORNIA_COLOUR = "#565c65"
PEERS_COLOUR = "#c05600"
BENCHMARK_COLOUR = "#008817"
SOLID = [1, 0]
DASHED = [6, 4]
FONT = "Source Sans Pro, Helvetica, Arial, sans-serif"
DATA = "rows"
PEER_MEDIAN = "Peer median"

CONFIG = {
    "font": FONT,
    # Screen readers get the chart's description and the data table, not every mark.
    "mark": {"aria": False},
    "view": {"stroke": None},
    "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#1b1b1b"},
    "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
}


def chart_value(value):
    """A value as chart data: masked and missing values are gaps."""
    return None if value is MASKED else value


def skeleton(chart):
    """The spec of `chart` (built on the named, empty dataset DATA), with the house config."""
    spec = chart.to_dict(validate=False)
    spec["config"] = CONFIG
    return spec


def with_rows(spec, rows, description):
    """A copy of the skeleton `spec` holding `rows` (masked values as gaps)."""
    spec = copy.deepcopy(spec)
    spec["datasets"] = {DATA: [{**row, "value": chart_value(row["value"])} for row in rows]}
    spec["description"] = description
    return spec


def value_scale(measure):
    """Percents on 0-100; other units from zero to the largest value."""
    return alt.Scale(domain=[0, 100]) if measure.is_percent else alt.Scale(zero=True)


# Trend -----------------------------------------------------------------------------------------


def trend_chart(measure, place, points, series_names):
    """Lines over periods, provisional periods marked with triangles. `points`: dicts
    period_end (ISO), series, value, period ("final" or "provisional"; None for the benchmark,
    drawn dashed); `series_names`: the series in legend order: the place, California, the peer
    median, the benchmark."""
    first, last = (points[0]["period_end"], points[-1]["period_end"]) if points else ("", "")
    return with_rows(
        trend_skeleton(measure.id, tuple(series_names)),
        points,
        f"Line chart of {measure.name} for {', '.join(series_names)}, periods ending "
        f"{first} to {last}. The table below holds the same figures.",
    )


def series_style(index, name):
    """(colour, dash) of a trend series: the place first, then California, the peer median,
    the benchmark."""
    if index == 0:
        return PLACE_COLOUR, SOLID
    if name == CALIFORNIA:
        return CALIFORNIA_COLOUR, SOLID
    if name == PEER_MEDIAN:
        return PEERS_COLOUR, SOLID
    return BENCHMARK_COLOUR, DASHED


@lru_cache(maxsize=1024)
def trend_skeleton(measure_id, series_names):
    measure = measure_by_id(measure_id)
    names = list(series_names)
    colours, dashes = zip(*(series_style(i, name) for i, name in enumerate(names)), strict=True)
    base = alt.Chart(alt.Data(name=DATA)).encode(
        x=alt.X("period_end:T", title="Period ending", axis=alt.Axis(format="%b %Y", grid=False)),
        y=alt.Y("value:Q", title=measure.unit, scale=alt.Scale(zero=False)),
        color=alt.Color(
            "series:N",
            title=None,
            scale=alt.Scale(domain=names, range=list(colours)),
            sort=names,
            legend=alt.Legend(symbolType="stroke"),
        ),
        tooltip=[
            alt.Tooltip("series:N", title="Series"),
            alt.Tooltip("period_end:T", title="Period ending", format="%b %d, %Y"),
            alt.Tooltip("value:Q", title=measure.unit, format=",.2f"),
            alt.Tooltip("period:N", title="Final or provisional"),
        ],
    )
    lines = base.mark_line(strokeWidth=2).encode(
        strokeDash=alt.StrokeDash(
            "series:N",
            title=None,
            scale=alt.Scale(domain=names, range=list(dashes)),
            sort=names,
        )
    )
    provisional = (
        base.mark_point(size=50, filled=True, shape="triangle-up")
        .encode(
            shape=alt.Shape(
                "period:N",
                title=None,
                scale=alt.Scale(domain=["provisional"], range=["triangle-up"]),
                legend=alt.Legend(labelExpr="'provisional period'"),
            )
        )
        .transform_filter(alt.datum.period == "provisional")
    )
    return skeleton(alt.layer(lines, provisional).properties(width="container", height=280))


# Breakdown -------------------------------------------------------------------------------------


def breakdown_chart(measure, place, dimension_label, bars):
    """Horizontal bars of one dimension's strata. `bars`: dicts label, value, text (the value
    as shown, "masked" for a masked one); the total ("All") as a dashed rule."""
    order = tuple(b["label"] for b in bars)
    return with_rows(
        breakdown_skeleton(measure.id, dimension_label, order),
        bars,
        f"Bar chart of {measure.name} for {place} by {dimension_label.lower()}; the dashed "
        "line is the total. The table beside it holds the same figures.",
    )


@lru_cache(maxsize=256)
def breakdown_skeleton(measure_id, dimension_label, order):
    measure = measure_by_id(measure_id)
    strata = alt.Chart(alt.Data(name=DATA)).transform_filter(alt.datum.label != "All")
    y = alt.Y("label:N", title=dimension_label, sort=list(order))
    x = alt.X("value:Q", title=measure.unit, scale=value_scale(measure))
    bar = strata.mark_bar(color=PLACE_COLOUR).encode(
        y=y, x=x, tooltip=[alt.Tooltip("label:N", title=dimension_label), "text:N"]
    )
    labels = (
        strata.transform_calculate(value="isValid(datum.value) ? datum.value : 0")
        .mark_text(align="left", dx=4, color="#1b1b1b")
        .encode(y=y, x=x, text="text:N")
    )
    total = (
        alt.Chart(alt.Data(name=DATA))
        .transform_filter(alt.datum.label == "All")
        .mark_rule(color=CALIFORNIA_COLOUR, strokeDash=DASHED, strokeWidth=2)
        .encode(x="value:Q", tooltip=[alt.Tooltip("text:N", title="All")])
    )
    height = 28 * max(1, len(order) - 1)
    return skeleton(alt.layer(bar, labels, total).properties(width="container", height=height))


# Counties --------------------------------------------------------------------------------------


def ranking_chart(measure, bars):
    """Horizontal bars of the counties' values in the table's order; California and the
    benchmark as rules. `bars`: dicts label, value, text; California's is first."""
    california, counties = bars[0], bars[1:]
    spec = with_rows(
        ranking_skeleton(measure.id, tuple(b["label"] for b in counties)),
        counties,
        f"Bar chart of {measure.name} for every county, best first, with California"
        f"{' and the ' + measure.benchmark_kind if measure.benchmark_kind else ''} as lines. "
        "The table below holds the same figures.",
    )
    rules = [{"label": CALIFORNIA, "value": chart_value(california["value"])}]
    if measure.benchmark is not None:
        rules.append({"label": measure.benchmark_kind.capitalize(), "value": measure.benchmark})
    spec["datasets"]["reference"] = rules
    return spec


@lru_cache(maxsize=256)
def ranking_skeleton(measure_id, order):
    measure = measure_by_id(measure_id)
    bar = (
        alt.Chart(alt.Data(name=DATA))
        .mark_bar(color=PLACE_COLOUR)
        .encode(
            y=alt.Y("label:N", title=None, sort=list(order)),
            x=alt.X("value:Q", title=measure.unit, scale=value_scale(measure)),
            tooltip=[alt.Tooltip("label:N", title="County"), alt.Tooltip("text:N", title="Value")],
        )
    )
    labels = [CALIFORNIA] + ([measure.benchmark_kind.capitalize()] if measure.benchmark else [])
    reference = (
        alt.Chart(alt.Data(name="reference"))
        .mark_rule(strokeWidth=2)
        .encode(
            x="value:Q",
            color=alt.Color(
                "label:N",
                title=None,
                scale=alt.Scale(
                    domain=labels, range=[CALIFORNIA_COLOUR, BENCHMARK_COLOUR][: len(labels)]
                ),
                legend=alt.Legend(symbolType="stroke"),
            ),
            strokeDash=alt.StrokeDash(
                "label:N",
                scale=alt.Scale(domain=labels, range=[SOLID, DASHED][: len(labels)]),
                legend=None,
            ),
        )
    )
    height = 14 * max(1, len(order))
    return skeleton(alt.layer(bar, reference).properties(width="container", height=height))


# Sparkline -------------------------------------------------------------------------------------


def sparkline(measure, place, points):
    """A small trend line without axes. `points`: dicts period_end (ISO), value."""
    return with_rows(
        sparkline_skeleton(),
        points,
        f"Trend of {measure.name} for {place} over {len(points)} periods.",
    )


@lru_cache(maxsize=1)
def sparkline_skeleton():
    line = alt.Chart(alt.Data(name=DATA)).mark_line(color=PLACE_COLOUR, strokeWidth=1.5)
    line = line.encode(
        x=alt.X("period_end:T", axis=None),
        y=alt.Y("value:Q", axis=None, scale=alt.Scale(zero=False)),
    )
    last = line.mark_point(color=PLACE_COLOUR, filled=True, size=18).transform_window(
        rank="rank()", sort=[alt.SortField("period_end", order="descending")]
    )
    last = last.transform_filter(alt.datum.rank == 1)
    spec = skeleton(alt.layer(line, last).properties(width=120, height=28))
    spec["padding"] = 2
    return spec


def svg(spec, width=600) -> str:
    """The chart drawn as SVG, for documents (which have no container to fit)."""
    if spec.get("width") == "container":
        spec = {**spec, "width": width}
    return vl_convert.vegalite_to_svg(spec)
