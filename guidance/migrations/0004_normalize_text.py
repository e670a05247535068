"""Text saved from a browser before line endings were normalised carries CRLF: repair it, so that
the comparison and the publish page stop reporting changes nobody made."""

from django.db import migrations

from vlaanderenhelpt.text import clean_multiline


def repair(model, fields):
    for row in model.objects.only("pk", *fields).iterator():
        changed = {name: clean_multiline(getattr(row, name)).strip() for name in fields}
        changed = {name: value for name, value in changed.items() if value != getattr(row, name)}
        if changed:
            model.objects.filter(pk=row.pk).update(**changed)


def normalize(apps, schema_editor):
    repair(apps.get_model("guidance", "Section"), ("title", "body"))
    repair(apps.get_model("guidance", "GuidanceVersion"), ("change_note",))
    repair(apps.get_model("guidance", "Suggestion"), ("text",))
    DraftSave = apps.get_model("guidance", "DraftSave")
    for save in DraftSave.objects.iterator():
        sections = [
            {**text, "title": clean_multiline(text.get("title", "")).strip(),
             "body": clean_multiline(text.get("body", "")).strip()}
            for text in save.sections
        ]  # fmt: skip
        if sections != save.sections:
            DraftSave.objects.filter(pk=save.pk).update(sections=sections)


class Migration(migrations.Migration):
    dependencies = [("guidance", "0003_suggestions_attachments_drafts")]
    operations = [migrations.RunPython(normalize, migrations.RunPython.noop)]
