from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from opencqi.accounts.models import AccessLog, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["county"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "county", "created_at"]
    list_filter = ["role", "county__region"]
    search_fields = ["user__username", "user__last_name", "county__name"]
    autocomplete_fields = ["user", "county"]


admin.site.unregister(User)


@admin.register(User)
class OpenCQIUserAdmin(UserAdmin):
    inlines = [MembershipInline]


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the log is written by the permission layer, never by hand."""

    list_display = ["at", "username", "action", "object_type", "object_label", "county"]
    list_filter = ["action", "county__region"]
    search_fields = ["username", "object_label", "context"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
