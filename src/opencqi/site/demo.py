"""Demo content: counties, one user per role, synthetic case data and its measures.

Safe to run again: it keeps what is there."""

import secrets
import shutil
from datetime import date

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from opencqi.accounts.models import Membership
from opencqi.accounts.roles import Role
from opencqi.casedata.importer import import_directory
from opencqi.casedata.models import ImportBatch
from opencqi.casedata.synth import synthesize
from opencqi.counties.loading import load_counties
from opencqi.counties.models import County
from opencqi.cycles.demo import load_demo_schedules
from opencqi.cycles.loading import load_templates
from opencqi.measures.running import run_catalog

# username, role, county name (None for statewide roles), first and last name
DEMO_USERS = [
    ("state-admin", Role.STATE_ADMIN, None, "Alex", "Admin"),
    ("state-consultant", Role.STATE_CONSULTANT, None, "Casey", "Consultant"),
    ("county-lead", Role.COUNTY_LEAD, "Fresno", "Lee", "Lead"),
    ("county-staff", Role.COUNTY_STAFF, "Fresno", "Sam", "Staff"),
    ("peer-reviewer", Role.PEER_REVIEWER, "Madera", "Pat", "Reviewer"),
    ("facilitator", Role.FACILITATOR, None, "Fran", "Facilitator"),
]
DEMO_EPISODES = 300_000
DEMO_SEED = 2026
DEMO_AS_OF = date(2026, 9, 30)
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
    log(f"Cycle templates: {load_templates()} added")
    log(f"Cycle schedules: {load_demo_schedules()} added")
    path = _logins_file()
    path.write_text("".join(f"{name} {pw}\n" for name, pw in passwords.items()))
    path.chmod(0o600)
    return logins


def load_demo_case_data(episodes=DEMO_EPISODES, log=print) -> None:
    """Synthetic case data for the 58 counties, imported as a statewide batch, and the measures
    computed on it. Skipped when case data is already loaded."""
    if ImportBatch.objects.filter(status=ImportBatch.Status.LOADED).exists():
        log("Case data: already loaded (kept)")
        return
    extract = settings.DATA_DIR / "demo-extract"
    log(f"Case data: generating {episodes:,} synthetic episodes for the 58 counties...")
    synthesize(extract, episodes=episodes, seed=DEMO_SEED, as_of=DEMO_AS_OF, file_format="parquet")
    batch = ImportBatch.objects.create(
        batch_id=f"demo-{DEMO_SEED}",
        uploaded_by=User.objects.get(username="state-admin"),
        files=sorted(path.name for path in extract.iterdir()),
    )
    log("Case data: checking and loading...")
    report = import_directory(extract, settings.DATA_DIR, batch_id=batch.batch_id)
    batch.record(report)
    shutil.rmtree(extract, ignore_errors=True)
    if not report.ok:
        raise RuntimeError(f"The demo extract was rejected: {report.summary()}")
    log(f"Case data: {report.summary()}")
    log("Measures: computing the catalog for every county and period...")
    run = run_catalog(progress=lambda done, total, message: log(f"  {message}"))
    log(f"Measures: {run.result_count:,} results in {run.duration_seconds:.0f} s")
