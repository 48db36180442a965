"""Focus-area ranking: gaps to California, benchmark and peers, trend, data-quality flags."""

import datetime as dt

import pytest

from opencqi.reviews.focus_areas import (
    MeasureFacts,
    Observation,
    compared_observation,
    rank_focus_areas,
    shortfall,
    trend,
)

HIGHER = MeasureFacts("perm", "P1", "Permanency", "percent", "higher", 40.0, "national performance")
LOWER = MeasureFacts("reentry", "P4", "Re-entry", "percent", "lower", 5.0, "national performance")
RULES = {"min_denominator": 20, "trend_periods": 4, "trend_threshold_percent": 5}


def quarter_ends(count, last=dt.date(2025, 12, 31)):
    ends, year, month = [], last.year, last.month
    for _ in range(count):
        day = 31 if month in (3, 12) else 30
        ends.append(dt.date(year, month, day))
        month -= 3
        if month <= 0:
            month += 12
            year -= 1
    return list(reversed(ends))


def series(values, denominator=100, provisional_last=0):
    ends = quarter_ends(len(values))
    return [
        Observation(
            end - dt.timedelta(days=364),
            end,
            v,
            round((v or 0) * denominator / 100),
            denominator,
            i >= len(values) - provisional_last,
        )
        for i, (end, v) in enumerate(zip(ends, values, strict=True))
    ]


def rank(county, california=None, peers=None, measures=(HIGHER,)):
    return rank_focus_areas(list(measures), county, california or {}, peers or {}, **RULES)


def test_shortfall_follows_the_direction():
    assert shortfall(30, 40, "higher") == pytest.approx(25.0)
    assert shortfall(50, 40, "higher") == pytest.approx(-25.0)
    assert shortfall(6, 5, "lower") == pytest.approx(20.0)
    assert shortfall(6, 0, "lower") is None


def test_trend_is_positive_when_worsening():
    assert trend([40, 38, 36, 34], "higher") > 0
    assert trend([4, 5, 6, 7], "lower") > 0
    assert trend([40, 40, 40, 40], "higher") == 0


def test_the_latest_final_period_is_compared_not_a_provisional_one():
    rows = series([30, 31, 32, 33, 50], provisional_last=1)
    assert compared_observation(rows).value == 33


def test_only_provisional_results_are_used_and_flagged():
    [candidate] = rank({"perm": series([30, 31], provisional_last=2)})
    assert candidate.observation.value == 31
    assert any(f.startswith("Provisional") for f in candidate.flags)


def test_gaps_to_california_benchmark_and_peers_are_reasons():
    county = {"perm": series([30, 30, 30, 30])}
    end = quarter_ends(4)[-1]
    california = {"perm": series([36, 36, 36, 36])}
    [candidate] = rank(county, california, {"perm": {end: [34.0, 38.0, 40.0]}})
    assert candidate.shortfalls["California"] == pytest.approx(100 * 6 / 36)
    assert candidate.shortfalls["national performance"] == pytest.approx(25.0)
    assert candidate.peer_median == 38.0 and candidate.peer_count == 3
    assert any("worse than California (30.0 vs 36.0)" in r for r in candidate.reasons)
    assert any("worse than peer counties (median) (30.0 vs 38.0)" in r for r in candidate.reasons)


def test_worse_gaps_rank_first():
    county = {"perm": series([30] * 4), "reentry": series([5.5] * 4)}
    ranked = rank(county, measures=(HIGHER, LOWER))
    assert [c.measure.id for c in ranked] == ["perm", "reentry"]


def test_a_worsening_trend_over_four_periods_adds_to_the_score_and_is_named():
    stable = rank({"perm": series([38, 38, 38, 38])})[0]
    worsening = rank({"perm": series([44, 42, 40, 38])})[0]
    assert worsening.trend_label == "worsening"
    assert stable.trend_label == "stable"
    assert worsening.score > stable.score
    assert any("worsening over the last 4 periods (44.0 to 38.0)" in r for r in worsening.reasons)


def test_fewer_than_four_periods_give_no_trend():
    candidate = rank({"perm": series([30, 31, 32])})[0]
    assert candidate.trend_change is None
    assert "not enough periods" in candidate.trend_label


def test_small_denominators_are_flagged_and_ranked_last():
    county = {"perm": series([10] * 4, denominator=8), "reentry": series([5.5] * 4)}
    ranked = rank(county, measures=(HIGHER, LOWER))
    assert [c.measure.id for c in ranked] == ["reentry", "perm"]
    assert ranked[1].low_quality
    assert any("only 8 in the denominator" in f for f in ranked[1].flags)


def test_a_measure_without_results_is_flagged():
    [candidate] = rank({})
    assert candidate.low_quality
    assert candidate.flags == ["No result with cases for this county yet."]


def test_missing_periods_are_flagged():
    rows = series([30, 31, 32, 33, 34])
    del rows[2]
    [candidate] = rank({"perm": rows})
    assert any("1 period(s) missing" in f for f in candidate.flags)


def test_a_rate_resting_on_few_events_is_flagged():
    rate = MeasureFacts("s1", "S1", "Maltreatment", "per 100,000 days", "lower", 9.07, "x", False)
    rows = [
        Observation(o.period_start, o.period_end, 16.7, 3, 17_916, False) for o in series([1] * 4)
    ]
    [candidate] = rank({"s1": rows}, measures=(rate,))
    assert candidate.low_quality
    assert any("only 3 events" in f for f in candidate.flags)
