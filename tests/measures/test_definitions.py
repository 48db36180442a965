"""The catalog is the one declaration of each measure, and the docs are made from it."""

from pathlib import Path

from opencqi.measures.catalog import CATALOG, MEASURES
from opencqi.measures.definitions import generated_docs, measure_sql
from opencqi.measures.engine import UNIT_BUILDERS

DOCS = Path(__file__).resolve().parents[2] / "docs" / "measures"


def test_every_catalog_measure_has_a_unique_id_and_an_engine_rule():
    assert len(MEASURES) == len(CATALOG) == 14
    assert set(UNIT_BUILDERS) == set(MEASURES)


def test_measure_sql_is_duckdb_sql_over_the_case_tables_and_a_periods_table():
    sql = measure_sql(MEASURES["permanency_12m_entries"])
    assert '"episodes"' in sql and '"periods"' in sql
    assert "'living_with_relative'" in sql
    assert "'living_with_relative'" not in measure_sql(
        MEASURES["permanency_12m_entries"], profile="california"
    )


def test_committed_measure_docs_equal_the_generated_ones():
    """If this fails, run `opencqi measures docs` and commit docs/measures/."""
    committed = {path.name: path.read_text() for path in DOCS.glob("*.md")}
    assert committed == generated_docs()
