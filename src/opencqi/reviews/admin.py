from django.contrib import admin

from opencqi.reviews.models import InstrumentTemplate, Review


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["host_county", "programme", "event_start", "focus_area"]
    list_filter = ["programme"]
    raw_id_fields = ["facilitator", "created_by", "focus_chosen_by"]


@admin.register(InstrumentTemplate)
class InstrumentTemplateAdmin(admin.ModelAdmin):
    """A state administrator adds a new version of a programme's tool; reviews keep the copy
    they made. Versions are not edited once saved."""

    list_display = ["programme", "kind", "version", "note", "created_at"]
    list_filter = ["programme", "kind"]

    def get_readonly_fields(self, request, obj=None):
        return ["programme", "kind", "definition", "note"] if obj else []
