"""Small-cell suppression: what is masked, and that nothing masked can be recovered."""

import datetime as dt
import itertools
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from opencqi.measures.suppression import (
    MASKED,
    render_cell,
    result_groups,
    suppress_results,
    suppress_table,
)

PERIOD_END = dt.date(2022, 12, 31)


def rows_of(measure_id, cells, denominators=None):
    return [
        dict(
            measure_id=measure_id,
            county=county,
            period_start=dt.date(2022, 1, 1),
            period_end=PERIOD_END,
            stratum=stratum,
            numerator=count,
            denominator=(denominators or {}).get((county, stratum), 1000),
            value=None,
            provisional=False,
        )
        for (county, stratum), count in cells.items()
    ]


def published(rows, field="numerator"):
    return {(r["county"], r["stratum"]): r[field] for r in rows}


def test_masked_marker_is_neither_zero_nor_missing():
    assert MASKED != 0 and MASKED is not None
    assert render_cell(MASKED) == "masked"
    assert render_cell(0) == "0"
    assert render_cell(None) == ""


def test_counts_of_one_to_ten_are_masked_and_zero_is_shown():
    cells = {"total": 100, "a": 0, "b": 1, "c": 10, "d": 89}
    masked = suppress_table(cells, [("total", ["a", "b", "c", "d"])])
    assert "a" not in masked and {"b", "c"} <= masked


def test_a_single_masked_stratum_gets_the_smallest_remaining_cell_as_complement():
    cells = {"total": 100, "a": 5, "b": 30, "c": 25, "d": 40}
    assert suppress_table(cells, [("total", ["a", "b", "c", "d"])]) == {"a", "c"}


def test_zero_is_never_chosen_as_a_complement():
    cells = {"total": 45, "a": 5, "b": 0, "c": 40}
    assert suppress_table(cells, [("total", ["a", "b", "c"])]) == {"a", "c"}


def test_two_masked_cells_summing_to_ten_or_less_get_a_third():
    """Masked 1 and 1 with a visible total would reveal both (each is at least 1)."""
    cells = {"total": 102, "a": 1, "b": 1, "c": 50, "d": 50}
    assert suppress_table(cells, [("total", ["a", "b", "c", "d"])]) == {"a", "b", "c"}


def test_rate_is_masked_when_its_numerator_or_denominator_is():
    rows = rows_of("recurrence", {("Alameda", "all"): 4, ("Fresno", "all"): 50})
    rows[0]["value"], rows[1]["value"] = 0.4, 5.0
    out = {r["county"]: r for r in suppress_results(rows)}
    assert out["Alameda"]["numerator"] is MASKED and out["Alameda"]["value"] is MASKED
    assert out["Fresno"]["value"] == 5.0


def test_stratum_mask_spreads_to_the_california_column():
    cells = {
        ("Alameda", "all"): 60, ("Alameda", "sex=female"): 5, ("Alameda", "sex=male"): 55,
        ("Fresno", "all"): 70, ("Fresno", "sex=female"): 30, ("Fresno", "sex=male"): 40,
        ("California", "all"): 130, ("California", "sex=female"): 35,
        ("California", "sex=male"): 95,
    }  # fmt: skip
    out = published(suppress_results(rows_of("recurrence", cells)))
    assert out[("Alameda", "sex=female")] is MASKED
    assert out[("Alameda", "sex=male")] is MASKED  # its row needs a second
    assert out[("Fresno", "sex=female")] is MASKED  # the female column needs a second
    assert_nothing_recoverable(cells, out)


def test_visited_child_months_are_masked_in_both_measures_that_publish_them():
    visits = rows_of("caseworker_visits", {("Alameda", "all"): 9, ("Fresno", "all"): 40})
    residence = rows_of(
        "visits_in_residence",
        {("Alameda", "all"): 5, ("Fresno", "all"): 20},
        denominators={("Alameda", "all"): 9, ("Fresno", "all"): 40},
    )
    out = suppress_results(visits + residence)
    masked_visits = [r for r in out if r["measure_id"] == "caseworker_visits"]
    masked_residence = [r for r in out if r["measure_id"] == "visits_in_residence"]
    assert masked_visits[0]["numerator"] is MASKED
    assert masked_residence[0]["denominator"] is MASKED


# -- nothing masked can be recovered ---------------------------------------------------------


def recoverable(cells, shown):
    """Masked cells an attacker can pin down from the published cells of one table.

    Each additive group gives total - sum(parts) = 0. Row-reduce (exactly, with fractions)
    over the masked cells: a cell is determined when a reduced row is that cell alone. Also a
    group whose masked cells must all be 1 (a visible total leaving as much as there are masked
    cells, each known to be at least 1) gives them away.
    """
    hidden = sorted(k for k, v in shown.items() if v is MASKED)
    index = {k: i for i, k in enumerate(hidden)}
    rows = []
    found = set()
    for total, parts in result_groups(cells):
        coefficients = [Fraction(0)] * (len(hidden) + 1)
        for key, sign in [(total, 1)] + [(p, -1) for p in parts]:
            if key in index:
                coefficients[index[key]] += sign
            else:
                coefficients[-1] -= sign * shown[key]
        if any(coefficients[:-1]):
            rows.append(coefficients)
        masked_parts = [p for p in parts if p in index]
        if (
            total not in index
            and masked_parts
            and total_minus_visible(total, parts, shown) == len(masked_parts)
        ):
            found.update(masked_parts)
    for row in reduced(rows, len(hidden)):
        nonzero = [i for i in range(len(hidden)) if row[i] != 0]
        if len(nonzero) == 1:
            found.add(hidden[nonzero[0]])
    return found


def total_minus_visible(total, parts, shown):
    return shown[total] - sum(shown[p] for p in parts if shown[p] is not MASKED)


def reduced(rows, width):
    rows = [list(r) for r in rows]
    pivot_row = 0
    for column in range(width):
        pivot = next((i for i in range(pivot_row, len(rows)) if rows[i][column] != 0), None)
        if pivot is None:
            continue
        rows[pivot_row], rows[pivot] = rows[pivot], rows[pivot_row]
        lead = rows[pivot_row][column]
        rows[pivot_row] = [x / lead for x in rows[pivot_row]]
        for i in range(len(rows)):
            if i != pivot_row and rows[i][column] != 0:
                factor = rows[i][column]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[pivot_row], strict=True)]
        pivot_row += 1
    return rows[:pivot_row]


def assert_nothing_recoverable(cells, shown):
    for key, count in cells.items():
        assert (shown[key] is MASKED) >= (1 <= count <= 10), key
        assert (count == 0) <= (shown[key] == 0), key
    for total, parts in result_groups(cells):
        masked = [k for k in [total, *parts] if shown[k] is MASKED]
        assert len(masked) != 1, (total, parts)
    assert recoverable(cells, shown) == set()


small_counts = st.one_of(st.integers(0, 4), st.integers(0, 15), st.integers(0, 300))


@st.composite
def stratified_tables(draw):
    """Counts of a county x sex x age table, published as county rows with "all", each
    dimension's strata, and a California row summing the counties."""
    counties = ["Alameda", "Fresno", "Alpine", "Kern"][: draw(st.integers(1, 4))]
    sexes = ["female", "male", "unknown"][: draw(st.integers(1, 3))]
    ages = ["under 1", "1-2", "3-5", "6-10"][: draw(st.integers(1, 4))]
    base = {combo: draw(small_counts) for combo in itertools.product(counties, sexes, ages)}
    cells = {}
    for county in [*counties, "California"]:
        chosen = {k: v for k, v in base.items() if county in (k[0], "California")}
        cells[(county, "all")] = sum(chosen.values())
        for sex in sexes:
            cells[(county, f"sex={sex}")] = sum(v for k, v in chosen.items() if k[1] == sex)
        for age in ages:
            cells[(county, f"age_group={age}")] = sum(v for k, v in chosen.items() if k[2] == age)
    return cells


@settings(max_examples=150, deadline=None)
@given(stratified_tables())
def test_no_masked_count_can_be_recovered_from_the_published_table(cells):
    shown = published(suppress_results(rows_of("permanency_12m_entries", cells)))
    assert_nothing_recoverable(cells, shown)
