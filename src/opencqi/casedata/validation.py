"""Checking staged tables against the schemas, in SQL, so that millions of rows stay fast and
memory stays bounded.

Two passes: first every text value against its column (required, format, code, county, after
as_of, unique); then the typed tables against the declared rules (orphans, overlaps, dates in
order). Each check is a query returning `_row` and `value`; a long run of one check in one file
is cut to PROBLEMS_LISTED rows and a summary line with the count.
"""

import re
from collections.abc import Iterable
from datetime import date

import duckdb

from opencqi.casedata.report import Problem
from opencqi.casedata.schemas import TABLES, Column, Rule, Table
from opencqi.casedata.staging import raw_table
from opencqi.counties.registry import all_counties

PROBLEMS_LISTED = 100
DATE_PATTERN = r"\d{4}-\d{2}-\d{2}"
TIMESTAMP_PATTERN = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?"
TRUE, FALSE = ("true", "1"), ("false", "0")


def prepare(con: duckdb.DuckDBPyConnection, as_of: date | None, county: str | None) -> None:
    """Give the checks the extract date, the uploader's county and the county lookup."""
    as_of_sql = f"DATE '{as_of.isoformat()}'" if as_of else "CAST(NULL AS DATE)"
    county_sql = _literal(county) if county else "CAST(NULL AS VARCHAR)"
    con.execute(f"CREATE OR REPLACE MACRO as_of() AS {as_of_sql}")
    con.execute(f"CREATE OR REPLACE MACRO uploader() AS {county_sql}")
    con.execute("CREATE OR REPLACE TABLE county_keys (key VARCHAR, name VARCHAR)")
    keys = [(c.code, c.name) for c in all_counties()]
    keys += [(c.name.lower(), c.name) for c in all_counties()]
    con.executemany("INSERT INTO county_keys VALUES (?, ?)", keys)


def check_values(con, table: Table, file: str) -> list[Problem]:
    """Check every text value of `raw_<table>`, then build the typed table `<table>`."""
    source = raw_table(table.name)
    problems = []
    for column in table.columns:
        for rule, query in value_checks(column, source):
            problems += run_check(con, query, file, column.name, rule)
    con.execute(f"CREATE OR REPLACE TABLE {table.name} AS {typed_select(table, source)}")
    con.execute(f"DROP TABLE {source}")
    if table.unique_together:
        # On typed values, so that "10" and "Fresno" are the same county.
        problems += run_check(
            con,
            _duplicates_query(table.name, table.unique_together, row="_row"),
            file,
            ", ".join(table.unique_together),
            f"more than one row for the same {' and '.join(table.unique_together)}",
        )
    return problems


def check_rules(con, table: Table, file: str, staged: Iterable[str]) -> list[Problem]:
    """Check the declared rules whose tables were all staged."""
    problems = []
    for rule in table.rules:
        if referenced_tables(rule) <= set(staged):
            problems += run_check(con, rule.violations, file, rule.column, rule.text)
    return problems


def value_checks(column: Column, source: str) -> list[tuple[str, str]]:
    """(rule text, query) for each check of one column's text values."""
    c = f'"{column.name}"'

    def rows(condition: str) -> str:
        """Rows with a value that meets `condition`; missing values are the required check's."""
        return (
            f"SELECT rowid + 2 AS _row, {c} AS value FROM {source}"
            f" WHERE {c} IS NOT NULL AND ({condition})"
        )

    checks = []
    if column.required:
        checks.append(
            (
                f"{column.name} is required",
                f"SELECT rowid + 2 AS _row, NULL AS value FROM {source} WHERE {c} IS NULL",
            )
        )
    match column.kind:
        case "code":
            codes = ", ".join(_literal(code) for code in column.codes)
            checks.append(
                (f"is not one of: {', '.join(column.codes)}", rows(f"{c} NOT IN ({codes})"))
            )
        case "county":
            checks.append(
                (
                    "is not a California county name or 2-digit code",
                    rows(f"lower({c}) NOT IN (SELECT key FROM county_keys)"),
                )
            )
            checks.append(
                (
                    "is not the uploading county",
                    rows(f"(SELECT name FROM county_keys WHERE key = lower({c})) <> uploader()"),
                )
            )
        case "date":
            checks.append(
                (
                    "is not a date written YYYY-MM-DD",
                    rows(
                        f"NOT regexp_full_match({c}, '{DATE_PATTERN}')"
                        f" OR TRY_CAST({c} AS DATE) IS NULL"
                    ),
                )
            )
            checks.append(
                ("is after the extract date (as_of)", rows(f"TRY_CAST({c} AS DATE) > as_of()"))
            )
        case "timestamp":
            checks.append(
                (
                    "is not a date and time written YYYY-MM-DD HH:MM[:SS]",
                    rows(
                        f"NOT regexp_full_match({c}, '{TIMESTAMP_PATTERN}')"
                        f" OR TRY_CAST({c} AS TIMESTAMP) IS NULL"
                    ),
                )
            )
            checks.append(
                (
                    "is after the extract date (as_of)",
                    rows(f"TRY_CAST({c} AS TIMESTAMP) >= as_of() + INTERVAL 1 DAY"),
                )
            )
        case "boolean":
            accepted = ", ".join(_literal(v) for v in TRUE + FALSE)
            checks.append(("is not true or false", rows(f"lower({c}) NOT IN ({accepted})")))
        case "integer":
            checks.append(
                (
                    "is not a whole number",
                    rows(
                        f"NOT regexp_full_match({c}, '-?\\d+') OR TRY_CAST({c} AS INTEGER) IS NULL"
                    ),
                )
            )
    if column.unique:
        checks.append((f"{column.name} is not unique", _duplicates_query(source, (column.name,))))
    return checks


def typed_select(table: Table, source: str) -> str:
    """The typed table: each column cast to its warehouse type, county as the official name."""
    parts = ["rowid + 2 AS _row"]
    for column in table.columns:
        c = f'"{column.name}"'
        match column.kind:
            case "date" | "timestamp" | "integer":
                expression = f"TRY_CAST({c} AS {column.sql_type})"
            case "boolean":
                true, false = (", ".join(_literal(v) for v in values) for values in (TRUE, FALSE))
                expression = (
                    f"CASE WHEN lower({c}) IN ({true}) THEN true"
                    f" WHEN lower({c}) IN ({false}) THEN false END"
                )
            case "county":
                expression = f"(SELECT name FROM county_keys WHERE key = lower({c}))"
            case _:
                expression = c
        parts.append(f"{expression} AS {c}")
    return f"SELECT {', '.join(parts)} FROM {source}"


def run_check(con, query: str, file: str, column: str, rule: str) -> list[Problem]:
    rows = con.execute(
        f"SELECT _row, CAST(value AS VARCHAR), count(*) OVER () FROM ({query})"
        f" ORDER BY _row LIMIT {PROBLEMS_LISTED}"
    ).fetchall()
    problems = [Problem(file, rule, row, column, value) for row, value, _ in rows]
    total = rows[0][2] if rows else 0
    if total > PROBLEMS_LISTED:
        more = total - PROBLEMS_LISTED
        problems.append(Problem(file, f"{rule} (and {more:,} more rows not listed)", None, column))
    return problems


def referenced_tables(rule: Rule) -> set[str]:
    words = set(re.findall(r"\w+", rule.violations))
    return {name for name in TABLES if name in words}


def _duplicates_query(source: str, columns: tuple[str, ...], row: str = "rowid + 2") -> str:
    """Every row after the first that repeats a key; rows with a missing key part are left to
    the required check."""
    key = ", ".join(f'"{name}"' for name in columns)
    value = " || ', ' || ".join(f'CAST("{name}" AS VARCHAR)' for name in columns)
    present = " AND ".join(f'"{name}" IS NOT NULL' for name in columns)
    return (
        f"SELECT _row, value FROM (SELECT {row} AS _row, {value} AS value,"
        f" row_number() OVER (PARTITION BY {key} ORDER BY {row}) AS n"
        f" FROM {source} WHERE {present}) WHERE n > 1"
    )


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
