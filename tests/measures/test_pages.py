from django.urls import reverse

from opencqi.accounts.roles import Role
from opencqi.jobs.models import Job
from opencqi.measures.catalog import CATALOG


def test_every_measure_has_a_public_definition_page_with_its_sql(client, counties):
    listing = client.get(reverse("measure_definitions")).content.decode()
    for measure in CATALOG:
        assert measure.name in listing
    page = client.get(reverse("measure_definition", args=["placement_stability"]))
    html = page.content.decode()
    assert "SELECT" in html and "placements" in html
    assert "Placement stability" in html


def test_unknown_measure_id_is_not_found(client, counties):
    assert client.get(reverse("measure_definition", args=["nope"])).status_code == 404


def test_a_second_click_on_recompute_joins_the_running_computation(
    client, counties, make_user, django_capture_on_commit_callbacks
):
    client.force_login(make_user(Role.STATE_CONSULTANT))
    first = client.post(reverse("measure_compute"))
    second = client.post(reverse("measure_compute"))
    assert first.url == second.url
    assert Job.objects.count() == 1


def test_county_roles_cannot_start_a_computation(client, counties, make_user):
    client.force_login(make_user(Role.COUNTY_LEAD))
    assert client.post(reverse("measure_compute")).status_code == 403
