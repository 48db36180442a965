"""Small random case data, dense in the edges the rules care about.

Stays cluster around 7-8 days, 12 and 24 months; births include Feb 29 and land near 18th
birthdays; reports fall on consecutive days and in the first week of care; children move
between counties. Every row satisfies the input rules of measures.md section 1.
"""

import datetime as dt
import random

COUNTIES = ("Alameda", "Fresno", "Alpine")
START = dt.date(2019, 1, 1)
AS_OF = dt.date(2023, 9, 30)
EXIT_REASONS = (
    "reunification",
    "living_with_relative",
    "adoption",
    "guardianship",
    "emancipation",
    "transfer",
    "runaway",
    "death",
    "other",
)
SETTINGS = (
    "pre_adoptive",
    "relative_foster_home",
    "nonrelative_foster_home",
    "group_home",
    "institution",
    "supervised_independent_living",
    "runaway",
    "trial_home_visit",
)


def days(n):
    return dt.timedelta(days=n)


def random_stay(rng):
    return rng.choice(
        [
            rng.randint(0, 10),
            rng.randint(350, 380),
            rng.randint(355, 375),
            rng.randint(720, 740),
            rng.randint(740, 1400),
            rng.randint(20, 900),
            None,
        ]
    )


def random_birth(rng):
    if rng.random() < 0.05:
        return dt.date(rng.choice([2004, 2008, 2012, 2016]), 2, 29)
    return START - days(rng.randint(-900, 18 * 365 + 300))


def random_rows(seed, children=120):
    rng = random.Random(seed)
    rows = {
        name: []
        for name in (
            "children",
            "episodes",
            "placements",
            "reports",
            "referrals",
            "visits",
            "population",
        )
    }
    for c in range(children):
        child_id = f"c{c:04d}"
        birth = random_birth(rng)
        rows["children"].append(
            dict(
                child_id=child_id,
                birth_date=birth,
                sex=rng.choice(["female", "male", "other", "unknown"]),
                race_ethnicity=rng.choice(["black", "white", "latino", "missing"]),
            )
        )
        add_episodes(rng, rows, child_id, birth)
        add_reports(rng, rows, child_id, birth)
    for r in range(children):
        received = dt.datetime.combine(START, dt.time()) + dt.timedelta(
            minutes=rng.randint(0, (AS_OF - START).days * 24 * 60)
        )
        hours = rng.choice([None, 23.9, 24, 24.01, 239.99, 240, 240.02, rng.uniform(0, 400)])
        contact = None if hours is None else received + dt.timedelta(hours=hours)
        rows["referrals"].append(
            dict(
                referral_id=f"f{r:04d}",
                county=rng.choice(COUNTIES),
                received_at=received,
                response_type=rng.choice(["immediate", "3_day", "5_day", "10_day"]),
                first_contact_at=contact,
            )
        )
    for county in COUNTIES:
        for year in range(2018, 2025):
            rows["population"].append(
                dict(county=county, year=year, population=rng.randint(500, 5000))
            )
    return rows


def add_episodes(rng, rows, child_id, birth):
    removal = max(birth, START - days(900)) + days(rng.randint(0, 2200))
    for _ in range(rng.choice([1, 1, 2, 3])):
        if removal > AS_OF:
            return
        stay = random_stay(rng)
        exit_date = removal + days(stay) if stay is not None else None
        if exit_date is not None and exit_date > AS_OF:
            exit_date = None
        episode_id = f"e{len(rows['episodes']):04d}"
        rows["episodes"].append(
            dict(
                episode_id=episode_id,
                child_id=child_id,
                county=rng.choice(COUNTIES),
                removal_date=removal,
                exit_date=exit_date,
                exit_reason=rng.choice(EXIT_REASONS) if exit_date else None,
                agency=rng.choice(["child_welfare", "probation"]),
            )
        )
        add_placements(rng, rows, episode_id, removal, exit_date)
        add_visits(rng, rows, child_id, removal, exit_date)
        if exit_date is None:
            return
        removal = exit_date + days(rng.choice([0, 1, 30, 200, 364, 366, 400]))


def add_placements(rng, rows, episode_id, removal, exit_date):
    end = exit_date or AS_OF
    span = (end - removal).days
    starts = sorted({removal} | {removal + days(rng.randint(0, span)) for _ in range(3)})
    starts = starts[: rng.randint(0, len(starts))]
    for i, start in enumerate(starts):
        last = i == len(starts) - 1
        setting = rng.choice(SETTINGS)
        if last and rng.random() < 0.3:
            setting = "trial_home_visit"
            start = max(removal, end - days(rng.choice([10, 30, 31, 60, 90])))
        stop = starts[i + 1] if not last else rng.choice([exit_date, None])
        rows["placements"].append(
            dict(
                placement_id=f"p{len(rows['placements']):05d}",
                episode_id=episode_id,
                start_date=start,
                end_date=stop,
                setting=setting,
            )
        )


def add_visits(rng, rows, child_id, removal, exit_date):
    end = exit_date or AS_OF
    month = dt.date(removal.year, removal.month, 1)
    while month <= end:
        if rng.random() < 0.8:
            rows["visits"].append(
                dict(
                    child_id=child_id,
                    visit_date=month + days(rng.randint(0, 27)),
                    in_person=rng.random() < 0.9,
                    in_placement=rng.random() < 0.6,
                    completed=rng.random() < 0.9,
                )
            )
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def add_reports(rng, rows, child_id, birth):
    episodes = [e for e in rows["episodes"] if e["child_id"] == child_id]
    for _ in range(rng.choice([0, 0, 1, 2, 4])):
        if episodes and rng.random() < 0.6:
            episode = rng.choice(episodes)
            report_date = episode["removal_date"] + days(rng.choice([0, 3, 6, 7, 8, 40, 200]))
        else:
            report_date = START + days(rng.randint(0, (AS_OF - START).days))
        for offset in rng.choice([[0], [0], [0, 1], [0, 1, 2], [0, 10], [0, 15], [0, 0]]):
            day = report_date + days(offset)
            if day > AS_OF or day < birth:
                continue
            incident = rng.choice([None, None, day, day - days(30), day - days(1)])
            rows["reports"].append(
                dict(
                    report_id=f"r{len(rows['reports']):05d}",
                    child_id=child_id,
                    county=rng.choice(COUNTIES),
                    report_date=day,
                    disposition=rng.choice(
                        ["substantiated", "indicated", "inconclusive", "unfounded"]
                    ),
                    incident_date=incident,
                )
            )
