import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models


def copy_vectors(apps, schema_editor):
    """Move the stored vectors to the narrow table (PostgreSQL keeps them; SQLite never filled them)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "INSERT INTO practices_searchentry (practice_id, vector) "
        "SELECT id, search_vector FROM practices_practice WHERE search_vector IS NOT NULL"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('practices', '0007_retired_reference_values'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchEntry',
            fields=[
                ('practice', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='search_entry', serialize=False, to='practices.practice')),
                ('vector', django.contrib.postgres.search.SearchVectorField()),
            ],
        ),
        migrations.RunPython(copy_vectors, migrations.RunPython.noop),
        migrations.RemoveIndex(
            model_name='practice',
            name='practice_search_gin',
        ),
        migrations.AddIndex(
            model_name='searchentry',
            index=django.contrib.postgres.indexes.GinIndex(fields=['vector'], name='search_entry_gin'),
        ),
        migrations.RemoveField(
            model_name='practice',
            name='search_vector',
        ),
    ]
