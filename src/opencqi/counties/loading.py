"""Copy the shipped county registry into the app database (idempotent)."""

from django.db import transaction

from opencqi.counties import registry
from opencqi.counties.models import County


@transaction.atomic
def load_counties() -> int:
    """Create or update the 58 counties and their neighbours; returns the number loaded."""
    by_code = {}
    for record in registry.all_counties():
        fields = {
            "name": record.name,
            "fips": record.fips,
            "region": record.region,
            "child_population": record.child_population,
            "total_population": record.total_population,
            "population_year": record.population_year,
            "population_source": record.population_source,
            "latitude": record.latitude,
            "longitude": record.longitude,
        }
        by_code[record.code], _ = County.objects.update_or_create(code=record.code, defaults=fields)
    for code_a, code_b in registry.neighbour_pairs():
        by_code[code_a].neighbours.add(by_code[code_b])
    return len(by_code)
