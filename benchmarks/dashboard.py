"""Dashboard benchmark: the 58-county quarterly report batch, and the county profile page under
50 concurrent users on PostgreSQL, each against a baseline measured in the same run.

    python benchmarks/dashboard.py                      # database opencqi_bench_dashboard
    python benchmarks/dashboard.py --seconds 30 --users 50 --server-workers 2
    python benchmarks/dashboard.py --reload             # regenerate the results first
    python benchmarks/dashboard.py --skip-load          # the batch only (--skip-batch: load)

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, no password; --database to change); the
database is created if missing. Steps:
  data    ~1,000,000 MeasureResult rows: 14 measures x 59 places (58 counties and California)
          x 55 quarterly periods x 21 strata ("all" and 20 of age group, sex, race/ethnicity,
          agency), counts growing with each county's child population (so small counties have
          counts of 1-10), copied into PostgreSQL. Kept between runs unless --reload.
  batch   the 58 quarterly reports as the background job writes them (PDFs rendered in one
          worker process per CPU), against the serial baseline: one report alone, x 58.
  load    `opencqi serve` (gunicorn) on a loopback port; --users keep-alive clients on loopback
          (asyncio, one connection each) for --seconds per page, after a warm-up. Pages: the
          sign-in page (baseline: a trivial page through the same middleware), a county profile
          as a state consultant (exact figures) and the public county profile (published
          figures). Twice: without think time (the server saturated: capacity) and with a
          mean think time of --think seconds between a user's requests (users reading).
Targets (issue 4): batch under 2 minutes; county profile p95 under 200 ms. The machine's load
average is printed: other work on it slows every step alike.
"""

import argparse
import asyncio
import datetime as dt
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATABASE = "postgres://postgres@127.0.0.1:5432/opencqi_bench_dashboard"
PERIODS = 55
LATEST = dt.date(2024, 9, 30)
STRATA = (
    [f"age_group={a}" for a in ("under 1", "1-2", "3-5", "6-10", "11-15", "16-17", "18+")]
    + [f"sex={s}" for s in ("female", "male", "other", "unknown")]
    + [
        f"race_ethnicity={r}"
        for r in (
            "black",
            "white",
            "latino",
            "asian_pacific_islander",
            "native_american",
            "other",
            "missing",
        )
    ]
    + ["agency=child_welfare", "agency=probation"]
)
PROFILE_COUNTY = "10"  # Fresno


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--think", type=float, default=2.0, help="mean think time, seconds")
    parser.add_argument("--server-workers", type=int, default=2)
    parser.add_argument("--reload", action="store_true")
    parser.add_argument("--skip-batch", action="store_true")
    parser.add_argument("--skip-load", action="store_true")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="opencqi-bench-dashboard-"))
    os.environ.update(
        DATABASE_URL=args.database,
        OPENCQI_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="opencqi.site.settings",
    )
    create_database(args.database)
    import django

    django.setup()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
    run, count = prepare(args.reload)
    print(f"data: {count:,} results in measure run {run.pk} (as of {run.as_of})", flush=True)
    if not args.skip_batch:
        batch(run)
    if not args.skip_load:
        load(args, data_dir)
    print(f"load average {os.getloadavg()[0]:.1f}", flush=True)


# -- data ------------------------------------------------------------------------------------


def create_database(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as con:
        if not con.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            con.execute(f'CREATE DATABASE "{name}"')


def period_ends():
    ends, end = [], LATEST
    for _ in range(PERIODS):
        ends.append(end)
        end = dt.date(end.year, end.month - 2, 1) - dt.timedelta(days=1)  # 3 months earlier
    return sorted(ends)


def start_of(measure, end):
    months = 3 if measure.period_type == "quarter" else 12
    first = end + dt.timedelta(days=1)
    year, month = divmod(first.year * 12 + first.month - 1 - months, 12)
    return dt.date(year, month + 1, 1)


def prepare(reload):
    """The current run, with its results generated when missing or asked for."""
    from django.core.management import call_command
    from django.db import connection

    from opencqi.counties.loading import load_counties
    from opencqi.measures.catalog import CATALOG
    from opencqi.measures.models import MeasureResult, MeasureRun
    from opencqi.measures.store import latest_run

    call_command("migrate", verbosity=0)
    load_counties()
    run = latest_run()
    if run and not reload:
        return run, MeasureResult.objects.filter(run=run).count()
    started = time.monotonic()
    MeasureResult.objects.all().delete()
    MeasureRun.objects.all().delete()
    run = MeasureRun.objects.create(
        status=MeasureRun.Status.SUCCEEDED, as_of=LATEST, code_version="bench", profile="federal"
    )
    from opencqi.counties.models import County

    places = [(None, 9_000_000)] + [(c.pk, c.child_population) for c in County.objects.all()]
    rng = random.Random(4)
    ends = period_ends()
    columns = (
        "run_id, measure_id, county_id, period_start, period_end, stratum, numerator, "
        "denominator, value, provisional"
    )
    count = 0
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY measures_measureresult ({columns}) FROM STDIN") as copy,
    ):
        for measure in CATALOG:
            share = rng.uniform(0.1, 0.6)
            for county_id, children in places:
                size = children / rng.uniform(80, 400)
                for step, end in enumerate(ends):
                    provisional = bool(measure.follow_up_months) and step >= PERIODS - 4
                    denominator = int(size * rng.uniform(0.8, 1.2))
                    numerator = int(denominator * share * rng.uniform(0.7, 1.3))
                    for stratum in ["all", *STRATA]:
                        part = 1 if stratum == "all" else rng.uniform(0.02, 0.4)
                        den = int(denominator * part)
                        num = min(den, int(numerator * part))
                        value = num / den * measure.multiplier if den else None
                        copy.write_row(
                            (run.pk, measure.id, county_id, start_of(measure, end), end,
                             stratum, num, den, value, provisional)
                        )  # fmt: skip
                        count += 1
    run.result_count = count
    run.save()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE measures_measureresult")
    print(f"  generated {count:,} results in {time.monotonic() - started:.0f} s", flush=True)
    return run, count


# -- batch -----------------------------------------------------------------------------------


def batch(run):
    from opencqi.counties.models import County
    from opencqi.dashboard import report

    counties = list(County.objects.all())
    fresno = next(c for c in counties if c.code == PROFILE_COUNTY)
    report.quarterly_pdf(run, fresno, LATEST, counties)  # warm-up: fonts, chart engine
    started = time.monotonic()
    report.quarterly_pdf(run, fresno, LATEST, counties)
    one = time.monotonic() - started
    started = time.monotonic()
    sizes = [len(pdf) for _, pdf in report.quarterly_pdfs(run, counties, LATEST)]
    whole = time.monotonic() - started
    print(
        f"batch: 58 reports in {whole:.1f} s ({whole / 58:.2f} s each, {os.cpu_count()} worker "
        f"processes, {sum(sizes) / 2**20:.0f} MiB of PDF); baseline one report alone "
        f"{one:.2f} s, x 58 = {one * 58:.0f} s; target under 120 s",
        flush=True,
    )


# -- load ------------------------------------------------------------------------------------


def load(args, data_dir):
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore

    from opencqi.accounts.models import Membership
    from opencqi.accounts.roles import Role

    user, created = User.objects.get_or_create(username="bench-consultant")
    if created:
        Membership.objects.create(user=user, role=Role.STATE_CONSULTANT)
    session = SessionStore()
    session.update(
        {"_auth_user_id": str(user.pk), "_auth_user_backend": "django.contrib.auth.backends."
         "ModelBackend", "_auth_user_hash": user.get_session_auth_hash()}
    )  # fmt: skip
    session.create()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "opencqi.cli", "serve", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.server_workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # `serve` starts gunicorn as its child: stop the whole group
    )  # fmt: skip
    try:
        wait_for(port)
        pages = [
            ("baseline: sign-in page", "/account/login/", ""),
            ("county profile, state consultant", f"/dashboard/counties/{PROFILE_COUNTY}/",
             f"sessionid={session.session_key}"),
            ("county profile, public", f"/public/counties/{PROFILE_COUNTY}/", ""),
        ]  # fmt: skip
        for think in (0.0, args.think):
            print(
                f"load: {args.users} users, {args.seconds:.0f} s per page, "
                f"{'no think time' if not think else f'mean think time {think:.1f} s'}, "
                f"gunicorn {args.server_workers} workers x 4 threads",
                flush=True,
            )
            for label, path, cookie in pages:
                asyncio.run(hammer(port, path, cookie, 3, args.users, think))  # warm-up
                result = asyncio.run(hammer(port, path, cookie, args.seconds, args.users, think))
                print(f"  {label:<34} {result}", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not start on port {port}")


class Result:
    def __init__(self, latencies, errors, seconds):
        self.latencies, self.errors, self.seconds = sorted(latencies), errors, seconds

    def percentile(self, p):
        index = min(len(self.latencies) - 1, int(p / 100 * len(self.latencies)))
        return self.latencies[index] * 1000

    def __str__(self):
        if not self.latencies:
            return f"no response ({self.errors} errors)"
        return (
            f"p50 {self.percentile(50):6.0f} ms  p95 {self.percentile(95):6.0f} ms  "
            f"{len(self.latencies) / self.seconds:6.1f} requests/s  "
            f"mean {statistics.fmean(self.latencies) * 1000:5.0f} ms  errors {self.errors}"
        )


async def hammer(port, path, cookie, seconds, users, think):
    """`users` clients requesting `path` for `seconds`; each waits for its response, then an
    exponentially distributed think time of mean `think`, then asks again. Without think time a
    client keeps its connection; with it, each request opens one (the time to connect counts)."""
    latencies, errors = [], [0]
    deadline = time.monotonic() + seconds
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/html\r\n"
        + (f"Cookie: {cookie}\r\n" if cookie else "")
        # a reading user's browser has let its idle connection go by the next click
        + ("Connection: close\r\n" if think else "")
        + "\r\n"
    ).encode()

    async def user(number):
        rng = random.Random(number)
        if think:
            await asyncio.sleep(rng.uniform(0, think))  # users do not arrive together
        connection = None
        while time.monotonic() < deadline:
            try:
                started = time.perf_counter()
                if connection is None:
                    connection = await asyncio.open_connection("127.0.0.1", port)
                reader, writer = connection
                writer.write(request)
                status, keep = await read_response(reader)
                latencies.append(time.perf_counter() - started)
                if status != 200:
                    errors[0] += 1
                if not keep:
                    writer.close()
                    connection = None
            except (OSError, asyncio.IncompleteReadError):
                errors[0] += 1
                connection = None
            if think:
                await asyncio.sleep(rng.expovariate(1 / think))

    await asyncio.gather(*(user(n) for n in range(users)))
    return Result(latencies, errors[0], seconds)


async def read_response(reader):
    """(status, whether the connection stays open) after reading one whole response."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while size := int((await reader.readuntil(b"\r\n")).strip(), 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    return status, headers.get("connection", "").lower() != "close"


if __name__ == "__main__":
    main()
