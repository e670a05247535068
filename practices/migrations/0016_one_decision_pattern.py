import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

PRACTICE_STATES = [
    ("concept", "Concept"),
    ("ingediend", "Ingediend, wacht op beoordeling"),
    ("aanpassing-gevraagd", "Aanpassing gevraagd"),
    ("gepubliceerd", "Gepubliceerd"),
    ("update-ingediend", "Update in beoordeling"),
    ("update-aanpassing-gevraagd", "Gepubliceerd; aanpassing van de update gevraagd"),
    ("afgewezen", "Afgewezen"),
    ("gearchiveerd", "Gearchiveerd"),
]
PERIOD_STATES = [("open", "open"), ("afgesloten", "afgesloten")]
REPORT_STATES = [("open", "open"), ("afgehandeld", "afgehandeld")]
# What each past decision on a period did: a period is open from its creation, until it is closed.
PERIOD_TARGETS = {"aanmaken": "open", "afsluiten": "afgesloten", "heropenen": "open"}


def period_states(apps, schema_editor):
    """Replay each period's decisions in order: every one goes from the state before it."""
    decisions = apps.get_model("practices", "PeriodDecision")
    state, period = "", None
    for decision in decisions.objects.order_by("period_id", "created_at", "pk"):
        if decision.period_id != period:
            state, period = "", decision.period_id
        target = PERIOD_TARGETS.get(decision.action, state)  # a change keeps the state
        decisions.objects.filter(pk=decision.pk).update(from_state=state, to_state=target)
        state = target


def report_decisions(apps, schema_editor):
    """Every report closed so far gets the decision that closed it: by whom, when, with the note."""
    reports = apps.get_model("practices", "ProblemReport")
    decisions = apps.get_model("practices", "ProblemReportDecision")
    decisions.objects.bulk_create(
        decisions(
            report_id=report.pk,
            actor_id=report.closed_by_id,
            action="afhandelen",
            from_state="open",
            to_state="afgehandeld",
            reason=report.close_note,
            created_at=report.closed_at,
        )
        for report in reports.objects.filter(closed_at__isnull=False).order_by("closed_at", "pk")
    )


class Migration(migrations.Migration):
    """Every decision table extends the one decision pattern: periods say from which state to which, and
    problem reports get their own decisions."""

    dependencies = [
        ("practices", "0015_decision_states"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="perioddecision",
            name="from_state",
            field=models.CharField(blank=True, choices=PERIOD_STATES, max_length=20, verbose_name="van"),
        ),
        migrations.AddField(
            model_name="perioddecision",
            name="to_state",
            field=models.CharField(choices=PERIOD_STATES, default="", max_length=20, verbose_name="naar"),
            preserve_default=False,
        ),
        migrations.RunPython(period_states, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="adoptiondecision",
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
            model_name="decision",
            name="from_state",
            field=models.CharField(blank=True, choices=PRACTICE_STATES, max_length=30, verbose_name="van"),
        ),
        migrations.AlterField(
            model_name="perioddecision",
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
        migrations.CreateModel(
            name="ProblemReportDecision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("reason", models.TextField(blank=True, verbose_name="toelichting")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="op")),
                (
                    "action",
                    models.CharField(choices=[("afhandelen", "afgehandeld")], max_length=20, verbose_name="actie"),
                ),
                (
                    "from_state",
                    models.CharField(blank=True, choices=REPORT_STATES, max_length=20, verbose_name="van"),
                ),
                ("to_state", models.CharField(choices=REPORT_STATES, max_length=20, verbose_name="naar")),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="door",
                    ),
                ),
                (
                    "report",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="decisions",
                        to="practices.problemreport",
                    ),
                ),
            ],
            options={
                "verbose_name": "beslissing over een melding",
                "verbose_name_plural": "beslissingen over meldingen",
                "ordering": ["created_at", "pk"],
                "abstract": False,
            },
        ),
        migrations.RunPython(report_decisions, migrations.RunPython.noop),
    ]
