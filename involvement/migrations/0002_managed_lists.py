"""The managed lists start with the activity types, lived-experience areas and skills the trust uses (editable)."""

from django.db import migrations

from involvement.managed_lists import ACTIVITY_TYPES, AREAS, SKILLS


def create(apps, schema_editor):
    ActivityType = apps.get_model("involvement", "ActivityType")
    Area = apps.get_model("involvement", "LivedExperienceArea")
    Skill = apps.get_model("involvement", "Skill")
    for order, name in enumerate(ACTIVITY_TYPES, start=1):
        ActivityType.objects.get_or_create(name=name, defaults={"order": order * 10})
    for name in AREAS:
        Area.objects.get_or_create(name=name)
    for name in SKILLS:
        Skill.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("involvement", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
