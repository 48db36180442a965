"""Running imports in tests: the small hand-made extract, and problems as plain tuples."""

from opencqi.casedata import warehouse
from opencqi.casedata.importer import import_directory
from opencqi.casedata.schemas import TABLES
from tests.casedata.small_extract import TABLES as LINES
from tests.casedata.small_extract import write_extract


def with_rows(table, *rows):
    """The table's lines with `rows` added at the end."""
    return {table: [*LINES[table], *rows]}


def with_row_replaced(table, index, row):
    """The table's lines with data row `index` (1 = first data row) replaced."""
    lines = list(LINES[table])
    lines[index] = row
    return {table: lines}


def import_small(tmp_path, replace=None, county="Fresno", uploader="Fresno", **kwargs):
    directory = tmp_path / "extract"
    write_extract(directory, county=county, replace=replace)
    return import_directory(directory, tmp_path / "data", county=uploader, **kwargs)


def located(report):
    return [(p.file, p.row, p.column, p.value, p.rule) for p in report.problems]


def warehouse_rows(data_dir, table):
    """Every row of a warehouse table without batch_id, sorted, for comparisons."""
    columns = ", ".join(TABLES[table].column_names)
    with warehouse.connect(data_dir) as con:
        return sorted(
            con.execute(f"SELECT {columns} FROM {table}").fetchall(),
            key=lambda row: tuple(str(value) for value in row),
        )


def warehouse_snapshot(data_dir):
    return {table: warehouse_rows(data_dir, table) for table in TABLES}
