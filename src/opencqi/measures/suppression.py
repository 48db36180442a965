"""Small-cell suppression for published output (measures.md section 4), in one place.

Computation uses exact data; every public page and public export passes its rows through
`suppress_results` (or a table of counts through `suppress_table`) before showing them.

- Primary: a count of 1-10 is masked; zeros are shown.
- Complementary: in each additive group of a table (a total and its parts: strata of one
  dimension against "all", counties against California) with a masked cell, more cells are
  masked, smallest first, until the group has at least two masked cells whose true sum is at
  least 11 and more than their number (so the masked cells' sum, which a reader can get by
  subtraction, pins none of them down, knowing each masked count is at least 1).
- Finally no masked cell may be derivable from any combination of the published cells: while
  one is (checked with linear algebra over all groups at once), the smallest unmasked cell of
  the groups linked to it through masked cells is masked too (a zero only when no other cell
  is left to mask).
- A rate or percent is masked when its numerator or denominator is.

The marker is `MASKED`, distinct from 0 and from None (missing); `render_cell` shows it as
"masked".
"""

from collections import defaultdict

import numpy as np

from opencqi.measures.catalog import CALIFORNIA, SAME_COUNT

LARGEST_MASKED_COUNT = 10
COUNT_FIELDS = ("numerator", "denominator")


class Masked:
    """The marker of a masked cell: not a number, not missing."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self):
        return "MASKED"

    def __str__(self):
        return "masked"


MASKED = Masked()


def render_cell(value):
    """Text of a published cell: "masked", "" for missing, else the value."""
    if value is MASKED:
        return str(MASKED)
    return "" if value is None else str(value)


def is_small(count, limit=LARGEST_MASKED_COUNT):
    return 1 <= count <= limit


def suppress_table(cells, groups, limit=LARGEST_MASKED_COUNT, masked=()):
    """The keys of `cells` to mask: small cells, their complements, and `masked` already.

    `cells` maps a key to a count; `groups` lists additive groups as (total_key, [part_keys]).
    """
    masked = set(masked) | {key for key, count in cells.items() if is_small(count, limit)}
    groups = [(total, list(parts)) for total, parts in groups]
    while mask_groups(cells, groups, masked, limit) or mask_derivable(cells, groups, masked):
        pass
    return masked


def group_keys(group):
    total, parts = group
    return [total, *parts]


def needs_more(cells, keys, masked, limit):
    hidden = [cells[k] for k in keys if k in masked]
    return hidden and (len(hidden) < 2 or sum(hidden) <= max(limit, len(hidden)))


def smallest_unmasked(cells, keys, masked, allow_zero=False):
    candidates = [k for k in keys if k not in masked and (cells[k] > 0 or allow_zero)]
    return min(candidates, key=lambda k: (cells[k], keys.index(k)), default=None)


def mask_groups(cells, groups, masked, limit):
    changed = False
    for group in groups:
        keys = group_keys(group)
        while needs_more(cells, keys, masked, limit):
            key = smallest_unmasked(cells, keys, masked)
            if key is None:
                break
            masked.add(key)
            changed = True
    return changed


def derivable(groups, masked):
    """Masked keys whose value follows from the published cells by linear combination.

    Each group says total - sum(parts) = 0; with the published cells moved to the right-hand
    side, a masked cell is determined exactly when no solution of the homogeneous system can
    change it, i.e. its coordinate is zero in every null-space vector.
    """
    order = sorted(masked, key=repr)
    index = {key: i for i, key in enumerate(order)}
    rows = []
    for total, parts in groups:
        row = np.zeros(len(order))
        for key, sign in [(total, 1.0)] + [(p, -1.0) for p in parts]:
            if key in index:
                row[index[key]] += sign
        if row.any():
            rows.append(row)
    if not rows:
        return []
    matrix = np.array(rows)
    _, singular, vt = np.linalg.svd(matrix)
    rank = int((singular > 1e-9).sum())
    null_space = vt[rank:]
    if null_space.shape[0] == 0:
        return order
    return [key for key in order if np.abs(null_space[:, index[key]]).max() < 1e-9]


def mask_derivable(cells, groups, masked):
    """Mask one more cell for the first derivable masked cell: the smallest unmasked cell of
    the groups its derivation can run through (zero only when no other is left)."""
    for key in derivable(groups, masked):
        keys = [k for group in linked_groups(key, groups, masked) for k in group_keys(group)]
        extra = smallest_unmasked(cells, keys, masked)
        if extra is None:
            extra = smallest_unmasked(cells, keys, masked, allow_zero=True)
        if extra is not None:
            masked.add(extra)
            return True
    return False


def linked_groups(key, groups, masked):
    """The groups reachable from `key` through masked cells they share."""
    found, frontier, seen = [], [key], {key}
    while frontier:
        cell = frontier.pop()
        for group in groups:
            keys = group_keys(group)
            if cell in keys and group not in found:
                found.append(group)
                for other in keys:
                    if other in masked and other not in seen:
                        seen.add(other)
                        frontier.append(other)
    return found


def suppress_results(rows, limit=LARGEST_MASKED_COUNT):
    """Result rows ready to publish: masked counts and rates replaced by MASKED.

    All `rows` are treated as published together (one page or one download). Each measure x
    period x count field is one table; cells that publish the same count in two measures are
    masked together, and a table whose cells changed that way is suppressed again.
    """
    tables = defaultdict(dict)
    for row in rows:
        for field in COUNT_FIELDS:
            table = (row["measure_id"], row["period_end"], field)
            tables[table][(row["county"], row["stratum"])] = row[field]
    masked = {table: set() for table in tables}
    pending = set(tables)
    while pending:
        for table in pending:
            cells = tables[table]
            masked[table] = suppress_table(cells, result_groups(cells), limit, masked[table])
        pending = mask_same_counts(tables, masked)
    published = []
    for row in rows:
        out = dict(row)
        for field in COUNT_FIELDS:
            table = (row["measure_id"], row["period_end"], field)
            if (row["county"], row["stratum"]) in masked[table]:
                out[field] = MASKED
        if out["numerator"] is MASKED or out["denominator"] is MASKED:
            out["value"] = MASKED
        published.append(out)
    return published


def result_groups(cells):
    """Additive groups of one table keyed (county, stratum): strata against "all" per county,
    and counties against California per stratum."""
    counties = sorted({county for county, _ in cells} - {CALIFORNIA})
    by_dimension = defaultdict(list)
    for stratum in sorted({stratum for _, stratum in cells} - {"all"}):
        by_dimension[stratum.split("=", 1)[0]].append(stratum)
    groups = []
    for county in [*counties, CALIFORNIA]:
        for members in by_dimension.values():
            groups.append(((county, "all"), [(county, s) for s in members]))
    for stratum in sorted({stratum for _, stratum in cells}):
        groups.append(((CALIFORNIA, stratum), [(c, stratum) for c in counties]))
    return [(total, [p for p in parts if p in cells]) for total, parts in groups if total in cells]


def mask_same_counts(tables, masked):
    """Mask both cells of every pair that publishes one count; the tables that changed."""
    changed = set()
    for (measure_a, field_a), (measure_b, field_b) in SAME_COUNT:
        for measure_id, period_end, field in list(tables):
            if (measure_id, field) != (measure_a, field_a):
                continue
            a, b = (measure_a, period_end, field_a), (measure_b, period_end, field_b)
            if b not in tables:
                continue
            for cell in masked[a] ^ masked[b]:
                for table in (a, b):
                    if cell in tables[table] and cell not in masked[table]:
                        masked[table].add(cell)
                        changed.add(table)
    return changed
