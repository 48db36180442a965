"""The roles of OpenCQI (DESIGN.md, "Who uses it")."""

from django.db import models


class Role(models.TextChoices):
    STATE_ADMIN = "state_admin", "State administrator"
    STATE_CONSULTANT = "state_consultant", "State CQI consultant"
    COUNTY_LEAD = "county_lead", "County CQI lead"
    COUNTY_STAFF = "county_staff", "County staff"
    PEER_REVIEWER = "peer_reviewer", "Peer reviewer"
    FACILITATOR = "facilitator", "Facilitator"


STATE_ROLES = frozenset({Role.STATE_ADMIN, Role.STATE_CONSULTANT})
COUNTY_ROLES = frozenset({Role.COUNTY_LEAD, Role.COUNTY_STAFF})
# Roles held for one county: a peer reviewer belongs to their home county.
ROLES_WITH_COUNTY = COUNTY_ROLES | {Role.PEER_REVIEWER}

# When a user holds several roles, the home page follows the first of these.
HOME_ORDER = [
    Role.STATE_ADMIN,
    Role.STATE_CONSULTANT,
    Role.COUNTY_LEAD,
    Role.COUNTY_STAFF,
    Role.FACILITATOR,
    Role.PEER_REVIEWER,
]
