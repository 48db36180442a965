"""The engine and the plain-Python reference agree on every measure, county, period and
stratum of random case data."""

import pytest

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


@pytest.mark.parametrize(("seed", "profile"), [(1, "federal"), (2, "california")])
def test_engine_equals_reference_on_random_cases(seed, profile):
    rows = random_rows(seed)
    engine = keyed(compute_measures(duckdb_tables(rows), AS_OF, profile=profile).to_pylist())
    reference = keyed(compute_reference(rows, AS_OF, profile))
    assert engine.keys() == reference.keys()
    different = {k: (engine[k], reference[k]) for k in engine if engine[k] != reference[k]}
    assert different == {}
    assert len({k[0] for k in engine}) == 14
