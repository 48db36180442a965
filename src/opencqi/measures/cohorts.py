"""The cohort of one measure for one county and period, case by case.

Peer review case sampling (reviews/sampling.py) draws from the focus measure's cohort: the cases
the measure counted, each with whether its outcome was achieved. The cohort is built by the
engine's own unit builders, so a case is in it exactly when the measure counts it.

- A case is the unit's episode (episode_id) or, for measures that count children rather than
  episodes (recurrence), the child (child_id). Measures whose units carry neither (the timely
  response measures count referrals; the rates count children against a population) have no
  case-level cohort.
- Achieved: for a measure where higher is better, every counted contribution of the case met
  the outcome (numerator = denominator: exited to permanency; visited every month); where lower
  is better, none went wrong (numerator = 0: no re-entry, no recurrence, no move, no
  maltreatment in care).
- The worker is the episode's `worker_id` (the optional column of the episodes extract, see
  docs/data-format.md); for a child-level case it is the worker of the child's latest episode in
  the county that began by the period's end. The episode also gives the service dates (removal
  and exit) from which time in service is counted.

Case-level rows never leave the warehouse's process except to the review sample, whose access
is limited to the review's planners and, case by case, to the team that reviews it.
"""

import datetime as dt
from dataclasses import dataclass

import ibis

from opencqi.measures.catalog import DEFAULT_PROFILE, measure_by_id
from opencqi.measures.engine import CASE_KEYS, UNIT_BUILDERS, periods_table
from opencqi.measures.inputs import read_case_tables
from opencqi.measures.periods import Period


class NoCohort(ValueError):
    """The measure does not count cases that a review could sample."""


@dataclass(frozen=True)
class CohortCase:
    case_id: str
    child_id: str
    episode_id: str | None
    achieved: bool
    numerator: int
    denominator: int
    worker_id: str | None
    agency: str | None
    removal_date: dt.date | None
    exit_date: dt.date | None


def outcome_achieved(direction: str, numerator, denominator) -> bool:
    if direction == "lower":
        return numerator == 0
    return numerator >= denominator


def cohort_cases(
    con, measure_id: str, county: str, period: Period, profile: str = DEFAULT_PROFILE
) -> list[CohortCase]:
    """The cases `measure_id` counts for `county` (its name) in `period`, sorted by case id.

    `con` is an Ibis connection holding the case tables (the warehouse)."""
    measure = measure_by_id(measure_id)
    if measure.direction is None:
        raise NoCohort(f"{measure.name} is a context measure: it has no outcome to achieve.")
    units = UNIT_BUILDERS[measure.id](
        measure, read_case_tables(con), periods_table([period]), profile
    )
    keys = [key for key in CASE_KEYS if key in units.columns]
    if "child_id" not in keys:
        raise NoCohort(f"{measure.name} counts referrals or rates, not cases a review can sample.")
    units = units.filter(units.county == county, units.period_end == period.end)
    cases = units.group_by(keys).aggregate(
        numerator=units.numerator.sum(), denominator=units.denominator.sum()
    )
    rows = _with_episode(con, cases, county, period).to_pyarrow().to_pylist()
    result = [
        CohortCase(
            case_id=row.get("episode_id") or row["child_id"],
            child_id=row["child_id"],
            episode_id=row.get("episode_id"),
            achieved=outcome_achieved(measure.direction, row["numerator"], row["denominator"]),
            numerator=row["numerator"],
            denominator=row["denominator"],
            worker_id=row["worker_id"],
            agency=row["agency"],
            removal_date=row["removal_date"],
            exit_date=row["exit_date"],
        )
        for row in rows
    ]
    return sorted(result, key=lambda c: c.case_id)


def _with_episode(con, cases, county, period):
    """The cases with their episode's worker, agency and service dates."""
    raw = con.table("episodes")
    worker = raw.worker_id.cast("string") if "worker_id" in raw.columns else ibis.null("string")
    episodes = raw.select(
        ep_episode_id=raw.episode_id.cast("string"),
        ep_child_id=raw.child_id.cast("string"),
        ep_county=raw.county.cast("string"),
        worker_id=worker,
        agency=raw.agency.cast("string"),
        removal_date=raw.removal_date.cast("date"),
        exit_date=raw.exit_date.cast("date"),
    )
    if "episode_id" in cases.columns:
        joined = cases.left_join(episodes, cases.episode_id == episodes.ep_episode_id)
    else:
        latest = episodes.filter(episodes.ep_county == county, episodes.removal_date <= period.end)
        order = ibis.row_number().over(
            group_by="ep_child_id",
            order_by=[ibis.desc("removal_date"), ibis.desc("ep_episode_id")],
        )
        latest = latest.mutate(latest_rank=order).filter(lambda t: t.latest_rank == 0)
        joined = cases.left_join(latest, cases.child_id == latest.ep_child_id)
    return joined.select(*cases.columns, "worker_id", "agency", "removal_date", "exit_date")
