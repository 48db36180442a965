"""The focus-area assistant: the host county's outcome measures ranked as candidate focus areas
(PQCR Process Guide V.C; peer-review.md section 2).

For each measure of the programme the county's result is compared with California, with the
national benchmark, and with the median of its peer counties (the host's neighbours), and its
trend over the last periods is read. Each comparison is a *shortfall*: how much worse, in
percent of the reference, the county does, taking the measure's direction into account
(positive = worse). The score adds the shortfalls and a worsening trend; candidates whose data
is too thin to trust (few cases or events, no result) are ranked after the others, because a
focus area must not be an artefact of missing or wrong data. Every number behind the rank is
returned as a reason the page shows.

The period compared is the latest one whose result is final (not provisional); when there is
none, the latest provisional one, flagged.

Plain Python: no Django.
"""

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Observation:
    period_start: object
    period_end: object
    value: float | None
    numerator: int
    denominator: int
    provisional: bool


@dataclass(frozen=True)
class MeasureFacts:
    id: str
    code: str
    name: str
    unit: str
    direction: str  # "higher" or "lower" is better
    benchmark: float | None
    benchmark_kind: str | None
    is_percent: bool = True  # else a rate of events (per days in care): events are what count


@dataclass
class Candidate:
    measure: MeasureFacts
    observation: Observation | None
    california: float | None = None
    peer_median: float | None = None
    peer_count: int = 0
    shortfalls: dict[str, float] = field(default_factory=dict)  # reference -> percent worse
    trend_change: float | None = None  # percent, positive = worsening
    trend_label: str = ""
    flags: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0
    low_quality: bool = False


def shortfall(value: float, reference: float, direction: str) -> float | None:
    """Percent by which `value` is worse than `reference` (negative: better)."""
    if reference in (None, 0) or value is None:
        return None
    difference = value - reference if direction == "lower" else reference - value
    return difference / abs(reference) * 100


def compared_observation(series: Sequence[Observation]) -> Observation | None:
    """The latest final result with cases, else the latest result with cases."""
    with_cases = [o for o in series if o.denominator > 0 and o.value is not None]
    final = [o for o in with_cases if not o.provisional]
    chosen = final or with_cases
    return max(chosen, key=lambda o: o.period_end) if chosen else None


def trend(values: Sequence[float], direction: str) -> float | None:
    """Change over the values' least-squares line, in percent of their mean; positive = worse."""
    if len(values) < 2:
        return None
    mean = statistics.fmean(values)
    if mean == 0:
        return None
    slope = statistics.linear_regression(range(len(values)), values).slope
    change = slope * (len(values) - 1) / abs(mean) * 100
    return change if direction == "lower" else -change


def rank_focus_areas(
    measures: Sequence[MeasureFacts],
    county_series: dict[str, list[Observation]],
    california_series: dict[str, list[Observation]],
    peer_values: dict[str, dict[object, list[float]]],
    *,
    min_denominator: int,
    trend_periods: int,
    trend_threshold_percent: float,
) -> list[Candidate]:
    """Candidates, most in need of a closer look first.

    `peer_values[measure_id][period_end]` lists the peer counties' values for that period.
    """
    candidates = [
        assess(
            measure,
            county_series.get(measure.id, []),
            california_series.get(measure.id, []),
            peer_values.get(measure.id, {}),
            min_denominator=min_denominator,
            trend_periods=trend_periods,
            trend_threshold_percent=trend_threshold_percent,
        )
        for measure in measures
    ]
    return sorted(candidates, key=lambda c: (c.low_quality, -c.score, c.measure.code))


def assess(
    measure: MeasureFacts,
    series: list[Observation],
    california: list[Observation],
    peers: dict[object, list[float]],
    *,
    min_denominator: int,
    trend_periods: int,
    trend_threshold_percent: float,
) -> Candidate:
    observation = compared_observation(series)
    candidate = Candidate(measure=measure, observation=observation)
    if observation is None:
        candidate.low_quality = True
        candidate.flags.append("No result with cases for this county yet.")
        return candidate
    value = observation.value
    if observation.provisional:
        candidate.flags.append(
            f"Provisional: the follow-up of the period ending {observation.period_end} is not "
            "complete, so the value may still change."
        )
    if measure.is_percent and observation.denominator < min_denominator:
        candidate.low_quality = True
        candidate.flags.append(
            f"Low quality: only {observation.denominator:,} in the denominator (fewer than "
            f"{min_denominator:,}); check the data before choosing it."
        )
    if not measure.is_percent and observation.numerator < min_denominator:
        candidate.low_quality = True
        candidate.flags.append(
            f"Low quality: the rate rests on only {observation.numerator:,} events (fewer than "
            f"{min_denominator:,}); check the data before choosing it."
        )
    state = next((o for o in california if o.period_end == observation.period_end), None)
    candidate.california = state.value if state else None
    period_peers = [v for v in peers.get(observation.period_end, []) if v is not None]
    candidate.peer_count = len(period_peers)
    candidate.peer_median = statistics.median(period_peers) if period_peers else None
    references = {
        "California": candidate.california,
        measure.benchmark_kind or "benchmark": measure.benchmark,
        "peer counties (median)": candidate.peer_median,
    }
    for name, reference in references.items():
        gap = shortfall(value, reference, measure.direction)
        if gap is None:
            continue
        candidate.shortfalls[name] = gap
        word = "worse" if gap > 0 else "better"
        candidate.reasons.append(
            f"{abs(gap):.1f}% {word} than {name} ({_number(value)} vs {_number(reference)})"
        )
    _read_trend(candidate, series, trend_periods, trend_threshold_percent)
    missing = _missing_periods(series)
    if missing:
        candidate.flags.append(f"{missing} period(s) missing in the series: check the data.")
    positive = [min(g, 100.0) for g in candidate.shortfalls.values() if g > 0]
    candidate.score = sum(positive) + max(candidate.trend_change or 0.0, 0.0)
    return candidate


def _read_trend(candidate, series, periods, threshold):
    final = sorted(
        (o for o in series if not o.provisional and o.value is not None),
        key=lambda o: o.period_end,
    )
    recent = [o for o in final if o.period_end <= candidate.observation.period_end][-periods:]
    if len(recent) < periods:
        candidate.trend_label = f"not enough periods for a trend (fewer than {periods})"
        return
    change = trend([o.value for o in recent], candidate.measure.direction)
    if change is None:
        return
    candidate.trend_change = change
    if change > threshold:
        candidate.trend_label = "worsening"
    elif change < -threshold:
        candidate.trend_label = "improving"
    else:
        candidate.trend_label = "stable"
    candidate.reasons.append(
        f"{candidate.trend_label} over the last {periods} periods "
        f"({_number(recent[0].value)} to {_number(recent[-1].value)})"
    )


def _missing_periods(series) -> int:
    """Quarter ends missing between the first and the last period of the series."""
    ends = sorted({o.period_end for o in series})
    if len(ends) < 2:
        return 0
    months = {(e.year * 12 + e.month) for e in ends}
    first, last = min(months), max(months)
    return len([m for m in range(first, last + 1, 3) if m not in months])


def _number(value) -> str:
    if value is None:
        return "—"
    return f"{value:,.1f}" if abs(value) < 1000 else f"{value:,.0f}"
