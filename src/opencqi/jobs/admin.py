from django.contrib import admin

from opencqi.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "done", "total", "county", "created_by", "created_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in Job._meta.fields]
