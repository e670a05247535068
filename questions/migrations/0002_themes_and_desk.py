from django.db import migrations

# The themes local governments asked ABB about most during the corona crisis, and the usual others.
THEMES = [
    ("Digitaal vergaderen van raad en college", "digitaal-vergaderen"),
    ("Telewerk en corona-ouderschapsverlof", "telewerk-en-ouderschapsverlof"),
    ("Projectsubsidies", "projectsubsidies"),
    ("Fiscale verlichting", "fiscale-verlichting"),
    ("Overheidsopdrachten", "overheidsopdrachten"),
    ("Personeel", "personeel"),
    ("Raad en commissies", "raad-en-commissies"),
    ("Financiën", "financien"),
]


def forwards(apps, schema_editor):
    QuestionTheme = apps.get_model("questions", "QuestionTheme")
    for position, (name, slug) in enumerate(THEMES, start=1):
        QuestionTheme.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="questions", model="question")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="answer_question",
        defaults={"name": "Mag vragen van lokale besturen behandelen (vragendesk)"},
    )
    group, _ = Group.objects.get_or_create(name="Vragendesk")
    group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("questions", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
