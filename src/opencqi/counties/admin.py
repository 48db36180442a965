from django.contrib import admin

from opencqi.counties.models import County


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "fips", "region", "child_population", "consultant"]
    list_filter = ["region"]
    search_fields = ["name", "code", "fips"]
    filter_horizontal = ["neighbours"]
