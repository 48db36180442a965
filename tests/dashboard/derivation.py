"""An independent check that no masked figure can be worked out from what a page shows.

A reader knows every shown count and the additive relations between cells (a total is the
sum of its parts). A masked cell is derivable when it is determined by those relations and the
shown counts: its unit vector lies in the row space of the relations restricted to the masked
cells. A masked count must also mask the rate built on it.
"""

import numpy as np

MASKED = "masked"


def number(text):
    text = text.strip().rstrip("%").replace(",", "")
    if text in ("", "–"):
        return None
    return MASKED if text == MASKED else float(text)


def derivable_cells(cells, relations):
    """Masked keys of `cells` (key -> number or MASKED) determined by `relations`, each a
    (total_key, [part_keys]) meaning total = sum(parts)."""
    unknown = sorted(k for k, v in cells.items() if v == MASKED)
    index = {k: i for i, k in enumerate(unknown)}
    rows = []
    for total, parts in relations:
        if total not in cells or any(p not in cells for p in parts):
            continue
        row = np.zeros(len(unknown))
        for key, sign in [(total, 1.0)] + [(p, -1.0) for p in parts]:
            if key in index:
                row[index[key]] += sign
        if row.any():
            rows.append(row)
    if not rows:
        return []
    matrix = np.array(rows)
    rank = np.linalg.matrix_rank(matrix)
    found = []
    for key in unknown:
        unit = np.zeros(len(unknown))
        unit[index[key]] = 1.0
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.append(key)
    return found


def unmasked_rates_of_masked_counts(table_rows, numerator_col, denominator_col, value_col):
    """Rows showing a rate although its numerator or denominator is masked."""
    return [
        row
        for row in table_rows
        if MASKED in (number(row[numerator_col]), number(row[denominator_col]))
        and number(row[value_col]) != MASKED
    ]
