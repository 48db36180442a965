"""The same Ibis expressions give identical results on PySpark and on DuckDB."""

import logging
import shutil

import pytest

from opencqi.measures.engine import compute_measures
from tests.measures.cases import arrow_tables, duckdb_tables
from tests.reference.random_cases import AS_OF, random_rows

SPARK_MEASURES = [
    "maltreatment_in_care",
    "recurrence",
    "permanency_12m_entries",
    "reentry_12m",
    "placement_stability",
    "timely_response_10day",
    "caseworker_visits",
    "entry_rate",
]

pytestmark = pytest.mark.skipif(
    shutil.which("java") is None,
    reason="Java is not installed: PySpark needs a Java 17 runtime (apt-get install "
    "openjdk-17-jre-headless)",
)


@pytest.fixture(scope="module")
def spark():
    from opencqi.measures.backends import spark_session

    session = spark_session()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    logging.getLogger("py4j").setLevel(logging.ERROR)  # quiet its shutdown chatter


def test_pyspark_and_duckdb_compute_identical_results(spark):
    from opencqi.measures.backends import spark_case_tables

    rows = random_rows(seed=5, children=50)
    on_duckdb = compute_measures(duckdb_tables(rows), AS_OF, measure_ids=SPARK_MEASURES)
    on_spark = compute_measures(
        spark_case_tables(arrow_tables(rows), spark), AS_OF, measure_ids=SPARK_MEASURES
    )
    assert on_duckdb.num_rows > 1000
    assert set(on_duckdb.column("measure_id").to_pylist()) == set(SPARK_MEASURES)
    assert on_spark.to_pylist() == on_duckdb.to_pylist()
