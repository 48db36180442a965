from django.urls import reverse

from opencqi.accounts.roles import Role
from opencqi.measures.models import MeasureResult

P1 = "permanency_12m_entries"


def detail(client, code, measure_id=P1, public=True, **params):
    name = "public_measure" if public else "dashboard_measure"
    return client.get(reverse(name, args=[code, measure_id]), params)


def test_the_page_holds_definition_rules_and_the_data_date(client, results):
    html = detail(client, "10").content.decode()
    assert "children entering care in the period (first entry per child)" in html
    assert "An exit on or after the 18th birthday is never a permanency exit." in html
    assert "Data as of June 30, 2024" in html


def test_the_trend_has_every_period_with_provisional_ones_marked(client, results):
    trend = detail(client, "10").context["page"].table("trend")
    statuses = [row[1].text for row in trend]
    assert len(statuses) == 5
    assert statuses[0] == "final" and statuses[-1] == "provisional"


def test_numerators_and_denominators_equal_the_stored_results(client, results, make_user):
    client.force_login(make_user(Role.STATE_CONSULTANT))
    trend = detail(client, "10", public=False).context["page"].table("trend")
    stored = MeasureResult.objects.filter(county__code="10", measure_id=P1, stratum="all").order_by(
        "period_end"
    )
    assert [(r[2].value, r[3].value) for r in trend] == [
        (s.numerator, s.denominator) for s in stored
    ]


def test_breakdowns_by_each_dimension_come_with_a_chart(client, results):
    page = detail(client, "10").context["page"]
    for key in ("age_group", "sex", "race_ethnicity", "agency"):
        table = page.table(key)
        assert table.rows[0][0].text == "All"
        assert table.chart["description"].startswith("Bar chart")


def test_a_measure_without_strata_has_no_breakdown(client, results):
    page = detail(client, "10", "timely_response_immediate").context["page"]
    assert page.table("age_group") is None and page.table("trend") is not None


def test_california_has_its_own_measure_page_without_peers(client, results):
    page = detail(client, "CA").context["page"]
    assert page.table("trend").columns[-2].label == "California"
    assert page.table("peers") is None


def test_the_public_page_of_a_small_county_shows_the_masked_marker(client, results):
    response = detail(client, "02")
    assert response.context["page"].table("trend").rows[-1][4].text == "masked"


def test_an_unknown_measure_is_not_found(client, results):
    assert detail(client, "10", "nope").status_code == 404
