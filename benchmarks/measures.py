"""Measure engine benchmark: the whole catalog on synthetic statewide data, and P1 and P5
against a hand-written DuckDB SQL version, a straightforward pandas version and a raw scan.

    python benchmarks/measures.py                         # 1,000,000 and 5,000,000 episodes
    python benchmarks/measures.py --episodes 1000000      # one size only
    python benchmarks/measures.py --workdir /tmp/bench    # keep (and reuse) the databases
    python benchmarks/measures.py --workdir /tmp/bench --compare-only --repeat 2

Each step runs in a child process of its own and times its own work (not starting Python or
importing libraries); the peak resident memory is the whole process's:
  prepare    `opencqi.casedata.synth.generate` written to a DuckDB file with all seven tables
  catalog    `compute_measures` for the 14 measures, every county and California, every period
             and stratum, on DuckDB with 2 threads
and, at the largest size, for P1 (permanency_12m_entries) and P5 (placement_stability):
  engine     the engine for that measure alone
  sql        hand-written DuckDB SQL computing the same rows
  pandas     a straightforward pandas version (data loaded in memory first; load not timed)
  scan       a raw DuckDB scan of the columns the measure reads: the floor
The sql and pandas steps check that their rows equal the engine's. Targets (issue 7): catalog
under 30 s and 4 GiB at 1,000,000 episodes on 2 cores; engine within 1.5x of the SQL; engine at
least 5x faster than pandas. The machine's load average is printed: other work on it slows
every step alike.
"""

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AS_OF = dt.date(2025, 6, 30)
THREADS = 2
ELAPSED = "elapsed seconds: "
COMPARED = {"P1": "permanency_12m_entries", "P5": "placement_stability"}
VERSIONS = (
    ("engine", "engine"),
    ("hand-written SQL", "sql"),
    ("pandas", "pandas"),
    ("raw scan (floor)", "scan"),
)
PERMANENCY = ["reunification", "living_with_relative", "adoption", "guardianship"]


# -- the parent: run each step in a child process --------------------------------------------


def run_step(label, *argv):
    """Run this script's step `argv` in a fresh process. Returns the seconds the step timed
    itself (its work, without starting Python and importing libraries) and its peak MiB."""
    command = [sys.executable, os.path.abspath(__file__), *map(str, argv)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    seconds = None
    for line in child.stdout:
        if line.startswith(ELAPSED):
            seconds = float(line[len(ELAPSED) :])
        else:
            print(line, end="", flush=True)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = status
    if status != 0 or seconds is None:
        raise SystemExit(f"{label} failed with status {status}")
    peak = usage.ru_maxrss / 1024
    print(f"  {label:<26} {seconds:8.1f} s {peak:8.0f} MiB peak", flush=True)
    return seconds, peak


def load():
    return "load average " + ", ".join(f"{x:.1f}" for x in os.getloadavg())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, nargs="+", default=[1_000_000, 5_000_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, help="kept afterwards when given")
    parser.add_argument(
        "--repeat", type=int, default=1, help="run each P1/P5 step this often, keep the fastest"
    )
    parser.add_argument("--compare-only", action="store_true", help="skip the catalog runs")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="opencqi-measures-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} cores, DuckDB threads {THREADS}, as of {AS_OF}, {load()}")
    try:
        for episodes in args.episodes:
            database = workdir / f"warehouse-{episodes}.duckdb"
            print(f"{episodes:,} episodes (seed {args.seed})", flush=True)
            if not database.exists():
                run_step("prepare", "prepare", database, episodes, args.seed)
            if args.compare_only:
                continue
            seconds, peak = run_step("catalog (14 measures)", "catalog", database)
            verdict = "met" if seconds < 30 and peak < 4096 else "not met"
            print(f"  target under 30 s and 4 GiB: {verdict} ({load()})", flush=True)
        largest = workdir / f"warehouse-{max(args.episodes)}.duckdb"
        print(f"P1 and P5 at {max(args.episodes):,} episodes", flush=True)
        for code, measure_id in COMPARED.items():
            results = workdir / f"{measure_id}.parquet"
            fastest = {}
            for _ in range(args.repeat):  # interleaved, so load on the machine hits all alike
                for label, step in VERSIONS:
                    extra = [] if step == "scan" else [results]
                    seconds, _ = run_step(f"{code} {label}", step, largest, measure_id, *extra)
                    fastest[step] = min(fastest.get(step, seconds), seconds)
            engine, sql, pandas, scan = (fastest[step] for _, step in VERSIONS)
            print(
                f"  {code}: engine / SQL {engine / sql:.2f}x (target <= 1.5), "
                f"pandas / engine {pandas / engine:.1f}x (target >= 5), "
                f"engine / scan {engine / scan:.1f}x ({load()})",
                flush=True,
            )
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)


# -- the steps, each in its own process ------------------------------------------------------


def step_prepare(database, episodes, seed):
    import duckdb

    from opencqi.casedata import synth

    started = time.monotonic()
    tables = synth.generate(int(episodes), int(seed), as_of=AS_OF)
    con = duckdb.connect(str(database))
    for name in list(tables):
        con.register("source", tables.pop(name))
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM source")
        con.unregister("source")
    con.close()
    return time.monotonic() - started


def engine_tables(database):
    import ibis

    from opencqi.measures.inputs import read_case_tables

    con = ibis.duckdb.connect(str(database), read_only=True, threads=THREADS)
    return read_case_tables(con)


def step_catalog(database):
    from opencqi.measures.engine import compute_measures

    tables = engine_tables(database)
    started = time.monotonic()

    def log(measure, rows):
        print(f"    {measure.id:<28} {rows:>9,} rows {time.monotonic() - started:6.1f} s")

    result = compute_measures(tables, AS_OF, on_measure=log)
    elapsed = time.monotonic() - started
    print(f"    {result.num_rows:,} result rows", flush=True)
    return elapsed


def step_engine(database, measure_id, results):
    import pyarrow.parquet as pq

    from opencqi.measures.engine import compute_measures

    tables = engine_tables(database)
    started = time.monotonic()
    result = compute_measures(tables, AS_OF, measure_ids=[measure_id])
    elapsed = time.monotonic() - started
    pq.write_table(result, results)
    return elapsed


def covered_periods(con, measure_id):
    """The engine's periods for the measure, so every version computes the same ones."""
    from opencqi.measures.catalog import measure_by_id
    from opencqi.measures.periods import periods_covered

    measure = measure_by_id(measure_id)
    earliest = con.execute("SELECT min(removal_date) FROM episodes").fetchall()[0][0]
    return periods_covered(measure.period_type, earliest, AS_OF, measure.follow_up_months)


def check_same(rows, results, label):
    """Compare (county, period_end, stratum) -> (numerator, denominator) with the engine's."""
    import pyarrow.parquet as pq

    engine = {
        (r["county"], r["period_end"], r["stratum"]): (r["numerator"], r["denominator"])
        for r in pq.read_table(results).to_pylist()
    }
    mine = {(c, p, s): (int(n), int(d)) for c, p, s, n, d in rows}
    if mine != engine:
        different = sum(1 for k in engine.keys() | mine.keys() if engine.get(k) != mine.get(k))
        raise SystemExit(f"{label}: {different} rows differ from the engine's")
    print(f"    {label}: {len(mine):,} rows, equal to the engine's", flush=True)


# -- hand-written DuckDB SQL -----------------------------------------------------------------

SQL_BASE = """
WITH kids AS (
  SELECT child_id, birth_date, sex, race_ethnicity,
         CASE WHEN day(birth_date + INTERVAL 18 YEAR) = day(birth_date)
              THEN (birth_date + INTERVAL 18 YEAR)::DATE
              ELSE (birth_date + INTERVAL 18 YEAR + INTERVAL 1 DAY)::DATE END AS turns_18
  FROM children),
thv AS (
  SELECT episode_id,
         greatest(date_diff('day', start_date,
                            least(coalesce(end_date, exit_date), exit_date)) - 30, 0) AS excess
  FROM (SELECT p.*, e.exit_date FROM placements p JOIN episodes e USING (episode_id)
        WHERE e.exit_reason = 'reunification'
        QUALIFY row_number() OVER (PARTITION BY p.episode_id
                                   ORDER BY p.start_date DESC, p.placement_id DESC) = 1)
  WHERE setting = 'trial_home_visit'),
ep AS (
  SELECT e.county, e.child_id, e.episode_id, e.removal_date, e.exit_date, e.agency,
         k.birth_date, k.sex, k.race_ethnicity,
         (e.exit_date IS NOT NULL AND date_diff('day', e.removal_date, e.exit_date) < 8) AS short,
         e.removal_date >= k.turns_18 AS adult,
         coalesce((
           e.exit_reason IN ('reunification', 'living_with_relative', 'adoption', 'guardianship')
           AND e.exit_date < k.turns_18
           AND date_diff('day', e.removal_date, e.exit_date) - coalesce(t.excess, 0)
               < date_diff('day', e.removal_date, (e.removal_date + INTERVAL 12 MONTH)::DATE)
         )::INT, 0) AS permanent
  FROM episodes e JOIN kids k USING (child_id) LEFT JOIN thv t USING (episode_id)),
pooled AS (
  SELECT *, lag(removal_date) OVER (PARTITION BY county, child_id
                                    ORDER BY removal_date, episode_id) AS previous
  FROM (SELECT * FROM ep UNION ALL SELECT * REPLACE ('California' AS county) FROM ep)),
cohort AS (
  SELECT c.*, p.period_start, p.period_end, p.provisional,
         year(c.removal_date) - year(c.birth_date)
           - (month(c.removal_date) * 100 + day(c.removal_date)
              < month(c.birth_date) * 100 + day(c.birth_date))::INT AS age
  FROM pooled c JOIN periods p ON c.removal_date BETWEEN p.period_start AND p.period_end
  WHERE (c.previous IS NULL OR c.previous < p.period_start) AND NOT c.short AND NOT c.adult),
"""
SQL_UNITS = {
    "permanency_12m_entries": """
units AS (SELECT *, permanent AS num, 1 AS den FROM cohort)
""",
    "placement_stability": """
moves AS (
  SELECT episode_id, start_date FROM (
    SELECT *, row_number() OVER (PARTITION BY episode_id ORDER BY start_date, placement_id) AS n
    FROM placements WHERE setting NOT IN ('trial_home_visit', 'runaway'))
  WHERE n > 1),
moves_by_period AS (
  SELECT c.county, c.episode_id, c.period_end, count(*) AS moves
  FROM cohort c JOIN moves m ON m.episode_id = c.episode_id AND m.start_date <= c.period_end
  GROUP BY ALL),
units AS (
  SELECT c.*, coalesce(m.moves, 0) AS num,
         date_diff('day', c.removal_date,
                   least(coalesce(c.exit_date, (c.period_end + 1)), (c.period_end + 1))) AS den
  FROM cohort c LEFT JOIN moves_by_period m USING (county, episode_id, period_end))
""",
}
SQL_SUMMARY = """
SELECT county, period_end,
       CASE WHEN GROUPING(age_group) = 0 THEN 'age_group=' || age_group
            WHEN GROUPING(sex) = 0 THEN 'sex=' || sex
            WHEN GROUPING(race_ethnicity) = 0 THEN 'race_ethnicity=' || race_ethnicity
            WHEN GROUPING(agency) = 0 THEN 'agency=' || agency
            ELSE 'all' END AS stratum,
       sum(num) AS numerator, sum(den) AS denominator
FROM (SELECT *, CASE WHEN age < 1 THEN 'under 1' WHEN age < 3 THEN '1-2' WHEN age < 6 THEN '3-5'
                     WHEN age < 11 THEN '6-10' WHEN age < 16 THEN '11-15' WHEN age < 18 THEN '16-17'
                     ELSE '18+' END AS age_group FROM units)
GROUP BY GROUPING SETS ((county, period_end), (county, period_end, age_group),
                        (county, period_end, sex), (county, period_end, race_ethnicity),
                        (county, period_end, agency))
"""


def step_sql(database, measure_id, results):
    import duckdb
    import pyarrow as pa

    con = duckdb.connect(str(database), read_only=True)
    con.execute(f"SET threads = {THREADS}").fetchall()
    periods = covered_periods(con, measure_id)
    started = time.monotonic()
    table = pa.table(
        {
            "period_start": [p.start for p in periods],
            "period_end": [p.end for p in periods],
            "provisional": [p.provisional for p in periods],
        }
    )
    con.register("periods", table)
    query = SQL_BASE + SQL_UNITS[measure_id] + SQL_SUMMARY
    rows = con.execute(query).fetchall()
    elapsed = time.monotonic() - started
    check_same(rows, results, "hand-written SQL")
    return elapsed


# -- straightforward pandas ------------------------------------------------------------------


def step_pandas(database, measure_id, results):
    import duckdb
    import pandas as pd

    con = duckdb.connect(str(database), read_only=True)
    periods = covered_periods(con, measure_id)
    loaded = time.monotonic()
    frames = {
        name: con.execute(f"SELECT * FROM {name}").fetchdf()
        for name in ("children", "episodes", "placements")
    }
    for frame in frames.values():
        for column in ("birth_date", "removal_date", "exit_date", "start_date", "end_date"):
            if column in frame:
                frame[column] = pd.to_datetime(frame[column])
    started = time.monotonic()
    print(f"    loaded into pandas in {started - loaded:.1f} s (not timed)", flush=True)
    rows = pandas_measure(frames, periods, measure_id)
    elapsed = time.monotonic() - started
    check_same(rows, results, "pandas")
    return elapsed


def pandas_measure(frames, periods, measure_id):
    import pandas as pd

    children, episodes, placements = (frames[n] for n in ("children", "episodes", "placements"))
    ep = episodes.merge(children, on="child_id")
    shifted = ep.birth_date + pd.DateOffset(years=18)
    ep["turns_18"] = shifted.where(
        shifted.dt.day == ep.birth_date.dt.day, shifted + pd.Timedelta(1, "D")
    )
    ep["stay"] = (ep.exit_date - ep.removal_date).dt.days
    ep["short"] = ep.stay < 8
    ep["adult"] = ep.removal_date >= ep.turns_18
    if measure_id == "permanency_12m_entries":
        reunified = ep.loc[ep.exit_reason == "reunification", ["episode_id", "exit_date"]]
        last = (
            placements.merge(reunified, on="episode_id")
            .sort_values(["episode_id", "start_date", "placement_id"])
            .groupby("episode_id")
            .tail(1)
        )
        last = last[last.setting == "trial_home_visit"]
        end = last.end_date.fillna(last.exit_date).where(
            last.end_date.fillna(last.exit_date) < last.exit_date, last.exit_date
        )
        excess = ((end - last.start_date).dt.days - 30).clip(lower=0)
        ep["excess"] = ep.episode_id.map(pd.Series(excess.values, index=last.episode_id)).fillna(0)
        twelve = (ep.removal_date + pd.DateOffset(months=12) - ep.removal_date).dt.days
        ep["permanent"] = (
            ep.exit_reason.isin(
                ["reunification", "living_with_relative", "adoption", "guardianship"]
            )
            & (ep.exit_date < ep.turns_18)
            & (ep.stay - ep.excess < twelve)
        ).astype(int)
    else:
        moves = placements[~placements.setting.isin(["trial_home_visit", "runaway"])]
        moves = moves.sort_values(["episode_id", "start_date", "placement_id"])
        moves = moves[moves.groupby("episode_id").cumcount() > 0]
    ep = ep.sort_values(["removal_date", "episode_id"])
    rows = []
    for period in periods:
        start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
        entered = ep[(ep.removal_date >= start) & (ep.removal_date <= end)]
        for pooled in (entered, entered.assign(county="California")):
            cohort = pooled.drop_duplicates(["county", "child_id"])
            cohort = cohort[~cohort.short & ~cohort.adult].copy()
            if measure_id == "permanency_12m_entries":
                cohort["num"], cohort["den"] = cohort.permanent, 1
            else:
                after_end = end + pd.Timedelta(1, "D")
                stop = cohort.exit_date.where(cohort.exit_date < after_end, after_end)
                cohort["den"] = (stop.fillna(after_end) - cohort.removal_date).dt.days
                counted = moves[
                    moves.episode_id.isin(cohort.episode_id) & (moves.start_date <= end)
                ]
                per_episode = counted.groupby("episode_id").size()
                cohort["num"] = cohort.episode_id.map(per_episode).fillna(0).astype(int)
            cohort["age_group"] = pandas_age_group(cohort.birth_date, cohort.removal_date)
            for county, frame in cohort.groupby("county"):
                rows.append((county, period.end, "all", frame.num.sum(), frame.den.sum()))
            for dimension in ("age_group", "sex", "race_ethnicity", "agency"):
                sums = cohort.groupby(["county", dimension])[["num", "den"]].sum()
                for (county, value), (num, den) in sums.iterrows():
                    rows.append((county, period.end, f"{dimension}={value}", num, den))
    return rows


def pandas_age_group(birth, day):
    import numpy as np

    before = day.dt.month * 100 + day.dt.day < birth.dt.month * 100 + birth.dt.day
    age = day.dt.year - birth.dt.year - before.astype(int)
    bins = [-1000, 1, 3, 6, 11, 16, 18, 1000]
    labels = ["under 1", "1-2", "3-5", "6-10", "11-15", "16-17", "18+"]
    return np.array(labels, dtype=object)[np.digitize(age, bins[1:-1])]


# -- the floor -------------------------------------------------------------------------------

SCANNED = {
    "children": "child_id, birth_date, sex, race_ethnicity",
    "episodes": "episode_id, child_id, county, removal_date, exit_date, exit_reason, agency",
    "placements": "placement_id, episode_id, start_date, end_date, setting",
}


def step_scan(database, measure_id):
    import duckdb

    con = duckdb.connect(str(database), read_only=True)
    con.execute(f"SET threads = {THREADS}").fetchall()
    started = time.monotonic()
    for table, columns in SCANNED.items():
        con.execute(f"SELECT sum(hash({columns})) FROM {table}").fetchall()
    return time.monotonic() - started


STEPS = {
    "prepare": step_prepare,
    "catalog": step_catalog,
    "engine": step_engine,
    "sql": step_sql,
    "pandas": step_pandas,
    "scan": step_scan,
}

if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in STEPS:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
        print(f"{ELAPSED}{STEPS[sys.argv[1]](*sys.argv[2:])}", flush=True)
    else:
        main()
