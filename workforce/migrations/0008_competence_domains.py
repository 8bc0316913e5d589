"""The domains of the national peer support worker competence framework (editable in admin),
and an opening role period for everyone already employed, from their start date (to their end date
for those who have left)."""

from django.db import migrations

from workforce.managed_lists import COMPETENCE_DOMAINS as DOMAINS


def create(apps, schema_editor):
    CompetenceDomain = apps.get_model("workforce", "CompetenceDomain")
    for name, order in DOMAINS:
        CompetenceDomain.objects.get_or_create(name=name, defaults={"order": order})
    PeerSupportWorker = apps.get_model("workforce", "PeerSupportWorker")
    RoleHistory = apps.get_model("workforce", "RoleHistory")
    RoleHistory.objects.bulk_create(
        RoleHistory(peer_support_worker_id=pk, pathway_role_id=role_id, started_on=start, ended_on=end)
        for pk, role_id, start, end in PeerSupportWorker.objects.filter(role_history__isnull=True).values_list(
            "pk", "pathway_role_id", "start_date", "end_date"
        )
    )


class Migration(migrations.Migration):
    dependencies = [("workforce", "0007_career_pathway")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
