"""The engine and the plain-Python reference agree exactly on every measure, county, period and
stratum: on the case data synthetic extract, and on small random data dense in edge cases."""

import datetime as dt

import pytest

from opencqi.casedata import synth
from opencqi.measures.engine import compute_measures
from tests.measures.cases import duckdb_tables
from tests.reference.measures import compute_reference
from tests.reference.random_cases import AS_OF, random_rows


def keyed(rows):
    return {
        (r["measure_id"], r["county"], r["period_start"], r["period_end"], r["stratum"]): (
            r["numerator"],
            r["denominator"],
            r["value"],
            r["provisional"],
        )
        for r in rows
    }


def assert_engine_equals_reference(rows, as_of, profile):
    engine = keyed(compute_measures(duckdb_tables(rows), as_of, profile=profile).to_pylist())
    reference = keyed(compute_reference(rows, as_of, profile))
    assert engine.keys() == reference.keys()
    different = {k: (engine[k], reference[k]) for k in engine if engine[k] != reference[k]}
    assert different == {}
    assert len({k[0] for k in engine}) == 14


def test_engine_equals_reference_on_a_synthetic_extract():
    as_of = dt.date(2014, 12, 31)
    tables = synth.generate(episodes=800, seed=7, as_of=as_of)
    rows = {name: table.to_pylist() for name, table in tables.items()}
    assert_engine_equals_reference(rows, as_of, "federal")


@pytest.mark.parametrize(("seed", "profile"), [(1, "federal"), (2, "california")])
def test_engine_equals_reference_on_random_edge_cases(seed, profile):
    assert_engine_equals_reference(random_rows(seed), AS_OF, profile)
