from opencqi.counties import registry


def test_registry_holds_58_counties_coded_alphabetically():
    counties = registry.all_counties()
    assert len(counties) == 58
    assert [c.code for c in counties] == [f"{n:02d}" for n in range(1, 59)]
    assert [c.name for c in counties] == sorted(c.name for c in counties)
    assert (counties[0].name, counties[-1].name) == ("Alameda", "Yuba")


def test_fips_codes_are_californias_odd_numbers_in_order():
    assert [c.fips for c in registry.all_counties()] == [f"06{n:03d}" for n in range(1, 116, 2)]


def test_every_county_has_a_region_population_and_a_neighbour():
    neighbours = {code for pair in registry.neighbour_pairs() for code in pair}
    for county in registry.all_counties():
        assert county.region
        assert 0 < county.child_population < county.total_population
        assert county.code in neighbours, county.name


def test_statewide_population_is_plausible():
    counties = registry.all_counties()
    assert 37_000_000 < sum(c.total_population for c in counties) < 41_000_000
    assert 8_000_000 < sum(c.child_population for c in counties) < 10_000_000


def test_find_county_by_name_or_code():
    assert registry.find_county("Los Angeles").code == "19"
    assert registry.find_county("los angeles").code == "19"
    assert registry.find_county("19").name == "Los Angeles"
    assert registry.find_county("1").name == "Alameda"
    assert registry.find_county("Atlantis") is None
    assert registry.find_county("99") is None
