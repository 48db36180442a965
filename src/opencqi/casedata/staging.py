"""Reading input files into a staging database, every value as text.

Structure is checked here (encoding, header, number of fields per row); values are checked
later in SQL (`validation.py`). A file with a structural problem is reported and not staged,
because its row numbers could not be trusted.
"""

import codecs
import csv
import io
import os
from pathlib import Path

import duckdb

from opencqi.casedata.report import Problem
from opencqi.casedata.schemas import TABLES, Table

FORMATS = (".csv", ".parquet")
CHUNK_BYTES = 16 * 1024 * 1024
HEADER_BYTES = 1024 * 1024
STRUCTURE_PROBLEMS_LISTED = 100
BOMS = {
    codecs.BOM_UTF32_LE: "UTF-32",
    codecs.BOM_UTF32_BE: "UTF-32",
    codecs.BOM_UTF16_LE: "UTF-16",
    codecs.BOM_UTF16_BE: "UTF-16",
}
SAVE_AS_UTF8 = "save it as 'CSV UTF-8' and upload it again"
READ_ERRORS = {
    "MISSING COLUMNS": "row has fewer fields than the header (truncated or unquoted line?)",
    "TOO MANY COLUMNS": "row has more fields than the header (a comma inside an unquoted value?)",
    "UNQUOTED VALUE": "a quote is not closed or is followed by other characters",
    "INVALID ENCODING": f"invalid UTF-8 bytes: {SAVE_AS_UTF8}",
    "LINE SIZE OVER MAXIMUM": "line is too long to be a row of this table",
}


def raw_table(table: str) -> str:
    return f"raw_{table}"


def find_table_files(directory: Path) -> tuple[dict[str, Path], list[Problem]]:
    """The input file of each table present in `directory`, by table name."""
    found, problems = {}, []
    for name in TABLES:
        candidates = [directory / f"{name}{suffix}" for suffix in FORMATS]
        present = [path for path in candidates if path.is_file()]
        if len(present) > 1:
            problems.append(
                Problem(present[0].name, f"both {name}.csv and {name}.parquet are given: keep one")
            )
        elif present:
            found[name] = present[0]
    return found, problems


def stage_file(con: duckdb.DuckDBPyConnection, table: Table, path: Path) -> list[Problem]:
    """Load `path` into `raw_<table>` (all columns text, empty as NULL, in file order).

    Returns the structural problems; when there are any, nothing is staged.
    """
    try:
        if path.suffix == ".parquet":
            return _stage_parquet(con, table, path)
        return _stage_csv(con, table, path)
    except duckdb.Error as error:
        kind = "Parquet" if path.suffix == ".parquet" else "CSV"
        first_line = str(error).splitlines()[0]
        return [Problem(path.name, f"file could not be read as {kind}: {first_line}")]


def _stage_csv(con, table: Table, path: Path) -> list[Problem]:
    problems = check_encoding(path)
    if problems:
        return problems
    header = read_header(path)
    problems = check_header(path.name, table, header)
    if problems:
        return problems
    columns = "{" + ", ".join(f"'{name}': 'VARCHAR'" for name in header) + "}"
    rejects = f"rejects_{table.name}"
    source = (
        f"read_csv('{_quote(path)}', columns={columns}, header=true, auto_detect=false,"
        " delim=',', quote='\"', escape='\"', all_varchar=true, store_rejects=true,"
        f" rejects_table='{rejects}', rejects_scan='{rejects}_scan',"
        f" rejects_limit={STRUCTURE_PROBLEMS_LISTED})"
    )
    con.execute(
        f"CREATE OR REPLACE TABLE {raw_table(table.name)} AS {_select_raw(table, header, source)}"
    )
    problems = _read_rejects(con, path.name, rejects)
    if problems:
        con.execute(f"DROP TABLE {raw_table(table.name)}")
        return problems
    return check_repeated_header(con, table, header, path.name)


def _stage_parquet(con, table: Table, path: Path) -> list[Problem]:
    source = f"read_parquet('{_quote(path)}')"
    header = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
    problems = check_header(path.name, table, header)
    if problems:
        return problems
    con.execute(
        f"CREATE OR REPLACE TABLE {raw_table(table.name)} AS {_select_raw(table, header, source)}"
    )
    return []


def _select_raw(table: Table, header: list[str], source: str) -> str:
    """Every column of the table as text, NULL for an empty value or an omitted column."""
    columns = [
        f'NULLIF(CAST("{name}" AS VARCHAR), \'\') AS "{name}"'
        if name in header
        else f'CAST(NULL AS VARCHAR) AS "{name}"'
        for name in table.column_names
    ]
    return f"SELECT {', '.join(columns)} FROM {source}"


def check_encoding(path: Path) -> list[Problem]:
    """A whole-file UTF-8 check, because DuckDB does not flag every invalid byte sequence."""
    with open(path, "rb") as f:
        first = f.read(CHUNK_BYTES)
        if not first:
            return [Problem(path.name, "file is empty: expected a header row and data rows")]
        for bom, name in BOMS.items():
            if first.startswith(bom):
                return [Problem(path.name, f"file is {name} encoded, not UTF-8: {SAVE_AS_UTF8}")]
        if b"\x00" in first[:4096]:
            return [Problem(path.name, f"file has NUL bytes (UTF-16 or binary?): {SAVE_AS_UTF8}")]
        decoder = codecs.getincrementaldecoder("utf-8")()
        chunk, lines_before = first, 0
        while chunk:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                line = lines_before + chunk.count(b"\n", 0, error.start) + 1
                byte = chunk[error.start : error.start + 1].hex().upper()
                return [
                    Problem(
                        path.name,
                        f"file is not UTF-8 (byte 0x{byte} on line {line}; Latin-1 or"
                        f" Windows-1252?): {SAVE_AS_UTF8}",
                        row=line,
                    )
                ]
            lines_before += chunk.count(b"\n")
            chunk = f.read(CHUNK_BYTES)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return [Problem(path.name, f"file ends inside a character: {SAVE_AS_UTF8}")]
    return []


def read_header(path: Path) -> list[str]:
    with open(path, "rb") as f:
        head = f.read(HEADER_BYTES)
    text = head.decode("utf-8", errors="replace").removeprefix("\ufeff")
    first_line = text.splitlines()[0] if text else ""
    return [name.strip() for name in next(csv.reader(io.StringIO(first_line)), [])]


def check_header(file: str, table: Table, header: list[str]) -> list[Problem]:
    expected = ", ".join(table.column_names)
    problems = []
    for name in sorted({name for name in header if header.count(name) > 1}):
        problems.append(
            Problem(file, f"column {name} appears more than once in the header", 1, name)
        )
    for name in header:
        if name not in table.column_names:
            shown = name if len(name) <= 60 else name[:60] + "..."
            problems.append(
                Problem(
                    file, f"column is not part of {table.name} (expected: {expected})", 1, shown
                )
            )
    for column in table.columns:
        if column.required and column.name not in header:
            problems.append(
                Problem(file, f"required column {column.name} is missing", 1, column.name)
            )
    return problems


def check_repeated_header(con, table: Table, header: list[str], file: str) -> list[Problem]:
    """Rows that repeat the header, as when two exports were pasted into one file."""
    condition = " AND ".join(f"\"{name}\" = '{name}'" for name in header)
    rows = con.execute(
        f"SELECT rowid + 2 FROM {raw_table(table.name)} WHERE {condition} ORDER BY 1 LIMIT 10"
    ).fetchall()
    return [Problem(file, "row repeats the header row", row) for (row,) in rows]


def _read_rejects(con, file: str, rejects: str) -> list[Problem]:
    rows = con.execute(
        f"SELECT line, any_value(column_name), any_value(error_type), any_value(csv_line)"
        f" FROM {rejects} GROUP BY line ORDER BY line"
    ).fetchall()
    problems = [
        Problem(file, READ_ERRORS.get(kind, kind.lower()), line, None, _shorten(text))
        for line, _column, kind, text in rows
    ]
    if len(rows) >= STRUCTURE_PROBLEMS_LISTED:
        problems.append(
            Problem(file, "reading stopped listing rows here: fix the rows above first")
        )
    return problems


def _shorten(text: str | None, limit: int = 80) -> str | None:
    if text is None:
        return None
    text = text.rstrip("\r\n")
    return text if len(text) <= limit else text[:limit] + "..."


def _quote(path: Path) -> str:
    return os.fspath(path).replace("'", "''")
