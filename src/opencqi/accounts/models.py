from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from opencqi.accounts.roles import ROLES_WITH_COUNTY, Role


class Membership(models.Model):
    """A user holds a role, for one county where the role is a county's."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    county = models.ForeignKey(
        "counties.County",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__username", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "county"], name="one_membership_per_role_and_county"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(county__isnull=True),
                name="one_statewide_membership_per_role",
            ),
        ]

    def __str__(self):
        where = f" ({self.county})" if self.county_id else ""
        return f"{self.user} - {self.get_role_display()}{where}"

    def clean(self):
        if self.role in ROLES_WITH_COUNTY and not self.county_id:
            raise ValidationError({"county": "This role belongs to a county: choose one."})
        if self.role not in ROLES_WITH_COUNTY and self.county_id:
            raise ValidationError({"county": "This role is statewide: leave the county empty."})


class AccessLog(models.Model):
    """One read of confidential material (raw review notes, case summaries): who, when, what,
    which action, for which county and review. Written by `permissions.record_read` only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(max_length=150, help_text="Kept if the account is deleted")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=60, help_text="What was done, e.g. read raw notes")
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=60)
    object_label = models.CharField(max_length=300)
    county = models.ForeignKey(
        "counties.County", null=True, on_delete=models.PROTECT, related_name="+"
    )
    context = models.CharField(
        max_length=200, blank=True, help_text="Where it belongs, e.g. the review"
    )
    context_url = models.CharField(max_length=300, blank=True)
    path = models.CharField(max_length=300, blank=True, help_text="The page or download read")

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.username} {self.action} {self.object_label} at {self.at:%Y-%m-%d %H:%M}"
