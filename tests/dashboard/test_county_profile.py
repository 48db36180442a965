from django.urls import reverse

from opencqi.accounts.roles import Role
from opencqi.counties.models import County
from opencqi.dashboard import comparisons
from opencqi.measures.catalog import CATALOG


def profile(client, code, **params):
    return client.get(reverse("public_county", args=[code]), params)


def test_the_default_peers_are_the_five_closest_in_child_population(client, results):
    fresno = County.objects.get(name="Fresno")
    expected = comparisons.closest_in_population(fresno, County.objects.all())
    response = profile(client, fresno.code)
    assert response.context["page"].peers == expected


def test_peers_can_be_chosen_in_the_query_string(client, results):
    response = profile(client, "10", peers=["19", "37"])
    assert [p.name for p in response.context["page"].peers] == ["Los Angeles", "San Diego"]
    # links keep the choice
    first = response.context["page"].table("profile").rows[0][0]
    assert "peers=19" in first.href and "peers=37" in first.href


def test_the_profile_has_every_measure_with_a_sparkline(client, results):
    table = profile(client, "10").context["page"].table("profile")
    assert len(table.rows) == len(CATALOG) == len(table.row_charts)
    assert table.row_charts[0]["description"].startswith("Trend of")


def test_change_over_a_year_and_counts_are_shown(client, results, make_user):
    client.force_login(make_user(Role.STATE_ADMIN))
    response = client.get(reverse("dashboard_county", args=["10"]))
    row = response.context["page"].table("profile").rows[0]
    assert row[3].text.startswith(("+", "-"))
    assert row[7].value > 0 and row[8].value > 0


def test_county_staff_see_their_own_county_exactly(client, results, make_user):
    client.force_login(make_user(Role.COUNTY_STAFF, county="Alpine"))
    response = client.get(reverse("dashboard_county", args=["02"]))
    page = response.context["page"]
    assert "Alpine" in page.exact_places
    assert all(row[2].text != "masked" for row in page.table("profile"))


def test_county_staff_see_another_county_as_published(client, results, make_user):
    client.force_login(make_user(Role.COUNTY_STAFF, county="Fresno"))
    page = client.get(reverse("dashboard_county", args=["02"])).context["page"]
    assert "Alpine" in page.published_places and "Alpine" not in page.exact_places


def test_the_report_button_shows_for_those_who_may_have_the_report(client, results, make_user):
    client.force_login(make_user(Role.COUNTY_LEAD, county="Fresno"))
    own = client.get(reverse("dashboard_county", args=["10"])).content.decode()
    other = client.get(reverse("dashboard_county", args=["02"])).content.decode()
    assert reverse("dashboard_county_report", args=["10"]) in own
    assert "quarterly county data report" not in other


def test_the_public_profile_has_no_report_button(client, results):
    assert "quarterly county data report" not in profile(client, "10").content.decode()


def test_an_unknown_county_is_not_found(client, results):
    assert profile(client, "99").status_code == 404
