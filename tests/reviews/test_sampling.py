"""Case sampling: strata, distinct workers, the seed, capacity, backups and drop-outs."""

from hypothesis import given
from hypothesis import strategies as st

from opencqi.reviews.sampling import (
    ACHIEVED,
    BACKUP,
    ELIMINATED,
    NOT_ACHIEVED,
    SELECTED,
    CaseState,
    PopulationCase,
    backups_in_order,
    capacity,
    draw_sample,
    next_backup,
    stratum_targets,
)

RULES = {"min_days_in_service": 90, "backup_share": 0.5, "min_backups_per_stratum": 2}


def population(achieved=20, not_achieved=20, workers=40, days=200):
    cases = []
    for i in range(achieved + not_achieved):
        cases.append(
            PopulationCase(
                case_id=f"E{i:03d}",
                worker_id=f"W{i % workers}",
                achieved=i < achieved,
                days_in_service=days,
            )
        )
    return cases


def draw(cases, seed=7, cap=None, **rules):
    cap = cap or capacity(2, 4, 1, 100)
    return draw_sample(cases, seed=seed, cap=cap, **(RULES | rules))


def test_capacity_is_the_smaller_of_team_time_and_interviewees():
    assert capacity(3, 4, 3, 50).cases == 36
    assert capacity(3, 4, 3, 10).cases == 10
    assert (
        "min(3 teams x 4 cases per team per day x 3 interview days = 36"
        in capacity(3, 4, 3, 10).explain()
    )


def test_sample_size_is_the_capacity():
    sample = draw(population(), cap=capacity(2, 4, 1, 100))
    assert len(sample.selected) == 8
    sample = draw(population(), cap=capacity(3, 4, 3, 5))
    assert len(sample.selected) == 5


def test_sample_is_stratified_half_achieved_half_not():
    sample = draw(population(), cap=capacity(2, 4, 1, 100))
    strata = [c.stratum for c in sample.selected]
    assert strata.count(ACHIEVED) == 4
    assert strata.count(NOT_ACHIEVED) == 4


def test_odd_case_goes_to_the_larger_stratum():
    assert stratum_targets(5, {ACHIEVED: 30, NOT_ACHIEVED: 10}) == {ACHIEVED: 3, NOT_ACHIEVED: 2}
    assert stratum_targets(5, {ACHIEVED: 10, NOT_ACHIEVED: 30}) == {ACHIEVED: 2, NOT_ACHIEVED: 3}


def test_a_short_stratum_leaves_its_share_to_the_other():
    sample = draw(population(achieved=2, not_achieved=30), cap=capacity(2, 4, 1, 100))
    strata = [c.stratum for c in sample.selected]
    assert strata.count(ACHIEVED) == 2
    assert strata.count(NOT_ACHIEVED) == 6
    assert any("Only 2 eligible cases where the outcome was achieved" in n for n in sample.notes)


def test_each_selected_case_has_a_different_worker_when_workers_allow():
    # 40 cases, 10 workers: 8 cases can still all have different workers
    sample = draw(population(workers=10), cap=capacity(2, 4, 1, 100))
    workers = [c.worker_id for c in sample.selected]
    assert len(set(workers)) == len(workers) == 8
    assert not any(c.shared_worker for c in sample.selected)


def test_a_second_case_per_worker_only_when_needed_and_flagged():
    sample = draw(population(workers=3), cap=capacity(2, 4, 1, 100))
    assert len(sample.selected) == 8
    assert len({c.worker_id for c in sample.selected}) == 3
    flagged = [c for c in sample.selected if c.shared_worker]
    assert len(flagged) == 5
    assert any("share a worker" in n for n in sample.notes)


def test_same_seed_same_sample_whatever_the_population_order():
    cases = population(workers=12)
    first = draw(cases, seed=42)
    again = draw(list(reversed(cases)), seed=42)
    assert first.cases == again.cases


def test_another_seed_gives_another_sample():
    cases = population()
    assert [c.case_id for c in draw(cases, seed=1).cases] != [
        c.case_id for c in draw(cases, seed=2).cases
    ]


def test_minimum_time_in_service_and_missing_workers_are_excluded_and_counted():
    cases = population(achieved=4, not_achieved=4, days=200)
    cases.append(PopulationCase("SHORT", "W99", True, 30))
    cases.append(PopulationCase("NOWORKER", None, False, 300))
    sample = draw(cases)
    ids = {c.case_id for c in sample.cases}
    assert "SHORT" not in ids and "NOWORKER" not in ids
    assert sample.excluded == {"fewer than 90 days in service": 1, "no worker recorded": 1}
    assert sample.eligible == 8 and sample.population == 10


def test_backups_are_ranked_after_the_selected_cases():
    sample = draw(population(), cap=capacity(2, 4, 1, 100))
    ranks = [c.rank for c in sample.cases]
    assert ranks == list(range(1, len(ranks) + 1))
    assert all(c.status == SELECTED for c in sample.cases[:8])
    backups = sample.backups
    assert len(backups) == 4  # half of 4 per stratum, at least 2
    assert {c.stratum for c in backups} == {ACHIEVED, NOT_ACHIEVED}


@given(
    achieved=st.integers(0, 15),
    not_achieved=st.integers(0, 15),
    workers=st.integers(1, 20),
    teams=st.integers(1, 4),
    seed=st.integers(0, 10**6),
)
def test_sample_never_exceeds_capacity_nor_repeats_a_case(
    achieved, not_achieved, workers, teams, seed
):
    cases = population(achieved, not_achieved, workers)
    cap = capacity(teams, 4, 1, 100)
    sample = draw(cases, seed=seed, cap=cap)
    assert len(sample.selected) == min(cap.cases, len(cases))
    ids = [c.case_id for c in sample.cases]
    assert len(ids) == len(set(ids))


def states(*rows):
    return [
        CaseState(case_id, worker, stratum, rank, status)
        for case_id, worker, stratum, rank, status in rows
    ]


def test_next_backup_is_the_first_of_the_same_stratum_with_a_free_worker():
    cases = states(
        ("A", "W1", ACHIEVED, 1, SELECTED),
        ("B", "W2", NOT_ACHIEVED, 2, SELECTED),
        ("C", "W3", NOT_ACHIEVED, 3, BACKUP),
        ("D", "W1", ACHIEVED, 4, BACKUP),
        ("E", "W4", ACHIEVED, 5, BACKUP),
    )
    dropped = cases[0]
    # D's worker W1 is A's: A is the dropped one, so W1 is free again and D comes first
    assert next_backup(cases, dropped).case_id == "D"
    cases[0:1] = states(("A", "W9", ACHIEVED, 1, SELECTED))
    assert next_backup(cases, cases[0]).case_id == "D"
    busy = states(("A", "W1", ACHIEVED, 1, SELECTED), ("Z", "W1", ACHIEVED, 6, SELECTED))
    assert next_backup(busy + cases[1:], busy[0]).case_id == "E"


def test_next_backup_falls_back_to_the_other_stratum_then_none():
    cases = states(("A", "W1", ACHIEVED, 1, SELECTED), ("C", "W3", NOT_ACHIEVED, 3, BACKUP))
    assert next_backup(cases, cases[0]).case_id == "C"
    cases = states(("A", "W1", ACHIEVED, 1, SELECTED), ("C", "W3", NOT_ACHIEVED, 3, ELIMINATED))
    assert next_backup(cases, cases[0]) is None


def test_backups_in_order_lists_every_backup_once():
    cases = states(
        ("A", "W1", ACHIEVED, 1, SELECTED),
        ("C", "W3", NOT_ACHIEVED, 3, BACKUP),
        ("D", "W4", ACHIEVED, 4, BACKUP),
        ("E", "W5", ACHIEVED, 5, BACKUP),
    )
    assert [c.case_id for c in backups_in_order(cases, cases[0])] == ["D", "E", "C"]
