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

from opencqi.measures.catalog import (
    AGE_GROUPS,
    CALIFORNIA,
    CATALOG,
    DEFAULT_PROFILE,
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
CASE_KEYS = ("child_id", "episode_id")
PERIODS_SCHEMA = ibis.schema(
    {"period_start": "date", "period_end": "date", "provisional": "boolean"}
)


# -- running the catalog ---------------------------------------------------------------------


def compute_measures(tables, as_of, *, measure_ids=None, profile=DEFAULT_PROFILE, on_measure=None):
    """Results of the measures (default: the whole catalog) for every covered period.

    `tables` are the case tables (see `inputs.read_case_tables`) on any Ibis backend; returns an
    Arrow table with RESULT_COLUMNS, sorted. `on_measure(measure, rows)` is called after each
    measure, for progress.
    """
    measures = [measure_by_id(i) for i in measure_ids] if measure_ids else list(CATALOG)
    earliest = earliest_event_dates(tables, {t for m in measures for t in m.tables})
    parts = []
    for measure in measures:
        periods = periods_covered(
            measure.period_type,
            coverage_start(measure, earliest),
            as_of,
            measure.follow_up_months,
        )
        result = empty_results()
        if periods:
            expr = measure_results(measure, tables, periods_table(periods), profile)
            result = expr.to_pyarrow().cast(RESULT_SCHEMA)
        parts.append(result)
        if on_measure:
            on_measure(measure, result.num_rows)
    combined = pa.concat_tables(parts) if parts else empty_results()
    return combined.sort_by(
        [(name, "ascending") for name in ("measure_id", "county", "period_end", "stratum")]
    )


def measure_results(measure, tables, periods, profile=DEFAULT_PROFILE):
    """The Ibis expression of one measure's result rows for every period in `periods`."""
    units = UNIT_BUILDERS[measure.id](measure, tables, periods, profile)
    return summarise(units, measure)


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


def in_period(day, periods):
    return [day >= periods.period_start, day <= periods.period_end]


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


def first_per_child(rows, *order_by):
    """Each child's first row per county and period, ordered by `order_by`."""
    rank = ibis.row_number().over(
        group_by=["county", "period_end", "child_id"], order_by=list(order_by)
    )
    return rows.mutate(rank_in_period=rank).filter(lambda t: t.rank_in_period == 0)


def add_counts(units, counts, keys, *names):
    """`units` with the `names` columns of `counts` joined on `keys`, 0 where there is none."""
    counts = counts.rename({f"{key}_counted": key for key in keys})
    joined = units.left_join(counts, [units[k] == counts[f"{k}_counted"] for k in keys])
    return joined.select(*units.columns, **{name: joined[name].fill_null(0) for name in names})


def flag(condition):
    return condition.fill_null(False).cast("int64")


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
    does not read them."""
    return rows.select(
        *PERIOD_KEYS,
        *[key for key in CASE_KEYS if key in rows.columns],
        numerator=numerator,
        denominator=denominator,
        **strata_columns(rows, reference_day, with_agency),
    )


# -- the measures ----------------------------------------------------------------------------


def units_maltreatment_in_care(measure, tables, periods, profile):
    episodes = child_episodes(tables)
    episodes = episodes.filter(~episodes.closed_short)
    victimizations = counted_victimizations(tables, episodes)
    per_episode = (
        victimizations.join(periods, in_period(victimizations.report_date, periods))
        .group_by("episode_id", "period_end")
        .aggregate(victimizations=lambda t: t.count())
    )
    pooled = with_california(episodes)
    rows = pooled.join(
        periods,
        [
            pooled.removal_date <= periods.period_end,
            pooled.exit_date.isnull() | (pooled.exit_date > periods.period_start),
        ],
    )
    after_end = rows.period_end + ibis.interval(days=1)
    first_day = ibis.greatest(rows.removal_date, rows.period_start)
    stop = ibis.least(rows.exit_date.fill_null(after_end), after_end, rows.turns_18)
    rows = rows.mutate(first_day=first_day, days=days_between(stop, first_day))
    rows = add_counts(
        rows.filter(rows.days > 0), per_episode, ["episode_id", "period_end"], "victimizations"
    )
    return units_of(rows, rows.victimizations, rows.days, rows.first_day)


def counted_victimizations(tables, episodes):
    """(episode_id, report_date) of each counted victimization, over all of a child's history.

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
    return dates.filter(dates.position % 2 == 0).select("episode_id", "report_date")


def units_recurrence(measure, tables, periods, profile):
    reports = child_reports(tables)
    pooled = with_california(reports)
    rows = pooled.join(periods, in_period(pooled.report_date, periods))
    index = first_per_child(rows, "report_date", "report_id")
    index = index.filter(index.report_date < index.turns_18)
    later = reports.select(
        later_child_id="child_id", later_date="report_date", later_incident="incident_date"
    )
    recurred = (
        index.join(
            later,
            [
                index.child_id == later.later_child_id,
                days_between(later.later_date, index.report_date) > 14,
                later.later_date < index.report_date + ibis.interval(months=12),
                index.incident_date.isnull()
                | later.later_incident.isnull()
                | (later.later_incident != index.incident_date),
            ],
        )
        .select("county", "period_end", "child_id")
        .distinct()
        .mutate(recurred=1)
    )
    rows = add_counts(index, recurred, ["county", "period_end", "child_id"], "recurred")
    return units_of(rows, rows.recurred, ibis.literal(1), rows.report_date, with_agency=False)


def entry_cohort(tables, periods):
    """Each child's first entry in the period, if that stay lasted 8 days or more and the
    child was under 18 at entry (a later entry never takes its place)."""
    pooled = with_california(child_episodes(tables))
    rows = pooled.join(periods, in_period(pooled.removal_date, periods))
    first = first_per_child(rows, "removal_date", "episode_id")
    return first.filter(~first.closed_short, first.removal_date < first.turns_18)


def trial_home_visit_excess(tables, allowed_days):
    """Per episode whose last placement is a trial home visit: its days beyond `allowed_days`."""
    placements = tables.placements
    last = ibis.row_number().over(
        group_by="episode_id", order_by=[ibis.desc("start_date"), ibis.desc("placement_id")]
    )
    placements = placements.mutate(rank_from_last=last)
    visits = placements.filter(
        placements.rank_from_last == 0, placements.setting == "trial_home_visit"
    )
    episodes = tables.episodes.select(thv_episode_id="episode_id", thv_exit_date="exit_date")
    visits = visits.join(episodes, visits.episode_id == episodes.thv_episode_id)
    end = ibis.least(visits.end_date.fill_null(visits.thv_exit_date), visits.thv_exit_date)
    excess = ibis.greatest(days_between(end, visits.start_date) - allowed_days, 0)
    return visits.select("episode_id", thv_excess=excess)


def units_permanency_12m_entries(measure, tables, periods, profile):
    cohort = entry_cohort(tables, periods)
    excess = trial_home_visit_excess(tables, measure.parameters["trial_home_visit_days_allowed"])
    rows = add_counts(cohort, excess, ["episode_id"], "thv_excess")
    adjusted_stay = rows.stay - ibis.ifelse(rows.exit_reason == "reunification", rows.thv_excess, 0)
    twelve_months = days_between(rows.removal_date + ibis.interval(months=12), rows.removal_date)
    permanent = (
        rows.exit_reason.isin(permanency_exits(profile))
        & (rows.exit_date < rows.turns_18)
        & (adjusted_stay < twelve_months)
    )
    return units_of(rows, flag(permanent), ibis.literal(1), rows.removal_date)


def units_permanency_in_care(measure, tables, periods, profile):
    pooled = with_california(child_episodes(tables))
    rows = pooled.join(
        periods,
        [
            pooled.removal_date <= periods.period_start,
            pooled.exit_date.isnull() | (periods.period_start < pooled.exit_date),
        ],
    )
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
    return units_of(rows, flag(permanent), ibis.literal(1), rows.period_start)


def units_reentry_12m(measure, tables, periods, profile):
    excluded = measure.parameters["excluded_exit_reasons"]
    reasons = [r for r in permanency_exits(profile) if r not in excluded]
    episodes = child_episodes(tables)
    exits = episodes.filter(
        episodes.exit_reason.isin(reasons),
        episodes.stay >= 8,
        episodes.exit_date < episodes.turns_18,
    )
    pooled = with_california(exits)
    rows = first_per_child(
        pooled.join(periods, in_period(pooled.exit_date, periods)), "exit_date", "episode_id"
    )
    removals = tables.episodes.select(
        reentry_child_id="child_id", reentry_episode_id="episode_id", reentry_date="removal_date"
    )
    reentered = (
        rows.join(
            removals,
            [
                rows.child_id == removals.reentry_child_id,
                rows.episode_id != removals.reentry_episode_id,
                removals.reentry_date >= rows.exit_date,
                removals.reentry_date < rows.exit_date + ibis.interval(months=12),
            ],
        )
        .select("county", "period_end", "child_id")
        .distinct()
        .mutate(reentered=1)
    )
    rows = add_counts(rows, reentered, ["county", "period_end", "child_id"], "reentered")
    return units_of(rows, rows.reentered, ibis.literal(1), rows.exit_date)


def units_placement_stability(measure, tables, periods, profile):
    cohort = entry_cohort(tables, periods)
    placements = tables.placements.filter(
        ~tables.placements.setting.isin(measure.parameters["not_placement_settings"])
    )
    order = ibis.row_number().over(group_by="episode_id", order_by=["start_date", "placement_id"])
    placements = placements.mutate(order=order)
    later = placements.filter(placements.order > 0).select(
        move_episode_id="episode_id", move_date="start_date"
    )
    moves = (
        cohort.join(
            later,
            [cohort.episode_id == later.move_episode_id, later.move_date <= cohort.period_end],
        )
        .group_by("county", "period_end", "episode_id")
        .aggregate(moves=lambda t: t.count())
    )
    rows = add_counts(cohort, moves, ["county", "period_end", "episode_id"], "moves")
    after_end = rows.period_end + ibis.interval(days=1)
    days = days_between(
        ibis.least(rows.exit_date.fill_null(after_end), after_end), rows.removal_date
    )
    return units_of(rows, rows.moves, days, rows.removal_date)


def units_timely_response(measure, tables, periods, profile):
    referrals = tables.referrals.filter(
        tables.referrals.response_type.isin(measure.parameters["response_types"])
    )
    pooled = with_california(referrals)
    rows = pooled.join(periods, in_period(pooled.received_at.date(), periods))
    deadline = rows.received_at + ibis.interval(hours=measure.parameters["within_hours"])
    return rows.select(
        *PERIOD_KEYS,
        numerator=flag(rows.first_contact_at <= deadline),
        denominator=ibis.literal(1),
    )


def units_caseworker_visits(measure, tables, periods, profile):
    """Child-months per episode and period, with the months visited and visited in placement.

    Months are numbered year * 12 + month - 1; an episode is in care every day of the months
    from its first whole month (the removal month when removal is on the 1st) to the month
    before its exit month.
    """
    pooled = with_california(child_episodes(tables))
    first_whole = month_index(pooled.removal_date) + flag(pooled.removal_date.day() != 1)
    last_whole = month_index(pooled.exit_date) - 1
    pooled = pooled.mutate(first_whole=first_whole, last_whole=last_whole)
    rows = pooled.join(
        periods,
        [
            pooled.first_whole <= month_index(periods.period_end),
            pooled.last_whole.isnull() | (pooled.last_whole >= month_index(periods.period_start)),
        ],
    )
    rows = rows.mutate(
        from_month=ibis.greatest(rows.first_whole, month_index(rows.period_start)),
        to_month=ibis.least(
            rows.last_whole.fill_null(month_index(rows.period_end)), month_index(rows.period_end)
        ),
    )
    rows = rows.filter(rows.to_month >= rows.from_month)
    visited = visited_months(tables)
    counts = (
        rows.join(
            visited,
            [
                rows.child_id == visited.visit_child_id,
                visited.month >= rows.from_month,
                visited.month <= rows.to_month,
            ],
        )
        .group_by("county", "period_end", "episode_id")
        .aggregate(visited=lambda t: t.count(), in_placement=lambda t: t.in_placement.sum())
    )
    rows = add_counts(
        rows, counts, ["county", "period_end", "episode_id"], "visited", "in_placement"
    )
    reference_day = first_of_month(rows.from_month)
    if measure.parameters["visit_condition"] == "completed_in_person":
        return units_of(rows, rows.visited, rows.to_month - rows.from_month + 1, reference_day)
    rows = rows.filter(rows.visited > 0)
    return units_of(rows, rows.in_placement, rows.visited, reference_day)


def visited_months(tables):
    """One row per child and month with a completed in-person visit; in_placement is 1 when
    one of them was in the placement."""
    visits = tables.visits.filter(tables.visits.completed, tables.visits.in_person)
    visits = visits.mutate(month=month_index(visits.visit_date))
    return visits.group_by(visit_child_id=visits.child_id, month=visits.month).aggregate(
        in_placement=visits.in_placement.fill_null(False).cast("int64").max()
    )


def population_by_year(tables):
    population = tables.population.select("county", "year", "population")
    statewide = population.group_by("year").aggregate(population=population.population.sum())
    statewide = statewide.select(
        county=ibis.literal(CALIFORNIA), year=statewide.year, population=statewide.population
    )
    return population.union(statewide)


def rate_units(tables, periods, children_counted):
    """One unit per county and period: distinct children counted over the child population of
    the calendar year the period ends in."""
    population = population_by_year(tables)
    rows = population.join(periods, population.year == periods.period_end.year())
    rows = add_counts(rows, children_counted, ["county", "period_end"], "children")
    return rows.select(*PERIOD_KEYS, numerator=rows.children, denominator=rows.population)


def count_children(rows):
    return rows.group_by("county", "period_end").aggregate(children=rows.child_id.nunique())


def units_entry_rate(measure, tables, periods, profile):
    pooled = with_california(tables.episodes)
    entered = pooled.join(periods, in_period(pooled.removal_date, periods))
    return rate_units(tables, periods, count_children(entered))


def units_in_care_rate(measure, tables, periods, profile):
    pooled = with_california(tables.episodes)
    in_care = pooled.join(
        periods,
        [
            pooled.removal_date <= periods.period_end,
            pooled.exit_date.isnull() | (periods.period_end < pooled.exit_date),
        ],
    )
    return rate_units(tables, periods, count_children(in_care))


def units_substantiation_rate(measure, tables, periods, profile):
    reports = tables.reports.filter(tables.reports.disposition.isin(VICTIM_DISPOSITIONS))
    pooled = with_california(reports)
    victims = pooled.join(periods, in_period(pooled.report_date, periods))
    return rate_units(tables, periods, count_children(victims))


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
