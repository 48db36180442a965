"""What a reader is shown: exact figures for the places they are entitled to, published
(suppressed) figures for every other place.

Suppression itself is `opencqi.measures.suppression`; this module decides what it is applied
to, so that a figure is published the same way on every page:

- A place's rows on a page (its "all" row and its strata, over the periods shown) are
  suppressed together: strata against their total.
- A place's headline figures (stratum "all") are in addition masked wherever the statewide
  publication masks them: the 58 counties against California for each measure and period,
  computed once per run (`statewide_masks`). A county's headline figure is therefore the same
  on the overview, its profile, its measure pages and its report, and no published county
  figure can be recovered from California's total minus the other counties.

Masking more cells never makes a masked cell derivable, so the union of the two is safe.
Rows are plain dicts with the keys of `suppress_results`: measure_id, county (a county name or
CALIFORNIA), period_end, stratum, numerator, denominator, value (and anything else, kept).
"""

from collections import defaultdict

from opencqi.measures.suppression import COUNT_FIELDS, MASKED, suppress_results


def statewide_masks(all_rows) -> frozenset:
    """(measure_id, period_end, field, place) of every count masked when the headline rows of
    all counties and California are published together, one period at a time."""
    by_period = defaultdict(list)
    for row in all_rows:
        by_period[row["period_end"]].append(row)
    masked = set()
    for rows in by_period.values():
        for row in suppress_results(rows):
            for field in COUNT_FIELDS:
                if row[field] is MASKED:
                    masked.add((row["measure_id"], row["period_end"], field, row["county"]))
    return frozenset(masked)


def publish(rows, exact_places, masks=frozenset()):
    """`rows` as a reader may see them, in the same order.

    Rows of `exact_places` are returned unchanged; each other place's rows are suppressed
    together and then masked where `masks` (from `statewide_masks`) says.
    """
    by_place = defaultdict(list)
    for index, row in enumerate(rows):
        if row["county"] not in exact_places:
            by_place[row["county"]].append(index)
    shown = list(rows)
    for indexes in by_place.values():
        published = suppress_results([rows[i] for i in indexes])
        for index, row in zip(indexes, published, strict=True):
            shown[index] = apply_masks(row, masks)
    return shown


def apply_masks(row, masks):
    if row["stratum"] != "all":
        return row
    for field in COUNT_FIELDS:
        if (row["measure_id"], row["period_end"], field, row["county"]) in masks:
            row[field] = MASKED
    if row["numerator"] is MASKED or row["denominator"] is MASKED:
        row["value"] = MASKED
    return row
