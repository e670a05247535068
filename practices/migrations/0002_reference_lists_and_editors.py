from django.db import migrations

THEMES = [
    ("levenskwaliteit", "Levenskwaliteit"),
    ("economie", "Economie"),
    ("solidariteit", "Solidariteit"),
    ("zorg-en-opvang", "Zorg & opvang"),
    ("cultuur", "Cultuur"),
    ("verenigingsleven", "Verenigingsleven"),
    ("armoedebestrijding", "Armoedebestrijding"),
    ("veiligheid-en-handhaving", "Veiligheid & handhaving"),
]
PHASES = [
    ("lockdown", "Lockdown"),
    ("heropstart-en-relance", "Heropstart en relance"),
    ("herstel-op-lange-termijn", "Herstel op lange termijn"),
]
TARGET_GROUPS = [
    ("inwoners", "Inwoners"),
    ("verenigingen", "Verenigingen"),
    ("horeca", "Horeca"),
    ("handelaars", "Handelaars"),
    ("kwetsbare-groepen", "Kwetsbare groepen"),
    ("jongeren", "Jongeren"),
]


def forwards(apps, schema_editor):
    for model_name, rows in (("Theme", THEMES), ("Phase", PHASES), ("TargetGroup", TARGET_GROUPS)):
        model = apps.get_model("practices", model_name)
        for position, (slug, name) in enumerate(rows):
            model.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})

    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="practices", model="practice")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="moderate_practice",
        defaults={"name": "Mag praktijkvoorbeelden beoordelen en publiceren"},
    )
    group, _ = Group.objects.get_or_create(name="Redactie")
    group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
