import datetime

from django.db import migrations, models

# Receipts were recorded already read, in the same moment as the row.
RECEIPT_EVENTS = ["submitted", "waiting_list", "accepted"]


def mark_receipts(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    ids = [
        row.pk
        for row in Notification.objects.filter(event__in=RECEIPT_EVENTS, read_at__isnull=False).only(
            "created_at", "read_at"
        )
        if abs(row.read_at - row.created_at) < datetime.timedelta(seconds=1)
    ]
    Notification.objects.filter(pk__in=ids).update(receipt=True)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_notification_last_attempt"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="receipt",
            field=models.BooleanField(
                default=False,
                help_text="A confirmation of the recipient's own action: emailed, but not listed in their notifications.",
            ),
        ),
        migrations.RunPython(mark_receipts, migrations.RunPython.noop),
    ]
