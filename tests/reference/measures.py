"""A reference implementation of the measures in plain Python, row by row.

Written from measures.md sections 2-3, not from the engine's SQL: it loops over geographies,
periods and children, walks days and months one by one, and applies the de-duplication rules
sequentially. It is slow and only for small data; it exists so the engine can be checked
against an independent reading of the rules.

Input: {table name: [row dict]} with dates as datetime.date and timestamps as datetime.
Output: result rows as dicts with the engine's columns.
"""

import calendar
import datetime as dt
from collections import defaultdict

ONE_DAY = dt.timedelta(days=1)
CALIFORNIA = "California"
PERMANENCY = {
    "federal": {"reunification", "living_with_relative", "adoption", "guardianship"},
    "california": {"reunification", "adoption", "guardianship"},
}
VICTIM = {"substantiated", "indicated"}
CHILD_DIMS = ("age_group", "sex", "race_ethnicity")
ALL_DIMS = CHILD_DIMS + ("agency",)


# -- dates -----------------------------------------------------------------------------------


def plus_months(d, n):
    y, m = d.year + (d.month - 1 + n) // 12, (d.month - 1 + n) % 12 + 1
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def age(birth, d):
    years = d.year - birth.year
    if (d.month, d.day) < (birth.month, birth.day):
        years -= 1
    return years


def under_18(birth, d):
    return age(birth, d) < 18


def age_group(birth, d):
    a = age(birth, d)
    if a < 1:
        return "under 1"
    if a <= 2:
        return "1-2"
    if a <= 5:
        return "3-5"
    if a <= 10:
        return "6-10"
    if a <= 15:
        return "11-15"
    if a <= 17:
        return "16-17"
    return "18+"


def in_care(episode, d):
    return episode["removal_date"] <= d and (
        episode["exit_date"] is None or d < episode["exit_date"]
    )


def days_of(start, end):
    """Days from start to end inclusive."""
    d = start
    while d <= end:
        yield d
        d += ONE_DAY


def length_of_stay(episode):
    return (episode["exit_date"] - episode["removal_date"]).days


def closed_under_8_days(episode):
    return episode["exit_date"] is not None and length_of_stay(episode) < 8


# -- periods ---------------------------------------------------------------------------------


def quarter_ends_up_to(as_of):
    year = 1990
    while True:
        for month in (3, 6, 9, 12):
            end = dt.date(year, month, calendar.monthrange(year, month)[1])
            if end > as_of:
                return
            yield end
        year += 1


def periods(first_date, as_of, months, follow_up):
    """[(start, end, provisional)] of periods inside [first whole quarter, as_of]."""
    if first_date is None:
        return []
    out = []
    for end in quarter_ends_up_to(as_of):
        start = plus_months(end + ONE_DAY, -months)
        is_quarter_start = start.month in (1, 4, 7, 10) and start.day == 1
        if is_quarter_start and start >= first_date:
            follow_up_end = plus_months(end, follow_up) if follow_up else end
            out.append((start, end, follow_up_end > as_of))
    return out


def earliest(rows, table, column):
    values = [r[column] for r in rows[table]]
    if not values:
        return None
    first = min(values)
    return first.date() if isinstance(first, dt.datetime) else first


# -- the measures: each yields (county, strata dict, numerator, denominator) -----------------


def maltreatment_in_care(data, start, end, profile):
    for episode in data.episodes:
        if closed_under_8_days(episode):
            continue
        if episode["removal_date"] > end or (
            episode["exit_date"] is not None and episode["exit_date"] <= start
        ):
            continue
        child = data.child(episode)
        days = [
            d
            for d in days_of(max(start, episode["removal_date"]), end)
            if in_care(episode, d) and under_18(child["birth_date"], d)
        ]
        if not days:
            continue
        counted = [
            r
            for r in data.victimizations(episode["child_id"])
            if r["episode_id"] == episode["episode_id"] and start <= r["report_date"] <= end
        ]
        first_day = max(episode["removal_date"], start)
        yield episode["county"], data.strata(child, episode, first_day), len(counted), len(days)


def recurrence(data, start, end, profile):
    by_child = defaultdict(list)
    for report in data.victim_reports:
        if start <= report["report_date"] <= end:
            by_child[report["child_id"]].append(report)
    for child_id, reports in by_child.items():
        index = min(reports, key=lambda r: (r["report_date"], r["report_id"]))
        child = data.children[child_id]
        if not under_18(child["birth_date"], index["report_date"]):
            continue
        recurred = any(
            (r["report_date"] - index["report_date"]).days > 14
            and r["report_date"] < plus_months(index["report_date"], 12)
            and not (
                index["incident_date"] is not None
                and r["incident_date"] is not None
                and r["incident_date"] == index["incident_date"]
            )
            for r in data.all_victim_reports_of(child_id)
        )
        strata = data.strata(child, None, index["report_date"])
        yield index["county"], strata, int(recurred), 1


def first_entries(data, start, end):
    """Each child's first entry in the period, when it qualifies (8+ days, under 18)."""
    by_child = defaultdict(list)
    for episode in data.episodes:
        if start <= episode["removal_date"] <= end:
            by_child[episode["child_id"]].append(episode)
    for child_id, episodes in by_child.items():
        first = min(episodes, key=lambda e: (e["removal_date"], e["episode_id"]))
        child = data.children[child_id]
        if closed_under_8_days(first) or not under_18(child["birth_date"], first["removal_date"]):
            continue
        yield child, first


def permanency_12m_entries(data, start, end, profile):
    for child, episode in first_entries(data, start, end):
        permanent = False
        if episode["exit_reason"] in PERMANENCY[profile] and under_18(
            child["birth_date"], episode["exit_date"]
        ):
            stay = length_of_stay(episode)
            placements = data.placements_of(episode["episode_id"])
            if episode["exit_reason"] == "reunification" and placements:
                last = placements[-1]
                if last["setting"] == "trial_home_visit":
                    thv_end = min(last["end_date"] or episode["exit_date"], episode["exit_date"])
                    thv_days = (thv_end - last["start_date"]).days
                    stay -= max(thv_days - 30, 0)
            adjusted_exit = episode["removal_date"] + dt.timedelta(days=stay)
            permanent = adjusted_exit < plus_months(episode["removal_date"], 12)
        strata = data.strata(child, episode, episode["removal_date"])
        yield episode["county"], strata, int(permanent), 1


def permanency_in_care(low, high):
    def measure(data, start, end, profile):
        for episode in data.episodes:
            child = data.child(episode)
            if not in_care(episode, start) or not under_18(child["birth_date"], start):
                continue
            if plus_months(episode["removal_date"], low) > start:
                continue
            if high is not None and start >= plus_months(episode["removal_date"], high):
                continue
            permanent = (
                episode["exit_reason"] in PERMANENCY[profile]
                and episode["exit_date"] <= end
                and under_18(child["birth_date"], episode["exit_date"])
            )
            yield episode["county"], data.strata(child, episode, start), int(permanent), 1

    return measure


def reentry_12m(data, start, end, profile):
    reasons = PERMANENCY[profile] - {"adoption"}
    by_child = defaultdict(list)
    for episode in data.episodes:
        if episode["exit_date"] is None or not (start <= episode["exit_date"] <= end):
            continue
        child = data.child(episode)
        if (
            episode["exit_reason"] in reasons
            and length_of_stay(episode) >= 8
            and under_18(child["birth_date"], episode["exit_date"])
        ):
            by_child[episode["child_id"]].append(episode)
    for child_id, exits in by_child.items():
        first = min(exits, key=lambda e: (e["exit_date"], e["episode_id"]))
        reentered = any(
            other["episode_id"] != first["episode_id"]
            and first["exit_date"] <= other["removal_date"] < plus_months(first["exit_date"], 12)
            for other in data.all_episodes_of(child_id)
        )
        child = data.children[child_id]
        yield first["county"], data.strata(child, first, first["exit_date"]), int(reentered), 1


def placement_stability(data, start, end, profile):
    for child, episode in first_entries(data, start, end):
        settings = [
            p
            for p in data.placements_of(episode["episode_id"])
            if p["setting"] not in ("trial_home_visit", "runaway")
        ]
        moves = sum(1 for p in settings[1:] if p["start_date"] <= end)
        stop = end + ONE_DAY
        if episode["exit_date"] is not None:
            stop = min(stop, episode["exit_date"])
        days = (stop - episode["removal_date"]).days
        yield episode["county"], data.strata(child, episode, episode["removal_date"]), moves, days


def timely_response(types, hours):
    def measure(data, start, end, profile):
        for referral in data.referrals:
            if referral["response_type"] not in types:
                continue
            if not (start <= referral["received_at"].date() <= end):
                continue
            contact = referral["first_contact_at"]
            timely = contact is not None and contact - referral["received_at"] <= dt.timedelta(
                hours=hours
            )
            yield referral["county"], {}, int(timely), 1

    return measure


def months_of(start, end):
    month = start
    while month <= end:
        last = dt.date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])
        yield month, last
        month = last + ONE_DAY


def child_months(data, start, end):
    """Per episode: (child, episode, [(month_start, visited, visited_in_placement)])."""
    for episode in data.episodes:
        child = data.child(episode)
        months = []
        for first, last in months_of(start, end):
            whole = episode["removal_date"] <= first and (
                episode["exit_date"] is None or last < episode["exit_date"]
            )
            if not whole:
                continue
            visits = [
                v
                for v in data.visits_of(episode["child_id"])
                if first <= v["visit_date"] <= last and v["completed"] and v["in_person"]
            ]
            months.append((first, bool(visits), any(v["in_placement"] for v in visits)))
        if months:
            yield child, episode, months


def caseworker_visits(data, start, end, profile):
    for child, episode, months in child_months(data, start, end):
        for first_day, visited, _ in months:
            strata = data.strata(child, episode, first_day)
            yield episode["county"], strata, int(visited), 1


def visits_in_residence(data, start, end, profile):
    for child, episode, months in child_months(data, start, end):
        for first_day, visited, in_placement in months:
            if visited:
                strata = data.strata(child, episode, first_day)
                yield episode["county"], strata, int(in_placement), 1


MEASURES = {
    "maltreatment_in_care": (maltreatment_in_care, 100_000, 12, 0, ("episodes", "reports")),
    "recurrence": (recurrence, 100, 12, 12, ("reports",)),
    "permanency_12m_entries": (permanency_12m_entries, 100, 12, 12, ("episodes",)),
    "permanency_12m_12_23": (permanency_in_care(12, 24), 100, 12, 0, ("episodes",)),
    "permanency_12m_24plus": (permanency_in_care(24, None), 100, 12, 0, ("episodes",)),
    "reentry_12m": (reentry_12m, 100, 12, 12, ("episodes",)),
    "placement_stability": (placement_stability, 1000, 12, 0, ("episodes",)),
    "timely_response_immediate": (timely_response({"immediate"}, 24), 100, 3, 0, ("referrals",)),
    "timely_response_10day": (
        timely_response({"3_day", "5_day", "10_day"}, 240),
        100,
        3,
        0,
        ("referrals",),
    ),
    "caseworker_visits": (caseworker_visits, 100, 12, 0, ("episodes", "visits")),
    "visits_in_residence": (visits_in_residence, 100, 12, 0, ("episodes", "visits")),
}
RATES = {
    "entry_rate": ("episodes",),
    "in_care_rate": ("episodes",),
    "substantiation_rate": ("reports",),
}
EVENT_COLUMNS = {
    "episodes": "removal_date",
    "reports": "report_date",
    "referrals": "received_at",
    "visits": "visit_date",
}


class Lookups:
    """Every row of a table for one child or episode, whatever its county."""

    def __init__(self, rows):
        self.victim_reports = defaultdict(list)
        self.episodes = defaultdict(list)
        self.placements = defaultdict(list)
        self.visits = defaultdict(list)
        for r in rows["reports"]:
            if r["disposition"] in VICTIM:
                self.victim_reports[r["child_id"]].append(r)
        for e in rows["episodes"]:
            self.episodes[e["child_id"]].append(e)
        for p in rows["placements"]:
            self.placements[p["episode_id"]].append(p)
        for v in rows["visits"]:
            self.visits[v["child_id"]].append(v)


class Geography:
    """The rows of one geography: a county's own rows, or every row for California.

    Lookups that the rules say cross counties (a child's later reports and removals, a child's
    visits and placements) use `everything`."""

    def __init__(self, rows, county, lookups=None):
        def own(table):
            return [r for r in rows[table] if county == CALIFORNIA or r["county"] == county]

        self.everything = lookups or Lookups(rows)
        self.children = {c["child_id"]: c for c in rows["children"]}
        self.episodes = own("episodes")
        self.referrals = own("referrals")
        self.victim_reports = [r for r in own("reports") if r["disposition"] in VICTIM]
        self._victimizations = {}

    def child(self, episode):
        return self.children[episode["child_id"]]

    def strata(self, child, episode, reference_day):
        strata = {
            "age_group": age_group(child["birth_date"], reference_day),
            "sex": child["sex"],
            "race_ethnicity": child["race_ethnicity"],
        }
        if episode is not None:
            strata["agency"] = episode["agency"]
        return strata

    def all_victim_reports_of(self, child_id):
        return self.everything.victim_reports[child_id]

    def all_episodes_of(self, child_id):
        return self.everything.episodes[child_id]

    def placements_of(self, episode_id):
        placements = self.everything.placements[episode_id]
        return sorted(placements, key=lambda p: (p["start_date"], p["placement_id"]))

    def visits_of(self, child_id):
        return self.everything.visits[child_id]

    def victimizations(self, child_id):
        """The child's counted S1 reports over all time, each tagged with its episode."""
        if child_id not in self._victimizations:
            child = self.children[child_id]
            candidates = []
            for report in self.all_victim_reports_of(child_id):
                for episode in self.all_episodes_of(child_id):
                    if closed_under_8_days(episode) or not in_care(episode, report["report_date"]):
                        continue
                    if not under_18(child["birth_date"], report["report_date"]):
                        continue
                    if (report["report_date"] - episode["removal_date"]).days < 7:
                        continue
                    incident = report["incident_date"]
                    if incident is not None and not in_care(episode, incident):
                        continue
                    candidates.append(dict(report, episode_id=episode["episode_id"]))
            counted, previous = [], None
            for report in sorted(candidates, key=lambda r: r["report_date"]):
                if previous is None or (report["report_date"] - previous).days > 1:
                    counted.append(report)
                    previous = report["report_date"]
            self._victimizations[child_id] = counted
        return self._victimizations[child_id]


def rate_numerator(measure_id, data, start, end):
    if measure_id == "entry_rate":
        children = {e["child_id"] for e in data.episodes if start <= e["removal_date"] <= end}
    elif measure_id == "in_care_rate":
        children = {e["child_id"] for e in data.episodes if in_care(e, end)}
    else:
        children = {r["child_id"] for r in data.victim_reports if start <= r["report_date"] <= end}
    return len(children)


def row(measure_id, county, period, stratum, numerator, denominator, multiplier):
    start, end, provisional = period
    return dict(
        measure_id=measure_id,
        county=county,
        period_start=start,
        period_end=end,
        stratum=stratum,
        numerator=numerator,
        denominator=denominator,
        value=numerator / denominator * multiplier if denominator else None,
        provisional=provisional,
    )


def compute_reference(rows, as_of, profile="federal"):
    counties = sorted({r["county"] for t in ("episodes", "reports", "referrals") for r in rows[t]})
    lookups = Lookups(rows)
    geographies = {county: Geography(rows, county, lookups) for county in counties + [CALIFORNIA]}
    first = {t: earliest(rows, t, c) for t, c in EVENT_COLUMNS.items()}
    out = []
    for measure_id, (measure, multiplier, months, follow_up, tables) in MEASURES.items():
        starts = [first[t] for t in tables]
        first_date = None if None in starts else max(starts)
        for period in periods(first_date, as_of, months, follow_up):
            for county, data in geographies.items():
                cells = defaultdict(lambda: [0, 0])
                for unit_county, strata, numerator, denominator in measure(
                    data, period[0], period[1], profile
                ):
                    assert county == CALIFORNIA or unit_county == county
                    for stratum in ["all"] + [f"{k}={v}" for k, v in strata.items()]:
                        cells[stratum][0] += numerator
                        cells[stratum][1] += denominator
                for stratum, (numerator, denominator) in cells.items():
                    out.append(
                        row(measure_id, county, period, stratum, numerator, denominator, multiplier)
                    )
    population = defaultdict(int)
    for p in rows["population"]:
        population[(p["county"], p["year"])] += p["population"]
        population[(CALIFORNIA, p["year"])] += p["population"]
    for measure_id, tables in RATES.items():
        starts = [first[t] for t in tables]
        first_date = None if None in starts else max(starts)
        for period in periods(first_date, as_of, 12, 0):
            for (county, year), people in population.items():
                if year != period[1].year:
                    continue
                data = geographies.get(county) or Geography(rows, county, lookups)
                numerator = rate_numerator(measure_id, data, period[0], period[1])
                out.append(row(measure_id, county, period, "all", numerator, people, 1000))
    return out
