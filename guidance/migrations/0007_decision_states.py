import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

ACTIONS = [
    ("publish", "versie gepubliceerd"),
    ("withdraw", "handreiking ingetrokken"),
    ("send", "suggestie ontvangen"),
    ("suggestion_confirm", "suggestie bevestigd door de indiener"),
    ("suggestion_take", "suggestie in behandeling"),
    ("suggestion_decline", "suggestie niet weerhouden"),
    ("suggestion_take_in", "suggestie verwerkt"),
    ("schedule", "publicatie ingepland"),
    ("unschedule", "geplande publicatie geannuleerd"),
    ("review_date", "herzieningsdatum gezet"),
]
CHOICES = [
    ("concept", "concept"),
    ("ingepland", "ingepland"),
    ("gepubliceerd", "gepubliceerd"),
    ("ingetrokken", "ingetrokken"),
    ("onbevestigd", "e-mailadres nog niet bevestigd"),
    ("nieuw", "nieuw"),
    ("in_behandeling", "in behandeling"),
    ("verwerkt", "verwerkt"),
    ("niet_weerhouden", "niet weerhouden"),
]


def review_dates_move_nothing(apps, schema_editor):
    # A review date was recorded with the made-up state "herzien-voor"; it moves no state. The date
    # itself is the decision's reason, and stays.
    decisions = apps.get_model("guidance", "GuidanceDecision")
    decisions.objects.filter(action="review_date", to_state="herzien-voor").update(to_state="")


def review_dates_back(apps, schema_editor):
    decisions = apps.get_model("guidance", "GuidanceDecision")
    decisions.objects.filter(action="review_date", to_state="").update(to_state="herzien-voor")


class Migration(migrations.Migration):
    """Guidance decisions extend the one decision pattern: their states have choices."""

    dependencies = [
        ("guidance", "0006_review_and_schedule"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="guidancedecision",
            options={
                "ordering": ["created_at", "pk"],
                "verbose_name": "beslissing over een handreiking",
                "verbose_name_plural": "beslissingen over handreikingen",
            },
        ),
        migrations.AlterField(
            model_name="guidancedecision",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="door",
            ),
        ),
        migrations.AlterField(
            model_name="guidancedecision",
            name="action",
            field=models.CharField(choices=ACTIONS, max_length=30, verbose_name="actie"),
        ),
        migrations.AlterField(
            model_name="guidancedecision",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="op"),
        ),
        migrations.AlterField(
            model_name="guidancedecision",
            name="from_state",
            field=models.CharField(blank=True, choices=CHOICES, max_length=30, verbose_name="van"),
        ),
        migrations.AlterField(
            model_name="guidancedecision",
            name="reason",
            field=models.TextField(blank=True, verbose_name="toelichting"),
        ),
        migrations.AlterField(
            model_name="guidancedecision",
            name="to_state",
            field=models.CharField(blank=True, choices=CHOICES, max_length=30, verbose_name="naar"),
        ),
        migrations.RunPython(review_dates_move_nothing, review_dates_back),
    ]
