"""`opencqi report quarterly`: the quarterly county data report as a PDF.

    opencqi report quarterly --county Fresno --period 2024-03-31 --out fresno.pdf
    opencqi report quarterly --county all --period 2024-03-31 --out reports/

--county takes a county name or 2-digit code, or "all" for the 58 (then --out is a folder,
default the current one). --period is the period end (a quarter end with results; default the
latest). Reads the app database's current measure run.
"""

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from opencqi.cli import setup_django

USAGE_ERROR = 2


def register(subparsers):
    report = subparsers.add_parser("report", help="documents: the quarterly county data report")
    commands = report.add_subparsers(dest="report_command", required=True, metavar="COMMAND")
    quarterly = commands.add_parser(
        "quarterly",
        help="write the quarterly county data report (PDF)",
        description=__doc__.split("\n\n", 2)[2],
    )
    quarterly.add_argument("--county", required=True, help='name, 2-digit code, or "all"')
    quarterly.add_argument("--period", type=_date, metavar="YYYY-MM-DD", help="period end")
    quarterly.add_argument("--out", help="the PDF file (or folder for --county all)")
    quarterly.add_argument(
        "--workers", type=int, help="processes rendering PDFs at once (default: one per CPU)"
    )
    quarterly.set_defaults(func=run_quarterly)


def run_quarterly(args) -> int:
    setup_django()
    from django.db.models import Q

    from opencqi.counties.models import County
    from opencqi.dashboard import pages, report, results

    run = results.latest_run()
    if run is None:
        return fail("no measure results yet: import case data and compute the measures first")
    period_end, ends = pages.choose_period(run, args.period)
    if args.period and period_end != args.period:
        shown = ", ".join(f"{end}" for end in ends[-8:])
        return fail(f"no results for the period ending {args.period}; latest periods: {shown}")
    counties = list(County.objects.all())
    if args.county.lower() == "all":
        chosen, folder = counties, Path(args.out or ".")
        folder.mkdir(parents=True, exist_ok=True)
    else:
        name = args.county.strip()
        chosen = list(County.objects.filter(Q(name__iexact=name) | Q(code=name.zfill(2))))
        if not chosen:
            return fail(f"no county {args.county!r}: give a county name or 2-digit code, or all")
        folder = None
    started = time.monotonic()
    for county, pdf in report.quarterly_pdfs(run, chosen, period_end, workers=args.workers):
        path = folder / report.filename(county, period_end) if folder else None
        path = path or Path(args.out or report.filename(county, period_end))
        path.write_bytes(pdf)
        print(f"Wrote {path}", file=sys.stderr)
    print(
        f"{len(chosen)} report(s) for the period ending {period_end} (data as of {run.as_of}) "
        f"in {time.monotonic() - started:.1f} s",
        file=sys.stderr,
    )
    return 0


def fail(message) -> int:
    print(f"opencqi report quarterly: {message}", file=sys.stderr)
    return USAGE_ERROR


def _date(text):
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None
