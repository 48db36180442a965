"""Where the engine runs: DuckDB by default, or Spark (PySpark in local mode, or a cluster the
Spark session is configured for) through the same Ibis expressions."""

import os
import sys
import tempfile

import ibis

from opencqi.measures.inputs import CASE_TABLE_SCHEMAS, read_case_tables

BACKENDS = ("duckdb", "pyspark")


def pyspark_available():
    """None when PySpark can run here, else the reason it cannot."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "PySpark is not installed: pip install 'opencqi[spark]'"
    if not (os.environ.get("JAVA_HOME") or _on_path("java")):
        return "Java is not installed (PySpark needs a Java 17 runtime)"
    return None


def _on_path(program):
    return any(
        os.access(os.path.join(folder, program), os.X_OK)
        for folder in os.environ.get("PATH", "").split(os.pathsep)
    )


def spark_session(cores=2):
    """A local Spark session whose Python workers use this interpreter, in UTC."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("opencqi-measures")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", tempfile.mkdtemp(prefix="opencqi-spark-"))
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", str(cores * 2))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )


def spark_case_tables(arrow_tables, session=None):
    """The case tables as Spark temporary views of Arrow tables (e.g. read from the warehouse)."""
    session = session or spark_session()
    for name in CASE_TABLE_SCHEMAS:
        frame = session.createDataFrame(arrow_tables[name].to_pandas())
        frame.createOrReplaceTempView(name)
    return read_case_tables(ibis.pyspark.connect(session))


def arrow_case_tables(con):
    """The case tables of an Ibis connection as Arrow tables."""
    return {name: table.to_pyarrow() for name, table in vars(read_case_tables(con)).items()}
