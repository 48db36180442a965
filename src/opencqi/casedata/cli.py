"""`opencqi data synth` and `opencqi data import`. They do not need Django: the data directory
comes from --data-dir or OPENCQI_DATA_DIR, as in the settings."""

import argparse
import os
import sys
import time
from datetime import date

from opencqi.casedata import importer, synth


def register(subparsers):
    data = subparsers.add_parser("data", help="case data: import extracts, make synthetic ones")
    commands = data.add_subparsers(dest="data_command", required=True, metavar="COMMAND")

    make = commands.add_parser("synth", help="write a synthetic 58-county extract")
    make.add_argument("--out", required=True, help="directory to write the tables into")
    make.add_argument("--episodes", type=_positive, default=10_000)
    make.add_argument("--seed", type=int, default=1)
    make.add_argument("--as-of", type=_date, default=synth.DEFAULT_AS_OF, metavar="YYYY-MM-DD")
    make.add_argument("--format", choices=("csv", "parquet"), default="csv")
    make.set_defaults(func=run_synth)

    load = commands.add_parser("import", help="validate an extract directory and load it")
    load.add_argument("directory")
    load.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD", help="overrides extract.json")
    load.add_argument("--county", help="the uploading county (name or code); default: statewide")
    load.add_argument("--data-dir", default=os.environ.get("OPENCQI_DATA_DIR", "var"))
    load.add_argument("--errors-csv", metavar="FILE", help="write the problems to this CSV file")
    load.set_defaults(func=run_import)


def run_synth(args) -> int:
    started = time.monotonic()
    rows = synth.synthesize(args.out, args.episodes, args.seed, args.as_of, args.format)
    for table, count in rows.items():
        print(f"  {table:<11} {count:>12,}")
    print(f"Wrote {args.out} in {time.monotonic() - started:.1f} s (as of {args.as_of}).")
    return 0


def run_import(args) -> int:
    try:
        report = importer.import_directory(
            args.directory,
            args.data_dir,
            as_of=args.as_of,
            county=args.county,
            progress=_print_progress,
        )
    except importer.UsageError as error:
        print(f"opencqi data import: {error}", file=sys.stderr)
        return 2
    except TimeoutError as error:
        print(f"opencqi data import: {error}", file=sys.stderr)
        return 1
    if report.ok:
        print(report.summary())
        return 0
    print_problems(report.problems)
    print(report.summary())
    if args.errors_csv:
        report.write_problems_csv(args.errors_csv)
        print(f"Problems written to {args.errors_csv}.")
    return 1


def print_problems(problems, limit: int = 50) -> None:
    print(f"{'file':<18} {'row':>9}  {'column':<18} {'value':<22} rule")
    for problem in problems[:limit]:
        row = "" if problem.row is None else f"{problem.row:,}"
        value = "" if problem.value is None else problem.value[:22]
        print(f"{problem.file:<18} {row:>9}  {problem.column or '':<18} {value:<22} {problem.rule}")
    if len(problems) > limit:
        print(f"... {len(problems) - limit:,} more lines: use --errors-csv FILE to see them all")


def _print_progress(done: int, total: int, message: str) -> None:
    print(f"[{done}/{total}] {message}", file=sys.stderr, flush=True)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value
