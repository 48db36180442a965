from django.urls import reverse

from opencqi.accounts.roles import Role
from opencqi.measures.catalog import CATALOG
from opencqi.measures.models import MeasureResult


def overview_rows(response):
    return {row[0].text: row for row in response.context["page"].table("overview")}


def test_a_state_consultant_sees_every_county_exactly(client, results, make_user):
    client.force_login(make_user(Role.STATE_CONSULTANT))
    response = client.get(reverse("dashboard_overview"))
    alpine = overview_rows(response)["Alpine"]
    assert all(cell.text != "masked" for cell in alpine)
    stored = MeasureResult.objects.get(
        county__name="Alpine", measure_id=CATALOG[0].id, stratum="all", period_end="2024-06-30"
    )
    assert alpine[3].value == round(stored.value, 10)


def test_the_public_overview_masks_small_counties(client, results):
    response = client.get(reverse("public_overview"))
    assert response.status_code == 200
    alpine = overview_rows(response)["Alpine"]
    assert alpine[3].text == "masked"
    assert "masked" in response.content.decode()


def test_a_county_lead_sees_their_county_exactly_and_others_as_published(
    client, results, make_user
):
    client.force_login(make_user(Role.COUNTY_LEAD, county="Alpine"))
    rows = overview_rows(client.get(reverse("dashboard_overview")))
    assert rows["Alpine"][3].text != "masked"
    assert rows["Sierra"][3].text == "masked"


def test_peer_reviewers_see_published_figures(client, results, make_user):
    client.force_login(make_user(Role.PEER_REVIEWER, county="Alpine"))
    rows = overview_rows(client.get(reverse("dashboard_overview")))
    assert rows["Alpine"][3].text == "masked"


def test_the_overview_filters_by_region_and_size(client, results):
    rows = overview_rows(client.get(reverse("public_overview"), {"region": "Bay Area"}))
    assert "Alameda" in rows and "Fresno" not in rows
    rows = overview_rows(client.get(reverse("public_overview"), {"size": "large"}))
    assert "Los Angeles" in rows and "Alpine" not in rows


def test_every_cell_links_to_its_measure_detail(client, results):
    rows = overview_rows(client.get(reverse("public_overview")))
    cell = rows["Fresno"][3]
    assert cell.href == reverse("public_measure", args=["10", CATALOG[0].id])


def test_an_earlier_period_can_be_chosen(client, results):
    response = client.get(reverse("public_overview"), {"period": "2023-12-31"})
    assert str(response.context["page"].period_end) == "2023-12-31"


def test_the_ranking_shows_the_chosen_measure_with_its_chart(client, results):
    response = client.get(reverse("public_overview"), {"measure": "reentry_12m"})
    ranking = response.context["page"].table("ranking")
    assert ranking.measures[0].id == "reentry_12m"
    assert ranking.chart["description"].startswith("Bar chart of Re-entry")


def test_without_results_the_page_says_so(client, counties):
    response = client.get(reverse("public_overview"))
    assert "No measure results yet" in response.content.decode()


def test_the_overview_asks_anonymous_readers_to_sign_in(client, results):
    response = client.get(reverse("dashboard_overview"))
    assert response.status_code == 302 and "/account/login/" in response.url
