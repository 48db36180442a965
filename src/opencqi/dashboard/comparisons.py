"""How a figure compares: with the national performance or federal standard, with California,
with peer counties, and with itself a year earlier. Plain values in, plain values out.

A comparison honours the measure's direction: for "lower is better" measures a smaller value is
the better one. Masked and missing figures compare with nothing.
"""

import datetime as dt
import statistics
from numbers import Number

from opencqi.measures.periods import add_months

BETTER = "better"
WORSE = "worse"
SAME = "same"
NOT_COMPARED = ""

PEER_COUNT = 5

# County size bands by children 0-17, for filtering the state overview: (name, label, lowest).
SIZE_BANDS = (
    ("small", "Small (fewer than 20,000 children)", 0),
    ("medium", "Medium (20,000 to 99,999 children)", 20_000),
    ("large", "Large (100,000 children or more)", 100_000),
)


def is_figure(value) -> bool:
    """A number that can be compared: not masked, not missing."""
    return isinstance(value, Number) and not isinstance(value, bool)


def compare(value, reference, direction) -> str:
    """BETTER, WORSE or SAME as `reference` under the measure's direction; NOT_COMPARED when
    either figure is masked or missing or the measure has no direction."""
    if direction is None or not (is_figure(value) and is_figure(reference)):
        return NOT_COMPARED
    if value == reference:
        return SAME
    higher = value > reference
    return BETTER if higher == (direction == "higher") else WORSE


def size_band(child_population) -> str:
    band = SIZE_BANDS[0][0]
    for name, _, lowest in SIZE_BANDS:
        if child_population >= lowest:
            band = name
    return band


def closest_in_population(county, counties, count=PEER_COUNT):
    """The `count` counties nearest to `county` in child population (ties: by name).

    `counties` are objects with `name` and `child_population`; `county` itself is never a peer.
    """
    others = [c for c in counties if c.name != county.name]
    others.sort(key=lambda c: (abs(c.child_population - county.child_population), c.name))
    return others[:count]


def year_earlier(period_end: dt.date) -> dt.date:
    """The end of the period a year before one ending on a quarter end."""
    return add_months(period_end + dt.timedelta(days=1), -12) - dt.timedelta(days=1)


def change_over_year(values_by_period_end: dict, period_end: dt.date):
    """Value at `period_end` minus the value a year earlier, or None when either is not a
    figure (masked, missing, or no such period)."""
    now = values_by_period_end.get(period_end)
    before = values_by_period_end.get(year_earlier(period_end))
    if is_figure(now) and is_figure(before):
        return now - before
    return None


def peer_median(values):
    """Median of the peers' figures a reader may see; masked and missing ones are left out."""
    figures = [v for v in values if is_figure(v)]
    return statistics.median(figures) if figures else None
