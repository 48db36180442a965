"""Case sampling for a peer review (PQCR Process Guide V.C).

The population is the focus measure's cohort for the host county and one period, case by case
(`measures/cohorts.py`). The sample is not meant to be statistically valid, but it must be
reproducible and its method explainable:

- only cases with a recorded worker and at least the minimum time in service are eligible;
- the sample is stratified into cases where the outcome was achieved and where it was not,
  half each (the larger stratum takes the odd case; a stratum short of cases leaves its share
  to the other);
- each stratum is put in a random order drawn from the stored seed, after sorting by case id,
  so the same population and seed always give the same sample;
- cases are taken in that order, alternating between the strata, preferring a worker who has
  no case in the sample yet; a second case of a worker is taken only when no other worker is
  left, and is flagged;
- backups follow in ranked order, the same way, so a dropped case is replaced by the next
  backup of its stratum.

How many cases: capacity = min(teams x cases per team per day x interview days, interviewees
available).

Plain Python: no Django.
"""

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

ACHIEVED = "achieved"
NOT_ACHIEVED = "not achieved"
STRATA = (NOT_ACHIEVED, ACHIEVED)

SELECTED = "selected"
BACKUP = "backup"
ELIMINATED = "eliminated"


@dataclass(frozen=True)
class PopulationCase:
    """A case of the focus-area population."""

    case_id: str
    worker_id: str | None
    achieved: bool
    days_in_service: int
    agency: str | None = None

    @property
    def stratum(self) -> str:
        return ACHIEVED if self.achieved else NOT_ACHIEVED


@dataclass(frozen=True)
class Capacity:
    teams: int
    cases_per_team_per_day: int
    interview_days: int
    interviewees_available: int

    @property
    def by_teams(self) -> int:
        return self.teams * self.cases_per_team_per_day * self.interview_days

    @property
    def cases(self) -> int:
        return min(self.by_teams, self.interviewees_available)

    def explain(self) -> str:
        return (
            f"min({self.teams} teams x {self.cases_per_team_per_day} cases per team per day x "
            f"{self.interview_days} interview days = {self.by_teams}, "
            f"{self.interviewees_available} interviewees available) = {self.cases}"
        )


@dataclass(frozen=True)
class SampledCase:
    case_id: str
    worker_id: str
    stratum: str
    rank: int  # 1 = drawn first; backups continue the numbering
    status: str  # SELECTED or BACKUP
    shared_worker: bool  # the worker already has an earlier-ranked case in the sample
    agency: str | None = None
    days_in_service: int = 0


@dataclass(frozen=True)
class Sample:
    seed: int
    capacity: Capacity
    min_days_in_service: int
    population: int
    eligible: int
    excluded: dict[str, int]
    cases: tuple[SampledCase, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def selected(self) -> list[SampledCase]:
        return [c for c in self.cases if c.status == SELECTED]

    @property
    def backups(self) -> list[SampledCase]:
        return [c for c in self.cases if c.status == BACKUP]


def capacity(teams, cases_per_team_per_day, interview_days, interviewees_available) -> Capacity:
    return Capacity(teams, cases_per_team_per_day, interview_days, interviewees_available)


def eligible_cases(
    population: Iterable[PopulationCase], min_days_in_service: int
) -> tuple[list[PopulationCase], dict[str, int]]:
    """The cases that may be sampled, and how many were left out for each reason."""
    eligible, excluded = [], {}
    for case in population:
        if not case.worker_id:
            reason = "no worker recorded"
        elif case.days_in_service < min_days_in_service:
            reason = f"fewer than {min_days_in_service} days in service"
        else:
            eligible.append(case)
            continue
        excluded[reason] = excluded.get(reason, 0) + 1
    return eligible, excluded


def distinct_workers(cases: Iterable[PopulationCase]) -> int:
    return len({c.worker_id for c in cases if c.worker_id})


def stratum_targets(wanted: int, sizes: dict[str, int]) -> dict[str, int]:
    """Half of `wanted` per stratum, the odd case to the larger; a short stratum's rest moves."""
    larger = max(STRATA, key=lambda s: (sizes.get(s, 0), s == NOT_ACHIEVED))
    targets = {s: wanted // 2 for s in STRATA}
    targets[larger] += wanted % 2
    for stratum in STRATA:
        other = ACHIEVED if stratum == NOT_ACHIEVED else NOT_ACHIEVED
        short = targets[stratum] - sizes.get(stratum, 0)
        if short > 0:
            targets[stratum] -= short
            targets[other] = min(targets[other] + short, sizes.get(other, 0))
    return targets


def draw_sample(
    population: Sequence[PopulationCase],
    *,
    seed: int,
    cap: Capacity,
    min_days_in_service: int,
    backup_share: float,
    min_backups_per_stratum: int,
) -> Sample:
    """The sample and its ranked backups; the same population and seed give the same sample."""
    eligible, excluded = eligible_cases(population, min_days_in_service)
    rng = random.Random(seed)
    queues = {}
    for stratum in STRATA:
        cases = sorted((c for c in eligible if c.stratum == stratum), key=lambda c: c.case_id)
        rng.shuffle(cases)
        queues[stratum] = cases
    sizes = {s: len(q) for s, q in queues.items()}
    targets = stratum_targets(cap.cases, sizes)
    drawn: list[SampledCase] = []
    used_workers: set[str] = set()
    _take(queues, targets, SELECTED, drawn, used_workers)
    backups = {
        s: min(
            max(min_backups_per_stratum, math.ceil(targets[s] * backup_share)),
            len(queues[s]),
        )
        for s in STRATA
    }
    _take(queues, backups, BACKUP, drawn, used_workers)
    notes = []
    shared = [c for c in drawn if c.shared_worker and c.status == SELECTED]
    if shared:
        cases = (
            f"{len(shared)} selected cases share" if len(shared) > 1 else "1 selected case shares"
        )
        notes.append(f"{cases} a worker with an earlier case: there are too few distinct workers.")
    for stratum in STRATA:
        if targets[stratum] < cap.cases // 2:
            notes.append(
                f"Only {sizes[stratum]} eligible case{'s' if sizes[stratum] != 1 else ''} where "
                f"the outcome was {stratum}: the other stratum takes the rest."
            )
    return Sample(
        seed=seed,
        capacity=cap,
        min_days_in_service=min_days_in_service,
        population=len(population),
        eligible=len(eligible),
        excluded=excluded,
        cases=tuple(drawn),
        notes=tuple(notes),
    )


def _take(queues, targets, status, drawn, used_workers):
    """Take `targets[stratum]` cases from each queue, alternating strata, new workers first."""
    wanted = dict(targets)
    while any(wanted[s] > 0 and queues[s] for s in STRATA):
        for stratum in STRATA:
            queue = queues[stratum]
            if wanted[stratum] <= 0 or not queue:
                continue
            index = next((i for i, c in enumerate(queue) if c.worker_id not in used_workers), 0)
            case = queue.pop(index)
            drawn.append(
                SampledCase(
                    case_id=case.case_id,
                    worker_id=case.worker_id,
                    stratum=stratum,
                    rank=len(drawn) + 1,
                    status=status,
                    shared_worker=case.worker_id in used_workers,
                    agency=case.agency,
                    days_in_service=case.days_in_service,
                )
            )
            used_workers.add(case.worker_id)
            wanted[stratum] -= 1


@dataclass(frozen=True)
class CaseState:
    """A sampled case as it stands now: eliminations change the status of the stored rows."""

    case_id: str
    worker_id: str
    stratum: str
    rank: int
    status: str


def next_backup(cases: Sequence[CaseState], dropped: CaseState) -> CaseState | None:
    """The backup that takes a dropped case's place.

    The first backup by rank of the dropped case's stratum whose worker has no selected case,
    then the first of its stratum, then the first of any stratum; None when no backup is left.
    """
    backups = sorted((c for c in cases if c.status == BACKUP), key=lambda c: c.rank)
    busy = {c.worker_id for c in cases if c.status == SELECTED and c.case_id != dropped.case_id}
    same_stratum = [c for c in backups if c.stratum == dropped.stratum]
    for candidate in same_stratum:
        if candidate.worker_id not in busy:
            return candidate
    return (same_stratum or backups or [None])[0]


def backups_in_order(cases: Sequence[CaseState], dropped: CaseState) -> list[CaseState]:
    """Every backup in the order `next_backup` prefers them (for when the first cannot go)."""
    remaining = list(cases)
    ordered = []
    while (candidate := next_backup(remaining, dropped)) is not None:
        ordered.append(candidate)
        remaining = [c for c in remaining if c.case_id != candidate.case_id]
    return ordered
