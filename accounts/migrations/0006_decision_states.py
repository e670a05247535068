from django.db import migrations, models

# The states each past decision took an invitation or an access request from and to.
STATES = {
    "uitnodigen": ("", "verstuurd"),
    "uitnodiging-aanvaarden": ("verstuurd", "aanvaard"),
    "toegang-aanvragen": ("", "open"),
    "toegang-verlenen": ("open", "goedgekeurd"),
    "toegang-weigeren": ("open", "geweigerd"),
}
CHOICES = [
    ("verstuurd", "verstuurd"),
    ("aanvaard", "aanvaard"),
    ("open", "wacht op beoordeling"),
    ("goedgekeurd", "goedgekeurd"),
    ("geweigerd", "geweigerd"),
]


def fill_states(apps, schema_editor):
    decisions = apps.get_model("accounts", "AccountDecision")
    for action, (from_state, to_state) in STATES.items():
        decisions.objects.filter(action=action).update(from_state=from_state, to_state=to_state)


class Migration(migrations.Migration):
    """Account decisions say from which state to which, like every other decision."""

    dependencies = [("accounts", "0005_account_decisions")]

    operations = [
        migrations.AddField(
            model_name="accountdecision",
            name="from_state",
            field=models.CharField(blank=True, choices=CHOICES, max_length=30, verbose_name="van"),
        ),
        migrations.AddField(
            model_name="accountdecision",
            name="to_state",
            field=models.CharField(choices=CHOICES, default="", max_length=30, verbose_name="naar"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_states, migrations.RunPython.noop),
    ]
