import uuid

from django.db import migrations, models


def forwards(apps, schema_editor):
    # Each existing file is the first version of its own series; one that was in an approved version was
    # published when that version was.
    Attachment = apps.get_model("practices", "Attachment")
    Decision = apps.get_model("practices", "Decision")
    for attachment in Attachment.objects.only("pk").iterator():
        Attachment.objects.filter(pk=attachment.pk).update(series=uuid.uuid4())
    approvals = Decision.objects.filter(action="goedkeuren", version__isnull=False).order_by("-created_at")
    for decision in approvals.iterator():
        decision.version.attachments.update(first_published_at=decision.created_at)  # the earliest is written last


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0012_measure_periods"),
    ]

    operations = [
        migrations.AddField(
            model_name="attachment",
            name="change_note",
            field=models.CharField(blank=True, max_length=500, verbose_name="wat is er veranderd"),
        ),
        migrations.AddField(
            model_name="attachment",
            name="first_published_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="eerst gepubliceerd op"),
        ),
        migrations.AddField(
            model_name="attachment",
            name="series",
            field=models.UUIDField(null=True, editable=False, verbose_name="reeks"),
        ),
        migrations.AddField(
            model_name="attachment",
            name="series_number",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="versie"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="attachment",
            name="series",
            field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False, verbose_name="reeks"),
        ),
    ]
