"""`opencqi measures compute` on a directory of input files, without the app database."""

import csv
import datetime as dt

import pytest

from opencqi.casedata import synth
from opencqi.cli import main

COLUMNS = [
    "measure_id",
    "county",
    "period_start",
    "period_end",
    "stratum",
    "numerator",
    "denominator",
    "value",
    "provisional",
]


@pytest.fixture(scope="module")
def extract(tmp_path_factory):
    folder = tmp_path_factory.mktemp("extract")
    synth.synthesize(folder, 300, 2, dt.date(2013, 12, 31), "csv")
    return folder


def run(*argv):
    with pytest.raises(SystemExit) as exit_:
        main(["measures", "compute", *argv])
    return exit_.value.code


def test_compute_writes_the_catalog_of_a_data_directory_to_csv(extract, tmp_path, capsys):
    out = tmp_path / "results.csv"
    assert run("--data", str(extract), "--out", str(out)) == 0
    with out.open() as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    assert reader.fieldnames == COLUMNS
    assert {r["measure_id"] for r in rows} >= {"recurrence", "placement_stability"}
    assert {r["provisional"] for r in rows} == {"true", "false"}
    assert "[14/14] substantiation_rate" in capsys.readouterr().err


def test_compute_runs_only_the_measures_named(extract, tmp_path):
    out = tmp_path / "results.csv"
    assert run("--data", str(extract), "--out", str(out), "--measure", "entry_rate") == 0
    with out.open() as f:
        assert {r["measure_id"] for r in csv.DictReader(f)} == {"entry_rate"}


def test_compute_rejects_a_directory_with_bad_files(tmp_path, capsys):
    (tmp_path / "children.csv").write_text("child_id,birth_date\nc1,not a date\n")
    assert run("--data", str(tmp_path), "--as-of", "2020-12-31") == 2
    assert "nothing read" in capsys.readouterr().err


def test_compute_without_a_warehouse_says_what_to_do(tmp_path, capsys):
    assert run("--data-dir", str(tmp_path / "empty")) == 2
    assert "import data or pass --data DIR" in capsys.readouterr().err


def test_compute_on_the_warehouse_uses_the_loaded_extract_date(extract, tmp_path):
    from opencqi.casedata.importer import import_directory

    assert not import_directory(extract, tmp_path / "var").problems
    from_warehouse, from_files = tmp_path / "warehouse.csv", tmp_path / "files.csv"
    assert run("--data-dir", str(tmp_path / "var"), "--out", str(from_warehouse)) == 0
    assert run("--data", str(extract), "--out", str(from_files)) == 0
    assert from_warehouse.read_text() == from_files.read_text()
