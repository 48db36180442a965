"""Peer-county suggestions: performance, proximity, similarity, each part shown."""

import pytest

from opencqi.reviews.peer_counties import CountyFacts, distance_km, suggest_peer_counties

HOST = CountyFacts("10", "Fresno", "Central", 270_000, 36.76, -119.65, frozenset({"20"}))
MADERA = CountyFacts("20", "Madera", "Central", 40_000, 37.22, -119.77)
KINGS = CountyFacts("16", "Kings", "Central", 40_000, 36.07, -119.82)
FAR = CountyFacts("08", "Del Norte", "Northern", 6_000, 41.74, -123.9)
BIG = CountyFacts("19", "Los Angeles", "Southern", 2_000_000, 34.3, -118.2)
WEIGHTS = {
    "performance_weight": 0.5,
    "proximity_weight": 0.3,
    "similarity_weight": 0.2,
    "distance_scale_km": 400,
}


def suggest(values, direction="higher", candidates=(MADERA, KINGS, FAR, BIG, HOST)):
    return suggest_peer_counties(
        HOST,
        list(candidates),
        values,
        direction=direction,
        california=40.0,
        unit="percent",
        **WEIGHTS,
    )


def test_distance_between_county_centres():
    assert distance_km(HOST, MADERA) == pytest.approx(52, abs=3)


def test_the_host_is_never_suggested():
    assert HOST.code not in {s.county.code for s in suggest({})}


def test_a_neighbour_is_fully_proximate_a_far_county_not_at_all():
    by_code = {s.county.code: s for s in suggest({})}
    assert by_code["20"].proximity == 1.0 and by_code["20"].adjacent
    assert by_code["08"].proximity == 0.0
    assert 0 < by_code["16"].proximity < 1


def test_high_performers_score_higher_in_the_measures_direction():
    values = {"20": 30.0, "16": 50.0, "08": 40.0, "19": None}
    by_code = {s.county.code: s for s in suggest(values)}
    assert by_code["16"].performance == 1.0
    assert by_code["20"].performance == 0.0
    assert by_code["19"].performance == 0.0
    lower = {s.county.code: s for s in suggest(values, direction="lower")}
    assert lower["20"].performance == 1.0


def test_similarity_is_the_ratio_of_child_populations():
    by_code = {s.county.code: s for s in suggest({})}
    assert by_code["20"].similarity == pytest.approx(40_000 / 270_000)
    assert by_code["19"].similarity == pytest.approx(270_000 / 2_000_000)


def test_score_is_the_weighted_parts_and_reasons_are_shown():
    values = {"20": 30.0, "16": 50.0, "08": 40.0, "19": 45.0}
    suggestions = suggest(values)
    for s in suggestions:
        assert s.score == pytest.approx(
            0.5 * s.performance + 0.3 * s.proximity + 0.2 * s.similarity
        )
    assert suggestions == sorted(suggestions, key=lambda s: -s.score)
    kings = next(s for s in suggestions if s.county.code == "16")
    assert kings.reasons[0] == "50.0 percent (California 40.0)"
    assert kings.reasons[2] == "40,000 children (270,000 in Fresno)"
    assert kings.reasons[1].endswith("km away")
    assert next(s for s in suggestions if s.county.code == "20").reasons[1] == "neighbouring county"


def test_a_result_on_too_few_cases_does_not_count_as_high_performance():
    values = {"20": 30.0, "16": 50.0, "08": 99.0}
    suggestions = suggest_peer_counties(
        HOST,
        [MADERA, KINGS, FAR],
        values,
        direction="higher",
        california=40.0,
        unit="percent",
        too_few_cases=frozenset({"08"}),
        **WEIGHTS,
    )
    far = next(s for s in suggestions if s.county.code == "08")
    assert far.performance == 0.0
    assert far.reasons[0] == "99.0 percent, on too few cases to judge (California 40.0)"
    assert next(s for s in suggestions if s.county.code == "16").performance == 1.0
