"""The managed list of activity types starts with the kinds of involvement the trust asks for."""

from django.db import migrations

from involvement.managed_lists import ACTIVITY_TYPES as TYPES


def create(apps, schema_editor):
    ActivityType = apps.get_model("involvement", "ActivityType")
    for order, name in enumerate(TYPES, start=1):
        ActivityType.objects.get_or_create(name=name, defaults={"order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("involvement", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
