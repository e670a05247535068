"""Every e-mail the portal sends, built from stored text that someone made hostile: each header is one
line, nothing starts a header of its own, and the list headers are the plain addresses mail programs read.
And no public form makes the portal mail an address that never confirmed anything a text of the
requester's choosing."""

import datetime
import email.policy
import re
from email.parser import BytesParser

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts import services as account_services
from accounts.models import LocalGovernment, User
from alerts import services as alert_services
from alerts.models import Frequency, Subscription
from guidance import services as guidance_services
from guidance.services import SectionText as S
from practices import adoptions, periods
from practices import services as practice_services
from practices.models import Attachment, Practice
from tests.conftest import PDF_BYTES, gov

HOSTILE = "Dringend\nBcc: evil@example.org\r\nX-Injected: ja"


def _raw(message):
    """The bytes an SMTP server receives (Django's SMTP backend builds them with this policy)."""
    return message.message(policy=email.policy.SMTP).as_bytes()


def _headers(raw):
    """Each header as it arrives: the name and the unfolded value, read from the raw lines."""
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    unfolded = re.sub(r"\r\n[ \t]", " ", head)
    return [line.split(":", 1) for line in unfolded.split("\r\n")]


@pytest.fixture
def everything_sent(
    settings, make_practice, editor, official_a, official_b, second_editor, django_capture_on_commit_callbacks
):
    """Walk every kind of e-mail, with the stored texts that go into subjects made hostile."""
    settings.SITE_URL = "https://vlaanderenhelpt.example"
    User.objects.filter(pk__in=[editor.pk, second_editor.pk]).update(notify_new_submissions=True)
    with django_capture_on_commit_callbacks(execute=True):
        LocalGovernment.objects.filter(name="Leuven").update(name=f"Leuven {HOSTILE}")
        # Practices: submitted (editors), changes requested, approved, archived; with a template.
        practice = make_practice(stage="submitted", files=[("bestek.pdf", PDF_BYTES)])
        Practice.objects.filter(pk=practice.pk).update(title=f"Titel {HOSTILE}")
        practice_services.approve(practice=practice, actor=editor)
        Practice.objects.filter(pk=practice.pk).update(title=f"Titel {HOSTILE}")
        practice.refresh_from_db()
        Attachment.objects.filter(practice=practice).update(title=f"Bestek {HOSTILE}")
        asked = make_practice(stage="submitted", title="Nog aan te vullen")
        Practice.objects.filter(pk=asked.pk).update(title=f"Aan te vullen {HOSTILE}")
        practice_services.request_changes(practice=asked, actor=editor, reason="Meer uitleg.")
        # Adoptions: recorded (editors), published (the original government), declined (the official).
        adoption = adoptions.record(
            practice=practice,
            local_government=gov(f"Leuven {HOSTILE}"),
            author=official_b,
            way="aangepast",
            adopted_on=datetime.date(2021, 3, 1),
        )
        adoptions.approve(adoption=adoption, editor=editor)
        other = make_practice(title="Ander voorbeeld")
        declined = adoptions.record(
            practice=other,
            local_government=gov(f"Leuven {HOSTILE}"),
            author=official_b,
            way="aangepast",
            adopted_on=datetime.date(2021, 3, 1),
        )
        adoptions.decline(adoption=declined, editor=editor, reason=HOSTILE)
        # A period closed: the governments of its practices.
        period = periods.create_period(editor=editor, name="Avondklok", starts_on=datetime.date(2020, 10, 19))
        practice.periods.add(period)
        type(period).objects.filter(pk=period.pk).update(name=f"Avondklok {HOSTILE}")
        period.refresh_from_db()
        periods.close_period(period=period, editor=editor, ends_on=datetime.date(2021, 6, 9), note="Voorbij.")
        practice_services.archive(practice=other, actor=editor, reason=HOSTILE)
        # Guidance: a suggestion confirmed (sender, editors), taken in, another declined; a review reminder.
        document = guidance_services.create_document(editor=editor, title="Handreiking", sections=[S("Deel", "T.")])
        guidance_services.publish(draft=document.versions.get(), editor=editor, change_note="", is_major=False)
        type(document).objects.filter(pk=document.pk).update(title=f"Handreiking {HOSTILE}")
        document.refresh_from_db()
        suggestions = [
            guidance_services.send_suggestion(
                document=document, text="Meer.", organisation_type="burger", name=HOSTILE, email=f"s{n}@example.org"
            )
            for n in range(2)
        ]
        for sent in suggestions:
            guidance_services.confirm_suggestion(token=sent.confirmation_token)
        guidance_services.decline_suggestion(suggestion=suggestions[1], editor=editor, reason=HOSTILE)
        draft = guidance_services.start_draft(document=document, editor=editor)
        guidance_services.publish(
            draft=draft, editor=editor, change_note=HOSTILE, is_major=True, suggestions=[suggestions[0]]
        )
        guidance_services.set_review_before(document=document, editor=editor, review_before=timezone.localdate())
        # Accounts: an invitation, access approved and declined, a password reset.
        account_services.invite(editor=editor, email="nieuw@gent.be", local_government=gov("Gent"))
        for n, approve in enumerate((True, False)):
            request = account_services.request_access(
                full_name=HOSTILE,
                email=f"a{n}@gent.be",
                function=HOSTILE,
                local_government=gov("Gent"),
                motivation=HOSTILE,
            )
            account_services.decide_access_request(
                access_request=request, editor=editor, approve=approve, reason=HOSTILE
            )
    # A password reset, through its form.
    from django.test import Client

    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/wachtwoord-vergeten/", {"email": official_a.email})
    # Alerts: a search whose stored label is hostile, a guidance document and a template, all confirmed.
    template = Attachment.objects.visible_to(AnonymousUser()).get(practice=practice)
    for follow in ({"query": "", "label": HOSTILE}, {"document": document}, {"template": template}):
        with django_capture_on_commit_callbacks(execute=True):
            subscription = alert_services.subscribe(email="volger@example.org", frequency=Frequency.DAILY, **follow)
        if subscription.confirmation_token:
            alert_services.confirm(token=subscription.confirmation_token)
    Subscription.objects.update(sent_until=timezone.now() - datetime.timedelta(days=400))
    Practice.objects.filter(pk=practice.pk).update(
        first_published_at=timezone.now() - datetime.timedelta(days=200)  # due for a results follow-up
    )
    Attachment.objects.filter(practice=practice).update(first_published_at=timezone.now() - datetime.timedelta(days=2))
    type(document).objects.filter(pk=document.pk).update(review_before=timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_periodic", stdout=open("/dev/null", "w"))  # noqa: SIM115 — every job, as cron runs it
    return list(mail.outbox)


KINDS = [
    "Nieuwe indiening",  # editors, new submission
    "Aanpassing gevraagd",
    "Gepubliceerd",
    "Gearchiveerd",
    "Nieuwe overname",
    "nam uw praktijkvoorbeeld over",
    "overname werd niet gepubliceerd",
    "Periode afgesloten",
    "Bevestig uw suggestie",
    "Nieuwe suggestie",
    "Uw suggestie is verwerkt",
    "Over uw suggestie",
    "Herzien vóór",
    "Uitnodiging",
    "Uw toegang",
    "Uw aanvraag",
    "wachtwoord",
    "Bevestig uw e-mailmelding",
    "Hoe liep het? Resultaten",
    "Nieuwe praktijkvoorbeelden",
    "Nieuwe versie van “Handreiking",
    "Nieuwe versie van het sjabloon",
]


def test_every_e_mail_has_one_line_headers_whatever_was_stored(everything_sent):
    subjects = [message.subject for message in everything_sent]
    missing = [kind for kind in KINDS if not any(kind.lower() in subject.lower() for subject in subjects)]
    assert not missing, f"not walked: {missing}\nsent: {subjects}"
    for message in everything_sent:
        raw = _raw(message)
        names = [name.lower() for name, _value in _headers(raw)]
        assert "bcc" not in names and "x-injected" not in names, raw[:600]
        subject = BytesParser(policy=email.policy.default).parsebytes(raw)["Subject"]
        assert "\n" not in subject and "\r" not in subject
        if "Dringend" in subject:  # the stored text, on the subject's one line
            assert "Dringend Bcc: evil@example.org X-Injected: ja" in subject


def test_the_list_headers_are_plain_addresses_in_the_raw_message(everything_sent):
    alerts = [message for message in everything_sent if "List-Unsubscribe" in message.extra_headers]
    assert len(alerts) == 3  # the search, the guidance document and the template
    for message in alerts:
        headers = dict((name.lower(), value.strip()) for name, value in _headers(_raw(message)))
        assert re.fullmatch(
            r"<https://vlaanderenhelpt\.example/meldingen/afmelden/[^\s<>]+/>", headers["list-unsubscribe"]
        )
        assert headers["list-unsubscribe-post"] == "List-Unsubscribe=One-Click"
        assert b"=?utf-8?" not in _raw(message).split(b"List-Unsubscribe:", 1)[1].split(b"\r\n")[0]


MARK = "Bel0800evil"


def test_no_public_form_mails_an_unconfirmed_address_a_text_of_the_requesters_choosing(
    client, make_practice, editor, django_capture_on_commit_callbacks
):
    """Every public form that takes an address, filled with a marker in every field and parameter."""
    practice = make_practice(files=[("bestek.pdf", PDF_BYTES)])
    document = guidance_services.create_document(editor=editor, title="Handreiking", sections=[S("Deel", "T.")])
    guidance_services.publish(draft=document.versions.get(), editor=editor, change_note="", is_major=False)
    template = practice.attachments.get()
    victim = "slachtoffer@example.org"
    words = f"q={MARK}&thema={MARK}&fase={MARK}&doelgroep={MARK}&soort={MARK}&bewijs={MARK}&provincie={MARK}"
    forms = [
        (f"/meldingen/nieuw/?{words}&bestuur={MARK}&tag={MARK}", {"frequency": "direct"}),
        (f"/meldingen/nieuw/?handreiking={document.slug}&q={MARK}", {"frequency": "direct"}),
        (f"/meldingen/nieuw/?sjabloon={template.pk}&q={MARK}", {"frequency": "direct"}),
        (f"/meldingen/nieuw/?vragen=personeel&q={MARK}&thema={MARK}", {"frequency": "direct"}),
        (
            f"/handreikingen/{document.slug}/suggestie/",
            {"text": MARK, "organisation_type": "burger", "organisation": MARK, "name": MARK},
        ),
        ("/meldingen/beheren/", {}),
        (f"/praktijken/{practice.slug}/melden/", {"kind": "andere", "text": MARK}),
        ("/wachtwoord-vergeten/", {}),
        (
            "/toegang-aanvragen/",
            {"full_name": MARK, "function": MARK, "local_government": gov("Gent").pk, "motivation": MARK},
        ),
    ]
    for url, data in forms:
        with django_capture_on_commit_callbacks(execute=True):
            answer = client.post(url, {"email": victim, "website": "", **data})
        assert answer.status_code in (200, 302), url
    to_victim = [message for message in mail.outbox if victim in message.to]
    assert [m.subject for m in to_victim] == [
        "Bevestig uw e-mailmelding van Vlaanderen helpt",
        "Bevestig uw e-mailmelding van Vlaanderen helpt",
        "Bevestig uw e-mailmelding van Vlaanderen helpt",
        "Bevestig uw e-mailmelding van Vlaanderen helpt",
        "Bevestig uw suggestie voor “Handreiking”",
    ]
    for message in to_victim:
        assert MARK not in message.subject + message.body + message.alternatives[0][0]
