from opencqi.accounts import permissions
from opencqi.accounts.roles import Role
from opencqi.counties.models import County


def test_county_lead_may_see_people_of_own_county_only(counties, make_user):
    lead = make_user(Role.COUNTY_LEAD, county="Fresno")
    fresno, alpine = County.objects.get(name="Fresno"), County.objects.get(name="Alpine")
    assert permissions.can(lead, "county.view_people", fresno)
    assert not permissions.can(lead, "county.view_people", alpine)
    assert list(permissions.counties_for(lead, "county.view_people")) == [fresno]


def test_state_consultant_is_scoped_to_every_county(counties, make_user):
    consultant = make_user(Role.STATE_CONSULTANT)
    assert permissions.counties_for(consultant, "county.view_people").count() == 58


def test_peer_reviewer_gets_no_county_staff_rights(counties, make_user):
    reviewer = make_user(Role.PEER_REVIEWER, county="Madera")
    assert not permissions.counties_for(reviewer, "county.view_people").exists()


def test_primary_role_prefers_the_state_role(counties, make_user):
    user = make_user(Role.COUNTY_STAFF)
    user.memberships.create(role=Role.STATE_CONSULTANT)
    user.refresh_from_db()
    assert permissions.primary_role(user) == Role.STATE_CONSULTANT


def test_every_action_names_known_roles():
    known = {role.value for role in Role} | {permissions.PUBLIC, permissions.SIGNED_IN}
    for action, allowed in permissions.ACTIONS.items():
        assert allowed <= known, action
