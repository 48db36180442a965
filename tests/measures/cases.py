"""Hand-built case data for measure tests: the seven tables from Python rows, in memory.

cases = Cases()
child = cases.child(birth_date="2015-01-01")
cases.episode(child, "2022-01-10", "2022-06-01", "reunification")
cases.result("permanency_12m_entries", "2022-01-01", "2022-12-31")  # -> (1, 1)
"""

import datetime as dt
import itertools

import ibis
import pyarrow as pa

from opencqi.measures.catalog import measure_by_id
from opencqi.measures.engine import measure_results, periods_table
from opencqi.measures.inputs import CASE_TABLE_SCHEMAS, CaseTables
from opencqi.measures.periods import Period

COUNTY = "Alameda"


def day(value):
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def moment(value):
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(value)


def arrow_tables(rows):
    """Arrow tables, typed as the warehouse types them, from lists of row dicts."""
    return {
        name: pa.Table.from_pylist(rows[name], schema=ibis.schema(schema).to_pyarrow())
        for name, schema in CASE_TABLE_SCHEMAS.items()
    }


def duckdb_tables(rows, con=None):
    """The case tables in an in-memory DuckDB (or in `con`)."""
    con = con or ibis.duckdb.connect()
    for name, table in arrow_tables(rows).items():
        con.create_table(name, ibis.memtable(table))
    return CaseTables(**{name: con.table(name) for name in CASE_TABLE_SCHEMAS})


class Cases:
    def __init__(self):
        self.rows = {name: [] for name in CASE_TABLE_SCHEMAS}
        self.ids = itertools.count(1)

    def next_id(self, prefix):
        return f"{prefix}{next(self.ids):04d}"

    def child(self, birth_date="2015-06-15", sex="female", race_ethnicity="latino", child_id=None):
        child_id = child_id or self.next_id("c")
        self.rows["children"].append(
            dict(
                child_id=child_id,
                birth_date=day(birth_date),
                sex=sex,
                race_ethnicity=race_ethnicity,
            )
        )
        return child_id

    def episode(
        self,
        child_id,
        removal_date,
        exit_date=None,
        exit_reason=None,
        county=COUNTY,
        agency="child_welfare",
        episode_id=None,
    ):
        episode_id = episode_id or self.next_id("e")
        self.rows["episodes"].append(
            dict(
                episode_id=episode_id,
                child_id=child_id,
                county=county,
                removal_date=day(removal_date),
                exit_date=day(exit_date),
                exit_reason=exit_reason,
                agency=agency,
            )
        )
        return episode_id

    def placement(
        self,
        episode_id,
        start_date,
        end_date=None,
        setting="relative_foster_home",
        placement_id=None,
    ):
        placement_id = placement_id or self.next_id("p")
        self.rows["placements"].append(
            dict(
                placement_id=placement_id,
                episode_id=episode_id,
                start_date=day(start_date),
                end_date=day(end_date),
                setting=setting,
            )
        )
        return placement_id

    def report(
        self,
        child_id,
        report_date,
        disposition="substantiated",
        incident_date=None,
        county=COUNTY,
        report_id=None,
    ):
        report_id = report_id or self.next_id("r")
        self.rows["reports"].append(
            dict(
                report_id=report_id,
                child_id=child_id,
                county=county,
                report_date=day(report_date),
                disposition=disposition,
                incident_date=day(incident_date),
            )
        )
        return report_id

    def referral(
        self, received_at, first_contact_at=None, response_type="immediate", county=COUNTY
    ):
        referral_id = self.next_id("f")
        self.rows["referrals"].append(
            dict(
                referral_id=referral_id,
                county=county,
                received_at=moment(received_at),
                response_type=response_type,
                first_contact_at=moment(first_contact_at),
            )
        )
        return referral_id

    def visit(self, child_id, visit_date, in_person=True, in_placement=True, completed=True):
        self.rows["visits"].append(
            dict(
                child_id=child_id,
                visit_date=day(visit_date),
                in_person=in_person,
                in_placement=in_placement,
                completed=completed,
            )
        )

    def population(self, year, population, county=COUNTY):
        self.rows["population"].append(dict(county=county, year=year, population=population))

    def tables(self):
        return duckdb_tables(self.rows)

    def results(self, measure_id, period_start, period_end, profile="federal", provisional=False):
        """All result rows of one measure for one period, keyed by (county, stratum)."""
        period = Period(day(period_start), day(period_end), provisional)
        expr = measure_results(
            measure_by_id(measure_id), self.tables(), periods_table([period]), profile
        )
        return {(r["county"], r["stratum"]): r for r in expr.to_pyarrow().to_pylist()}

    def result(
        self, measure_id, period_start, period_end, county=COUNTY, stratum="all", profile="federal"
    ):
        """(numerator, denominator) of one cell; (0, 0) when the cell has no units."""
        row = self.results(measure_id, period_start, period_end, profile).get((county, stratum))
        return (row["numerator"], row["denominator"]) if row else (0, 0)
