"""Import benchmark: a synthetic statewide extract of 1,000,000 episodes (all seven tables).

Measures, each in a child process of its own (wall time, peak resident memory):
  synth     writing the extract with `opencqi.casedata.synth`
  floor     plain DuckDB: each CSV read with type detection into a new database file, no checks
  import    `import_directory`: staging, every check, the swap into an empty warehouse
  reimport  the same again into the now full warehouse (deletes everything, then inserts)
and prints import / floor. Targets (issue 3): import under 60 s and under 4 GB on 2 cores.

    python benchmarks/casedata_import.py [--episodes N] [--seed S] [--workdir DIR]
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

SYNTH = """
from opencqi.casedata import synth
synth.synthesize({out!r}, {episodes}, {seed})
"""
FLOOR = """
import duckdb
from opencqi.casedata.schemas import TABLES
con = duckdb.connect({database!r})
con.execute("SET enable_progress_bar = false")
for name in TABLES:
    con.execute(f"CREATE TABLE {{name}} AS SELECT * FROM read_csv('{extract}/{{name}}.csv')")
con.close()
"""
IMPORT = """
import time
from opencqi.casedata.importer import import_directory
marks = []
report = import_directory(
    {extract!r}, {data_dir!r}, progress=lambda d, t, m: marks.append((m, time.monotonic()))
)
assert report.ok, report.problems[:5]
messages = [m for m, _ in marks]
# The warehouse is attached right after the last check and detached before "loaded".
attached = marks[messages.index("deleted the rows this batch replaces") - 1][1]
locked = marks[messages.index("loaded")][1] - attached
print(f"{{'':<9}} {{sum(report.rows.values()):,}} rows; warehouse locked {{locked:.1f}} s")
"""


def measure(label: str, code: str) -> tuple[float, float]:
    """Run `code` in a fresh Python process; return wall seconds and peak RSS in MiB."""
    started = time.monotonic()
    pid = os.spawnv(os.P_NOWAIT, sys.executable, [sys.executable, "-c", code])
    _, status, usage = os.wait4(pid, 0)
    seconds = time.monotonic() - started
    if status != 0:
        raise SystemExit(f"{label} failed with status {status}")
    peak_mib = usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux
    print(f"{label:<9} {seconds:8.1f} s  {peak_mib:8.0f} MiB peak", flush=True)
    return seconds, peak_mib


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, help="kept afterwards when given")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="opencqi-bench-"))
    extract, data_dir = workdir / "extract", workdir / "data"
    try:
        print(f"{args.episodes:,} episodes, seed {args.seed}, {os.cpu_count()} cores, in {workdir}")
        measure("synth", SYNTH.format(out=str(extract), episodes=args.episodes, seed=args.seed))
        size = sum(path.stat().st_size for path in extract.iterdir()) / 2**20
        print(f"{'':<9} extract: {size:,.0f} MiB of CSV")
        floor, _ = measure(
            "floor", FLOOR.format(database=str(workdir / "floor.duckdb"), extract=str(extract))
        )
        loaded, peak = measure(
            "import", IMPORT.format(extract=str(extract), data_dir=str(data_dir))
        )
        measure("reimport", IMPORT.format(extract=str(extract), data_dir=str(data_dir)))
        print(f"import / floor: {loaded / floor:.2f}x")
        verdict = "met" if loaded < 60 and peak < 4096 else "NOT met"
        print(f"target (< 60 s, < 4 GiB): {verdict}")
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
