"""Property: a mutated extract is either loaded whole and equal to its files, or rejected with
at least one located problem and the warehouse unchanged."""

import csv
import shutil
import tempfile
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from opencqi.casedata import warehouse
from opencqi.casedata.importer import import_directory
from opencqi.casedata.schemas import TABLES
from opencqi.counties.registry import all_counties
from tests.casedata.importing import warehouse_snapshot
from tests.casedata.small_extract import TABLES as LINES
from tests.casedata.small_extract import write_extract

COUNTY = "Fresno"
BASE = {
    table: [row.replace("{county}", COUNTY).split(",") for row in lines]
    for table, lines in LINES.items()
}
CELL_VALUES = st.one_of(
    st.sampled_from(
        ["", "x", "c1", "c9", "e1", "e9", "10", "Alameda", "fresno", "TRUE", "0", "-5", "2023",
         "2022-01-10", "2024-07-01", "2015-13-01", "2023-05-01 08:00", "female", "group_home",
         "reunification", "substantiated", "immediate", '"', "a,b", "line\nbreak"]
    ),
    st.text(max_size=12),
)  # fmt: skip


@st.composite
def mutations(draw):
    tables = {name: [list(row) for row in rows] for name, rows in BASE.items()}
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(sorted(tables)))
        rows = tables[name]
        kind = draw(st.sampled_from(["drop", "duplicate", "corrupt", "swap_dates"]))
        if len(rows) < 2:
            continue
        index = draw(st.integers(1, len(rows) - 1))
        if kind == "drop":
            del rows[index]
        elif kind == "duplicate":
            rows.insert(index, list(rows[index]))
        elif kind == "corrupt":
            column = draw(st.integers(0, len(rows[0]) - 1))
            rows[index][column] = draw(CELL_VALUES)
        else:
            dates = [i for i, name in enumerate(rows[0]) if "date" in name or name.endswith("_at")]
            if len(dates) >= 2:
                a, b = dates[:2]
                rows[index][a], rows[index][b] = rows[index][b], rows[index][a]
    return tables


def write_tables(directory: Path, tables):
    write_extract(directory, county=COUNTY)
    for name, rows in tables.items():
        with open(directory / f"{name}.csv", "w", newline="", encoding="utf-8") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)


def typed_file_rows(directory: Path):
    """The files' rows as the warehouse should hold them: typed, county as its official name."""
    con = duckdb.connect()
    con.execute("CREATE TABLE names (key VARCHAR, name VARCHAR)")
    for county in all_counties():
        con.execute(
            "INSERT INTO names VALUES (?, ?), (lower(?), ?)",
            [county.code, county.name, county.name, county.name],
        )
    typed = {}
    for name, table in TABLES.items():
        header = BASE[name][0]
        columns = ", ".join(
            f"(SELECT name FROM names WHERE key = lower({c.name}))"
            if c.kind == "county"
            else f"CAST(NULLIF({c.name}, '') AS {c.sql_type})"
            if c.name in header
            else "NULL"
            for c in table.columns
        )
        rows = con.execute(
            f"SELECT {columns} FROM read_csv('{directory / name}.csv', all_varchar=true)"
        ).fetchall()
        typed[name] = sorted(rows, key=lambda row: tuple(str(value) for value in row))
    return typed


@pytest.fixture(scope="module")
def base_store(tmp_path_factory):
    """A warehouse holding the unmutated extract, copied afresh for each example."""
    tmp = tmp_path_factory.mktemp("base")
    write_extract(tmp / "base", county=COUNTY, as_of="2024-03-31")
    assert import_directory(tmp / "base", tmp / "data", county=COUNTY).ok
    return warehouse.warehouse_path(tmp / "data"), warehouse_snapshot(tmp / "data")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables=mutations())
def test_a_mutated_extract_loads_whole_or_not_at_all(base_store, tables):
    base_file, before = base_store
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        data_dir = tmp / "data"
        data_dir.mkdir()
        shutil.copy(base_file, warehouse.warehouse_path(data_dir))

        write_tables(tmp / "mutated", tables)
        report = import_directory(tmp / "mutated", data_dir, county=COUNTY)
        event("loaded" if report.ok else "rejected")

        if report.ok:
            assert warehouse_snapshot(data_dir) == typed_file_rows(tmp / "mutated")
        else:
            assert report.problems
            assert all(p.file and p.rule for p in report.problems)
            assert any(p.row is not None for p in report.problems) or all(
                p.row is None and p.file.endswith((".csv", ".json")) for p in report.problems
            )
            assert warehouse_snapshot(data_dir) == before
