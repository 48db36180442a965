"""`opencqi data synth` and `opencqi data import`: output and exit statuses."""

import pytest

from opencqi import cli
from tests.casedata.importing import with_rows
from tests.casedata.small_extract import write_extract


def run(*argv):
    with pytest.raises(SystemExit) as exit_:
        cli.main(list(argv))
    return exit_.value.code


def test_synth_then_import_loads(tmp_path, capsys):
    assert run("data", "synth", "--out", str(tmp_path / "x"), "--episodes", "300") == 0
    data_dir = str(tmp_path / "data")
    assert run("data", "import", str(tmp_path / "x"), "--data-dir", data_dir) == 0
    assert "Loaded batch" in capsys.readouterr().out


def test_a_rejected_import_prints_the_problems_and_exits_1(tmp_path, capsys):
    write_extract(tmp_path / "x", replace=with_rows("children", "c3,2016-01-01,femal,latino"))
    errors = tmp_path / "problems.csv"
    status = run(
        "data", "import", str(tmp_path / "x"), "--county", "Fresno",
        "--data-dir", str(tmp_path / "data"), "--errors-csv", str(errors),
    )  # fmt: skip
    out = capsys.readouterr().out
    assert status == 1
    assert "children.csv" in out and "femal" in out and "nothing was loaded" in out
    assert errors.read_text().splitlines() == [
        "file,row,column,value,rule",
        'children.csv,4,sex,femal,"is not one of: female, male, other, unknown"',
    ]


def test_usage_errors_exit_2(tmp_path, capsys):
    write_extract(tmp_path / "x")
    data_dir = str(tmp_path / "data")
    assert (
        run("data", "import", str(tmp_path / "x"), "--county", "Atlantis", "--data-dir", data_dir)
        == 2
    )
    assert "not a California county" in capsys.readouterr().err
    assert (
        run("data", "import", str(tmp_path / "x"), "--as-of", "June", "--data-dir", data_dir) == 2
    )
    assert run("data", "import", str(tmp_path / "missing"), "--data-dir", data_dir) == 2


def test_data_dir_defaults_to_the_environment(tmp_path, monkeypatch):
    write_extract(tmp_path / "x")
    monkeypatch.setenv("OPENCQI_DATA_DIR", str(tmp_path / "env-data"))
    assert run("data", "import", str(tmp_path / "x")) == 0
    assert (tmp_path / "env-data" / "warehouse.duckdb").exists()
