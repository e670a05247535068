"""Text saved from a browser before line endings were normalised carries CRLF: repair it, so that
comparisons stop reporting changes nobody made."""

from django.db import migrations

from vlaanderenhelpt.text import clean_multiline

FIELDS = (
    "title", "summary", "description", "resources", "results", "difficulties", "transferability",
    "contact_name", "contact_function", "contact_phone",
)  # fmt: skip


def repair(model, fields):
    for row in model.objects.only("pk", *fields).iterator():
        changed = {name: clean_multiline(getattr(row, name)) for name in fields}
        changed = {name: value for name, value in changed.items() if value != getattr(row, name)}
        if changed:
            model.objects.filter(pk=row.pk).update(**changed)


def normalize(apps, schema_editor):
    repair(apps.get_model("practices", "Practice"), FIELDS)
    repair(apps.get_model("practices", "PracticeVersion"), (*FIELDS, "note_to_editors"))


class Migration(migrations.Migration):
    dependencies = [("practices", "0005_editor_authors")]
    operations = [migrations.RunPython(normalize, migrations.RunPython.noop)]
