from django.contrib import admin

from opencqi.reviews.models import Review


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["host_county", "programme", "event_start", "focus_area"]
    list_filter = ["programme"]
    raw_id_fields = ["facilitator", "created_by", "focus_chosen_by"]
