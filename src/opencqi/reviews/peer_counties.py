"""Peer-county suggestions for a review (PQCR Process Guide IV.H, V.H).

The host chooses peer counties by performance in the focus area (high performers preferred),
proximity (contiguous or not) and similarity in size. Each candidate gets three parts, each
from 0 to 1, and a score that weighs them (weights from the programme):

- performance: the county's place among all candidates in the focus measure, best = 1, worst
  = 0, following the measure's direction; 0 without a result or with a result on too few cases
  or events to judge (the focus-area assistant's data-quality threshold);
- proximity: 1 for a neighbouring county, else falling linearly with the distance between the
  county centres, to 0 at the programme's distance scale;
- similarity: smaller over larger child population (1 = the same size).

Plain Python: no Django.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class CountyFacts:
    code: str
    name: str
    region: str
    child_population: int
    latitude: float
    longitude: float
    neighbours: frozenset[str] = frozenset()  # codes


@dataclass(frozen=True)
class Suggestion:
    county: CountyFacts
    score: float
    performance: float
    proximity: float
    similarity: float
    value: float | None
    adjacent: bool
    distance_km: float
    population_ratio: float
    reasons: tuple[str, ...]


def distance_km(a: CountyFacts, b: CountyFacts) -> float:
    """Great-circle distance between two county centres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def performance_parts(values: dict[str, float | None], direction: str | None) -> dict[str, float]:
    """Each county's place among those with a value: best 1, worst 0 (ties share a place)."""
    known = sorted({v for v in values.values() if v is not None})
    if direction == "lower":
        known.reverse()
    if not known or direction is None:
        return {code: 0.0 for code in values}
    steps = max(len(known) - 1, 1)
    place = {v: i / steps for i, v in enumerate(known)}
    if len(known) == 1:
        place = {known[0]: 1.0}
    return {code: (place[v] if v is not None else 0.0) for code, v in values.items()}


def suggest_peer_counties(
    host: CountyFacts,
    candidates: Sequence[CountyFacts],
    values: dict[str, float | None],
    *,
    direction: str | None,
    california: float | None,
    unit: str,
    performance_weight: float,
    proximity_weight: float,
    similarity_weight: float,
    distance_scale_km: float,
    too_few_cases: frozenset[str] = frozenset(),
) -> list[Suggestion]:
    """Every other county, best suggestion first, with each part of its score and the reasons.

    `values` holds each candidate's result in the focus measure by county code; a county in
    `too_few_cases` has a result resting on too few cases or events to judge its performance,
    so it scores 0 on performance, like a county without a result.
    """
    others = [c for c in candidates if c.code != host.code]
    judged = {c.code: None if c.code in too_few_cases else values.get(c.code) for c in others}
    performance = performance_parts(judged, direction)
    suggestions = []
    for county in others:
        adjacent = county.code in host.neighbours or host.code in county.neighbours
        km = distance_km(host, county)
        proximity = 1.0 if adjacent else max(0.0, 1 - km / distance_scale_km)
        sizes = sorted([host.child_population, county.child_population])
        ratio = sizes[0] / sizes[1] if sizes[1] else 0.0
        value = values.get(county.code)
        reasons = (
            _performance_reason(value, california, unit, county.code in too_few_cases),
            "neighbouring county" if adjacent else f"{km:,.0f} km away",
            f"{county.child_population:,} children ({host.child_population:,} in {host.name})",
        )
        score = (
            performance_weight * performance[county.code]
            + proximity_weight * proximity
            + similarity_weight * ratio
        )
        suggestions.append(
            Suggestion(
                county=county,
                score=score,
                performance=performance[county.code],
                proximity=proximity,
                similarity=ratio,
                value=value,
                adjacent=adjacent,
                distance_km=km,
                population_ratio=ratio,
                reasons=reasons,
            )
        )
    return sorted(suggestions, key=lambda s: (-s.score, s.county.name))


def _performance_reason(value, california, unit, too_few) -> str:
    if value is None:
        return "no result in the focus measure"
    reason = f"{value:,.1f} {unit}"
    if too_few:
        reason += ", on too few cases to judge"
    if california is not None:
        reason += f" (California {california:,.1f})"
    return reason
