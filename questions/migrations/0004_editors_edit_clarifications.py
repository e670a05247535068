from django.db import migrations


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="questions", model="clarification")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="edit_clarification",
        defaults={"name": "Mag verduidelijkingen opstellen, goedkeuren en publiceren"},
    )
    group, _ = Group.objects.get_or_create(name="Redactie")
    group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("questions", "0003_clarifications"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
