"""What a reader is shown: exact places untouched, every other place published."""

import datetime as dt

from opencqi.dashboard import publication
from opencqi.measures.catalog import CALIFORNIA
from opencqi.measures.suppression import MASKED

END = dt.date(2024, 6, 30)


def row(county, numerator, denominator, stratum="all", measure_id="recurrence"):
    value = numerator / denominator * 100 if denominator else None
    return {
        "measure_id": measure_id,
        "county": county,
        "period_end": END,
        "stratum": stratum,
        "numerator": numerator,
        "denominator": denominator,
        "value": value,
        "provisional": False,
    }


def test_rows_of_exact_places_are_shown_as_they_are():
    rows = [row("Alpine", 3, 8)]
    assert publication.publish(rows, {"Alpine"}) == rows


def test_a_count_of_1_to_10_of_another_place_is_masked_with_its_value():
    shown = publication.publish([row("Alpine", 3, 80)], set())
    assert shown[0]["numerator"] is MASKED
    assert shown[0]["denominator"] == 80
    assert shown[0]["value"] is MASKED


def test_zero_is_shown():
    shown = publication.publish([row("Alpine", 0, 80)], set())
    assert shown[0]["numerator"] == 0 and shown[0]["value"] == 0


def test_a_place_s_strata_are_suppressed_against_its_total():
    rows = [
        row("Kern", 40, 100),
        row("Kern", 4, 20, "sex=female"),
        row("Kern", 36, 80, "sex=male"),
    ]
    shown = publication.publish(rows, set())
    female, male = shown[1], shown[2]
    assert female["numerator"] is MASKED
    assert male["numerator"] is MASKED  # else 40 - 36 gives the masked 4


def test_statewide_masks_protect_a_small_county_against_california_minus_the_others():
    rows = [
        row(CALIFORNIA, 3 + 50 + 70, 1000),
        row("Alpine", 3, 200),
        row("Kern", 50, 300),
        row("Fresno", 70, 500),
    ]
    masks = publication.statewide_masks(rows)
    assert ("recurrence", END, "numerator", "Alpine") in masks
    assert ("recurrence", END, "numerator", "Kern") in masks  # the smallest other
    # On a page showing Kern alone, Kern's headline figure is masked all the same.
    shown = publication.publish([row("Kern", 50, 300)], set(), masks)
    assert shown[0]["numerator"] is MASKED and shown[0]["value"] is MASKED


def test_statewide_masks_touch_headline_rows_only():
    masks = {("recurrence", END, "numerator", "Kern")}
    shown = publication.publish([row("Kern", 20, 300, "sex=male")], set(), masks)
    assert shown[0]["numerator"] == 20
