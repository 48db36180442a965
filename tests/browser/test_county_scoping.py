from opencqi.accounts.roles import Role
from opencqi.counties.models import County


def test_county_lead_is_refused_another_countys_people_page(
    page, live_server, sign_in, counties, make_user
):
    make_user(Role.COUNTY_LEAD, county="Fresno")
    sign_in("county_lead")
    assert page.locator("h1").inner_text() == "Fresno County"

    own = County.objects.get(name="Fresno").code
    response = page.goto(f"{live_server.url}/counties/{own}/people/")
    assert response.status == 200

    other = County.objects.get(name="Alpine").code
    response = page.goto(f"{live_server.url}/counties/{other}/people/")
    assert response.status == 403
    assert page.locator("h1").inner_text() == "You may not see this page"


def test_state_consultant_sees_any_countys_people_page(
    page, live_server, sign_in, counties, make_user
):
    make_user(Role.STATE_CONSULTANT)
    sign_in("state_consultant")
    other = County.objects.get(name="Alpine").code
    response = page.goto(f"{live_server.url}/counties/{other}/people/")
    assert response.status == 200
    assert page.locator("h1").inner_text() == "People of Alpine County"


def test_mobile_menu_opens_the_programme_navigation(page, live_server, counties):
    page.set_viewport_size({"width": 400, "height": 800})
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Child welfare").click()
    assert page.get_by_role("link", name="Counties").first.is_visible()
