"""The measure engine: every measure of the catalog as Ibis expressions.

A measure is computed in one set-based query over all its periods at once: the case rows are
joined with a small `periods` table (period_start, period_end, provisional). Each measure first
builds its *units* (one row per child, episode, report, referral or child-month the measure
counts, per county and period) with a numerator and a denominator contribution and the stratum
dimensions; `summarise` then adds them up per county x period x stratum. California is computed
by repeating every case row under the county "California" before the rules run, so a child is
unduplicated over the pooled data rather than summed from county rows.

The expressions use only portable Ibis operations, so they run unchanged on DuckDB and PySpark.
"""

import datetime as dt

import ibis
import pyarrow as pa
import pyarrow.compute as pc

from opencqi.measures.catalog import (
    AGE_GROUPS,
    CALIFORNIA,
    CATALOG,
    DEFAULT_PROFILE,
    STRATUM_DIMENSIONS,
    VICTIM_DISPOSITIONS,
    measure_by_id,
    permanency_exits,
)
from opencqi.measures.inputs import EVENT_DATE_COLUMNS
from opencqi.measures.periods import periods_covered

RESULT_COLUMNS = (
    "measure_id",
    "county",
    "period_start",
    "period_end",
    "stratum",
    "numerator",
    "denominator",
    "value",
    "provisional",
)
RESULT_SCHEMA = pa.schema(
    [
        ("measure_id", pa.string()),
        ("county", pa.string()),
        ("period_start", pa.date32()),
        ("period_end", pa.date32()),
        ("stratum", pa.string()),
        ("numerator", pa.int64()),
        ("denominator", pa.int64()),
        ("value", pa.float64()),
        ("provisional", pa.bool_()),
    ]
)
PERIOD_KEYS = ("county", "period_start", "period_end", "provisional")
PERIOD_COLUMNS = ("period_start", "period_end", "provisional")
CASE_KEYS = ("child_id", "episode_id")
PERIODS_SCHEMA = ibis.schema(
    {"period_start": "date", "period_end": "date", "provisional": "boolean"}
)


# -- running the catalog ---------------------------------------------------------------------


def compute_measures(tables, as_of, *, measure_ids=None, profile=DEFAULT_PROFILE, on_measure=None):
    """Results of the measures (default: the whole catalog) for every covered period.

    `tables` are the case tables (see `inputs.read_case_tables`) on any Ibis backend; returns an
    Arrow table with RESULT_COLUMNS, sorted. `on_measure(measure, rows)` is called after each
    measure, for progress. Measures built by the same rules (P2 and P3, the two 2B and the two
    2F measures) run as one query, so the backend computes their shared part once.
    """
    measures = [measure_by_id(i) for i in measure_ids] if measure_ids else list(CATALOG)
    earliest = earliest_event_dates(tables, {t for m in measures for t in m.tables})
    parts = []
    for family in families(measures):
        first = family[0]
        periods = periods_covered(
            first.period_type, coverage_start(first, earliest), as_of, first.follow_up_months
        )
        results = {m.id: empty_results() for m in family}
        if periods:
            table = periods_table(periods)
            exprs = [measure_results(m, tables, table, profile) for m in family]
            combined = ibis.union(*exprs).to_pyarrow().cast(RESULT_SCHEMA)
            for measure in family:
                results[measure.id] = combined.filter(pc.equal(combined["measure_id"], measure.id))
        for measure in family:
            parts.append(results[measure.id])
            if on_measure:
                on_measure(measure, results[measure.id].num_rows)
    combined = pa.concat_tables(parts) if parts else empty_results()
    return combined.sort_by(
        [(name, "ascending") for name in ("measure_id", "county", "period_end", "stratum")]
    )


def families(measures):
    """The measures grouped by the rules that build them, in catalog order."""
    groups = {}
    for measure in measures:
        key = (UNIT_BUILDERS[measure.id], measure.period_type, measure.follow_up_months)
        groups.setdefault(key, []).append(measure)
    return list(groups.values())


def measure_results(measure, tables, periods, profile=DEFAULT_PROFILE):
    """The Ibis expression of one measure's result rows for every period in `periods`."""
    builder = CELL_BUILDERS.get(measure.id, UNIT_BUILDERS[measure.id])
    return summarise(builder(measure, tables, periods, profile), measure)


def earliest_event_dates(tables, names):
    """The earliest event date of each named table (None when it is empty)."""
    earliest = {}
    for name in sorted(names & EVENT_DATE_COLUMNS.keys()):
        value = tables[name][EVENT_DATE_COLUMNS[name]].min().to_pyarrow().as_py()
        earliest[name] = value.date() if isinstance(value, dt.datetime) else value
    return earliest


def coverage_start(measure, earliest):
    """The first date every table the measure reads has data for."""
    dates = [earliest.get(name) for name in measure.tables if name in EVENT_DATE_COLUMNS]
    return None if None in dates else max(dates)


def periods_table(periods):
    return ibis.memtable(
        {
            "period_start": [p.start for p in periods],
            "period_end": [p.end for p in periods],
            "provisional": [p.provisional for p in periods],
        },
        schema=PERIODS_SCHEMA,
    )


def empty_results():
    return RESULT_SCHEMA.empty_table()


# -- shared building blocks ------------------------------------------------------------------


def summarise(units, measure):
    """Sum units to one row per county x period x stratum ("all" and each dimension=value)."""
    dimensions = list(measure.strata)
    cells = units.group_by(*PERIOD_KEYS, *dimensions).aggregate(
        numerator=units.numerator.sum(), denominator=units.denominator.sum()
    )
    labels = [ibis.literal("all")] + [ibis.literal(f"{d}=") + cells[d] for d in dimensions]
    exploded = cells.mutate(stratum=ibis.array(labels).unnest())
    totals = exploded.group_by(*PERIOD_KEYS, "stratum").aggregate(
        numerator=exploded.numerator.sum().cast("int64"),
        denominator=exploded.denominator.sum().cast("int64"),
    )
    value = (
        totals.numerator.cast("float64")
        / totals.denominator.nullif(0).cast("float64")
        * measure.multiplier
    )
    return totals.select(
        measure_id=ibis.literal(measure.id),
        county=totals.county,
        period_start=totals.period_start,
        period_end=totals.period_end,
        stratum=totals.stratum,
        numerator=totals.numerator,
        denominator=totals.denominator,
        value=value,
        provisional=totals.provisional,
    )


def with_california(table):
    """The rows once under their own county and once more under California."""
    return table.union(table.mutate(county=ibis.literal(CALIFORNIA)))


def quarter_of(day):
    """Quarters numbered year * 4 + quarter - 1. Periods start and end on quarter boundaries,
    so every join with the periods is an equality on a quarter number: no range join."""
    return day.year() * 4 + (day.month() - 1) // 3


def is_quarter_start(day):
    return (day.day() == 1) & ((day.month() - 1) % 3 == 0)


def with_periods(rows, joined):
    return joined.select(*rows.columns, *PERIOD_COLUMNS)


def join_periods_containing(rows, day, periods):
    """`rows` joined to every period that contains `day` (an expression on `rows`)."""
    keyed = rows.mutate(row_quarter=quarter_of(day))
    return with_periods(rows, join_periods_holding_quarter(keyed, keyed.row_quarter, periods))


def join_periods_holding_quarter(rows, quarter, periods):
    """`rows` joined to every period made up partly of `quarter` (a quarter number)."""
    quarters = periods.mutate(
        period_quarter=ibis.range(
            quarter_of(periods.period_start), quarter_of(periods.period_end) + 1
        ).unnest()
    )
    return with_periods(rows, rows.join(quarters, quarter == quarters.period_quarter))


def join_periods_by_quarter(rows, first, last, periods, boundary):
    """`rows` joined to every period whose first ("start") or last ("end") quarter lies in
    [first, last], expressions on `rows` (last null: no end). The quarters are listed per row,
    within the periods' span, and matched to the periods by equality."""
    bounded = periods.mutate(quarter=quarter_of(periods[f"period_{boundary}"]))
    span = bounded.aggregate(span_low=bounded.quarter.min(), span_high=bounded.quarter.max())
    ranged = rows.mutate(range_first=first, range_last=last).cross_join(span)
    low = ibis.greatest(ranged.range_first, ranged.span_low)
    high = ibis.least(ranged.range_last.fill_null(ranged.span_high), ranged.span_high)
    ranged = ranged.filter(low <= high).mutate(row_quarter=ibis.range(low, high + 1).unnest())
    return with_periods(rows, ranged.join(bounded, ranged.row_quarter == bounded.quarter))


def join_periods_in_care_on(rows, boundary, periods):
    """`rows` (episodes) joined to every period on whose first ("start") or last ("end") day
    the child is in care: removal_date <= that day < exit_date."""
    if boundary == "start":
        first = quarter_of(rows.removal_date) + flag(~is_quarter_start(rows.removal_date))
        last = quarter_of(rows.exit_date) + flag(~is_quarter_start(rows.exit_date)) - 1
    else:
        first = quarter_of(rows.removal_date)
        last = quarter_of(rows.exit_date) - 1
    return join_periods_by_quarter(rows, first, last, periods, boundary)


def with_previous(rows, date_column, tie_breaker):
    """`rows` with previous_date: the date of the child's row before this one in its county
    (ordered by `date_column`, then `tie_breaker`)."""
    window = ibis.window(group_by=["county", "child_id"], order_by=[date_column, tie_breaker])
    return rows.mutate(previous_date=rows[date_column].lag().over(window))


def first_in_periods(rows, date_column, periods):
    """`rows` (see `with_previous`) joined to each period in which the row is the child's first
    in its county: its date is in the period and the child's previous row is before it. No
    per-period ranking is needed, so every period is found in one join."""
    joined = join_periods_containing(rows, rows[date_column], periods)
    return joined.filter(
        joined.previous_date.isnull() | (joined.previous_date < joined.period_start)
    )


def days_between(later, earlier):
    return later.delta(earlier, unit="day")


def age_on(birth_date, day):
    """Completed years on `day`."""
    before_birthday = day.month() * 100 + day.day() < birth_date.month() * 100 + birth_date.day()
    return day.year() - birth_date.year() - before_birthday.cast("int64")


def eighteenth_birthday(birth_date):
    """The first day the child is 18 (a Feb 29 birthday falls on Mar 1 in common years)."""
    shifted = birth_date + ibis.interval(years=18)
    return ibis.ifelse(shifted.day() == birth_date.day(), shifted, shifted + ibis.interval(days=1))


def age_group(birth_date, day):
    age = age_on(birth_date, day)
    bounds = [lowest for lowest, _ in AGE_GROUPS[1:]]
    labels = [label for _, label in AGE_GROUPS]
    return ibis.cases(
        *[(age < b, label) for b, label in zip(bounds, labels, strict=False)], else_=labels[-1]
    )


def month_index(day):
    """Months numbered year * 12 + month - 1, so consecutive months differ by one."""
    return day.year() * 12 + day.month() - 1


def first_of_month(index):
    return ibis.date(index // 12, index % 12 + 1, 1)


def child_episodes(tables):
    """Episodes with the child's birth date, sex and race_ethnicity, 18th birthday and stay."""
    children = tables.children.select("child_id", "birth_date", "sex", "race_ethnicity")
    joined = tables.episodes.join(children, "child_id")
    stay = days_between(joined.exit_date, joined.removal_date)
    return joined.mutate(
        turns_18=eighteenth_birthday(joined.birth_date),
        stay=stay,
        closed_short=(stay < 8).fill_null(False),
    )


def child_reports(tables):
    """Substantiated or indicated reports with the child's birth date, sex and race_ethnicity."""
    reports = tables.reports.filter(tables.reports.disposition.isin(VICTIM_DISPOSITIONS))
    children = tables.children.select("child_id", "birth_date", "sex", "race_ethnicity")
    joined = reports.join(children, "child_id")
    return joined.mutate(turns_18=eighteenth_birthday(joined.birth_date))


def add_counts(units, counts, keys, *names):
    """`units` with the `names` columns of `counts` joined on `keys`, 0 where there is none."""
    counts = counts.rename({f"{key}_counted": key for key in keys})
    joined = units.left_join(counts, [units[k] == counts[f"{k}_counted"] for k in keys])
    return joined.select(*units.columns, **{name: joined[name].fill_null(0) for name in names})


def mark(rows, marked, key, name):
    """`rows` with `name` = 1 where rows[key] is among marked[key], else 0."""
    marked = marked.select(**{f"{name}_{key}": marked[key]}).distinct()
    joined = rows.left_join(marked, rows[key] == marked[f"{name}_{key}"])
    return joined.select(*rows.columns, **{name: flag(joined[f"{name}_{key}"].notnull())})


def flag(condition):
    return condition.fill_null(False).cast("int64")


def count(value):
    return ibis.literal(value, type="int64")


def strata_columns(rows, reference_day, with_agency=True):
    columns = {
        "age_group": age_group(rows.birth_date, reference_day),
        "sex": rows.sex,
        "race_ethnicity": rows.race_ethnicity,
    }
    if with_agency:
        columns["agency"] = rows.agency
    return columns


def units_of(rows, numerator, denominator, reference_day, with_agency=True):
    """One unit per row. A unit keeps the child_id and episode_id of its row when the row has
    them, so a measure's cohort can be listed case by case (measures/cohorts.py); `summarise`
    does not read them. A case may have several units (its days and its victimizations, say):
    its contribution is their sum."""
    return rows.select(
        *PERIOD_KEYS,
        *[key for key in CASE_KEYS if key in rows.columns],
        numerator=numerator,
        denominator=denominator,
        **strata_columns(rows, reference_day, with_agency),
    )


# -- the measures ----------------------------------------------------------------------------


def units_maltreatment_in_care(measure, tables, periods, profile):
    """Units: each episode's days in care in the period, and each counted victimization."""
    episodes = child_episodes(tables)
    episodes = episodes.filter(~episodes.closed_short)
    pooled = with_california(episodes)
    one_day = ibis.interval(days=1)
    last_day = ibis.least(
        (pooled.exit_date - one_day).fill_null(pooled.turns_18 - one_day), pooled.turns_18 - one_day
    )
    reach = measure.period_months // 3 - 1  # later periods that still hold the last day
    rows = join_periods_by_quarter(
        pooled, quarter_of(pooled.removal_date), quarter_of(last_day) + reach, periods, "end"
    )
    after_end = rows.period_end + ibis.interval(days=1)
    first_day = ibis.greatest(rows.removal_date, rows.period_start)
    stop = ibis.least(rows.exit_date.fill_null(after_end), after_end, rows.turns_18)
    rows = rows.mutate(days=days_between(stop, first_day)).filter(lambda t: t.days > 0)
    days = units_of(rows, count(0), rows.days, first_day)

    victimizations = counted_victimizations(tables, episodes)
    rows = pooled.join(victimizations, pooled.episode_id == victimizations.victim_episode_id)
    rows = join_periods_containing(rows, rows.report_date, periods)
    first_day = ibis.greatest(rows.removal_date, rows.period_start)
    return days.union(units_of(rows, count(1), count(0), first_day))


def counted_victimizations(tables, episodes):
    """(victim_episode_id, report_date) of each counted victimization, over the child's whole
    history.

    Of the child's qualifying report dates, a date within 1 day of the previous counted one is
    the same victimization. On a run of consecutive dates the counted ones are the 1st, 3rd,
    5th...: the run is found as dates whose day number minus their rank is constant.
    """
    reports = tables.reports.filter(tables.reports.disposition.isin(VICTIM_DISPOSITIONS))
    reports = reports.select("child_id", "report_date", "incident_date")
    stays = episodes.select("episode_id", "child_id", "removal_date", "exit_date", "turns_18")
    rows = reports.join(
        stays,
        [
            reports.child_id == stays.child_id,
            stays.removal_date <= reports.report_date,
            stays.exit_date.isnull() | (reports.report_date < stays.exit_date),
        ],
    )
    incident_in_care = (rows.incident_date >= rows.removal_date) & (
        rows.exit_date.isnull() | (rows.incident_date < rows.exit_date)
    )
    rows = rows.filter(
        rows.report_date < rows.turns_18,
        days_between(rows.report_date, rows.removal_date) >= 7,
        rows.incident_date.isnull() | incident_in_care,
    )
    dates = rows.select("child_id", "episode_id", "report_date").distinct()
    day_number = days_between(dates.report_date, ibis.date(1970, 1, 1))
    rank = ibis.row_number().over(group_by="child_id", order_by="report_date")
    dates = dates.mutate(day_number=day_number, rank=rank)
    dates = dates.mutate(run=dates.day_number - dates.rank)
    dates = dates.mutate(run_start=dates.day_number.min().over(group_by=["child_id", "run"]))
    dates = dates.mutate(position=dates.day_number - dates.run_start)
    return dates.filter(dates.position % 2 == 0).select(
        victim_episode_id="episode_id", report_date="report_date"
    )


def units_recurrence(measure, tables, periods, profile):
    """Units: each child's index report in the period (the first, if under 18 that day)."""
    reports = child_reports(tables)
    later = reports.select(
        later_child_id="child_id", later_date="report_date", later_incident="incident_date"
    )
    recurred = reports.join(
        later,
        [
            reports.child_id == later.later_child_id,
            days_between(later.later_date, reports.report_date) > 14,
            later.later_date < reports.report_date + ibis.interval(months=12),
            reports.incident_date.isnull()
            | later.later_incident.isnull()
            | (later.later_incident != reports.incident_date),
        ],
    )
    reports = mark(reports, recurred, "report_id", "recurred")
    pooled = with_previous(with_california(reports), "report_date", "report_id")
    index = first_in_periods(pooled, "report_date", periods)
    index = index.filter(index.report_date < index.turns_18)
    return units_of(index, index.recurred, count(1), index.report_date, with_agency=False)


def entry_cohort(episodes, periods):
    """Each child's first entry in the period, if that stay lasted 8 days or more and the
    child was under 18 at entry (a later entry never takes its place)."""
    pooled = with_previous(with_california(episodes), "removal_date", "episode_id")
    first = first_in_periods(pooled, "removal_date", periods)
    return first.filter(~first.closed_short, first.removal_date < first.turns_18)


def trial_home_visit_excess(tables, allowed_days):
    """Per episode that exited to reunification from its last placement, a trial home visit:
    the visit's days beyond `allowed_days`."""
    episodes = tables.episodes.filter(tables.episodes.exit_reason == "reunification")
    episodes = episodes.select(thv_episode_id="episode_id", thv_exit_date="exit_date")
    placements = tables.placements.join(
        episodes, tables.placements.episode_id == episodes.thv_episode_id
    )
    last = ibis.row_number().over(
        group_by="episode_id", order_by=[ibis.desc("start_date"), ibis.desc("placement_id")]
    )
    placements = placements.mutate(rank_from_last=last)
    visits = placements.filter(
        placements.rank_from_last == 0, placements.setting == "trial_home_visit"
    )
    end = ibis.least(visits.end_date.fill_null(visits.thv_exit_date), visits.thv_exit_date)
    excess = ibis.greatest(days_between(end, visits.start_date) - allowed_days, 0)
    return visits.select("episode_id", thv_excess=excess)


def units_permanency_12m_entries(measure, tables, periods, profile):
    """Units: the entry cohort, each child 1 in the numerator when permanent in 12 months."""
    excess = trial_home_visit_excess(tables, measure.parameters["trial_home_visit_days_allowed"])
    episodes = add_counts(child_episodes(tables), excess, ["episode_id"], "thv_excess")
    twelve_months = days_between(
        episodes.removal_date + ibis.interval(months=12), episodes.removal_date
    )
    permanent = (
        episodes.exit_reason.isin(permanency_exits(profile))
        & (episodes.exit_date < episodes.turns_18)
        & (episodes.stay - episodes.thv_excess < twelve_months)
    )
    cohort = entry_cohort(episodes.mutate(permanent=flag(permanent)), periods)
    return units_of(cohort, cohort.permanent, count(1), cohort.removal_date)


def units_permanency_in_care(measure, tables, periods, profile):
    """Units: children in care on the first day for the months the measure asks."""
    pooled = with_california(child_episodes(tables))
    rows = join_periods_in_care_on(pooled, "start", periods)
    low, high = (measure.parameters[k] for k in ("min_months_in_care", "max_months_in_care"))
    rows = rows.filter(
        rows.period_start < rows.turns_18,
        rows.removal_date + ibis.interval(months=low) <= rows.period_start,
    )
    if high is not None:
        rows = rows.filter(rows.period_start < rows.removal_date + ibis.interval(months=high))
    permanent = (
        rows.exit_reason.isin(permanency_exits(profile))
        & (rows.exit_date <= rows.period_end)
        & (rows.exit_date < rows.turns_18)
    )
    return units_of(rows, flag(permanent), count(1), rows.period_start)


def units_reentry_12m(measure, tables, periods, profile):
    """Units: each child's first qualifying exit in the period, 1 when re-entered."""
    excluded = measure.parameters["excluded_exit_reasons"]
    reasons = [r for r in permanency_exits(profile) if r not in excluded]
    episodes = child_episodes(tables)
    exits = episodes.filter(
        episodes.exit_reason.isin(reasons),
        episodes.stay >= 8,
        episodes.exit_date < episodes.turns_18,
    )
    removals = tables.episodes.select(
        reentry_child_id="child_id", reentry_episode_id="episode_id", reentry_date="removal_date"
    )
    reentered = exits.join(
        removals,
        [
            exits.child_id == removals.reentry_child_id,
            exits.episode_id != removals.reentry_episode_id,
            removals.reentry_date >= exits.exit_date,
            removals.reentry_date < exits.exit_date + ibis.interval(months=12),
        ],
    )
    exits = mark(exits, reentered, "episode_id", "reentered")
    pooled = with_previous(with_california(exits), "exit_date", "episode_id")
    rows = first_in_periods(pooled, "exit_date", periods)
    return units_of(rows, rows.reentered, count(1), rows.exit_date)


def units_placement_stability(measure, tables, periods, profile):
    """Units: each cohort child, with its days in care and its placement moves by period end."""
    quarters = measure.period_months // 3
    episodes = child_episodes(tables)
    moves = moves_by_quarter(measure, tables, episodes, quarters)
    columns = [f"moves_{k}" for k in range(quarters)]
    cohort = entry_cohort(add_counts(episodes, moves, ["episode_id"], *columns), periods)
    after_end = cohort.period_end + ibis.interval(days=1)
    stop = ibis.least(cohort.exit_date.fill_null(after_end), after_end)
    offset = quarter_of(cohort.period_end) - quarter_of(cohort.removal_date)
    moves_by_end = ibis.cases(*[(offset == k, cohort[c]) for k, c in enumerate(columns)], else_=0)
    return units_of(
        cohort, moves_by_end, days_between(stop, cohort.removal_date), cohort.removal_date
    )


def moves_by_quarter(measure, tables, episodes, quarters):
    """Per episode, moves_k: its placement moves up to the end of the k-th quarter from the
    removal quarter (k < quarters). A period holding the removal ends in one of those quarters,
    so its moves (start_date <= period_end) are moves_k for that k."""
    placements = tables.placements.filter(
        ~tables.placements.setting.isin(measure.parameters["not_placement_settings"])
    )
    order = ibis.row_number().over(group_by="episode_id", order_by=["start_date", "placement_id"])
    later = placements.mutate(order=order).filter(lambda t: t.order > 0)
    removals = episodes.select(move_episode_id="episode_id", removal_date="removal_date")
    later = later.join(removals, later.episode_id == removals.move_episode_id)
    offset = quarter_of(later.start_date) - quarter_of(later.removal_date)
    return later.group_by("episode_id").aggregate(
        **{f"moves_{k}": flag(offset <= k).sum() for k in range(quarters)}
    )


def units_timely_response(measure, tables, periods, profile):
    """Units: each referral of the quarter, 1 when first contacted in time."""
    referrals = tables.referrals.filter(
        tables.referrals.response_type.isin(measure.parameters["response_types"])
    )
    pooled = with_california(referrals)
    rows = join_periods_containing(pooled, pooled.received_at.date(), periods)
    deadline = rows.received_at + ibis.interval(hours=measure.parameters["within_hours"])
    return rows.select(
        *PERIOD_KEYS,
        numerator=flag(rows.first_contact_at <= deadline),
        denominator=count(1),
    )


def child_months(tables, periods):
    """(in_care, visited): one row per episode and calendar month spent wholly in care inside
    the periods' span, and of those the months with a completed in-person visit
    (in_placement is 1 when such a visit was in the placement); with the child's strata on the
    month's first day. A child-month belongs to one episode, so the rows are unique statewide.
    """
    span = periods.aggregate(
        span_first=month_index(periods.period_start.min()),
        span_last=month_index(periods.period_end.max()),
    )
    episodes = child_episodes(tables).cross_join(span)
    first = ibis.greatest(
        month_index(episodes.removal_date) + flag(episodes.removal_date.day() != 1),
        episodes.span_first,
    )
    last = ibis.least(
        (month_index(episodes.exit_date) - 1).fill_null(episodes.span_last), episodes.span_last
    )
    episodes = episodes.mutate(first_month=first, last_month=last).filter(
        lambda t: t.first_month <= t.last_month
    )
    in_care = episodes.mutate(month=ibis.range(first, last + 1).unnest())

    visits = tables.visits.filter(tables.visits.completed, tables.visits.in_person)
    visits = visits.group_by(
        visit_child_id=visits.child_id, visit_month=month_index(visits.visit_date)
    ).aggregate(in_placement=flag(visits.in_placement).max())
    visited = episodes.join(
        visits,
        [
            episodes.child_id == visits.visit_child_id,
            visits.visit_month >= episodes.first_month,
            visits.visit_month <= episodes.last_month,
        ],
    ).mutate(month=lambda t: t.visit_month)
    return in_care, visited


def month_units(rows, numerator, denominator):
    reference_day = first_of_month(rows.month)
    return rows.select(
        "county",
        *CASE_KEYS,
        "month",
        numerator=numerator,
        denominator=denominator,
        **strata_columns(rows, reference_day),
    )


def visit_month_units(measure, tables, periods):
    """Per child-month units of a 2F measure, not yet in periods."""
    in_care, visited = child_months(tables, periods)
    if measure.parameters["visit_condition"] == "completed_in_person":
        return month_units(in_care, count(0), count(1)).union(
            month_units(visited, count(1), count(0))
        )
    return month_units(visited, visited.in_placement, count(1))


def units_caseworker_visits(measure, tables, periods, profile):
    """Units: each child-month in care (denominator) and each visited child-month (numerator);
    for visits_in_residence, each visited child-month, 1 when visited in the placement."""
    units = visit_month_units(measure, tables, periods)
    units = with_california(units.mutate(quarter=units.month // 3))
    rows = join_periods_holding_quarter(units, units.quarter, periods)
    return rows.select(*PERIOD_KEYS, *CASE_KEYS, "numerator", "denominator", *STRATUM_DIMENSIONS)


def cells_caseworker_visits(measure, tables, periods, profile):
    """The same units added up per county, quarter and strata before they meet the periods:
    a quarter is in four 12-month periods, so this keeps the work to one pass over the months."""
    units = visit_month_units(measure, tables, periods)
    units = units.mutate(quarter=units.month // 3)
    cells = units.group_by("county", "quarter", *STRATUM_DIMENSIONS).aggregate(
        numerator=units.numerator.sum(), denominator=units.denominator.sum()
    )
    cells = with_california(cells)
    rows = join_periods_holding_quarter(cells, cells.quarter, periods)
    return rows.select(*PERIOD_KEYS, "numerator", "denominator", *STRATUM_DIMENSIONS)


def population_by_year(tables):
    population = tables.population.select("county", "year", "population")
    statewide = population.group_by("year").aggregate(population=population.population.sum())
    statewide = statewide.select(
        county=ibis.literal(CALIFORNIA), year=statewide.year, population=statewide.population
    )
    return population.union(statewide)


def rate_units(tables, periods, children):
    """One unit per county and period: `children` (one row per child counted in a county and
    period) over the child population of the calendar year the period ends in."""
    counted = children.group_by("county", "period_end").aggregate(children=lambda t: t.count())
    population = population_by_year(tables)
    rows = population.join(periods, population.year == periods.period_end.year())
    rows = add_counts(rows, counted, ["county", "period_end"], "children")
    return rows.select(*PERIOD_KEYS, numerator=rows.children, denominator=rows.population)


def units_entry_rate(measure, tables, periods, profile):
    pooled = with_previous(with_california(tables.episodes), "removal_date", "episode_id")
    return rate_units(tables, periods, first_in_periods(pooled, "removal_date", periods))


def units_in_care_rate(measure, tables, periods, profile):
    """A child is in care in at most one episode on a day, so rows are children."""
    pooled = with_california(tables.episodes)
    return rate_units(tables, periods, join_periods_in_care_on(pooled, "end", periods))


def units_substantiation_rate(measure, tables, periods, profile):
    reports = tables.reports.filter(tables.reports.disposition.isin(VICTIM_DISPOSITIONS))
    pooled = with_previous(with_california(reports), "report_date", "report_id")
    return rate_units(tables, periods, first_in_periods(pooled, "report_date", periods))


UNIT_BUILDERS = {
    "maltreatment_in_care": units_maltreatment_in_care,
    "recurrence": units_recurrence,
    "permanency_12m_entries": units_permanency_12m_entries,
    "permanency_12m_12_23": units_permanency_in_care,
    "permanency_12m_24plus": units_permanency_in_care,
    "reentry_12m": units_reentry_12m,
    "placement_stability": units_placement_stability,
    "timely_response_immediate": units_timely_response,
    "timely_response_10day": units_timely_response,
    "caseworker_visits": units_caseworker_visits,
    "visits_in_residence": units_caseworker_visits,
    "entry_rate": units_entry_rate,
    "in_care_rate": units_in_care_rate,
    "substantiation_rate": units_substantiation_rate,
}
# Where adding units up before they meet the periods is much cheaper than adding them after.
CELL_BUILDERS = {
    "caseworker_visits": cells_caseworker_visits,
    "visits_in_residence": cells_caseworker_visits,
}
