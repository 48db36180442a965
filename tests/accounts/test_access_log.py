"""The access log: one function writes it, the state reads it."""

import pytest

from opencqi.accounts import permissions
from opencqi.accounts.models import AccessLog
from opencqi.accounts.roles import Role
from opencqi.counties.models import County


@pytest.fixture
def fresno(counties):
    return County.objects.get(name="Fresno")


def test_record_read_writes_who_what_and_where(make_user, fresno):
    user = make_user(Role.STATE_CONSULTANT)
    permissions.record_read(
        user, fresno, action="read raw notes", county=fresno, context="Review 7", path="/x/"
    )
    entry = AccessLog.objects.get()
    assert (entry.user, entry.username, entry.action) == (
        user,
        "state_consultant",
        "read raw notes",
    )
    assert (entry.object_type, entry.object_id, entry.object_label) == (
        "county",
        str(fresno.pk),
        "Fresno",
    )
    assert (entry.county, entry.context, entry.path) == (fresno, "Review 7", "/x/")


def test_the_state_reads_the_log_and_filters_it(client, make_user, fresno):
    user = make_user(Role.STATE_ADMIN)
    madera = County.objects.get(name="Madera")
    permissions.record_read(user, fresno, action="read raw notes", county=fresno)
    permissions.record_read(user, madera, action="read case summary", county=madera)
    client.force_login(user)
    page = client.get("/account/access-log/").content.decode()
    assert "read raw notes" in page and "read case summary" in page
    page = client.get(f"/account/access-log/?county={fresno.code}").content.decode()
    assert "read raw notes" in page and "read case summary" not in page


@pytest.mark.parametrize("role", [Role.COUNTY_LEAD, Role.COUNTY_STAFF, Role.FACILITATOR])
def test_no_one_but_the_state_reads_the_log(client, make_user, counties, role):
    client.force_login(make_user(role))
    assert client.get("/account/access-log/").status_code == 403
