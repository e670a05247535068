from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_account_decisions'),
        ('practices', '0008_search_entries'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='practice',
            index=models.Index(condition=models.Q(('published_version__isnull', False), ('status__in', ('gepubliceerd', 'update-ingediend', 'update-aanpassing-gevraagd'))), fields=['id'], include=('slug', 'last_published_at'), name='practice_live_sitemap'),
        ),
    ]
