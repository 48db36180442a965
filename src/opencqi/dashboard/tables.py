"""The tables of the measure pages, built from published rows. Plain values in, plain values out.

A table is what the page shows, what its chart describes and what its CSV and XLSX downloads
hold: each cell keeps the value (a number, a date, text, MASKED or None) and the text shown.
"""

from dataclasses import dataclass, field

from opencqi.casedata.schemas import AGENCY, RACE_ETHNICITY, SEX
from opencqi.measures.catalog import AGE_GROUPS, CALIFORNIA
from opencqi.measures.suppression import MASKED

from . import comparisons

MISSING_TEXT = "–"
MASKED_TEXT = str(MASKED)

DIMENSION_LABELS = {
    "age_group": "Age group",
    "sex": "Sex",
    "race_ethnicity": "Race/ethnicity",
    "agency": "Agency",
}
STRATUM_ORDER = {
    "age_group": [label for _, label in AGE_GROUPS],
    "sex": list(SEX),
    "race_ethnicity": list(RACE_ETHNICITY),
    "agency": list(AGENCY),
}
VALUE_LABELS = {
    "asian_pacific_islander": "Asian/Pacific Islander",
    "child_welfare": "Child welfare",
}

STATUS_TEXT = {
    comparisons.BETTER: "better than",
    comparisons.WORSE: "worse than",
    comparisons.SAME: "same as",
}


@dataclass(frozen=True)
class Column:
    label: str
    numeric: bool = False


@dataclass(frozen=True)
class Cell:
    value: object = None
    text: str = MISSING_TEXT
    status: str = ""
    href: str = ""
    note: str = ""  # read by screen readers after the text, e.g. the comparison


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    measures: tuple = ()
    notes: tuple[str, ...] = ()
    chart: dict | None = None  # the Vega-Lite spec of the chart this table holds the data of
    row_charts: list = field(default_factory=list)  # a small chart per row (sparklines)

    def __iter__(self):
        return iter(self.rows)

    @property
    def labelled_rows(self):
        """Rows as (column, cell) pairs, for templates."""
        return [list(zip(self.columns, row, strict=True)) for row in self.rows]

    @property
    def rows_with_charts(self):
        charts = self.row_charts or [None] * len(self.rows)
        return list(zip(self.labelled_rows, charts, strict=True))


# Formatting -----------------------------------------------------------------------------------


def decimals(measure):
    return 1 if measure.is_percent else 2


def value_text(measure, value):
    if value is MASKED:
        return MASKED_TEXT
    if value is None:
        return MISSING_TEXT
    return f"{value:,.{decimals(measure)}f}" + ("%" if measure.is_percent else "")


def count_text(count):
    if count is MASKED:
        return MASKED_TEXT
    return MISSING_TEXT if count is None else f"{count:,}"


def change_text(measure, change):
    if change is None:
        return MISSING_TEXT
    unit = " points" if measure.is_percent else ""
    return f"{change:+,.{decimals(measure)}f}{unit}"


def period_text(start, end):
    return f"{start:%b %Y} to {end:%b %Y}" if start else f"ending {end:%b %d, %Y}"


def value_cell(measure, value, reference=None, reference_name="", href=""):
    status = comparisons.compare(value, reference, measure.direction) if reference_name else ""
    note = f"{STATUS_TEXT[status]} {reference_name}" if status else ""
    return Cell(downloadable(value), value_text(measure, value), status, href, note)


def count_cell(count):
    return Cell(count, count_text(count))


def text_cell(text, href=""):
    return Cell(text, text or MISSING_TEXT, href=href)


def downloadable(value):
    """Values in downloads: unrounded, but without binary floating-point noise."""
    return round(value, 10) if isinstance(value, float) else value


def benchmark_text(measure):
    if measure.benchmark is None:
        return MISSING_TEXT
    return value_text(measure, measure.benchmark)


def stratum_label(stratum):
    if stratum == "all":
        return "All"
    value = stratum.split("=", 1)[1]
    return VALUE_LABELS.get(value, value.replace("_", " ").capitalize())


def strata_of(rows, dimension):
    """The rows of one dimension's strata, in the dimension's natural order."""
    order = STRATUM_ORDER.get(dimension, [])
    members = [r for r in rows if r["stratum"].startswith(f"{dimension}=")]

    def position(row):
        value = row["stratum"].split("=", 1)[1]
        return (order.index(value) if value in order else len(order), value)

    return sorted(members, key=position)


# Tables ---------------------------------------------------------------------------------------


def overview_table(measures, rows, places, href, key="overview", title="Every county"):
    """Measures x places for one period: California first, then `places` (county objects with
    name, region, child_population). `href(measure_id, place_name)` links each cell."""
    values = {(r["measure_id"], r["county"]): r["value"] for r in rows}
    provisional = {r["measure_id"] for r in rows if r["provisional"]}
    columns = [Column("County"), Column("Region"), Column("Children 0-17", numeric=True)]
    for measure in measures:
        marker = " (provisional)" if measure.id in provisional else ""
        columns.append(Column(f"{measure.code} {measure.name}{marker}", numeric=True))
    table = Table(
        key,
        title,
        columns,
        measures=tuple(measures),
        notes=(comparison_note(measures),),
    )
    for name, region, children in [(CALIFORNIA, "", None)] + [
        (p.name, p.region, p.child_population) for p in places
    ]:
        row = [text_cell(name), text_cell(region), count_cell(children)]
        for measure in measures:
            row.append(
                value_cell(
                    measure,
                    values.get((measure.id, name)),
                    measure.benchmark,
                    measure.benchmark_kind or "",
                    href(measure.id, name),
                )
            )
        table.rows.append(row)
    return table


def comparison_note(measures):
    kinds = sorted({m.benchmark_kind for m in measures if m.benchmark_kind})
    return (
        f"Colours compare each figure with the {' or '.join(kinds)}, taking into account "
        "whether a higher or a lower value is better. Measures without one are not coloured."
    )


def ranking_table(measure, rows, places, href):
    """One measure across the counties at one period, best first (by value where the
    measure has no direction); masked and missing values last."""
    by_place = {r["county"]: r for r in rows if r["measure_id"] == measure.id}
    table = Table(
        "ranking",
        f"{measure.code} {measure.name}: every county",
        [
            Column("County"),
            Column("Numerator", numeric=True),
            Column("Denominator", numeric=True),
            Column("Value", numeric=True),
        ],
        measures=(measure,),
    )
    descending = measure.direction != "lower"

    def order(place):
        value = by_place.get(place.name, {}).get("value")
        if not comparisons.is_figure(value):
            return (1, 0, place.name)
        return (0, -value if descending else value, place.name)

    for place in [None, *sorted(places, key=order)]:
        name = place.name if place else CALIFORNIA
        row = by_place.get(name, {})
        table.rows.append(
            [
                text_cell(name, href(measure.id, name)),
                count_cell(row.get("numerator")),
                count_cell(row.get("denominator")),
                value_cell(
                    measure, row.get("value"), measure.benchmark, measure.benchmark_kind or ""
                ),
            ]
        )
    return table


def profile_table(measures, place, series, california, peers, period_end, href):
    """One row per measure for `place` at `period_end`.

    `series[measure_id]`: the place's rows of the measure over all periods; `california` and
    `peers` map measure_id to California's value and the peers' values at `period_end`.
    """
    table = Table(
        "profile",
        f"{place}: every measure for the period ending {period_end:%b %d, %Y}",
        [
            Column("Measure"),
            Column("Period"),
            Column(place, numeric=True),
            Column("Change over a year", numeric=True),
            Column("California", numeric=True),
            Column("Peer median", numeric=True),
            Column("National performance or standard", numeric=True),
            Column("Numerator", numeric=True),
            Column("Denominator", numeric=True),
        ],
        measures=tuple(measures),
        notes=(
            "Change over a year compares with the period ending a year earlier.",
            "Peer median: the median of the peer counties' figures shown; masked figures are "
            "left out.",
        ),
    )
    for measure in measures:
        rows = {r["period_end"]: r for r in series.get(measure.id, [])}
        row = rows.get(period_end, {})
        value = row.get("value")
        change = comparisons.change_over_year(
            {end: r["value"] for end, r in rows.items()}, period_end
        )
        period = period_text(row.get("period_start"), period_end)
        if row.get("provisional"):
            period += " (provisional)"
        table.rows.append(
            [
                text_cell(f"{measure.code} {measure.name}", href(measure.id)),
                text_cell(period),
                value_cell(measure, value, measure.benchmark, measure.benchmark_kind or ""),
                Cell(downloadable(change), change_text(measure, change)),
                value_cell(measure, california.get(measure.id)),
                value_cell(measure, comparisons.peer_median(peers.get(measure.id, []))),
                Cell(measure.benchmark, benchmark_text(measure)),
                count_cell(row.get("numerator")),
                count_cell(row.get("denominator")),
            ]
        )
    return table


def trend_table(measure, place, series, california, peer_values):
    """One row per period: the place's counts and value, California, the peer median and the
    benchmark. `series`: the place's rows; `california`: period_end -> value; `peer_values`:
    period_end -> the peers' values."""
    columns = [
        Column("Period"),
        Column("Final or provisional"),
        Column("Numerator", numeric=True),
        Column("Denominator", numeric=True),
        Column(place, numeric=True),
    ]
    if place != CALIFORNIA:
        columns += [Column("California", numeric=True), Column("Peer median", numeric=True)]
    columns.append(
        Column((measure.benchmark_kind or "national performance").capitalize(), numeric=True)
    )
    table = Table(
        "trend",
        f"{measure.name}: {place} by period",
        columns,
        measures=(measure,),
        notes=(f"Numerator: {measure.numerator}.", f"Denominator: {measure.denominator}."),
    )
    for row in sorted(series, key=lambda r: r["period_end"]):
        end = row["period_end"]
        cells = [
            text_cell(period_text(row["period_start"], end)),
            text_cell("provisional" if row["provisional"] else "final"),
            count_cell(row["numerator"]),
            count_cell(row["denominator"]),
            value_cell(measure, row["value"]),
        ]
        if place != CALIFORNIA:
            cells += [
                value_cell(measure, california.get(end)),
                value_cell(measure, comparisons.peer_median(peer_values.get(end, []))),
            ]
        cells.append(Cell(measure.benchmark, benchmark_text(measure)))
        table.rows.append(cells)
    return table


def series_table(measures, place, series):
    """Every measure's value by period for one place: the data of the profile's sparklines."""
    table = Table(
        "trend",
        f"{place}: every measure by period",
        [Column("Period ending")] + [Column(f"{m.code} {m.name}", numeric=True) for m in measures],
        measures=tuple(measures),
        notes=("(provisional): the follow-up of that period is not over yet.",),
    )
    by_period = {}
    for measure in measures:
        for row in series.get(measure.id, []):
            by_period.setdefault(row["period_end"], {})[measure.id] = row
    for end in sorted(by_period):
        cells = [Cell(end, f"{end:%b %d, %Y}")]
        for measure in measures:
            row = by_period[end].get(measure.id, {})
            cell = value_cell(measure, row.get("value"))
            if row.get("provisional"):
                cell = Cell(cell.value, f"{cell.text} (provisional)")
            cells.append(cell)
        table.rows.append(cells)
    return table


def breakdown_table(measure, place, dimension, rows, period_end):
    """The place's strata of one dimension at one period, after the total."""
    label = DIMENSION_LABELS[dimension]
    table = Table(
        dimension,
        f"{measure.name}: {place} by {label.lower()}, period ending {period_end:%b %d, %Y}",
        [
            Column(label),
            Column("Numerator", numeric=True),
            Column("Denominator", numeric=True),
            Column("Value", numeric=True),
        ],
        measures=(measure,),
    )
    total = [r for r in rows if r["stratum"] == "all"]
    for row in total + strata_of(rows, dimension):
        table.rows.append(
            [
                text_cell(stratum_label(row["stratum"])),
                count_cell(row["numerator"]),
                count_cell(row["denominator"]),
                value_cell(measure, row["value"]),
            ]
        )
    return table


def peers_table(measure, rows, period_end, href):
    """The place and its peers at one period: value, numerator, denominator."""
    table = Table(
        "peers",
        f"{measure.name}: peer counties, period ending {period_end:%b %d, %Y}",
        [
            Column("County"),
            Column("Children 0-17", numeric=True),
            Column("Numerator", numeric=True),
            Column("Denominator", numeric=True),
            Column("Value", numeric=True),
        ],
        measures=(measure,),
    )
    for place, row in rows:
        table.rows.append(
            [
                text_cell(place.name, href(place)),
                count_cell(place.child_population),
                count_cell(row.get("numerator")),
                count_cell(row.get("denominator")),
                value_cell(measure, row.get("value")),
            ]
        )
    return table
