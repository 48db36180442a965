"""`opencqi cycle dates`, run as analysts run it: the installed command, in a subprocess."""

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

OPENCQI = Path(sys.executable).with_name("opencqi")


def run(*args, env=None):
    return subprocess.run(
        [str(OPENCQI), "cycle", "dates", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def rows_of(result):
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_dates_prints_csv_with_step_date_and_derivation_columns():
    result = run("ccfsr-2009", "--anchor", "review_last_day=2008-03-14")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "step,date,derivation"
    rows = {row["step"]: row for row in rows_of(result)}
    assert rows["review_last_day"] == {
        "step": "review_last_day",
        "date": "2008-03-14",
        "derivation": "anchor",
    }
    assert rows["review_report_draft"]["date"] == "2008-04-13"
    assert rows["review_report_final"]["date"] == "2008-05-14"
    assert rows["csa_final"]["date"] == "2008-11-14"
    assert rows["sip_final"] == {
        "step": "sip_final",
        "date": "2009-03-14",
        "derivation": "csa_final + 4 months",
    }
    assert rows["quarterly_consultation#3"]["derivation"] == "review_last_day + 9 months"
    assert result.stderr == ""


def test_dates_takes_several_anchors():
    result = run(
        "calcqi-5yr", "--anchor", "cycle_start=2021-07-01", "--anchor", "cal_sip_final=2024-02-28"
    )
    assert result.returncode == 0, result.stderr
    dates = {row["step"]: row["date"] for row in rows_of(result)}
    assert dates["cycle_end"] == "2026-06-30"
    assert dates["cal_sip_final"] == "2024-02-28"


def test_dates_never_sets_up_django_or_touches_a_database():
    # With settings that cannot be imported, anything calling django.setup() would fail.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "opencqi.no_such_settings"}
    result = run("ccfsr-5yr", "--anchor", "sip_final=2019-12-27", env=env)
    assert result.returncode == 0, result.stderr
    assert rows_of(result)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["ccfsr-2010", "--anchor", "review_last_day=2008-03-14"],
            "unknown template 'ccfsr-2010'; templates: calcqi-5yr, ccfsr-2009, ccfsr-5yr",
        ),
        (
            ["ccfsr-2009", "--anchor", "pqcr_last_day=2008-03-14"],
            "unknown step 'pqcr_last_day'; anchors of ccfsr-2009: review_last_day",
        ),
        (
            ["ccfsr-2009", "--anchor", "csa_final=2008-03-14"],
            "step 'csa_final' is computed, not an anchor; anchors of ccfsr-2009: review_last_day",
        ),
        (
            ["ccfsr-2009", "--anchor", "review_last_day=2008-02-30"],
            "malformed date '2008-02-30' for review_last_day: expected a real date as YYYY-MM-DD",
        ),
        (
            ["ccfsr-2009", "--anchor", "review_last_day=14/03/2008"],
            "malformed date '14/03/2008' for review_last_day",
        ),
        (
            ["ccfsr-2009", "--anchor", "review_last_day"],
            "is not STEP=YYYY-MM-DD; anchors of ccfsr-2009: review_last_day",
        ),
        (
            ["ccfsr-2009"],
            "missing anchor date for review_last_day; anchors of ccfsr-2009: review_last_day",
        ),
        (
            ["calcqi-5yr", "--anchor", "cycle_start=2021-07-01"],
            "missing anchor date for cal_sip_final; anchors of calcqi-5yr: cycle_start, "
            "cal_sip_final",
        ),
        ([], "the following arguments are required: TEMPLATE"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_problem_and_the_choices(args, expected):
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("opencqi cycle dates: ")
    assert expected in result.stderr


def test_unrecognised_options_exit_2():
    result = run("ccfsr-2009", "--anchor", "review_last_day=2008-03-14", "--format", "json")
    assert result.returncode == 2
    assert "--format" in result.stderr


def test_help_lists_every_template_with_its_anchors():
    result = run("--help")
    assert result.returncode == 0
    assert "ccfsr-2009   --anchor review_last_day=YYYY-MM-DD" in result.stdout
    assert "--anchor cycle_start=YYYY-MM-DD --anchor cal_sip_final=YYYY-MM-DD" in result.stdout
