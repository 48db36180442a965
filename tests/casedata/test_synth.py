"""The synthetic extract: deterministic, valid, and with plausible measure values."""

from datetime import date

import duckdb
import pytest

from opencqi.casedata import synth
from opencqi.casedata.importer import import_directory
from opencqi.casedata.schemas import TABLES
from tests.casedata.rates import measure_rates

EPISODES = 20_000


@pytest.fixture(scope="module")
def extract(tmp_path_factory):
    directory = tmp_path_factory.mktemp("synth")
    synth.synthesize(directory, episodes=EPISODES, seed=11)
    return directory


def file_bytes(directory):
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


@pytest.mark.parametrize("file_format", ["csv", "parquet"])
def test_same_seed_gives_byte_identical_files(tmp_path, file_format):
    for name in ("a", "b"):
        synth.synthesize(tmp_path / name, episodes=500, seed=4, file_format=file_format)
    synth.synthesize(tmp_path / "c", episodes=500, seed=5, file_format=file_format)
    assert file_bytes(tmp_path / "a") == file_bytes(tmp_path / "b")
    assert file_bytes(tmp_path / "a") != file_bytes(tmp_path / "c")


def test_it_has_exactly_the_episodes_asked_and_every_table(extract):
    con = duckdb.connect()
    count = con.execute(f"SELECT count(*) FROM '{extract}/episodes.csv'").fetchone()[0]
    assert count == EPISODES
    assert {path.stem for path in extract.glob("*.csv")} == set(TABLES)
    assert (extract / "extract.json").read_text() == '{"as_of": "2025-06-30"}\n'


def test_it_passes_validation_and_loads(extract, tmp_path):
    report = import_directory(extract, tmp_path)
    assert report.ok, report.problems[:5]
    assert report.rows["episodes"] == EPISODES


def test_all_58_counties_have_episodes_roughly_by_child_population(extract):
    con = duckdb.connect()
    counts = dict(
        con.execute(f"SELECT county, count(*) FROM '{extract}/episodes.csv' GROUP BY 1").fetchall()
    )
    assert len(counts) >= 55  # the three smallest counties may draw none at this size
    assert max(counts, key=counts.get) == "Los Angeles"
    workers = con.execute(
        f"SELECT count(DISTINCT worker_id) FROM '{extract}/episodes.csv'"
        " WHERE county = 'Los Angeles'"
    ).fetchone()[0]
    assert workers >= 50


def test_shape_infants_moves_trial_home_visits_reentries(extract):
    con = duckdb.connect()
    infants, reentries = con.execute(
        f"SELECT avg((removal_date < birth_date + INTERVAL 1 YEAR)::INT),"
        f" avg((n > 1)::INT) FROM (SELECT e.*, c.birth_date, count(*) OVER (PARTITION BY"
        f" child_id) AS n FROM '{extract}/episodes.csv' e JOIN '{extract}/children.csv' c"
        " USING (child_id))"
    ).fetchone()
    assert 0.15 < infants < 0.3 and 0.03 < reentries < 0.2
    per_episode = con.execute(
        f"SELECT max(n), avg(n) FROM (SELECT count(*) n FROM '{extract}/placements.csv'"
        " GROUP BY episode_id)"
    ).fetchone()
    assert per_episode[0] == 6 and 1.5 < per_episode[1] < 4
    settings = dict(
        con.execute(
            f"SELECT setting, count(*) FROM '{extract}/placements.csv' GROUP BY 1"
        ).fetchall()
    )
    assert settings.keys() >= {"trial_home_visit", "runaway", "pre_adoptive"}
    completed, in_placement = con.execute(
        f"SELECT count_if(completed) / count(*), count_if(in_placement) / count(*)"
        f" FROM '{extract}/visits.csv'"
    ).fetchone()
    assert 0.88 < completed < 0.96 and 0.6 < in_placement < 0.78
    immediate_in_24h = con.execute(
        f"SELECT avg((first_contact_at - received_at <= INTERVAL 24 HOUR)::INT)"
        f" FROM '{extract}/referrals.csv' WHERE response_type = 'immediate'"
    ).fetchone()[0]
    assert 0.8 < immediate_in_24h < 0.97


@pytest.mark.parametrize("year", [2013, 2017, 2021])
def test_measure_values_are_in_plausible_ranges(extract, year):
    con = duckdb.connect()
    for table in ("children", "episodes", "placements", "reports"):
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM '{extract}/{table}.csv'")
    rates = measure_rates(con, date(year, 4, 1), date(year + 1, 3, 31))
    assert 30 <= rates["permanency"] <= 45, rates
    assert 5 <= rates["reentry"] <= 12, rates
    assert 3 <= rates["moves"] <= 6, rates
    assert 7 <= rates["recurrence"] <= 12, rates
