"""E-mail alerts: subscribe, confirm, publish, send (immediately, daily, weekly), unsubscribe in one POST."""

import re
import zlib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone

from alerts import sending, services
from alerts.models import Frequency, Subscriber, Subscription
from guidance import services as guidance_services
from guidance.services import SectionText as S
from practices.models import Practice

SITE = "https://vlaanderenhelpt.example"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


def _link(message, pattern):
    return re.search(rf"{SITE}({pattern})", message.body).group(1)


def _subscribe(client, params, email="an@example.org", frequency="direct", **extra):
    with_query = "/meldingen/nieuw/" + (f"?{params}" if params else "")
    return client.post(with_query, {"email": email, "frequency": frequency, "website": "", **extra})


def _run(capture):
    """One run of the command, as cron starts it; the e-mails it queues are sent at once in the tests."""
    with capture(execute=True):
        call_command("send_alerts", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_subscribe_confirm_publish_send_and_not_twice(client, make_practice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _subscribe(client, "thema=economie&q=terrassen")
    assert response["Location"] == "/meldingen/nieuw/verstuurd/"
    subscription = Subscription.objects.get()
    assert subscription.label == "Zoekterm: “terrassen” · Economie" and not subscription.is_confirmed
    assert subscription.query == "q=terrassen&thema=economie"
    confirm = _link(mail.outbox[0], r"/meldingen/bevestigen/\S+/")
    assert "Ja, zet mijn melding aan" in client.get(confirm).content.decode()  # a GET confirms nothing
    assert not Subscription.objects.get().is_confirmed
    manage = client.post(confirm)
    assert Subscription.objects.get().is_confirmed and manage["Location"].startswith("/meldingen/beheren/")
    assert client.post(confirm).status_code == 404  # single use

    mail.outbox.clear()
    match = make_practice("Gent", title="Ruimere terrassen", themes=["economie"])
    make_practice("Gent", title="Ruimere terrassen", themes=["cultuur"])  # another theme
    make_practice("Gent", title="Waardebonnen", themes=["economie"])  # other words
    _run(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert (
        sent.to == ["an@example.org"] and sent.subject == "Nieuwe praktijkvoorbeelden: Zoekterm: “terrassen” · Economie"
    )
    assert f"{SITE}{match.get_absolute_url()}" in sent.body and sent.body.count("/praktijken/") == 2  # it and the list
    assert f"{SITE}/praktijken/?q=terrassen&thema=economie" in sent.body
    unsubscribe = _link(sent, r"/meldingen/afmelden/\S+/")
    assert sent.extra_headers["List-Unsubscribe"] == f"<{SITE}{unsubscribe}>"
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = _link(sent, r"/meldingen/beheren/\S+/").split("/")[-2]  # a fresh link, for the same address
    assert services.find_subscriber(token) == services.find_subscriber(manage["Location"].split("/")[-2]) is not None

    _run(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1  # nothing new: nothing sent, the same practice never twice


def test_a_logged_in_user_with_their_own_address_needs_no_confirmation(client, official_a, make_practice):
    client.force_login(official_a)
    response = _subscribe(client, "bestuur=44021", email=official_a.email.upper())
    assert response["Location"] == "/meldingen/nieuw/verstuurd/?bevestigd=1"
    subscription = Subscription.objects.get()
    assert subscription.is_confirmed and subscription.label == "Bestuur: Gent" and not mail.outbox
    _subscribe(client, "bestuur=44021", email="someone-else@example.org")
    assert not Subscription.objects.get(subscriber__email="someone-else@example.org").is_confirmed


def test_a_search_filtered_on_kind_and_evidence_can_be_followed(client, db):
    # Their labels are lazy translations: the label of the saved search once failed to join them.
    response = _subscribe(client, "soort=sjabloon&bewijs=gemeten")
    assert response["Location"] == "/meldingen/nieuw/verstuurd/"
    assert Subscription.objects.get().label == "Sjabloon of model · Resultaten gemeten"


def test_daily_and_weekly_alerts_wait_for_their_day(make_practice, django_capture_on_commit_callbacks):
    daily = services.subscribe(email="d@example.org", frequency=Frequency.DAILY, query="", label="Alle")
    weekly = services.subscribe(email="w@example.org", frequency=Frequency.WEEKLY, query="", label="Alle")
    for subscription in (daily, weekly):
        services.confirm(token=subscription.confirmation_token)
    make_practice("Gent", title="Eerste")
    start = timezone.now()

    def run(at):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            sending.send_due(now=at)
        return sorted((m.to[0], m.body.count("/praktijken/")) for m in mail.outbox)

    assert run(start + timedelta(minutes=1)) == [("d@example.org", 2), ("w@example.org", 2)]  # first check

    def publish_at(title, at):  # the publication happens at that moment of the simulated fortnight
        practice = make_practice("Leuven", title=title)
        Practice.objects.filter(pk=practice.pk).update(first_published_at=at)

    publish_at("Tweede", start + timedelta(hours=2))
    assert run(start + timedelta(hours=3)) == []  # neither is due yet
    assert run(start + timedelta(days=1, minutes=1)) == [("d@example.org", 2)]  # the second practice only
    publish_at("Derde", start + timedelta(days=1, hours=2))
    assert run(start + timedelta(days=2, minutes=1)) == [("d@example.org", 2)]
    assert run(start + timedelta(days=7, minutes=1)) == [("w@example.org", 3)]  # the week's two together
    assert run(start + timedelta(days=14, minutes=1)) == []


class FailsHalfway(EmailBackend):
    """Django's in-memory backend with the mail server going away after its first e-mail of a run."""

    sent_this_run = 0

    def send_messages(self, messages):
        if FailsHalfway.sent_this_run >= 1:
            raise ConnectionRefusedError("the mail server went away")
        FailsHalfway.sent_this_run += len(messages)
        return super().send_messages(messages)


def test_a_send_that_fails_halfway_is_finished_by_the_next_run_without_duplicates(
    settings, make_practice, django_capture_on_commit_callbacks
):
    for n in range(3):
        subscription = services.subscribe(email=f"s{n}@example.org", frequency=Frequency.IMMEDIATELY, label="Alle")
        services.confirm(token=subscription.confirmation_token)
    make_practice("Gent", title="Nieuw")
    settings.MAILERS = {"default": {"BACKEND": "tests.alerts.test_alerts.FailsHalfway"}}
    FailsHalfway.sent_this_run = 0
    with pytest.raises(SystemExit):  # the command says something failed
        _run(django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["s0@example.org"]]
    assert Subscription.objects.filter(last_sent_at__isnull=False).count() == 1
    FailsHalfway.sent_this_run = 0
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    _run(django_capture_on_commit_callbacks)
    _run(django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == ["s0@example.org", "s1@example.org", "s2@example.org"]


def test_one_post_unsubscribes_and_a_get_does_not(client, make_practice, django_capture_on_commit_callbacks):
    subscription = services.subscribe(email="u@example.org", frequency=Frequency.IMMEDIATELY, label="Alle")
    services.confirm(token=subscription.confirmation_token)
    make_practice("Gent")
    _run(django_capture_on_commit_callbacks)
    link = _link(mail.outbox[0], r"/meldingen/afmelden/\S+/")
    assert "Ja, meld mij af" in client.get(link).content.decode()
    assert Subscription.objects.exists()
    # What a mail program sends for RFC 8058: a POST with this body and no form token of ours.
    csrf_client = type(client)(enforce_csrf_checks=True)
    response = csrf_client.post(link, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and "U bent afgemeld" in response.content.decode()
    assert not Subscription.objects.exists() and not Subscriber.objects.exists()  # the address is forgotten
    assert csrf_client.post(link).status_code == 200  # a second one-click changes nothing and breaks nothing
    assert client.get(link).status_code == 404


def test_the_manage_page_lists_changes_and_ends_subscriptions_by_its_token(db, client):
    first = services.subscribe(
        email="m@example.org", frequency=Frequency.DAILY, query="thema=economie", label="Economie"
    )
    second = services.subscribe(email="m@example.org", frequency=Frequency.WEEKLY, query="", label="Alle")
    other = services.subscribe(email="other@example.org", frequency=Frequency.DAILY, label="Alle")
    token = first.subscriber.manage_token
    html = client.get(f"/meldingen/beheren/{token}/").content.decode()
    assert "Economie" in html and "Alle" in html and "other@example.org" not in html
    assert html.count("Nog niet bevestigd.") == 2
    client.post(
        f"/meldingen/beheren/{token}/",
        {"subscription": first.pk, "action": "opslaan", f"s{first.pk}-frequency": "wekelijks"},
    )
    assert Subscription.objects.get(pk=first.pk).frequency == "wekelijks"
    forged = client.post(f"/meldingen/beheren/{token}/", {"subscription": other.pk, "action": "afmelden"})
    assert forged.status_code == 404 and Subscription.objects.filter(pk=other.pk).exists()  # not theirs
    for hostile in ("abc", "٣", "9" * 40, "-1", ""):
        assert (
            client.post(f"/meldingen/beheren/{token}/", {"subscription": hostile, "action": "afmelden"}).status_code
            == 404
        )
    client.post(f"/meldingen/beheren/{token}/", {"subscription": second.pk, "action": "afmelden"})
    assert list(Subscription.objects.filter(subscriber__email="m@example.org")) == [
        Subscription.objects.get(pk=first.pk)
    ]
    assert client.get(f"/meldingen/beheren/{token}x/").status_code == 404
    assert client.get(f"/meldingen/beheren/{other.unsubscribe_token}/").status_code == 404  # another kind of link


def test_unconfirmed_subscriptions_are_forgotten_after_seven_days(db, django_capture_on_commit_callbacks):
    old = services.subscribe(
        email="old@example.org", frequency=Frequency.DAILY, label="Alle", at=timezone.now() - timedelta(days=8)
    )
    services.subscribe(email="new@example.org", frequency=Frequency.DAILY, label="Alle")
    call_command("forget_unconfirmed", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["new@example.org"]
    assert services.find_unconfirmed(old.confirmation_token) is None


def test_following_a_guidance_document_mails_each_new_version_with_its_change_note(
    client, editor, django_capture_on_commit_callbacks
):
    document = guidance_services.create_document(
        editor=editor,
        title="Lokale besturen als motor van post-corona herstel",
        sections=[S("Inleiding", "Herstel.", "inleiding")],
    )
    guidance_services.publish(draft=document.versions.get(), editor=editor, change_note="Eerste versie.", is_major=True)
    with django_capture_on_commit_callbacks(execute=True):
        _subscribe(client, f"handreiking={document.slug}", frequency="direct")
    assert Subscription.objects.get().label == document.title
    client.post(_link(mail.outbox[-1], r"/meldingen/bevestigen/\S+/"))
    draft = guidance_services.start_draft(document=document, editor=editor)
    guidance_services.publish(draft=draft, editor=editor, change_note="Nieuw hoofdstuk over handel.", is_major=False)
    mail.outbox.clear()
    _run(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "Nieuwe versie van “Lokale besturen als motor van post-corona herstel”"
    assert (
        "Versie 2" in body
        and "Nieuw hoofdstuk over handel." in body
        and f"{SITE}{document.get_absolute_url()}versies/2/" in body
    )
    assert "Versie 1" not in body


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"email": "geen-adres"}, "Voer een geldig e-mailadres in."),
        ({"email": ""}, "Vul uw e-mailadres in."),
        ({"frequency": "elk-uur"}, "is geen beschikbare keuze"),
        ({"email": "a" * 250 + "@example.org"}, "niet meer dan 254 tekens"),
    ],
)
def test_bad_input_is_refused_at_the_field_with_a_summary_and_nothing_saved(db, client, data, error):
    html = client.post(
        "/meldingen/nieuw/?q=terrassen", {"email": "a@example.org", "frequency": "direct", **data}
    ).content.decode()
    assert 'class="error-summary"' in html and error in html
    assert not Subscription.objects.exists()


def test_a_bot_that_fills_the_hidden_field_is_thanked_and_ignored_and_the_rate_is_limited(db, client):
    assert _subscribe(client, "", website="http://spam.example")["Location"] == "/meldingen/nieuw/verstuurd/"
    assert not Subscription.objects.exists() and not mail.outbox
    answers = [_subscribe(client, f"q=woord{n}", email="many@example.org").status_code for n in range(12)]
    assert answers[:10] == [302] * 10 and answers[10:] == [429, 429]


def test_script_in_a_search_stays_inert_in_the_form_the_e_mail_and_the_manage_page(
    db, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _subscribe(client, "q=%3Cscript%3Ealert(1)%3C/script%3E")
    html = client.get("/meldingen/nieuw/?q=%3Cscript%3Ealert(1)%3C/script%3E").content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    manage = client.get(f"/meldingen/beheren/{Subscriber.objects.get().manage_token}/").content.decode()
    assert "<script>alert(1)</script>" not in manage


@pytest.mark.postgres
def test_a_second_run_while_one_is_busy_stops_at_once(make_practice, settings, django_capture_on_commit_callbacks):
    """The lock is PostgreSQL's, held by the busy run's own connection: here another connection holds it."""
    import io

    import psycopg
    from django.db import connection

    subscription = services.subscribe(email="c@example.org", frequency=Frequency.IMMEDIATELY, label="Alle")
    services.confirm(token=subscription.confirmation_token)
    make_practice("Gent")
    params = connection.get_connection_params()
    busy = psycopg.connect(**{k: v for k, v in params.items() if k in ("host", "port", "user", "dbname", "password")})
    try:
        busy.execute("SELECT pg_advisory_lock(%s)", [zlib.crc32(b"vlaanderenhelpt:send_alerts")])
        out = io.StringIO()
        call_command("send_alerts", stdout=out)
        assert "send_alerts: een vorige run loopt nog; deze stopt." in out.getvalue() and not mail.outbox
    finally:
        # The busy run ends. Its lock would go with its connection, but the server lets go of it only
        # once the closed connection's backend has exited, a moment later: say so first, to wait for it.
        busy.execute("SELECT pg_advisory_unlock(%s)", [zlib.crc32(b"vlaanderenhelpt:send_alerts")])
        busy.close()
    _run(django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["c@example.org"]]


def test_a_search_with_every_filter_at_its_longest_can_be_followed(db, client):
    """Twenty values of a hundred characters for each filter, a search of two hundred: kept whole."""
    long_values = [f"{'é' * 95}{n:05d}" for n in range(20)]
    params = {
        "q": "x" * 200,
        **{param: long_values for param in ("thema", "fase", "doelgroep", "soort", "provincie", "bestuur", "tag")},
    }
    from urllib.parse import urlencode

    response = client.post(
        "/meldingen/nieuw/?" + urlencode(params, doseq=True), {"email": "l@example.org", "frequency": "dagelijks"}
    )
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    # Made-up filter values are dropped, as the list ignores them; the words are kept whole.
    assert subscription.query == "q=" + "x" * 200 and len(subscription.label) <= 500


def test_control_characters_and_odd_digits_in_a_followed_search_reach_the_database_cleaned(
    client, make_practice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _subscribe(client, "q=terr%00as%01sen&bestuur=%D9%A3%D9%A4", frequency="direct")
    subscription = Subscription.objects.get()
    assert subscription.query == "q=terrassen"  # the control characters are gone, the unknown government too
    client.post(_link(mail.outbox[-1], r"/meldingen/bevestigen/\S+/"))
    make_practice("Gent", title="Ruimere terrassen")
    mail.outbox.clear()
    _run(django_capture_on_commit_callbacks)  # the saved search runs against the database without error
    # No government has "٣٤" as its code: the filter was dropped when subscribing, the words match.
    assert len(mail.outbox) == 1 and "Ruimere terrassen" in mail.outbox[0].body
    assert Subscription.objects.get().checked_at is not None
