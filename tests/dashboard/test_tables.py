import datetime as dt
from types import SimpleNamespace

from opencqi.dashboard import tables
from opencqi.measures.catalog import CALIFORNIA, measure_by_id
from opencqi.measures.suppression import MASKED

END = dt.date(2024, 6, 30)
PERCENT = measure_by_id("permanency_12m_entries")
PER_DAYS = measure_by_id("maltreatment_in_care")


def test_percents_show_one_decimal_and_rates_two():
    assert tables.value_text(PERCENT, 35.249) == "35.2%"
    assert tables.value_text(PER_DAYS, 9.0749) == "9.07"


def test_masked_and_missing_figures_have_distinct_texts():
    assert tables.value_text(PERCENT, MASKED) == "masked"
    assert tables.value_text(PERCENT, None) == tables.MISSING_TEXT
    assert tables.count_text(0) == "0"


def test_a_value_cell_says_how_it_compares_with_the_benchmark():
    cell = tables.value_cell(PERCENT, 40.0, 35.2, "national performance")
    assert cell.status == "better"
    assert cell.note == "better than national performance"


def test_downloads_keep_unrounded_values():
    cell = tables.value_cell(PERCENT, 100 / 3)
    assert cell.text == "33.3%" and abs(cell.value - 33.3333333333) < 1e-9


def test_strata_follow_the_dimension_s_natural_order():
    rows = [{"stratum": s} for s in ("age_group=11-15", "age_group=under 1", "age_group=3-5")]
    labels = [r["stratum"] for r in tables.strata_of(rows, "age_group")]
    assert labels == ["age_group=under 1", "age_group=3-5", "age_group=11-15"]


def result(county, value, numerator=10, denominator=20):
    return {
        "measure_id": PERCENT.id,
        "county": county,
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
        "provisional": False,
    }


def test_the_ranking_puts_the_best_first_and_masked_last_after_california():
    places = [SimpleNamespace(name=n) for n in ("A", "B", "C")]
    rows = [result(CALIFORNIA, 30.0), result("A", 20.0), result("B", MASKED), result("C", 50.0)]
    table = tables.ranking_table(PERCENT, rows, places, lambda m, n: "")
    assert [r[0].text for r in table] == [CALIFORNIA, "C", "A", "B"]


def test_a_lower_is_better_measure_ranks_the_lowest_first():
    places = [SimpleNamespace(name=n) for n in ("A", "B")]
    rows = [
        {**result("A", 12.0), "measure_id": PER_DAYS.id},
        {**result("B", 4.0), "measure_id": PER_DAYS.id},
    ]
    table = tables.ranking_table(PER_DAYS, rows, places, lambda m, n: "")
    assert [r[0].text for r in table][1:] == ["B", "A"]


def test_the_breakdown_starts_with_the_total():
    rows = [
        {**result("Kern", 40.0), "stratum": "all"},
        {**result("Kern", 50.0), "stratum": "sex=male"},
        {**result("Kern", 30.0), "stratum": "sex=female"},
    ]
    table = tables.breakdown_table(PERCENT, "Kern", "sex", rows, END)
    assert [r[0].text for r in table] == ["All", "Female", "Male"]
