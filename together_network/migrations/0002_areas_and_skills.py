"""The managed lists of lived-experience areas and skills start with common ones (editable)."""

from django.db import migrations

from together_network.managed_lists import AREAS, SKILLS


def create(apps, schema_editor):
    Area = apps.get_model("together_network", "LivedExperienceArea")
    Skill = apps.get_model("together_network", "Skill")
    for name in AREAS:
        Area.objects.get_or_create(name=name)
    for name in SKILLS:
        Skill.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("together_network", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
