from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from opencqi.accounts.models import Membership


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
