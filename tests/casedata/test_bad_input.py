"""Files that are not what they should be: each gets a message naming the file and the problem,
nothing is loaded, and nothing raises."""

import json
import os

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from opencqi.casedata.importer import UsageError, import_directory
from tests.casedata.importing import import_small, located, warehouse_snapshot
from tests.casedata.small_extract import write_extract


@pytest.fixture
def extract(tmp_path):
    directory = tmp_path / "extract"
    write_extract(directory)
    return directory


def rejected(directory, data_dir, **kwargs):
    report = import_directory(directory, data_dir, county="Fresno", **kwargs)
    assert not report.ok and report.loaded_at is None
    assert warehouse_snapshot(data_dir) == {table: [] for table in warehouse_snapshot(data_dir)}, (
        "nothing may be loaded"
    )
    return located(report)


def test_utf16_file(extract, tmp_path):
    path = extract / "children.csv"
    path.write_bytes(path.read_text().encode("utf-16"))
    assert rejected(extract, tmp_path / "data") == [
        (
            "children.csv",
            None,
            None,
            None,
            "file is UTF-16 encoded, not UTF-8: save it as 'CSV UTF-8' and upload it again",
        )
    ]


def test_latin1_file(extract, tmp_path):
    with open(extract / "children.csv", "ab") as f:
        f.write("c3,2016-01-01,female,latino,Jos\xe9\n".encode("latin-1"))
    problems = rejected(extract, tmp_path / "data")
    assert problems == [
        (
            "children.csv",
            4,
            None,
            None,
            "file is not UTF-8 (byte 0xE9 on line 4; Latin-1 or Windows-1252?):"
            " save it as 'CSV UTF-8' and upload it again",
        )
    ]


def test_missing_column(extract, tmp_path):
    lines = (extract / "children.csv").read_text().splitlines()
    cut = [",".join(line.split(",")[:3]) for line in lines]
    (extract / "children.csv").write_text("\n".join(cut) + "\n")
    problems = rejected(extract, tmp_path / "data")
    assert problems == [
        ("children.csv", 1, "race_ethnicity", None, "required column race_ethnicity is missing")
    ]


def test_extra_column(extract, tmp_path):
    lines = (extract / "children.csv").read_text().splitlines()
    (extract / "children.csv").write_text("\n".join(f"{line},x" for line in lines) + "\n")
    assert rejected(extract, tmp_path / "data") == [
        (
            "children.csv",
            1,
            "x",
            None,
            "column is not part of children (expected: child_id, birth_date, sex, race_ethnicity)",
        )
    ]


def test_optional_column_may_be_left_out(tmp_path):
    report = import_small(tmp_path)  # the small extract has no worker_id column
    assert report.ok


def test_truncated_last_line(extract, tmp_path):
    with open(extract / "visits.csv", "a") as f:
        f.write("c2,2023-04-15,tr")
    assert rejected(extract, tmp_path / "data") == [
        (
            "visits.csv",
            3,
            None,
            "c2,2023-04-15,tr",
            "row has fewer fields than the header (truncated or unquoted line?)",
        )
    ]


def test_row_with_too_many_fields(extract, tmp_path):
    with open(extract / "visits.csv", "a") as f:
        f.write("c2,2023-04-15,true,true,true,true\n")
    assert [p[1] for p in rejected(extract, tmp_path / "data")] == [3]


def test_unclosed_quote(extract, tmp_path):
    with open(extract / "visits.csv", "a") as f:
        f.write('c2,"2023-04-15,true,true,true\n')
    problems = rejected(extract, tmp_path / "data")
    assert [(p[0], p[1]) for p in problems] == [("visits.csv", 3)]


def test_empty_file(extract, tmp_path):
    (extract / "referrals.csv").write_bytes(b"")
    assert rejected(extract, tmp_path / "data") == [
        (
            "referrals.csv",
            None,
            None,
            None,
            "file is empty: expected a header row and data rows",
        )
    ]


def test_header_only_file_is_an_empty_table(tmp_path):
    replace = {"visits": ["child_id,visit_date,in_person,in_placement,completed"]}
    report = import_small(tmp_path, replace)
    assert report.ok and report.rows["visits"] == 0


def test_duplicated_header_row(extract, tmp_path):
    text = (extract / "children.csv").read_text()
    (extract / "children.csv").write_text(text + text)
    assert rejected(extract, tmp_path / "data") == [
        ("children.csv", 4, None, None, "row repeats the header row"),
    ]


def test_column_named_twice(extract, tmp_path):
    lines = (extract / "visits.csv").read_text().splitlines()
    lines = [f"{line},{line.split(',')[0]}" for line in lines]
    (extract / "visits.csv").write_text("\n".join(lines) + "\n")
    assert rejected(extract, tmp_path / "data") == [
        ("visits.csv", 1, "child_id", None, "column child_id appears more than once in the header")
    ]


def test_huge_file_of_garbage(extract, tmp_path):
    with open(extract / "visits.csv", "wb") as f:
        f.write(os.urandom(1 << 20) * 8)
    problems = rejected(extract, tmp_path / "data")
    assert len(problems) == 1 and problems[0][0] == "visits.csv"
    assert "UTF-8" in problems[0][4] or "NUL" in problems[0][4]


def test_text_garbage_with_a_good_header(extract, tmp_path):
    noise = "".join(chr(33 + (i * 7919) % 90) for i in range(300_000))
    with open(extract / "visits.csv", "a") as f:
        for start in range(0, len(noise), 61):
            f.write(noise[start : start + 61] + "\n")
    problems = rejected(extract, tmp_path / "data")
    assert problems and all(p[0] == "visits.csv" for p in problems)
    assert len(problems) <= 101


def test_missing_table_in_a_county_load(extract, tmp_path):
    (extract / "placements.csv").unlink()
    assert rejected(extract, tmp_path / "data") == [
        (
            "placements.csv",
            None,
            None,
            None,
            "the placements table is missing: add placements.csv or placements.parquet",
        )
    ]


def test_population_may_be_left_out_of_a_county_load(extract, tmp_path):
    (extract / "population.csv").unlink()
    report = import_directory(extract, tmp_path / "data", county="Fresno")
    assert report.ok and "population" not in report.rows


def test_statewide_load_needs_all_seven_tables(extract, tmp_path):
    (extract / "population.csv").unlink()
    report = import_directory(extract, tmp_path / "data")
    assert [p.rule for p in report.problems] == [
        "the population table is missing: add population.csv or population.parquet"
    ]


def test_missing_extract_date(extract, tmp_path):
    (extract / "extract.json").unlink()
    problems = rejected(extract, tmp_path / "data")
    assert [p[0] for p in problems] == ["extract.json"]
    assert import_directory(extract, tmp_path / "data", county="10", as_of="2024-06-30").ok


def test_unreadable_extract_json(extract, tmp_path):
    (extract / "extract.json").write_text(json.dumps({"asof": "2024-06-30"}))
    assert rejected(extract, tmp_path / "data") == [
        ("extract.json", None, "as_of", None, 'must be {"as_of": "YYYY-MM-DD"}')
    ]


def test_same_table_as_csv_and_parquet(extract, tmp_path):
    pq.write_table(pa.table({"child_id": ["c1"]}), extract / "children.parquet")
    problems = rejected(extract, tmp_path / "data")
    assert problems[0][4] == "both children.csv and children.parquet are given: keep one"


def test_parquet_that_is_not_parquet(extract, tmp_path):
    (extract / "children.csv").unlink()
    (extract / "children.parquet").write_bytes(b"PAR1 not really")
    problems = rejected(extract, tmp_path / "data")
    assert problems[0][0] == "children.parquet"
    assert problems[0][4].startswith("file could not be read as Parquet")


def test_usage_errors_raise_before_reading(extract, tmp_path):
    with pytest.raises(UsageError, match="not a California county"):
        import_directory(extract, tmp_path / "data", county="Atlantis")
    with pytest.raises(UsageError, match="not a directory"):
        import_directory(tmp_path / "nowhere", tmp_path / "data")
    with pytest.raises(UsageError, match="YYYY-MM-DD"):
        import_directory(extract, tmp_path / "data", as_of="30/06/2024")


def test_excel_csv_utf8_with_bom_and_crlf_loads(extract, tmp_path):
    for path in extract.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    report = import_directory(extract, tmp_path / "data", county="Fresno")
    assert report.ok, located(report)
    assert warehouse_snapshot(tmp_path / "data")["children"][0][0] == "c1"
