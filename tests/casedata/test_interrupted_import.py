"""An import killed while it swaps its batch in leaves the warehouse as it was, and usable."""

import os
import signal
import subprocess
import sys

import pytest

from opencqi.casedata.importer import STAGING_DIR, import_directory
from tests.casedata.importing import warehouse_snapshot
from tests.casedata.small_extract import write_extract

# Killed by SIGKILL from inside the swap transaction, after the old rows are deleted and some
# new ones inserted: the worst moment, and a deterministic one.
KILLED_IMPORT = """
import os, signal, sys
from opencqi.casedata.importer import import_directory

def progress(done, total, message):
    if message == sys.argv[3]:
        os.kill(os.getpid(), signal.SIGKILL)

import_directory(sys.argv[1], sys.argv[2], county="Fresno", progress=progress)
"""


def run_killed_import(extract, data_dir, at_message):
    return subprocess.run(
        [sys.executable, "-c", KILLED_IMPORT, str(extract), str(data_dir), at_message],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_killed_during_the_swap_leaves_the_old_data_and_a_usable_store(tmp_path):
    data_dir = tmp_path / "data"
    write_extract(tmp_path / "old", as_of="2024-03-31")
    assert import_directory(tmp_path / "old", data_dir, county="Fresno").ok
    before = warehouse_snapshot(data_dir)

    new = tmp_path / "new"
    write_extract(new, replace={"visits": ["child_id,visit_date,in_person,in_placement,completed"]})
    killed = run_killed_import(new, data_dir, "inserted placements")
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    assert warehouse_snapshot(data_dir) == before
    report = import_directory(new, data_dir, county="Fresno")
    assert report.ok
    assert warehouse_snapshot(data_dir)["visits"] == []
    assert os.listdir(data_dir / STAGING_DIR) == [], "the killed import's staging is cleaned up"


def test_killed_while_validating_leaves_the_old_data(tmp_path):
    data_dir = tmp_path / "data"
    write_extract(tmp_path / "old")
    assert import_directory(tmp_path / "old", data_dir, county="Fresno").ok
    before = warehouse_snapshot(data_dir)
    killed = run_killed_import(tmp_path / "old", data_dir, "reading visits.csv")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert warehouse_snapshot(data_dir) == before


def test_an_error_during_the_swap_rolls_back_and_the_next_import_works(tmp_path):
    data_dir = tmp_path / "data"
    write_extract(tmp_path / "old", as_of="2024-03-31")
    assert import_directory(tmp_path / "old", data_dir, county="Fresno").ok
    before = warehouse_snapshot(data_dir)

    def fail_midway(done, total, message):
        if message == "inserted episodes":
            raise RuntimeError("disk full")

    write_extract(tmp_path / "new")
    with pytest.raises(RuntimeError, match="disk full"):
        import_directory(tmp_path / "new", data_dir, county="Fresno", progress=fail_midway)
    assert warehouse_snapshot(data_dir) == before
    assert import_directory(tmp_path / "new", data_dir, county="Fresno").ok
