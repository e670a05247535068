"""The demo content shows the learning loop to a newcomer after `make run`: practices at every evidence
level, periods of measures with a closed one and its banner. Loading it twice changes nothing."""

import io

from django.core.management import call_command

from practices.models import Evidence, MeasurePeriod, PeriodDecision, Practice


def test_the_demo_shows_every_evidence_level_and_a_closed_period_with_its_banner(db, settings, client):
    settings.DEMO_CONTENT = True
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # idempotent
    live = Practice.objects.published()
    assert set(live.values_list("evidence", flat=True)) == set(Evidence.values)
    assert live.filter(evidence="geevalueerd").count() == 2 and live.filter(evidence="idee").count() == 3

    closed = set(MeasurePeriod.objects.closed().values_list("name", flat=True))
    assert closed == {"Eerste lockdown", "Avondklok"}
    assert MeasurePeriod.objects.filter(closed_at__isnull=True).count() == 1
    assert PeriodDecision.objects.filter(action="afsluiten").count() == 2  # not again on the second load
    marked = set(live.filter(outdated=True).values_list("title", flat=True))
    assert marked == {
        "Boodschappendienst door vrijwilligers voor risicogroepen",
        "Gratis kinderopvang voor ouders in cruciale beroepen",
        "Handhavingsteam voor de naleving van de avondklok",
    }
    shopping = live.get(title="Boodschappendienst door vrijwilligers voor risicogroepen")
    html = client.get(shopping.get_absolute_url()).content.decode()
    assert "Toegepast onder “Eerste lockdown” (tot 4 mei 2020)" in html and "Geëvalueerd" in html


def test_the_demo_has_a_template_with_two_versions_and_a_follower(db, settings, client):
    from alerts.models import Subscription
    from practices.models import Attachment

    settings.DEMO_CONTENT = True
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # idempotent: still two versions, one follower
    practice = Practice.objects.get(title="Bestekmodel voor de aankoop van mondmaskers")
    current = practice.attachments.get()
    assert current.series_number == 2
    assert Attachment.objects.filter(series=current.series).count() == 2
    follow = Subscription.objects.get(template__isnull=False)
    assert follow.subscriber.email == "ambtenaar@leuven.be" and follow.is_confirmed
    html = client.get(practice.get_absolute_url()).content.decode()
    assert "versie 2 van 2" in html and "versie 1 van 2</a>, vervangen op" in html
