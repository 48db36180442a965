"""A fresh install starts with the three shipped cycle templates (opencqi.cycles.loading)."""

from django.db import migrations


def load(apps, schema_editor):
    from opencqi.cycles.loading import load_templates

    load_templates(apps.get_model("cycles", "CycleTemplate"))


class Migration(migrations.Migration):
    dependencies = [("cycles", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
