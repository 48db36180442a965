"""A synthetic child-welfare extract for the 58 counties, realistic in shape, for demos,
tests and benchmarks. Nothing in it describes a real child.

Shape, in the order it is drawn: children enter care (many infants, a second bump in the
teens), leave by a reason whose length of stay depends on it (reunification within months,
adoption after years, emancipation at 18), some re-enter; each stay has placements (moves
early in the stay, trial home visits before reunification, runaway spells for teens), a
report before removal and a few while in care; other children have reports only, some
recurring; referrals get a first contact mostly within the time allowed; each month in care
has a caseworker visit. Every draw is vectorised with numpy from one seeded generator, so a
seed gives byte-identical files and a million episodes take seconds.

The parameters are tuned so the measures land near California's recent values: permanency
within 12 months of entry ~37%, re-entry within 12 months ~8%, ~4.5 placement moves per 1,000
days, maltreatment recurrence within 12 months ~9% (`tests/casedata/test_synth.py` checks).
"""

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from opencqi.casedata.schemas import DISPOSITIONS, EXIT_REASONS, RACE_ETHNICITY, SETTINGS, SEX
from opencqi.counties.registry import all_counties

FIRST_DAY = date(2010, 1, 1)
DEFAULT_AS_OF = date(2025, 6, 30)
EPOCH = date(1970, 1, 1)
YEAR = 365.25
MAX_EPISODES_PER_CHILD = 5

# Share of entries by completed years of age at removal (0 = infants, about a fifth).
AGE_AT_REMOVAL = np.array(
    [20, 8, 7, 6.5, 6, 5.5, 5, 4.7, 4.5, 4.2, 4, 4, 4.2, 4.5, 5, 5, 4.5, 3], dtype=float
)
SEX_SHARES = (0.495, 0.5, 0.001, 0.004)
RACE_SHARES = (0.2, 0.22, 0.5, 0.03, 0.015, 0.01, 0.025)

# Exit reasons (index into EXIT_REASONS) by age band at removal: under 3, 3-11, 12-17.
EXIT_SHARES = {
    "reunification": (0.50, 0.58, 0.45),
    "living_with_relative": (0.04, 0.05, 0.04),
    "adoption": (0.30, 0.15, 0.03),
    "guardianship": (0.08, 0.14, 0.08),
    "emancipation": (0.0, 0.0, 0.25),
    "transfer": (0.02, 0.02, 0.04),
    "runaway": (0.0, 0.0, 0.08),
    "death": (0.002, 0.001, 0.001),
    "other": (0.028, 0.049, 0.029),
}
# Length of stay in days by exit reason: lognormal median and spread.
STAY_DAYS = {
    "reunification": (300, 0.75),
    "living_with_relative": (220, 0.8),
    "adoption": (900, 0.4),
    "guardianship": (600, 0.5),
    "emancipation": (0, 0),  # until the 18th birthday
    "transfer": (150, 1.0),
    "runaway": (200, 0.9),
    "death": (300, 1.0),
    "other": (300, 1.0),
}
SHORT_STAY_SHARE = 0.06  # stays of 1-7 days, all ending in reunification
# Chance of a new removal after an exit by that reason, and the lognormal gap in days.
REENTRY_CHANCE = {"reunification": 0.13, "living_with_relative": 0.07, "guardianship": 0.04}
REENTRY_GAP_DAYS = (240, 0.9)

MOVES_PER_YEAR = 1.3  # placement moves in a year-long stay, more of them early
THV_SHARE = 0.45  # reunifications ending with a trial home visit
RUNAWAY_SHARE = 0.08  # later placements of teens that are runaway spells
# Settings of placements that are not trial home visits, for children and for teens (13+).
PLACEMENT_SETTINGS = {
    "relative_foster_home": (0.40, 0.25),
    "nonrelative_foster_home": (0.50, 0.33),
    "group_home": (0.06, 0.27),
    "institution": (0.04, 0.07),
    "supervised_independent_living": (0.0, 0.08),
}

REPORT_ONLY_CHILDREN = 0.9  # per child with an episode
IN_CARE_REPORTS_PER_DAY = 10 / 100_000
REPORT_ONLY_DISPOSITIONS = (0.30, 0.03, 0.22, 0.45)  # substantiated, indicated, inconclusive, unf.
RECURRENCE_CHANCE = 0.31
RECURRENCE_GAP_DAYS = (110, 0.8)

REFERRALS_PER_EPISODE = 1.6
RESPONSE_SHARES = (0.28, 0.02, 0.02, 0.68)  # immediate, 3_day, 5_day, 10_day
NO_CONTACT_SHARE = 0.03
CONTACT_HOURS = {"immediate": (4, 1.3), "3_day": (30, 0.8), "5_day": (50, 0.8), "10_day": (84, 0.8)}

VISIT_COMPLETED, VISIT_IN_PERSON, VISIT_IN_PLACEMENT = 0.93, 0.96, 0.68
CHILD_POPULATION_TREND = -0.008  # per year, around the registry's population year
EPISODES_PER_WORKER = 60


@dataclass(frozen=True)
class Counties:
    codes: list[str]
    names: list[str]
    child_population: np.ndarray
    entry_weight: np.ndarray  # share of entries: population x a county's own entry rate
    practice: np.ndarray  # a county's performance factor, around 1 (higher: slower, fewer visits)
    population_year: np.ndarray


def synthesize(
    out: str | Path, episodes: int, seed: int, as_of: date = DEFAULT_AS_OF, file_format: str = "csv"
) -> dict[str, int]:
    """Write the seven tables and extract.json into `out`; return rows per table."""
    tables = generate(episodes, seed, as_of)
    write_tables(tables, Path(out), file_format, as_of)
    return {name: table.num_rows for name, table in tables.items()}


def generate(episodes: int, seed: int, as_of: date = DEFAULT_AS_OF) -> dict[str, pa.Table]:
    rng = np.random.default_rng(seed)
    counties = draw_counties(rng)
    last_day = _day(as_of)
    stays = draw_stays(rng, counties, episodes, last_day)
    placements = draw_placements(rng, stays, last_day)
    reports, report_children = draw_reports(rng, counties, stays, last_day)
    children = _children_table(rng, stays, report_children)
    return {
        "children": children,
        "episodes": _episodes_table(rng, counties, stays),
        "placements": placements,
        "reports": reports,
        "referrals": draw_referrals(rng, counties, episodes, last_day),
        "visits": draw_visits(rng, counties, stays, last_day),
        "population": population_table(counties, as_of),
    }


def draw_counties(rng) -> Counties:
    records = sorted(all_counties(), key=lambda county: county.code)
    population = np.array([county.child_population for county in records], dtype=float)
    entry_rate = rng.lognormal(0, 0.35, len(records))
    weight = population * entry_rate
    return Counties(
        codes=[county.code for county in records],
        names=[county.name for county in records],
        child_population=population,
        entry_weight=weight / weight.sum(),
        practice=rng.lognormal(0, 0.25, len(records)),
        population_year=np.array([county.population_year for county in records]),
    )


def draw_stays(rng, counties: Counties, episodes: int, last_day: int) -> dict[str, np.ndarray]:
    """Episodes, as arrays sorted by child then removal day, exactly `episodes` of them."""
    first_day = _day(FIRST_DAY)
    n = int(episodes * 1.2) + 10
    county = rng.choice(len(counties.codes), n, p=counties.entry_weight)
    removal = rng.integers(first_day, last_day + 1, n)
    age_years = rng.choice(len(AGE_AT_REMOVAL), n, p=AGE_AT_REMOVAL / AGE_AT_REMOVAL.sum())
    # Half of the infants are removed in their first month, most of them at birth.
    age_days = np.floor((age_years + rng.random(n)) * YEAR).astype(np.int64)
    newborn = (age_years == 0) & (rng.random(n) < 0.5)
    age_days[newborn] = rng.integers(0, 30, newborn.sum())
    birth = removal - age_days
    child = np.arange(n)
    teen = age_years >= 12
    probation = teen & (rng.random(n) < 0.22)

    rounds = []
    current = {"child": child, "removal": removal}
    for _ in range(MAX_EPISODES_PER_CHILD):
        stay = _draw_exits(rng, current, birth, last_day)
        rounds.append(stay)
        current = _draw_reentries(rng, stay, birth, last_day)
        if len(current["child"]) == 0:
            break
    stays = {key: np.concatenate([r[key] for r in rounds]) for key in rounds[0]}
    order = np.lexsort((stays["removal"], stays["child"]))
    stays = {key: values[order] for key, values in stays.items()}
    keep = np.arange(len(order)) < episodes
    if keep.sum() < episodes:
        raise ValueError("drew fewer episodes than asked; raise the oversampling factor")
    stays = {key: values[keep] for key, values in stays.items()}
    who = stays["child"]
    stays.update(
        county=county[who],
        birth=birth[who],
        probation=probation[who],
        age_at_removal=((stays["removal"] - birth[who]) / YEAR).astype(np.int64),
    )
    return stays


def _draw_exits(rng, current, birth, last_day):
    """Exit day and reason of each new stay (exit past the extract date: still in care)."""
    child, removal = current["child"], current["removal"]
    n = len(child)
    age = (removal - birth[child]) / YEAR
    band = np.select([age < 3, age < 12], [0, 1], 2)
    reasons = list(EXIT_SHARES)
    shares = np.array([EXIT_SHARES[r] for r in reasons]).T  # band x reason
    shares = shares / shares.sum(axis=1, keepdims=True)
    cumulative = shares.cumsum(axis=1)[band]
    reason = (rng.random(n)[:, None] > cumulative).sum(axis=1)
    median = np.array([STAY_DAYS[r][0] for r in reasons], dtype=float)[reason]
    spread = np.array([STAY_DAYS[r][1] for r in reasons])[reason]
    stay = np.maximum(1, np.round(median * np.exp(spread * rng.standard_normal(n)))).astype(
        np.int64
    )
    short = rng.random(n) < SHORT_STAY_SHARE
    reason[short] = reasons.index("reunification")
    stay[short] = rng.integers(1, 8, short.sum())
    exit_ = removal + stay
    # Nobody leaves to permanency (or by any other way) after 18: they emancipate at 18.
    eighteenth = _birthday(birth[child], 18)
    emancipation = reasons.index("emancipation")
    adult = (reason == emancipation) | (exit_ >= eighteenth)
    exit_ = np.where(adult, np.maximum(eighteenth, removal + 1), exit_)
    reason = np.where(adult, emancipation, reason)
    reason_codes = np.array([EXIT_REASONS.index(r) for r in reasons])[reason]
    open_ = exit_ > last_day
    return {
        "child": child,
        "removal": removal,
        "exit": np.where(open_, -1, exit_),
        "reason": np.where(open_, -1, reason_codes),
    }


def _draw_reentries(rng, stay, birth, last_day):
    chance = np.zeros(len(EXIT_REASONS))
    for reason, p in REENTRY_CHANCE.items():
        chance[EXIT_REASONS.index(reason)] = p
    closed = stay["reason"] >= 0
    again = closed & (rng.random(len(closed)) < chance[np.maximum(stay["reason"], 0)])
    median, spread = REENTRY_GAP_DAYS
    gap = np.round(median * np.exp(spread * rng.standard_normal(again.sum()))).astype(np.int64)
    child = stay["child"][again]
    removal = stay["exit"][again] + np.maximum(gap, 1)
    young = (removal <= last_day) & (removal < _birthday(birth[child], 18))
    return {"child": child[young], "removal": removal[young]}


def draw_placements(rng, stays, last_day) -> pa.Table:
    """Placements of each episode: a first one, moves early in the stay, and for some
    reunifications a closing trial home visit; each ends when the next starts."""
    n = len(stays["removal"])
    removal, closed = stays["removal"], stays["exit"] >= 0
    end = np.where(closed, stays["exit"], last_day + 1)  # first day not in care (or observed)
    length = end - removal
    reunified = stays["reason"] == EXIT_REASONS.index("reunification")
    thv = closed & reunified & (length >= 45) & (rng.random(n) < THV_SHARE)
    thv_days = np.where(thv, np.minimum(rng.integers(30, 181, n), length // 2), 0)
    settled = length - thv_days  # days before any trial home visit
    moves = np.minimum(rng.poisson(MOVES_PER_YEAR * (settled / 365) ** 0.6), 5 - thv)
    moves = np.where(settled > 1, moves, 0)

    mover = np.repeat(np.arange(n), moves)
    # u ** 1.7 crowds moves into the first months of a stay.
    offset = 1 + np.floor(rng.random(len(mover)) ** 1.7 * (settled[mover] - 1)).astype(np.int64)
    owner = np.concatenate([np.arange(n), mover, np.flatnonzero(thv)])
    start = np.concatenate([removal, removal[mover] + offset, end[thv] - thv_days[thv]])
    kind = np.concatenate([np.zeros(n), np.ones(len(mover)), np.full(thv.sum(), 2)])
    order = np.lexsort((kind, start, owner))
    owner, start, kind = owner[order], start[order], kind[order]
    last = np.append(owner[1:] != owner[:-1], True)
    finish = np.where(last, np.where(closed[owner], end[owner], -1), np.append(start[1:], 0))

    teen = stays["age_at_removal"][owner] >= 13
    settings = _draw_settings(rng, teen)
    later = kind == 1
    settings[later & teen & (rng.random(len(owner)) < RUNAWAY_SHARE)] = SETTINGS.index("runaway")
    settings[kind == 2] = SETTINGS.index("trial_home_visit")
    adopted = stays["reason"][owner] == EXIT_REASONS.index("adoption")
    settings[last & adopted] = SETTINGS.index("pre_adoptive")
    return pa.table(
        {
            "placement_id": _ids("P", np.arange(1, len(owner) + 1)),
            "episode_id": _ids("E", owner + 1),
            "start_date": _dates(start),
            "end_date": _dates(finish),
            "setting": _codes(SETTINGS, settings),
        }
    )


def _draw_settings(rng, teen):
    names = list(PLACEMENT_SETTINGS)
    shares = np.array([PLACEMENT_SETTINGS[name] for name in names]).T
    shares = shares / shares.sum(axis=1, keepdims=True)
    cumulative = shares.cumsum(axis=1)[teen.astype(int)]
    choice = (rng.random(len(teen))[:, None] > cumulative).sum(axis=1)
    return np.array([SETTINGS.index(name) for name in names])[np.minimum(choice, len(names) - 1)]


def draw_reports(rng, counties, stays, last_day):
    """Reports: one before each removal, a few while in care, and children with reports only
    (some recurring). Returns the table and the report-only children (birth, county)."""
    first_day = _day(FIRST_DAY)
    n = len(stays["removal"])
    child_ids = stays["child"]
    birth, county = stays["birth"], stays["county"]
    before = stays["removal"] - rng.integers(0, 15, n)
    removal_report = np.maximum(before, birth)

    in_care_end = np.where(stays["exit"] >= 0, stays["exit"], last_day + 1)
    days = in_care_end - stays["removal"]
    count = rng.poisson(days * IN_CARE_REPORTS_PER_DAY)
    holder = np.repeat(np.arange(n), count)
    in_care = stays["removal"][holder] + np.floor(rng.random(len(holder)) * days[holder]).astype(
        np.int64
    )

    m = int(len(np.unique(child_ids)) * REPORT_ONLY_CHILDREN)
    only_county = rng.choice(len(counties.codes), m, p=counties.entry_weight)
    first = rng.integers(first_day, last_day + 1, m)
    only_birth = first - np.floor(rng.random(m) * 18 * YEAR).astype(np.int64)
    disposition = rng.choice(4, m, p=REPORT_ONLY_DISPOSITIONS)
    recurs = (disposition <= 1) & (rng.random(m) < RECURRENCE_CHANCE)
    median, spread = RECURRENCE_GAP_DAYS
    gap = np.round(15 + median * np.exp(spread * rng.standard_normal(recurs.sum())))
    second = first[recurs] + gap.astype(np.int64)
    in_time = second <= last_day
    recurring = np.flatnonzero(recurs)[in_time]

    n_episode_children = int(stays["child"].max()) + 1
    only_child = n_episode_children + np.arange(m)
    child = np.concatenate([child_ids, child_ids[holder], only_child, only_child[recurring]])
    day = np.concatenate([removal_report, in_care, first, second[in_time]])
    where = np.concatenate([county, county[holder], only_county, only_county[recurring]])
    substantiated = DISPOSITIONS.index("substantiated")
    kinds = np.concatenate(
        [
            np.where(rng.random(n) < 0.9, substantiated, DISPOSITIONS.index("indicated")),
            np.full(len(holder), substantiated),
            disposition,
            np.full(len(recurring), substantiated),
        ]
    )
    births = np.concatenate([birth, birth[holder], only_birth, only_birth[recurring]])
    incident = np.maximum(day - rng.integers(0, 6, len(day)), births)
    incident = np.where(rng.random(len(day)) < 0.7, incident, -1)
    order = np.lexsort((day, child))
    table = pa.table(
        {
            "report_id": _ids("R", np.arange(1, len(day) + 1)),
            "child_id": _ids("C", child[order] + 1),
            "county": _names(counties, where[order]),
            "report_date": _dates(day[order]),
            "disposition": _codes(DISPOSITIONS, kinds[order]),
            "incident_date": _dates(incident[order]),
        }
    )
    return table, (only_child, only_birth)


def draw_referrals(rng, counties, episodes, last_day) -> pa.Table:
    first_second = _day(FIRST_DAY) * 86_400
    n = int(episodes * REFERRALS_PER_EPISODE)
    county = rng.choice(len(counties.codes), n, p=counties.entry_weight)
    received = np.sort(rng.integers(first_second, (last_day + 1) * 86_400, n) // 60 * 60)
    kind = rng.choice(4, n, p=RESPONSE_SHARES)
    median = np.array([CONTACT_HOURS[k][0] for k in CONTACT_HOURS])[kind]
    spread = np.array([CONTACT_HOURS[k][1] for k in CONTACT_HOURS])[kind]
    hours = median * counties.practice[county] * np.exp(spread * rng.standard_normal(n))
    contact = received + (hours * 3600).astype(np.int64) // 60 * 60
    missing = (rng.random(n) < NO_CONTACT_SHARE) | (contact >= (last_day + 1) * 86_400)
    return pa.table(
        {
            "referral_id": _ids("F", np.arange(1, n + 1)),
            "county": _names(counties, county),
            "received_at": _timestamps(received),
            "response_type": _codes(("immediate", "3_day", "5_day", "10_day"), kind),
            "first_contact_at": _timestamps(np.where(missing, -1, contact)),
        }
    )


def draw_visits(rng, counties, stays, last_day) -> pa.Table:
    """One caseworker visit a month for every calendar month a child spends in care."""
    removal = stays["removal"]
    last_in_care = np.where(stays["exit"] >= 0, stays["exit"] - 1, last_day)
    first_month, last_month = _month(removal), _month(last_in_care)
    months = np.maximum(last_month - first_month + 1, 0)
    episode = np.repeat(np.arange(len(removal)), months)
    starts = np.cumsum(months) - months
    month = first_month[episode] + np.arange(len(episode)) - starts[episode]
    low = np.maximum(_month_start(month), removal[episode])
    high = np.minimum(_month_start(month + 1) - 1, last_in_care[episode])
    day = low + np.floor(rng.random(len(episode)) * (high - low + 1)).astype(np.int64)
    practice = counties.practice[stays["county"][episode]]
    size = len(episode)
    completed = rng.random(size) < VISIT_COMPLETED**practice
    return pa.table(
        {
            "child_id": _ids("C", stays["child"][episode] + 1),
            "visit_date": _dates(day),
            "in_person": pa.array(rng.random(size) < VISIT_IN_PERSON),
            "in_placement": pa.array(rng.random(size) < VISIT_IN_PLACEMENT / practice),
            "completed": pa.array(completed),
        }
    )


def population_table(counties: Counties, as_of: date) -> pa.Table:
    years = np.arange(FIRST_DAY.year, as_of.year + 1)
    index = np.repeat(np.arange(len(counties.codes)), len(years))
    year = np.tile(years, len(counties.codes))
    drift = 1 + CHILD_POPULATION_TREND * (year - counties.population_year[index])
    return pa.table(
        {
            "county": _names(counties, index),
            "year": pa.array(year.astype(np.int32)),
            "population": pa.array(
                np.round(counties.child_population[index] * drift).astype(np.int32)
            ),
        }
    )


def _episodes_table(rng, counties, stays) -> pa.Table:
    n = len(stays["removal"])
    county = stays["county"]
    per_county = np.bincount(county, minlength=len(counties.codes))
    workers = np.maximum(2, per_county // EPISODES_PER_WORKER)
    worker = np.floor(rng.random(n) * workers[county]).astype(np.int64) + 1
    code = pa.array(counties.codes).take(pa.array(county))
    worker_id = pc.binary_join_element_wise(
        "W", code, "-", pc.cast(pa.array(worker), pa.string()), ""
    )
    return pa.table(
        {
            "episode_id": _ids("E", np.arange(1, n + 1)),
            "child_id": _ids("C", stays["child"] + 1),
            "county": _names(counties, county),
            "removal_date": _dates(stays["removal"]),
            "exit_date": _dates(stays["exit"]),
            "exit_reason": _codes(EXIT_REASONS, stays["reason"]),
            "agency": _codes(("child_welfare", "probation"), stays["probation"].astype(int)),
            "worker_id": worker_id,
        }
    )


def _children_table(rng, stays, report_children) -> pa.Table:
    only_child, only_birth = report_children
    child, first = np.unique(stays["child"], return_index=True)
    ids = np.concatenate([child, only_child])
    birth = np.concatenate([stays["birth"][first], only_birth])
    return pa.table(
        {
            "child_id": _ids("C", ids + 1),
            "birth_date": _dates(birth),
            "sex": _codes(SEX, rng.choice(len(SEX), len(ids), p=SEX_SHARES)),
            "race_ethnicity": _codes(
                RACE_ETHNICITY, rng.choice(len(RACE_ETHNICITY), len(ids), p=RACE_SHARES)
            ),
        }
    )


def write_tables(tables: dict[str, pa.Table], out: Path, file_format: str, as_of: date) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        if file_format == "parquet":
            pq.write_table(table, out / f"{name}.parquet", compression="zstd")
        else:
            pa_csv.write_csv(table, out / f"{name}.csv", pa_csv.WriteOptions(quoting_style="none"))
    (out / "extract.json").write_text(json.dumps({"as_of": as_of.isoformat()}) + "\n")


def _day(d: date) -> int:
    return (d - EPOCH).days


def _month(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def _month_start(months: np.ndarray) -> np.ndarray:
    return months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def _birthday(birth: np.ndarray, years: int) -> np.ndarray:
    month = _month(birth)
    return _month_start(month + 12 * years) + (birth - _month_start(month))


def _ids(prefix: str, numbers: np.ndarray) -> pa.Array:
    return pc.binary_join_element_wise(prefix, pc.cast(pa.array(numbers), pa.string()), "")


def _dates(days: np.ndarray) -> pa.Array:
    """Days since 1970 as dates; -1 stands for empty."""
    return pa.array(days.astype(np.int32), type=pa.int32(), mask=days < 0).cast(pa.date32())


def _timestamps(seconds: np.ndarray) -> pa.Array:
    return pa.array(seconds, type=pa.int64(), mask=seconds < 0).cast(pa.timestamp("s"))


def _codes(codes, index: np.ndarray) -> pa.Array:
    return pa.array(list(codes)).take(pa.array(index, mask=index < 0))


def _names(counties: Counties, index: np.ndarray) -> pa.Array:
    return pa.array(counties.names).take(pa.array(index))
