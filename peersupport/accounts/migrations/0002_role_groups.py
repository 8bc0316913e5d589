"""Every role exists as a group in every database, before any person is given one."""

from django.db import migrations

ROLES = [
    "requester",
    "team_lead",
    "peer_support_lead",
    "network_coordinator",
    "peer_support_worker",
    "expert_by_experience",
    "admin",
]


def create_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
