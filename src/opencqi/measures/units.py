"""Each measure's units: one row per child, episode, report, referral or child-month the
measure counts, per county and period, with its numerator and denominator contribution, the
stratum dimensions and, where it has them, the case keys (child_id, episode_id). The engine adds
units up (`engine.summarise`); `cohorts.py` lists them case by case.

California is made by repeating the case rows under the county "California" before the rules
run, so a child is unduplicated over the pooled data rather than summed from county rows. Where
a rule picks a child's first row in a period, it compares the row with the child's previous
row (`with_previous`) instead of ranking rows per period, so all periods take one join.
"""

from functools import partial

import ibis

from opencqi.measures.catalog import (
    CALIFORNIA,
    STRATUM_DIMENSIONS,
    VICTIM_DISPOSITIONS,
    permanency_exits,
)
from opencqi.measures.expressions import (
    CASE_KEYS,
    PERIOD_KEYS,
    add_counts,
    child_episodes,
    child_reports,
    count,
    days_between,
    first_in_periods,
    first_of_month,
    first_of_quarter,
    flag,
    join_periods_by_quarter,
    join_periods_containing,
    join_periods_holding_quarter,
    join_periods_in_care_on,
    mark,
    month_index,
    quarter_of,
    strata_columns,
    units_of,
    with_california,
    with_previous,
)

# -- measures of each child's first row in the period ----------------------------------------


def plain(rows, k):
    return rows.numerator, rows.denominator


def summed_columns(rows):
    stepped = [c for c in rows.columns if c.startswith(("moves_", "days_"))]
    return stepped or ["numerator", "denominator"]


def first_row_units(spec, measure, tables, periods, profile):
    """Units of a measure that counts each child's first row (first_date) in the period.

    `spec` is (rows, pick, with_agency): rows(measure, tables, profile) gives the candidate rows
    with first_date and previous_date (see `with_previous`); pick(table, k) gives the numerator
    and denominator, k being the period's last quarter minus the row's quarter."""
    make_rows, pick, with_agency = spec
    joined = first_in_periods(make_rows(measure, tables, profile), "first_date", periods)
    k = quarter_of(joined.period_end) - quarter_of(joined.first_date)
    numerator, denominator = pick(joined, k)
    return units_of(joined, numerator, denominator, joined.first_date, with_agency)


def first_row_cells(spec, measure, tables, periods, profile):
    """The same units added up before they meet the periods. A row is the child's first in the
    periods that hold its quarter and start after the previous row's quarter: the start
    quarters from first_start to the row's own. Rows sharing county, quarter, first_start and
    strata are added up first, so the periods meet a few cells instead of every row."""
    make_rows, pick, with_agency = spec
    rows = make_rows(measure, tables, profile)
    reach = measure.period_months // 3 - 1
    quarter = quarter_of(rows.first_date)
    first_start = ibis.greatest(
        quarter - reach, (quarter_of(rows.previous_date) + 1).fill_null(quarter - reach)
    )
    strata = strata_columns(rows, rows.first_date, with_agency)
    keyed = rows.mutate(row_quarter=quarter, first_start=first_start, **strata)
    cells = keyed.group_by("county", "row_quarter", "first_start", *strata).aggregate(
        **{column: keyed[column].sum() for column in summed_columns(rows)}
    )
    joined = join_periods_by_quarter(cells, cells.first_start, cells.row_quarter, periods, "start")
    numerator, denominator = pick(joined, quarter_of(joined.period_end) - joined.row_quarter)
    return joined.select(
        *PERIOD_KEYS,
        numerator=numerator,
        denominator=denominator,
        **{dimension: joined[dimension] for dimension in strata},
    )


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


def recurrence_rows(measure, tables, profile):
    """Each child's substantiated or indicated reports that would be an index: under 18 that
    day; 1 in the numerator when another report followed in time."""
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
    index = pooled.filter(pooled.report_date < pooled.turns_18)
    return index.mutate(
        first_date=index.report_date, numerator=index.recurred, denominator=count(1)
    )


def entry_rows(episodes):
    """Entries that start a child's cohort stay: of 8 days or more, under 18 at entry (a
    shorter or later-in-life first entry still hides the child's later entries that period)."""
    pooled = with_previous(with_california(episodes), "removal_date", "episode_id")
    rows = pooled.filter(~pooled.closed_short, pooled.removal_date < pooled.turns_18)
    return rows.mutate(first_date=rows.removal_date)


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


def permanency_entry_rows(measure, tables, profile):
    """Entry rows, 1 in the numerator when permanent within 12 months."""
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
    rows = entry_rows(episodes.mutate(permanent=flag(permanent)))
    return rows.mutate(numerator=rows.permanent, denominator=count(1))


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


def reentry_rows(measure, tables, profile):
    """Qualifying exits, 1 in the numerator when the child re-entered in time."""
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
    return pooled.mutate(
        first_date=pooled.exit_date, numerator=pooled.reentered, denominator=count(1)
    )


def stability_rows(measure, tables, profile):
    """Entry rows with moves_k and days_k: the moves and days in care up to the end of the
    k-th quarter after the removal quarter, for each end a period holding the entry can have."""
    quarters = measure.period_months // 3
    episodes = child_episodes(tables)
    moves = moves_by_quarter(measure, tables, episodes, quarters)
    rows = entry_rows(add_counts(episodes, moves, ["episode_id"], *moves_columns(quarters)))
    removal_quarter = quarter_of(rows.removal_date)
    days = {}
    for k in range(quarters):
        after_end = first_of_quarter(removal_quarter + k + 1)
        stop = ibis.least(rows.exit_date.fill_null(after_end), after_end)
        days[f"days_{k}"] = days_between(stop, rows.removal_date)
    return rows.mutate(**days)


def moves_columns(quarters):
    return [f"moves_{k}" for k in range(quarters)]


def pick_moves_and_days(rows, k):
    """(numerator, denominator) of a period whose last quarter is k after the removal's."""
    quarters = len([c for c in rows.columns if c.startswith("days_")])
    moves = ibis.cases(*[(k == i, rows[f"moves_{i}"]) for i in range(quarters)], else_=0)
    days = ibis.cases(*[(k == i, rows[f"days_{i}"]) for i in range(quarters)], else_=0)
    return moves, days


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


FIRST_ROWS = {
    "recurrence": (recurrence_rows, plain, False),
    "permanency_12m_entries": (permanency_entry_rows, plain, True),
    "reentry_12m": (reentry_rows, plain, True),
    "placement_stability": (stability_rows, pick_moves_and_days, True),
}
UNIT_BUILDERS = {
    "maltreatment_in_care": units_maltreatment_in_care,
    **{measure_id: partial(first_row_units, spec) for measure_id, spec in FIRST_ROWS.items()},
    "permanency_12m_12_23": units_permanency_in_care,
    "permanency_12m_24plus": units_permanency_in_care,
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
    **{measure_id: partial(first_row_cells, spec) for measure_id, spec in FIRST_ROWS.items()},
    "caseworker_visits": cells_caseworker_visits,
    "visits_in_residence": cells_caseworker_visits,
}
