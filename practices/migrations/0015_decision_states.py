from django.db import migrations


class Migration(migrations.Migration):
    """A practice decision's states are named like every other decision's."""

    dependencies = [("practices", "0014_first_published_index")]

    operations = [
        migrations.RenameField("decision", "from_status", "from_state"),
        migrations.RenameField("decision", "to_status", "to_state"),
    ]
