import json

from django import forms
from django.contrib import admin

from opencqi.cycles.models import CountySchedule, CycleTemplate, ReminderSent


class PrettyJSONField(forms.JSONField):
    """JSON indented for reading and editing by hand."""

    def prepare_value(self, value):
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, ensure_ascii=False, indent=2)


class CycleTemplateForm(forms.ModelForm):
    """The template as JSON, checked by the rules on save; `version` guards concurrent edits."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CycleTemplate
        fields = ["name", "programme", "definition"]
        field_classes = {"definition": PrettyJSONField}
        widgets = {"definition": forms.Textarea(attrs={"rows": 40, "cols": 100})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("seen_version", self.instance.version)

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("seen_version")
        if self.instance.pk and seen is not None:
            current = CycleTemplate.objects.filter(pk=self.instance.pk).values_list(
                "version", flat=True
            )
            if current and current[0] != seen:
                raise forms.ValidationError(
                    "Someone saved this template while you were editing it: reload the page "
                    "and make your change again."
                )
        return cleaned


@admin.register(CycleTemplate)
class CycleTemplateAdmin(admin.ModelAdmin):
    form = CycleTemplateForm
    list_display = ["name", "title", "programme", "version", "updated_at"]
    list_filter = ["programme"]
    readonly_fields = ["version", "updated_at"]

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(CountySchedule)
class CountyScheduleAdmin(admin.ModelAdmin):
    """Read-only here: schedules are set up and rescheduled on the county's timeline page."""

    list_display = ["county", "programme", "template", "anchors", "updated_at"]
    list_filter = ["programme", "template", "county__region"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["due_date", "user", "threshold", "due_on", "sent_at"]
    list_filter = ["threshold"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
