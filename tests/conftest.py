import pytest
from django.contrib.auth.models import User

from opencqi.accounts.models import Membership
from opencqi.accounts.roles import ROLES_WITH_COUNTY, Role
from opencqi.counties.loading import load_counties
from opencqi.counties.models import County

PASSWORD = "correct horse battery staple"

# The county each county-held role belongs to in tests, and a county it does not.
OWN_COUNTY = "Fresno"
OTHER_COUNTY = "Alpine"


@pytest.fixture
def counties(db):
    load_counties()
    return County.objects.all()


@pytest.fixture
def make_user(db):
    def make(role: Role | None, county: str | None = OWN_COUNTY, username: str | None = None):
        username = username or (role.value if role else "no-role")
        user = User.objects.create_user(username, password=PASSWORD)
        if role is not None:
            membership_county = (
                County.objects.get(name=county) if role in ROLES_WITH_COUNTY else None
            )
            Membership.objects.create(user=user, role=role, county=membership_county)
            if role == Role.STATE_ADMIN:
                user.is_staff = user.is_superuser = True
                user.save()
        return user

    return make
