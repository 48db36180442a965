from opencqi.counties.models import County


def test_county_list_shows_all_58_counties_to_the_public(client, counties):
    response = client.get("/counties/")
    assert response.status_code == 200
    assert len(response.context["counties"]) == 58
    assert b"Yuba" in response.content


def test_county_list_filters_by_region(client, counties):
    region = County.objects.get(name="Fresno").region
    response = client.get("/counties/", {"region": region})
    shown = list(response.context["counties"])
    assert shown and all(county.region == region for county in shown)
    assert len(shown) < 58


def test_county_page_shows_neighbours(client, counties):
    response = client.get("/counties/19/")
    assert response.status_code == 200
    assert response.context["county"].name == "Los Angeles"
    assert "Orange" in {n.name for n in response.context["neighbours"]}


def test_unknown_county_code_is_not_found(client, counties):
    assert client.get("/counties/99/").status_code == 404


def test_loading_counties_twice_keeps_one_row_each(counties):
    from opencqi.counties.loading import load_counties

    load_counties()
    assert County.objects.count() == 58
    assert County.objects.get(name="Alameda").neighbours.filter(name="Contra Costa").exists()
