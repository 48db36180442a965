"""No masked figure on a public page or download can be worked out from what is shown: not from
a total minus the visible strata, not from California minus the visible counties, not from a
shown rate and a shown count."""

import csv
import io

import pytest
from django.urls import reverse

from opencqi.counties.models import County
from opencqi.measures.catalog import CATALOG
from tests.dashboard.derivation import (
    MASKED,
    derivable_cells,
    number,
    unmasked_rates_of_masked_counts,
)
from tests.dashboard.factories import LATEST, make_run, result, results_for
from tests.dashboard.htmltables import tables_of

P1 = "permanency_12m_entries"
BREAKDOWNS = ("age_group", "sex", "race_ethnicity", "agency")


def measure_page_cells(tables):
    """Cells and relations of a measure page: each breakdown's strata add up to its total,
    which is also the trend's last row (the page's period)."""
    cells, relations = {}, []
    trend = tables["table-trend"]
    current = trend[-1]
    for field, column in (("numerator", 2), ("denominator", 3)):
        cells[("all", field)] = number(current[column])
    for key in BREAKDOWNS:
        rows = tables.get(f"table-{key}", [])[1:]
        for label, numerator, denominator, _ in rows[1:]:
            cells[(key, label, "numerator")] = number(numerator)
            cells[(key, label, "denominator")] = number(denominator)
        for field, column in (("numerator", 1), ("denominator", 2)):
            if rows:
                shown = number(rows[0][column])
                assert shown == cells[("all", field)], "the total differs between tables"
                parts = [(key, row[0], field) for row in rows[1:]]
                relations.append((("all", field), parts))
    return cells, relations


def public_measure_tables(client, code, measure_id=P1):
    html = client.get(reverse("public_measure", args=[code, measure_id])).content.decode()
    return tables_of(html)


def download_tables(client, code, measure_id=P1):
    """The same tables, read from their CSV downloads."""
    tables = {}
    for key in ("trend", *BREAKDOWNS):
        url = reverse("public_measure_download", args=[code, measure_id, key, "csv"])
        response = client.get(url)
        if response.status_code == 200:
            text = response.content.decode("utf-8-sig")
            tables[f"table-{key}"] = [
                [cell if cell != "" else "–" for cell in row]
                for row in csv.reader(io.StringIO(text))
            ]
    return tables


def assert_nothing_derivable(tables):
    cells, relations = measure_page_cells(tables)
    assert derivable_cells(cells, relations) == []
    for key in ("trend", *BREAKDOWNS):
        rows = tables.get(f"table-{key}", [])[1:]
        columns = (2, 3, 4) if key == "trend" else (1, 2, 3)
        assert unmasked_rates_of_masked_counts(rows, *columns) == []


@pytest.fixture
def small_stratum(counties):
    """Kern with one small stratum among large ones: a case for complementary masking."""
    kern = County.objects.get(name="Kern")
    run = make_run()
    others = list(County.objects.exclude(pk=kern.pk))
    results_for(run, [None, *others])
    rows = [result(run, P1, kern, LATEST, 100, 200)]
    for label, numerator, denominator in (("female", 4, 20), ("male", 96, 180)):
        rows.append(result(run, P1, kern, LATEST, numerator, denominator, f"sex={label}"))
    from opencqi.measures.models import MeasureResult

    MeasureResult.objects.bulk_create(rows)
    return kern


def test_no_masked_value_on_any_county_s_public_measure_page_is_derivable(client, results):
    masked_pages = 0
    for county in County.objects.all():
        tables = public_measure_tables(client, county.code)
        assert_nothing_derivable(tables)
        masked_pages += any(MASKED in row for t in tables.values() for row in t)
    assert masked_pages > 5  # the check had masked cells to look at


def test_one_small_stratum_takes_a_second_cell_with_it(client, small_stratum):
    tables = public_measure_tables(client, small_stratum.code)
    sex = tables["table-sex"][1:]
    masked = [row for row in sex if MASKED in (number(row[1]), number(row[2]))]
    assert len(masked) >= 2
    assert_nothing_derivable(tables)


@pytest.mark.parametrize("code", ["02", "46", "25"])  # Alpine, Sierra, Modoc
def test_the_downloads_show_what_the_page_shows(client, results, code):
    page = public_measure_tables(client, code)
    downloads = download_tables(client, code)
    for key, rows in downloads.items():
        counts, value = ((2, 3), 4) if key == "table-trend" else ((1, 2), 3)
        for downloaded, shown in zip(rows[1:], page[key][1:], strict=True):
            assert [number(downloaded[c]) for c in counts] == [number(shown[c]) for c in counts]
            rate = number(downloaded[value])
            rate = round(rate, 1) if isinstance(rate, float) else rate  # P1: one decimal
            assert rate == number(shown[value]), (key, downloaded, shown)
    assert_nothing_derivable(downloads)


@pytest.mark.parametrize("measure", [m.id for m in CATALOG])
def test_no_county_s_masked_count_follows_from_california_minus_the_others(
    client, results, measure
):
    url = reverse("public_overview_download", args=["ranking", "csv"])
    rows = list(
        csv.reader(io.StringIO(client.get(url, {"measure": measure}).content.decode("utf-8-sig")))
    )
    california, counties = rows[1], rows[2:]
    assert california[0] == "California" and len(counties) == 58
    cells, relations = {}, []
    for field, column in (("numerator", 1), ("denominator", 2)):
        cells[("California", field)] = number(california[column] or "–")
        for row in counties:
            cells[(row[0], field)] = number(row[column] or "–")
        relations.append((("California", field), [(row[0], field) for row in counties]))
    assert derivable_cells(cells, relations) == []
    assert unmasked_rates_of_masked_counts(counties, 1, 2, 3) == []


@pytest.fixture
def linked_counts(counties):
    """Kern's caseworker-visit months with a visit are the denominator of visits in the
    residence: one count published on two measures' pages."""
    kern = County.objects.get(name="Kern")
    run = make_run()
    rows = []
    for stratum, visited, months, in_residence in (
        ("all", 100, 200, 60),
        ("sex=female", 5, 20, 2),
        ("sex=male", 95, 180, 58),
    ):
        rows.append(result(run, "caseworker_visits", kern, LATEST, visited, months, stratum))
        rows.append(
            result(run, "visits_in_residence", kern, LATEST, in_residence, visited, stratum)
        )
    rows.append(result(run, "caseworker_visits", None, LATEST, 9000, 10000))
    rows.append(result(run, "visits_in_residence", None, LATEST, 5000, 9000))
    from opencqi.measures.models import MeasureResult

    MeasureResult.objects.bulk_create(rows)
    return kern


def test_a_count_two_measures_publish_is_masked_alike_on_both_pages(client, linked_counts):
    visits = public_measure_tables(client, linked_counts.code, "caseworker_visits")["table-sex"]
    residence = public_measure_tables(client, linked_counts.code, "visits_in_residence")
    for visited, months in zip(visits[1:], residence["table-sex"][1:], strict=True):
        assert number(visited[1]) == number(months[2]), (visited, months)


def test_the_check_finds_a_total_minus_its_visible_strata():
    cells = {"all": 30.0, "a": MASKED, "b": 26.0, "c": MASKED, "d": 0.0}
    assert derivable_cells(cells, [("all", ["a", "b"])]) == ["a"]
    assert derivable_cells(cells, [("all", ["a", "b", "c", "d"])]) == []
