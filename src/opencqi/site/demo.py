"""Demo content: the county registry and one user per role. Safe to run again: it keeps data."""

import secrets

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from opencqi.accounts.models import Membership
from opencqi.accounts.roles import Role
from opencqi.counties.loading import load_counties
from opencqi.counties.models import County

# username, role, county name (None for statewide roles), first and last name
DEMO_USERS = [
    ("state-admin", Role.STATE_ADMIN, None, "Alex", "Admin"),
    ("state-consultant", Role.STATE_CONSULTANT, None, "Casey", "Consultant"),
    ("county-lead", Role.COUNTY_LEAD, "Fresno", "Lee", "Lead"),
    ("county-staff", Role.COUNTY_STAFF, "Fresno", "Sam", "Staff"),
    ("peer-reviewer", Role.PEER_REVIEWER, "Madera", "Pat", "Reviewer"),
    ("facilitator", Role.FACILITATOR, None, "Fran", "Facilitator"),
]
CONSULTANT_COUNTIES = ["Fresno", "Madera", "Kings", "Tulare", "Merced"]


def _logins_file():
    return settings.DATA_DIR / "demo-logins.txt"


def _saved_passwords() -> dict[str, str]:
    path = _logins_file()
    if not path.exists():
        return {}
    return dict(line.split(" ", 1) for line in path.read_text().splitlines() if " " in line)


@transaction.atomic
def load_demo_content(log=print) -> list[tuple[str, str, str]]:
    """Load counties and demo users; returns (username, role label, password) per demo user."""
    log(f"Counties: {load_counties()} loaded")
    passwords = _saved_passwords()
    logins = []
    for username, role, county_name, first, last in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            passwords[username] = secrets.token_urlsafe(9)
            user = User.objects.create_user(
                username,
                email=f"{username}@example.org",
                password=passwords[username],
                first_name=first,
                last_name=last,
            )
            if role == Role.STATE_ADMIN:
                user.is_staff = user.is_superuser = True
                user.save()
            county = County.objects.get(name=county_name) if county_name else None
            Membership.objects.create(user=user, role=role, county=county)
        logins.append((username, role.label, passwords.get(username, "(changed by its user)")))
    consultant = User.objects.get(username="state-consultant")
    County.objects.filter(name__in=CONSULTANT_COUNTIES, consultant__isnull=True).update(
        consultant=consultant
    )
    path = _logins_file()
    path.write_text("".join(f"{name} {pw}\n" for name, pw in passwords.items()))
    path.chmod(0o600)
    return logins
