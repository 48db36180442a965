"""The case tables the engine reads: names, column types, and the date that says when a row
happened.

These are the canonical tables of measures.md section 1 as the warehouse stores them. Extra
columns (batch_id, worker_id) are allowed and ignored.
"""

from dataclasses import dataclass

import ibis

CASE_TABLE_SCHEMAS = {
    "children": {
        "child_id": "string",
        "birth_date": "date",
        "sex": "string",
        "race_ethnicity": "string",
    },
    "episodes": {
        "episode_id": "string",
        "child_id": "string",
        "county": "string",
        "removal_date": "date",
        "exit_date": "date",
        "exit_reason": "string",
        "agency": "string",
    },
    "placements": {
        "placement_id": "string",
        "episode_id": "string",
        "start_date": "date",
        "end_date": "date",
        "setting": "string",
    },
    "reports": {
        "report_id": "string",
        "child_id": "string",
        "county": "string",
        "report_date": "date",
        "disposition": "string",
        "incident_date": "date",
    },
    "referrals": {
        "referral_id": "string",
        "county": "string",
        "received_at": "timestamp",
        "response_type": "string",
        "first_contact_at": "timestamp",
    },
    "visits": {
        "child_id": "string",
        "visit_date": "date",
        "in_person": "boolean",
        "in_placement": "boolean",
        "completed": "boolean",
    },
    "population": {
        "county": "string",
        "year": "int64",
        "population": "int64",
    },
}

# The column that dates a row; the earliest one decides where the data's coverage starts.
EVENT_DATE_COLUMNS = {
    "episodes": "removal_date",
    "reports": "report_date",
    "referrals": "received_at",
    "visits": "visit_date",
}


@dataclass(frozen=True)
class CaseTables:
    """The seven input tables as Ibis tables, on any backend."""

    children: ibis.Table
    episodes: ibis.Table
    placements: ibis.Table
    reports: ibis.Table
    referrals: ibis.Table
    visits: ibis.Table
    population: ibis.Table

    def __getitem__(self, name):
        return getattr(self, name)


def read_case_tables(con):
    """The case tables of an Ibis connection: the columns the engine reads, as typed above."""
    return CaseTables(
        **{
            name: con.table(name).select(*schema).cast(schema)
            for name, schema in CASE_TABLE_SCHEMAS.items()
        }
    )


def unbound_case_tables():
    """Case tables bound to no backend: used to compile a measure's SQL for the docs."""
    return CaseTables(
        **{name: ibis.table(schema, name=name) for name, schema in CASE_TABLE_SCHEMAS.items()}
    )
