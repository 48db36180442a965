"""Data-quality summary of the warehouse: missing values, date ranges, counts per year.

Read-only aggregates, for one county or statewide; no case-level row leaves this module.
"""

from dataclasses import dataclass, field
from pathlib import Path

from opencqi.casedata import warehouse
from opencqi.casedata.schemas import TABLES

# How each table reaches a county: its own county column, or through episodes.
COUNTY_SCOPE = {
    "children": "child_id IN (SELECT child_id FROM episodes WHERE county = $county"
    " UNION SELECT child_id FROM reports WHERE county = $county)",
    "placements": "episode_id IN (SELECT episode_id FROM episodes WHERE county = $county)",
    "visits": "child_id IN (SELECT child_id FROM episodes WHERE county = $county)",
}
# The date that places a row in a year, per table.
YEAR_COLUMN = {
    "episodes": "removal_date",
    "placements": "start_date",
    "reports": "report_date",
    "referrals": "received_at",
    "visits": "visit_date",
}


@dataclass
class ColumnQuality:
    table: str
    column: str
    missing: int
    rows: int
    first: object = None
    last: object = None

    @property
    def missing_percent(self):
        return 100 * self.missing / self.rows if self.rows else 0.0


@dataclass
class QualitySummary:
    county: str | None
    rows: dict[str, int] = field(default_factory=dict)
    columns: list[ColumnQuality] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    # table -> year -> rows dated in that year
    per_year: dict[str, dict[int, int]] = field(default_factory=dict)
    # county -> year -> episodes entering care (statewide summary only)
    entries_by_county: dict[str, dict[int, int]] = field(default_factory=dict)

    @property
    def per_year_rows(self):
        return [
            (f"{table} ({YEAR_COLUMN[table]})", [counts.get(y, 0) for y in self.years])
            for table, counts in self.per_year.items()
        ]

    @property
    def entries_by_county_rows(self):
        return [
            (county, [counts.get(y, 0) for y in self.years])
            for county, counts in self.entries_by_county.items()
        ]


def _where(table: str, county: str | None) -> str:
    if county is None:
        return ""
    if TABLES[table].county_column:
        return f"WHERE {TABLES[table].county_column} = $county"
    return f"WHERE {COUNTY_SCOPE[table]}"


def summarise(data_dir: str | Path, county: str | None = None) -> QualitySummary | None:
    """The summary for `county` (None: statewide), or None when no data is loaded yet."""
    if not warehouse.warehouse_path(data_dir).exists():
        return None
    params = {"county": county} if county else {}
    summary = QualitySummary(county=county)
    con = warehouse.connect(data_dir, read_only=True)
    try:
        for name, table in TABLES.items():
            where = _where(name, county)
            parts = ["count(*)"]
            for column in table.columns:
                parts.append(f"count(*) - count({column.name})")
                if column.kind in ("date", "timestamp"):
                    parts += [f"min({column.name})", f"max({column.name})"]
            values = list(
                con.execute(f"SELECT {', '.join(parts)} FROM {name} {where}", params).fetchone()
            )
            rows = values.pop(0)
            summary.rows[name] = rows
            for column in table.columns:
                quality = ColumnQuality(name, column.name, missing=values.pop(0), rows=rows)
                if column.kind in ("date", "timestamp"):
                    quality.first, quality.last = values.pop(0), values.pop(0)
                summary.columns.append(quality)
            if name in YEAR_COLUMN:
                summary.per_year[name] = dict(
                    con.execute(
                        f"SELECT year({YEAR_COLUMN[name]}) AS y, count(*) FROM {name} {where}"
                        " GROUP BY y ORDER BY y",
                        params,
                    ).fetchall()
                )
        summary.years = sorted({y for counts in summary.per_year.values() for y in counts})
        if county is None:
            for county_name, year, count in con.execute(
                "SELECT county, year(removal_date), count(*) FROM episodes GROUP BY ALL"
                " ORDER BY ALL"
            ).fetchall():
                summary.entries_by_county.setdefault(county_name, {})[year] = count
    finally:
        con.close()
    return summary
