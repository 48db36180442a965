"""The county registry as shipped in `data/`: plain values, readable without Django.

Importers and the measure engine use it to recognise a county by name or 2-digit code;
the `counties` app copies it into the app database.
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class CountyRecord:
    code: str
    name: str
    fips: str
    region: str
    child_population: int
    total_population: int
    population_year: int
    population_source: str
    latitude: float
    longitude: float


@cache
def all_counties() -> tuple[CountyRecord, ...]:
    with open(DATA_DIR / "counties.csv", newline="", encoding="utf-8") as f:
        return tuple(
            CountyRecord(
                code=row["code"],
                name=row["name"],
                fips=row["fips"],
                region=row["region"],
                child_population=int(row["child_population"]),
                total_population=int(row["total_population"]),
                population_year=int(row["population_year"]),
                population_source=row["population_source"],
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
            )
            for row in csv.DictReader(f)
        )


@cache
def neighbour_pairs() -> tuple[tuple[str, str], ...]:
    with open(DATA_DIR / "neighbours.csv", newline="", encoding="utf-8") as f:
        return tuple((row["code_a"], row["code_b"]) for row in csv.DictReader(f))


@cache
def _by_key() -> dict[str, CountyRecord]:
    index = {}
    for county in all_counties():
        index[county.code] = county
        index[county.name.casefold()] = county
    return index


def find_county(name_or_code: str) -> CountyRecord | None:
    """The county named by its official name (any case) or its 2-digit code, else None."""
    key = name_or_code.strip()
    if key.isdigit() and len(key) <= 2:
        key = key.zfill(2)
    return _by_key().get(key.casefold())
