"""`opencqi measures compute`: the catalog as a CSV, without the app database.

    opencqi measures compute --data extract/ --out results.csv     # a directory of input files
    opencqi measures compute --data-dir var --measure recurrence   # the warehouse, to stdout
    opencqi measures compute --data extract/ --backend pyspark --out results.csv
    opencqi measures docs                                          # docs/measures/*.md

With --data the files are validated and loaded by the case data importer into a temporary
data directory (nothing else is touched); otherwise the warehouse under --data-dir is read.
Progress goes to stderr, one line per measure.
"""

import datetime as dt
import os
import sys
import tempfile
import time
from contextlib import contextmanager

import ibis
import pyarrow.csv as pa_csv

from opencqi.measures.backends import (
    BACKENDS,
    arrow_case_tables,
    pyspark_available,
    spark_case_tables,
)
from opencqi.measures.catalog import CATALOG, DEFAULT_PROFILE, MEASURES, PERMANENCY_EXITS
from opencqi.measures.definitions import DOCS_DIR, write_docs
from opencqi.measures.engine import compute_measures
from opencqi.measures.inputs import CASE_TABLE_SCHEMAS, read_case_tables

CASE_TABLES = tuple(CASE_TABLE_SCHEMAS)


def register(subparsers):
    measures = subparsers.add_parser("measures", help="outcome measures: compute the catalog")
    commands = measures.add_subparsers(dest="measures_command", required=True, metavar="COMMAND")
    compute = commands.add_parser(
        "compute",
        help="compute the measure catalog to a CSV",
        description="Compute every measure (or those named) for every county, California, "
        "covered period and stratum. CSV columns: "
        "measure_id, county, period_start, period_end, stratum, numerator, denominator, value, "
        "provisional.",
    )
    compute.add_argument("--data", metavar="DIR", help="a directory of input files to read")
    compute.add_argument(
        "--data-dir",
        default=os.environ.get("OPENCQI_DATA_DIR", "var"),
        help="where the warehouse is (default: $OPENCQI_DATA_DIR or ./var)",
    )
    compute.add_argument("--out", metavar="FILE.csv", help="write here instead of stdout")
    compute.add_argument(
        "--measure", action="append", choices=list(MEASURES), metavar="ID", dest="measures",
        help="a measure id; repeat for several (default: the whole catalog)",
    )  # fmt: skip
    compute.add_argument("--backend", choices=BACKENDS, default="duckdb")
    compute.add_argument("--profile", choices=list(PERMANENCY_EXITS), default=DEFAULT_PROFILE)
    compute.add_argument(
        "--as-of", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
        help="extract date (default: extract.json, or the warehouse's loaded batches)",
    )  # fmt: skip
    compute.set_defaults(func=run_compute)

    docs = commands.add_parser("docs", help="write the measure definition pages (Markdown)")
    docs.add_argument("--out", default=str(DOCS_DIR), help=f"folder (default: {DOCS_DIR})")
    docs.set_defaults(func=run_docs)


def run_compute(args):
    if args.backend == "pyspark" and (reason := pyspark_available()):
        print(f"error: cannot use --backend pyspark: {reason}", file=sys.stderr)
        return 2
    try:
        with case_data(args) as (con, as_of):
            if as_of is None:
                print("error: no extract date: pass --as-of YYYY-MM-DD", file=sys.stderr)
                return 2
            duckdb = ibis.duckdb.from_connection(con)
            tables = read_case_tables(duckdb)
            if args.backend == "pyspark":
                tables = spark_case_tables(arrow_case_tables(duckdb))
            results = compute_logged(tables, as_of, args.measures, args.profile)
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    write_csv(results, args.out)
    print(f"{results.num_rows:,} results as of {as_of}", file=sys.stderr)
    return 0


def run_docs(args):
    for name in write_docs(args.out):
        print(f"wrote {args.out}/{name}", file=sys.stderr)
    return 0


class DataError(Exception):
    """The input cannot be read: the message says what to fix."""


@contextmanager
def case_data(args):
    """(DuckDB connection to a warehouse, as_of) for --data or --data-dir."""
    from opencqi.casedata import importer, warehouse

    if args.data:
        with tempfile.TemporaryDirectory(prefix="opencqi-measures-") as data_dir:
            try:
                report = importer.import_directory(args.data, data_dir, as_of=args.as_of)
            except importer.UsageError as error:
                raise DataError(str(error)) from None
            if report.problems:
                for problem in report.problems[:20]:
                    print(problem, file=sys.stderr)
                raise DataError(f"{len(report.problems)} problems in {args.data}: nothing read")
            con = warehouse.connect(data_dir, read_only=True)
            try:
                yield con, report.as_of
            finally:
                con.close()
        return
    if not warehouse.warehouse_path(args.data_dir).exists():
        raise DataError(f"no warehouse in {args.data_dir}: import data or pass --data DIR")
    con = warehouse.connect(args.data_dir, read_only=True)
    try:
        yield con, args.as_of or loaded_as_of(con)
    finally:
        con.close()


def loaded_as_of(con):
    """The earliest extract date of the batches whose rows are in the warehouse, so no county
    claims more follow-up than its data has."""
    in_use = " UNION ".join(f"SELECT DISTINCT batch_id FROM {name}" for name in CASE_TABLES)
    return con.execute(f"SELECT min(as_of) FROM batches WHERE batch_id IN ({in_use})").fetchone()[0]


def compute_logged(tables, as_of, measure_ids, profile):
    total = len(measure_ids or CATALOG)
    started = time.monotonic()
    done = 0

    def log(measure, rows):
        nonlocal done
        done += 1
        elapsed = time.monotonic() - started
        print(f"[{done}/{total}] {measure.id}: {rows:,} rows, {elapsed:.1f}s", file=sys.stderr)

    return compute_measures(tables, as_of, measure_ids=measure_ids, profile=profile, on_measure=log)


def write_csv(results, out):
    options = pa_csv.WriteOptions(quoting_style="needed")
    if out:
        pa_csv.write_csv(results, out, write_options=options)
    else:
        pa_csv.write_csv(results, sys.stdout.buffer, write_options=options)
        sys.stdout.flush()
