"""The career pathway starts with the trust's four peer support roles (editable in admin)."""

from django.db import migrations

from workforce.managed_lists import PATHWAY_ROLES as ROLES


def create(apps, schema_editor):
    PathwayRole = apps.get_model("workforce", "PathwayRole")
    for name, band, order in ROLES:
        PathwayRole.objects.get_or_create(name=name, defaults={"band": band, "order": order})


class Migration(migrations.Migration):
    dependencies = [("workforce", "0002_pathway_and_peer_support_workers")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
