import datetime as dt
from types import SimpleNamespace

from opencqi.dashboard import comparisons
from opencqi.dashboard.comparisons import BETTER, NOT_COMPARED, SAME, WORSE
from opencqi.measures.suppression import MASKED


def test_a_higher_value_is_better_when_higher_is_better():
    assert comparisons.compare(40.0, 35.2, "higher") == BETTER
    assert comparisons.compare(30.0, 35.2, "higher") == WORSE


def test_a_higher_value_is_worse_when_lower_is_better():
    assert comparisons.compare(12.0, 9.7, "lower") == WORSE
    assert comparisons.compare(5.0, 9.7, "lower") == BETTER


def test_an_equal_value_is_the_same():
    assert comparisons.compare(9.7, 9.7, "lower") == SAME


def test_masked_missing_or_undirected_figures_are_not_compared():
    assert comparisons.compare(MASKED, 9.7, "lower") == NOT_COMPARED
    assert comparisons.compare(None, 9.7, "lower") == NOT_COMPARED
    assert comparisons.compare(4.0, None, "lower") == NOT_COMPARED
    assert comparisons.compare(4.0, 3.0, None) == NOT_COMPARED


def county(name, children):
    return SimpleNamespace(name=name, child_population=children)


def test_peers_are_the_five_counties_closest_in_child_population_never_the_county_itself():
    home = county("Home", 1000)
    others = [county(f"C{n}", n) for n in (100, 900, 950, 1000, 1040, 1200, 5000, 990)]
    peers = comparisons.closest_in_population(home, [home, *others])
    assert [p.name for p in peers] == ["C1000", "C990", "C1040", "C950", "C900"]


def test_peer_ties_are_broken_by_name():
    home = county("Home", 1000)
    peers = comparisons.closest_in_population(home, [county("B", 1100), county("A", 900)], 1)
    assert [p.name for p in peers] == ["A"]


def test_a_year_earlier_is_the_same_quarter_end_a_year_before():
    assert comparisons.year_earlier(dt.date(2024, 3, 31)) == dt.date(2023, 3, 31)
    assert comparisons.year_earlier(dt.date(2024, 6, 30)) == dt.date(2023, 6, 30)
    assert comparisons.year_earlier(dt.date(2025, 2, 28)) == dt.date(2024, 2, 29)


def test_change_over_a_year_needs_both_figures():
    values = {dt.date(2023, 6, 30): 40.0, dt.date(2024, 6, 30): 43.5}
    assert comparisons.change_over_year(values, dt.date(2024, 6, 30)) == 3.5
    values[dt.date(2023, 6, 30)] = MASKED
    assert comparisons.change_over_year(values, dt.date(2024, 6, 30)) is None
    assert comparisons.change_over_year(values, dt.date(2024, 3, 31)) is None


def test_the_peer_median_leaves_masked_and_missing_figures_out():
    assert comparisons.peer_median([1.0, MASKED, 3.0, None, 10.0]) == 3.0
    assert comparisons.peer_median([MASKED, None]) is None


def test_size_bands_follow_the_child_population():
    assert comparisons.size_band(195) == "small"
    assert comparisons.size_band(20_000) == "medium"
    assert comparisons.size_band(2_054_218) == "large"
