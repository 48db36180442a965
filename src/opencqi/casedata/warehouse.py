"""The warehouse: one DuckDB file, `<data_dir>/warehouse.duckdb`, one table per entity.

DuckDB lets one process write a file, or many read it, never both at once. So readers open
read-only and retry while an import holds the file, and an import validates in its own staging
database and takes the warehouse only for the final swap: one transaction that deletes what
the batch replaces and inserts the batch, so readers see the old data or the new, never a mix,
and a process killed midway leaves the old data in place.
"""

import contextlib
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from opencqi.casedata.schemas import TABLES

WAREHOUSE_FILE = "warehouse.duckdb"
READ_TIMEOUT_SECONDS = 30.0
WRITE_TIMEOUT_SECONDS = 120.0
LOCK_ERROR_WORDS = ("lock", "conflicting")


@dataclass(frozen=True)
class Batch:
    batch_id: str
    county: str | None
    as_of: date
    loaded_at: datetime
    rows: dict[str, int]


def warehouse_path(data_dir: str | Path) -> Path:
    return Path(data_dir) / WAREHOUSE_FILE


def connect(
    data_dir: str | Path, read_only: bool = True, timeout: float | None = None
) -> duckdb.DuckDBPyConnection:
    """A connection to the warehouse, created empty on first use.

    Keep read-only connections short (open, query, close): while one is open no import can
    swap its batch in, and the import waits for it."""
    path = warehouse_path(data_dir)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with _retry(lambda: duckdb.connect(path), WRITE_TIMEOUT_SECONDS) as con:
            create_tables(con)
    if timeout is None:
        timeout = READ_TIMEOUT_SECONDS if read_only else WRITE_TIMEOUT_SECONDS
    return _retry(lambda: duckdb.connect(path, read_only=read_only), timeout)


def create_tables(con: duckdb.DuckDBPyConnection, catalog: str | None = None) -> None:
    prefix = f"{catalog}." if catalog else ""
    for table in TABLES.values():
        columns = ", ".join(f'"{c.name}" {c.sql_type}' for c in table.columns)
        con.execute(
            f"CREATE TABLE IF NOT EXISTS {prefix}{table.name} ({columns}, batch_id VARCHAR)"
        )
    counts = ", ".join(f"{name}_rows BIGINT" for name in TABLES)
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {prefix}batches (batch_id VARCHAR, county VARCHAR,"
        f" as_of DATE, loaded_at TIMESTAMP, {counts})"
    )


def swap_in(staging: duckdb.DuckDBPyConnection, data_dir: str | Path, batch: Batch, progress=None):
    """Replace what `batch` covers with the typed tables of the staging connection.

    A statewide batch (county None) replaces the whole warehouse; a county batch replaces that
    county's rows (see `county_deletes`). Tables absent from `batch.rows` are left as they are.
    """
    path = warehouse_path(data_dir)
    if not path.exists():
        connect(data_dir).close()
    _retry(lambda: staging.execute(f"ATTACH '{path}' AS wh"), WRITE_TIMEOUT_SECONDS)
    try:
        create_tables(staging, "wh")
        staging.execute("BEGIN TRANSACTION")
        deletes = statewide_deletes() if batch.county is None else county_deletes(batch)
        for statement in deletes:
            staging.execute(statement, {"county": batch.county} if "$county" in statement else {})
        _report(progress, "deleted the rows this batch replaces")
        for name in batch.rows:
            columns = ", ".join(f'"{c}"' for c in TABLES[name].column_names)
            staging.execute(
                f"INSERT INTO wh.{name} SELECT {columns}, ? FROM {name}", [batch.batch_id]
            )
            _report(progress, f"inserted {name}")
        staging.execute(
            "DELETE FROM wh.children c WHERE c.batch_id <> ? AND NOT EXISTS ("
            " SELECT 1 FROM wh.episodes e WHERE e.child_id = c.child_id) AND NOT EXISTS ("
            " SELECT 1 FROM wh.reports r WHERE r.child_id = c.child_id) AND NOT EXISTS ("
            " SELECT 1 FROM wh.visits v WHERE v.child_id = c.child_id)",
            [batch.batch_id],
        )
        counts = [batch.rows.get(name) for name in TABLES]
        staging.execute(
            f"INSERT INTO wh.batches VALUES (?, ?, ?, ?{', ?' * len(counts)})",
            [batch.batch_id, batch.county, batch.as_of, _utc_naive(batch.loaded_at), *counts],
        )
        staging.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(duckdb.Error):  # not in a transaction yet, or already over
            staging.execute("ROLLBACK")
        raise
    finally:
        staging.execute("DETACH wh")


def statewide_deletes() -> list[str]:
    return [f"DELETE FROM wh.{name}" for name in TABLES]


def county_deletes(batch: Batch) -> list[str]:
    """What a county owns in the warehouse, deleted in an order that keeps ownership traceable.

    episodes, reports, referrals, population: their `county`. placements: their episode's.
    visits: those loaded by an earlier batch of the county; those loaded by a statewide batch
    belong to the county of the child's latest episode that began on or before the visit (or
    the child's first episode). children are shared by counties: a batch's children replace
    rows with the same child_id, and a child no row refers to any more is dropped at the end.
    """
    county_batches = "SELECT batch_id FROM wh.batches WHERE county = $county"
    statewide_batches = "SELECT batch_id FROM wh.batches WHERE county IS NULL"
    deletes = [
        "DELETE FROM wh.placements WHERE episode_id IN"
        " (SELECT episode_id FROM wh.episodes WHERE county = $county)",
        f"DELETE FROM wh.visits WHERE batch_id IN ({county_batches})",
        "DELETE FROM wh.visits WHERE rowid IN ("
        " SELECT v.rowid FROM wh.visits v"
        " ASOF LEFT JOIN wh.episodes e ON v.child_id = e.child_id"
        "  AND v.visit_date >= e.removal_date"
        " LEFT JOIN (SELECT child_id, arg_min(county, removal_date) AS county"
        "  FROM wh.episodes GROUP BY child_id) f ON f.child_id = v.child_id"
        f" WHERE v.batch_id IN ({statewide_batches})"
        "  AND coalesce(e.county, f.county) = $county)",
        "DELETE FROM wh.children WHERE child_id IN (SELECT child_id FROM children)",
    ]
    deletes += [
        f"DELETE FROM wh.{name} WHERE county = $county"
        for name, table in TABLES.items()
        if table.county_column and name in batch.rows
    ]
    return deletes


def _utc_naive(moment: datetime) -> datetime:
    """TIMESTAMP columns hold UTC without a zone."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _report(progress, message):
    if progress:
        progress(message)


def _retry(open_, timeout: float):
    """Call `open_` until it stops failing on a file lock, or `timeout` seconds have passed."""
    deadline = time.monotonic() + timeout
    pause = 0.02
    while True:
        try:
            return open_()
        except (duckdb.IOException, duckdb.BinderException) as error:
            message = str(error).lower()
            if not any(word in message for word in LOCK_ERROR_WORDS):
                raise
            if time.monotonic() >= deadline:
                raise TimeoutError(
                    "the warehouse is in use by another process (an import or a long read);"
                    " try again in a minute"
                ) from error
        time.sleep(pause)
        pause = min(pause * 2, 0.5)
