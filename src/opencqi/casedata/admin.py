from django.contrib import admin

from opencqi.casedata.models import ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["batch_id", "county", "uploaded_by", "uploaded_at", "as_of", "status"]
    list_filter = ["status", "county__region"]
    search_fields = ["batch_id", "county__name"]
    exclude = ["problems_csv"]
    readonly_fields = [f.name for f in ImportBatch._meta.fields if f.name != "problems_csv"]
