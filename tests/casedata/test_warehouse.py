"""What a load replaces, the warehouse's shape, and waiting for a writer."""

import subprocess
import sys
import time

import duckdb
import pytest

from opencqi.casedata import synth, warehouse
from opencqi.casedata.importer import import_directory
from opencqi.casedata.schemas import TABLES
from tests.casedata.importing import warehouse_rows, warehouse_snapshot
from tests.casedata.small_extract import write_extract

COUNTY = "Los Angeles"


@pytest.fixture(scope="module")
def state_extract(tmp_path_factory):
    directory = tmp_path_factory.mktemp("state")
    synth.synthesize(directory, episodes=600, seed=3)
    return directory


def csv_rows(directory, table, where="true"):
    columns = TABLES[table].column_names
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT {', '.join(columns)} FROM read_csv('{directory}/{table}.csv') WHERE {where}"
    ).fetchall()
    return sorted(rows, key=lambda row: tuple(str(value) for value in row))


def test_a_statewide_load_holds_exactly_the_extract(state_extract, tmp_path):
    report = import_directory(state_extract, tmp_path)
    assert report.ok
    for table in ("children", "episodes", "placements", "visits", "population"):
        assert warehouse_rows(tmp_path, table) == csv_rows(state_extract, table), table


def test_a_county_reimport_replaces_only_that_countys_rows(state_extract, tmp_path):
    assert import_directory(state_extract, tmp_path).ok
    county_extract = tmp_path / "county"
    write_extract(county_extract, county=COUNTY)
    for _ in range(2):  # the second time replaces the county's own earlier batch
        assert import_directory(county_extract, tmp_path, county=COUNTY).ok

    other = f"county <> '{COUNTY}'"
    county_children = (
        f"SELECT child_id FROM read_csv('{state_extract}/episodes.csv') WHERE county = '{COUNTY}'"
    )
    for table in ("episodes", "reports", "referrals", "population"):
        kept = [row for row in warehouse_rows(tmp_path, table) if COUNTY not in row]
        assert kept == csv_rows(state_extract, table, other), table
    assert [row[0] for row in warehouse_rows(tmp_path, "episodes") if COUNTY in row] == ["e1", "e2"]
    visits = warehouse_rows(tmp_path, "visits")
    assert [row for row in visits if row[0] in ("c1", "c2")] == csv_rows(county_extract, "visits")
    assert [row for row in visits if row[0] not in ("c1", "c2")] == csv_rows(
        state_extract, "visits", f"child_id NOT IN ({county_children})"
    )
    children = {row[0] for row in warehouse_rows(tmp_path, "children")}
    assert {"c1", "c2"} <= children
    with warehouse.connect(tmp_path) as con:
        orphans = con.execute(
            "SELECT count(*) FROM children WHERE child_id NOT IN (SELECT child_id FROM episodes"
            " UNION SELECT child_id FROM reports UNION SELECT child_id FROM visits)"
        ).fetchone()[0]
        placements_of_gone_episodes = con.execute(
            "SELECT count(*) FROM placements ANTI JOIN episodes USING (episode_id)"
        ).fetchone()[0]
        batches = con.execute("SELECT county, episodes_rows FROM batches ORDER BY loaded_at")
        assert batches.fetchall() == [(None, 600), (COUNTY, 2), (COUNTY, 2)]
    assert orphans == 0 and placements_of_gone_episodes == 0


def test_a_statewide_load_replaces_every_county(state_extract, tmp_path):
    assert import_directory(state_extract, tmp_path).ok
    small = tmp_path / "small"
    write_extract(small, county="Fresno")
    assert import_directory(small, tmp_path).ok
    assert {row[2] for row in warehouse_rows(tmp_path, "episodes")} == {"Fresno"}
    assert len(warehouse_rows(tmp_path, "visits")) == 1


def test_a_parquet_extract_loads_the_same_rows_as_csv(tmp_path):
    synth.synthesize(tmp_path / "csv", episodes=200, seed=5)
    synth.synthesize(tmp_path / "parquet", episodes=200, seed=5, file_format="parquet")
    assert import_directory(tmp_path / "csv", tmp_path / "a").ok
    assert import_directory(tmp_path / "parquet", tmp_path / "b").ok
    assert warehouse_snapshot(tmp_path / "a") == warehouse_snapshot(tmp_path / "b")


def test_warehouse_tables_are_typed_and_tagged_with_their_batch(tmp_path):
    with warehouse.connect(tmp_path) as con:
        types = dict(
            con.execute(
                "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns"
            ).fetchall()
        )
    assert types["episodes.removal_date"] == "DATE"
    assert types["referrals.received_at"] == "TIMESTAMP"
    assert types["visits.completed"] == "BOOLEAN"
    assert types["episodes.worker_id"] == "VARCHAR"
    assert types["population.batch_id"] == "VARCHAR"
    assert types["batches.as_of"] == "DATE"


HOLD_WRITE_LOCK = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
"""


def hold_lock(data_dir, seconds):
    warehouse.connect(data_dir).close()
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITE_LOCK, str(warehouse.warehouse_path(data_dir)), seconds],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().strip() == "locked"
    return process


def test_a_reader_waits_while_another_process_writes(tmp_path):
    writer = hold_lock(tmp_path, "1.0")
    started = time.monotonic()
    with warehouse.connect(tmp_path) as con:
        assert con.execute("SELECT count(*) FROM episodes").fetchone() == (0,)
    assert time.monotonic() - started > 0.3
    writer.wait()


def test_a_reader_gives_up_with_a_clear_error(tmp_path):
    writer = hold_lock(tmp_path, "3")
    with pytest.raises(TimeoutError, match="in use by another process"):
        warehouse.connect(tmp_path, timeout=0.2)
    writer.kill()
    writer.wait()
