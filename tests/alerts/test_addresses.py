"""What the public alert forms do with an address someone else typed: no text of the requester's choosing
reaches it, they answer the same whatever the address follows, only the owner changes a subscription, and
one mailbox is counted once however it is spelled."""

import re
import time
from datetime import timedelta
from urllib.parse import quote, urlencode

import pytest
from django.core import mail, signing

from alerts import services
from alerts.models import Frequency, Subscription
from vlaanderenhelpt.limits import mailbox

SITE = "https://vlaanderenhelpt.example"
BAIT = "Uw account is geblokkeerd. Bel 0800 12345 of ga naar evil.example"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def _post(client, params, email, frequency="dagelijks", **extra):
    return client.post(f"/meldingen/nieuw/?{params}", {"email": email, "frequency": frequency, "website": ""}, **extra)


def _link(message, pattern):
    return re.search(rf"{SITE}({pattern})", message.body).group(1)


def test_the_confirmation_carries_no_word_and_no_made_up_value_of_the_requester(
    client, db, django_capture_on_commit_callbacks
):
    params = (
        f"q={quote(BAIT)}&thema=economie&thema={quote('Dringend' + chr(10) + 'log in')}"
        f"&bestuur={quote('Bel ons')}&tag=verzonnen&soort=evil&provincie=nergens"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, params, "victim@example.org")["Location"] == "/meldingen/nieuw/verstuurd/"
    subscription = Subscription.objects.get()
    # Only values that exist are kept, and named, as the list ignores the others.
    assert subscription.query == urlencode([("q", BAIT), ("thema", "economie")])
    assert subscription.label == f"Zoekterm: “{BAIT}” · Economie"
    (sent,) = mail.outbox
    text = sent.subject + sent.body + sent.alternatives[0][0]
    for chosen in ("geblokkeerd", "0800", "evil", "Dringend", "log in", "Bel ons", "verzonnen", "nergens"):
        assert chosen not in text
    assert "uw eigen zoekwoorden · Economie" in sent.body
    # The page the link opens does not repeat the words either.
    page = client.get(_link(sent, r"/meldingen/bevestigen/\S+/")).content.decode()
    assert "geblokkeerd" not in page and "uw eigen zoekwoorden · Economie" in page


def test_the_form_answers_the_same_for_a_followed_address_and_only_the_owner_changes_it(
    client, db, official_a, django_capture_on_commit_callbacks
):
    services.subscribe(
        email="ambtenaar@gent.be", frequency=Frequency.WEEKLY, query="thema=economie", label="Economie", user=official_a
    )
    with django_capture_on_commit_callbacks(execute=True):
        followed = _post(client, "thema=economie", "ambtenaar@gent.be", frequency="direct")
        new = _post(client, "thema=economie", "nieuw@example.org", frequency="direct")
    assert followed["Location"] == new["Location"] == "/meldingen/nieuw/verstuurd/"
    assert Subscription.objects.get(subscriber__email="ambtenaar@gent.be").frequency == Frequency.WEEKLY
    owner = next(m for m in mail.outbox if m.to == ["ambtenaar@gent.be"])
    assert owner.subject == "U volgt dit al op Vlaanderen helpt" and "er is niets veranderd" in owner.body
    manage = _link(owner, r"/meldingen/beheren/\S+/")
    page = client.get(manage).content.decode()
    assert re.search(r'value="wekelijks"[^>]*checked', page)  # the owner's choice, unchanged
    # The owner, logged in with their own address, changes it at once.
    client.force_login(official_a)
    mine = _post(client, "thema=economie", "ambtenaar@gent.be", frequency="direct")
    assert mine["Location"] == "/meldingen/nieuw/verstuurd/?bevestigd=1"
    assert Subscription.objects.get(subscriber__email="ambtenaar@gent.be").frequency == Frequency.IMMEDIATELY


def _confirmed(email, query, label):
    subscription = services.subscribe(email=email, frequency=Frequency.DAILY, query=query, label=label)
    return services.confirm(token=subscription.confirmation_token)


def test_an_unsubscribe_link_ends_only_its_subscription_and_offers_no_way_into_the_others(client, db):
    first = _confirmed("an@example.org", "thema=economie", "Economie")
    second = _confirmed("an@example.org", "thema=cultuur", "Cultuur")
    page = client.get(f"/meldingen/afmelden/{first.unsubscribe_token}/").content.decode()
    assert "/meldingen/beheren/" in page and first.subscriber.manage_token.split(":")[0] not in page
    assert not re.search(r"/meldingen/beheren/[^\"/]+/", page)  # only the form that mails a fresh link
    client.post(f"/meldingen/afmelden/{first.unsubscribe_token}/")
    assert list(Subscription.objects.values_list("pk", flat=True)) == [second.pk]


def test_a_manage_link_expires_after_30_days_and_a_fresh_one_is_mailed_on_request(
    client, db, monkeypatch, django_capture_on_commit_callbacks
):
    subscription = _confirmed("an@example.org", "thema=economie", "Economie")
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now - timedelta(days=31).total_seconds())
    old = subscription.subscriber.manage_token
    monkeypatch.setattr(signing.time, "time", lambda: now - timedelta(days=29).total_seconds())
    recent = subscription.subscriber.manage_token
    monkeypatch.undo()
    expired = client.get(f"/meldingen/beheren/{old}/")
    assert expired.status_code == 404 and "Deze link werkt niet meer" in expired.content.decode()
    assert client.get(f"/meldingen/beheren/{recent}/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post("/meldingen/beheren/", {"email": "AN@example.org", "website": ""})
        unknown = client.post("/meldingen/beheren/", {"email": "niemand@example.org", "website": ""})
    assert asked["Location"] == unknown["Location"] == "/meldingen/beheren/verstuurd/"
    (sent,) = mail.outbox  # nothing to an address that follows nothing
    fresh = _link(sent, r"/meldingen/beheren/\S+/")
    assert "Economie" in client.get(fresh).content.decode()

    # "Alle eerdere links ongeldig maken" ends every link sent so far and lands on a new one.
    renewed = client.post(fresh, {"action": "links-vernieuwen"})
    assert client.get(fresh).status_code == 404 and client.get(recent).status_code == 404
    assert client.get(renewed["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("spelling", "same"),
    [
        ("An+nieuws@Voorbeeld.BE", "an@voorbeeld.be"),
        ("AN@voorbeeld.be", "an@voorbeeld.be"),
        ("jan@bücher.example", "jan@xn--bcher-kva.example"),
        ("JAN@BÜCHER.EXAMPLE", "jan@xn--bcher-kva.example"),
    ],
)
def test_one_mailbox_is_one_address_for_counting(spelling, same):
    assert mailbox(spelling) == mailbox(same) == same


def test_the_per_address_limit_counts_every_spelling_of_one_mailbox_together(client, db):
    spellings = ["an@voorbeeld.be", "An@Voorbeeld.BE", "an+1@voorbeeld.be", "AN+2@VOORBEELD.be"]
    answers = []
    for n in range(11):  # each from another visitor: only the address limit can stop it
        email = spellings[n % len(spellings)]
        answers.append(_post(client, f"thema=economie&q=w{n}", email, REMOTE_ADDR=f"192.0.2.{n + 1}").status_code)
    assert answers == [302] * 10 + [429]
    idn = [
        _post(
            client,
            f"q=i{n}",
            "jan@bücher.example" if n % 2 else "jan@xn--bcher-kva.example",
            REMOTE_ADDR=f"198.51.100.{n + 1}",
        ).status_code
        for n in range(11)
    ]
    assert idn == [302] * 10 + [429]
