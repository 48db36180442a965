"""Importing one extract directory: stage, validate, and swap into the warehouse, all or nothing.

`import_directory` takes plain arguments and returns an `ImportReport`; the CLI and the upload
page are thin callers. The heavy work runs in DuckDB on a staging database of its own under
`<data_dir>/staging/`, so the warehouse is locked only for the final swap.
"""

import json
import os
import secrets
import shutil
from collections.abc import Callable
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from opencqi.casedata import staging, validation, warehouse
from opencqi.casedata.report import ImportReport, Problem
from opencqi.casedata.schemas import TABLES
from opencqi.counties.registry import find_county

EXTRACT_FILE = "extract.json"
STAGING_DIR = "staging"
MEMORY_LIMIT = os.environ.get("OPENCQI_IMPORT_MEMORY", "2GB")
THREADS = int(os.environ.get("OPENCQI_IMPORT_THREADS", "0")) or os.cpu_count() or 1

Progress = Callable[[int, int, str], None]


class UsageError(ValueError):
    """The call itself is wrong (no such directory, unknown county): nothing was read."""


def import_directory(
    path: str | Path,
    data_dir: str | Path,
    *,
    as_of: date | str | None = None,
    county: str | None = None,
    batch_id: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Validate the extract in `path` and, when it has no problem, load it as one batch.

    `county` is the uploader's county (name or code): rows of any other county are problems,
    and the load replaces only that county's rows. Without it the load is statewide and
    replaces the whole warehouse. `as_of` overrides extract.json.
    """
    directory = Path(path)
    if not directory.is_dir():
        raise UsageError(f"{directory} is not a directory")
    county_name = resolve_county(county)
    as_of = parse_as_of_argument(as_of)
    report = ImportReport(
        batch_id or new_batch_id(county_name), county_name, started_at=datetime.now(UTC)
    )
    files, problems = staging.find_table_files(directory)
    report.problems += problems + check_required_tables(files, county_name)
    report.as_of = as_of or read_extract_date(directory, report.problems)
    step = Steps(progress, total=3 * len(files) + 2)

    with staging_connection(data_dir, report.batch_id) as con:
        validation.prepare(con, report.as_of, county_name)
        staged = []
        for name, file in files.items():
            step(f"reading {file.name}")
            file_problems = staging.stage_file(con, TABLES[name], file)
            if not file_problems:
                file_problems = validation.check_values(con, TABLES[name], file.name)
                staged.append(name)
            report.problems += file_problems
        for name in staged:
            step(f"checking rules of {files[name].name}")
            report.problems += validation.check_rules(con, TABLES[name], files[name].name, staged)
        if report.problems:
            step("rejected: nothing was loaded")
            return report
        report.rows = {
            name: con.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in files
        }
        loaded_at = datetime.now(UTC)
        batch = warehouse.Batch(report.batch_id, county_name, report.as_of, loaded_at, report.rows)
        warehouse.swap_in(con, data_dir, batch, progress=step)
        report.loaded_at = loaded_at
    step("loaded")
    return report


def resolve_county(county: str | None) -> str | None:
    if county is None:
        return None
    record = find_county(county)
    if record is None:
        raise UsageError(f"{county!r} is not a California county name or 2-digit code")
    return record.name


def parse_as_of_argument(as_of: date | str | None) -> date | None:
    if as_of is None or isinstance(as_of, date):
        return as_of
    try:
        return date.fromisoformat(as_of)
    except ValueError:
        raise UsageError(f"as_of {as_of!r} is not a date written YYYY-MM-DD") from None


def read_extract_date(directory: Path, problems: list[Problem]) -> date | None:
    path = directory / EXTRACT_FILE
    if not path.exists():
        problems.append(
            Problem(
                EXTRACT_FILE,
                "the extract date is missing: add extract.json"
                ' ({"as_of": "YYYY-MM-DD"}) or give --as-of',
            )
        )
        return None
    try:
        value = json.loads(path.read_text(encoding="utf-8"))["as_of"]
        return date.fromisoformat(value)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        problems.append(Problem(EXTRACT_FILE, 'must be {"as_of": "YYYY-MM-DD"}', None, "as_of"))
        return None


def check_required_tables(files: dict[str, Path], county: str | None) -> list[Problem]:
    """A statewide load needs all seven tables; a county load may leave out population."""
    return [
        Problem(f"{name}.csv", f"the {name} table is missing: add {name}.csv or {name}.parquet")
        for name, table in TABLES.items()
        if name not in files and (county is None or table.required_in_county_load)
    ]


def new_batch_id(county: str | None) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    scope = (county or "statewide").lower().replace(" ", "-")
    return f"{stamp}-{scope}-{secrets.token_hex(3)}"


@contextmanager
def staging_connection(data_dir: str | Path, batch_id: str):
    """A staging database of the import's own; its spill directory is removed afterwards (and,
    for an import that was killed, by the next import)."""
    root = Path(data_dir) / STAGING_DIR
    remove_abandoned_staging(root)
    directory = root / f"{os.getpid()}-{batch_id}"
    directory.mkdir(parents=True)
    # In memory, spilling to `directory` past MEMORY_LIMIT: about twice as fast as a file.
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        con.execute(f"SET threads = {THREADS}")
        con.execute(f"SET temp_directory = '{directory}'")
        yield con
    finally:
        con.close()
        shutil.rmtree(directory, ignore_errors=True)


def remove_abandoned_staging(root: Path) -> None:
    if not root.is_dir():
        return
    for directory in root.iterdir():
        pid = directory.name.split("-", 1)[0]
        if pid.isdigit() and not _process_alive(int(pid)):
            shutil.rmtree(directory, ignore_errors=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Steps:
    """Counts steps for the caller's progress callback(done, total, message)."""

    def __init__(self, progress: Progress | None, total: int):
        self.progress, self.total, self.done = progress, total, 0

    def __call__(self, message: str) -> None:
        self.done = min(self.done + 1, self.total)
        if self.progress:
            self.progress(self.done, self.total, message)
