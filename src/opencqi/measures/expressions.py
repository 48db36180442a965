"""Building blocks of the measures, as Ibis expressions that run on any backend: ages and
birthdays, month and quarter numbers, California pooling, joins with the periods table, and
the *units* every measure is made of.

Periods start and end on quarter boundaries, so a join with the periods is an equality on a
quarter number (a small table of each period's quarters), never a range join.
"""

import ibis

from opencqi.measures.catalog import AGE_GROUPS, CALIFORNIA, VICTIM_DISPOSITIONS

PERIOD_KEYS = ("county", "period_start", "period_end", "provisional")
PERIOD_COLUMNS = ("period_start", "period_end", "provisional")
CASE_KEYS = ("child_id", "episode_id")


def with_california(table):
    """The rows once under their own county and once more under California."""
    return table.union(table.mutate(county=ibis.literal(CALIFORNIA)))


def quarter_of(day):
    """Quarters numbered year * 4 + quarter - 1."""
    return day.year() * 4 + (day.month() - 1) // 3


def is_quarter_start(day):
    return (day.day() == 1) & ((day.month() - 1) % 3 == 0)


def with_periods(rows, joined):
    return joined.select(*rows.columns, *PERIOD_COLUMNS)


def join_periods_containing(rows, day, periods):
    """`rows` joined to every period that contains `day` (an expression on `rows`)."""
    keyed = rows.mutate(day_quarter=quarter_of(day))
    return with_periods(rows, join_periods_holding_quarter(keyed, keyed.day_quarter, periods))


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
    ranged = ranged.filter(low <= high).mutate(listed_quarter=ibis.range(low, high + 1).unnest())
    return with_periods(rows, ranged.join(bounded, ranged.listed_quarter == bounded.quarter))


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


def first_of_quarter(index):
    return ibis.date(index // 4, (index % 4) * 3 + 1, 1)


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
