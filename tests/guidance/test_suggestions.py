"""Suggestions from the field: sent by anyone, confirmed by e-mail, triaged, taken in or declined."""

import re

import pytest
from django.core import mail

from guidance import services
from guidance.models import GuidanceDecision, Suggestion
from guidance.services import SectionText as S

SITE = "https://vlaanderenhelpt.example"


@pytest.fixture
def document(editor, settings):
    settings.SITE_URL = SITE
    doc = services.create_document(
        editor=editor,
        title="Lokale besturen als motor van post-corona herstel",
        sections=[S("Inleiding", "Over herstel.", "inleiding"), S("Economie", "Steun de handel.", "economie")],
    )
    services.publish(draft=doc.versions.get(), editor=editor, change_note="Eerste versie.", is_major=True)
    return doc


def form(**overrides):
    data = {
        "anchor": "economie",
        "text": "Bevraag de ondernemers eerst.",
        "organisation_type": "lokaal_bestuur",
        "organisation": "Gemeente Zottegem",
        "name": "Pieter De Smet",
        "email": "pieter@example.org",
        "website": "",
    }
    data.update(overrides)
    return data


def test_a_suggestion_is_sent_confirmed_triaged_and_taken_in(
    client, document, editor, django_capture_on_commit_callbacks
):
    url = f"{document.get_absolute_url()}suggestie/"
    assert 'value="economie" selected' in client.get(url, {"onderdeel": "economie"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form())
    assert response["Location"] == f"{url}verstuurd/"
    suggestion = Suggestion.objects.get()
    assert suggestion.status == Suggestion.Status.UNCONFIRMED and suggestion.section_title == "Economie"
    assert mail.outbox[0].to == ["pieter@example.org"]
    link = re.search(rf"{SITE}(/handreikingen/suggestie-bevestigen/\S+/)", mail.outbox[0].body).group(1)

    client.force_login(editor)
    assert "Bevraag de ondernemers" not in client.get("/redactie/suggesties/").content.decode()  # not yet confirmed
    client.logout()

    assert "Ja, stuur mijn suggestie" in client.get(link).content.decode()  # a GET confirms nothing
    assert Suggestion.objects.get().status == Suggestion.Status.UNCONFIRMED
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(link, follow=True).content.decode()
    assert "Uw suggestie is bevestigd en ligt nu bij de redactie." in confirmed
    assert Suggestion.objects.get().status == Suggestion.Status.NEW
    told = [m for m in mail.outbox if m.to == [editor.email]]
    assert len(told) == 1 and told[0].subject.startswith("Nieuwe suggestie voor")
    assert f"{SITE}/redactie/suggesties/{suggestion.pk}/" in told[0].body
    assert client.get(link).status_code == 404  # single use

    client.force_login(editor)
    queue = client.get("/redactie/suggesties/").content.decode()
    assert "Bevraag de ondernemers eerst." in queue and "Gemeente Zottegem" in queue
    client.post(f"/redactie/suggesties/{suggestion.pk}/", {"actie": "nemen"})
    assert Suggestion.objects.get().status == Suggestion.Status.IN_PROGRESS

    draft = services.start_draft(document=document, editor=editor)
    services.save_sections(
        draft=draft,
        editor=editor,
        sections=[
            S("Inleiding", "Over herstel.", "inleiding"),
            S("Economie", "Bevraag eerst de ondernemers. Steun de handel.", "economie"),
        ],
    )
    publish_page = client.get(f"/redactie/handreikingen/{document.slug}/concept/publiceren/").content.decode()
    assert "Economie: Bevraag de ondernemers eerst." in publish_page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/redactie/handreikingen/{document.slug}/concept/publiceren/",
            {"kind": "klein", "change_note": "Economie aangevuld.", "suggestions": [suggestion.pk], "revisie": "1"},
        )
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.TAKEN_IN and suggestion.taken_in.number == 2
    message = mail.outbox[-1]
    assert message.to == ["pieter@example.org"] and "verwerkt in versie 2" in message.body
    assert f"{SITE}/handreikingen/{document.slug}/vergelijk/?van=1&naar=2" in message.body
    actions = list(GuidanceDecision.objects.filter(suggestion=suggestion).values_list("action", flat=True))
    assert actions == ["suggestion_confirm", "suggestion_take", "suggestion_take_in"]

    client.logout()
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Verwerkte suggesties:" in page and "Bevraag de ondernemers eerst." in page
    for personal in ("Pieter", "pieter@example.org", "Zottegem"):
        assert personal not in page  # the sources of a change carry no personal data
    versions = client.get(f"{document.get_absolute_url()}versies/").content.decode()
    assert "1 suggestie verwerkt" in versions and "0 suggesties verwerkt" in versions


def test_a_declined_suggestion_tells_the_sender_why(client, document, editor, django_capture_on_commit_callbacks):
    suggestion = services.send_suggestion(
        document=document, text="Maak het korter.", organisation_type="burger", name="Jan", email="jan@example.org"
    )
    services.confirm_suggestion(token=suggestion.confirmation_token)
    client.force_login(editor)
    url = f"/redactie/suggesties/{suggestion.pk}/"
    html = client.post(url, {"actie": "afwijzen", "reason": ""}).content.decode()
    assert "Schrijf waarom de suggestie niet weerhouden wordt." in html and 'class="error-summary"' in html
    assert Suggestion.objects.get().status == Suggestion.Status.NEW
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"actie": "afwijzen", "reason": "Dat valt buiten deze handreiking."})
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.DECLINED and suggestion.handled_by == editor
    assert mail.outbox[-1].to == ["jan@example.org"] and "Dat valt buiten deze handreiking." in mail.outbox[-1].body
    again = client.post(url, {"actie": "nemen"}, follow=True).content.decode()
    assert "al beslist door" in again and "niet weerhouden); er is niets veranderd." in again


def test_a_logged_in_sender_with_their_own_address_needs_no_confirmation(client, document, official_a):
    client.force_login(official_a)
    form_page = client.get(f"{document.get_absolute_url()}suggestie/").content.decode()
    assert (
        'value="Gent"' in form_page
        and 'value="lokaal_bestuur" required id="id_organisation_type_0" checked' in form_page
    )
    response = client.post(f"{document.get_absolute_url()}suggestie/", form(email="AMBTENAAR@gent.be"))
    assert response["Location"].endswith("verstuurd/?bevestigd=1")
    suggestion = Suggestion.objects.get()
    assert suggestion.status == Suggestion.Status.NEW and suggestion.sent_by == official_a


def test_the_honeypot_stores_nothing_silently_and_a_limited_person_is_told(client, document):
    url = f"{document.get_absolute_url()}suggestie/"
    bot = client.post(url, form(website="http://spam.example"))
    assert bot["Location"] == f"{url}verstuurd/" and not Suggestion.objects.exists()
    answers = [client.post(url, form(text=f"Suggestie {n}")).status_code for n in range(6)]
    assert answers == [302] * 5 + [429]
    assert Suggestion.objects.count() == 5


def test_bad_input_gets_clear_errors_and_nothing_is_stored(client, document):
    url = f"{document.get_absolute_url()}suggestie/"
    html = client.post(
        url, form(text="x" * 5001, email="geen-adres", organisation_type="hacker", anchor="nergens")
    ).content.decode()
    assert 'class="error-summary"' in html
    assert "niet meer dan 5000 tekens" in html and "Voer een geldig e-mailadres in." in html
    assert html.count("is geen beschikbare keuze") >= 2  # forged organisation type and section
    assert not Suggestion.objects.exists()


def test_script_in_a_suggestion_stays_inert_everywhere(client, document, editor):
    suggestion = services.send_suggestion(
        document=document,
        anchor="economie",
        text='<script>alert("x")</script> Meer steun.',
        organisation_type="andere",
        name="<img src=x onerror=alert(1)>",
        email="a@example.org",
    )
    services.confirm_suggestion(token=suggestion.confirmation_token)
    draft = services.start_draft(document=document, editor=editor)
    services.publish(draft=draft, editor=editor, change_note="", is_major=False, suggestions=[suggestion])
    client.force_login(editor)
    for url in (
        "/redactie/suggesties/?toon=verwerkt",
        f"/redactie/suggesties/{suggestion.pk}/",
        document.get_absolute_url(),
    ):
        html = client.get(url).content.decode()
        assert '<script>alert("x")</script>' not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html


def test_suggestions_on_a_draft_or_unknown_section_are_refused(document, editor):
    with pytest.raises(services.GuidanceError, match="bestaat niet"):
        services.send_suggestion(
            document=document, anchor="onbekend", text="x", organisation_type="burger", name="x", email="x@example.org"
        )
    secret = services.create_document(editor=editor, title="Geheim", sections=[S("Deel", "")])
    with pytest.raises(services.GuidanceError, match="geen suggesties"):
        services.send_suggestion(document=secret, text="x", organisation_type="burger", name="x", email="x@example.org")


@pytest.mark.parametrize("count", [1, 30])
def test_the_triage_list_stays_within_its_query_budget(client, document, editor, count, django_assert_max_num_queries):
    for n in range(count):
        sent = services.send_suggestion(
            document=document,
            anchor="economie",
            text=f"Suggestie {n}",
            organisation_type="burger",
            name="Jan",
            email=f"jan{n}@example.org",
        )
        services.confirm_suggestion(token=sent.confirmation_token)
    client.force_login(editor)
    with django_assert_max_num_queries(8):
        html = client.get("/redactie/suggesties/").content.decode()
    assert html.count("/redactie/suggesties/") - 1 == count  # one link per suggestion, plus the breadcrumb


def test_a_suggestion_on_the_whole_document_shows_as_a_source_of_the_version(client, document, editor):
    sent = services.send_suggestion(
        document=document,
        text="Zet de tips per doelgroep.",
        organisation_type="burger",
        name="An",
        email="an@example.org",
    )
    services.confirm_suggestion(token=sent.confirmation_token)
    draft = services.start_draft(document=document, editor=editor)
    services.publish(draft=draft, editor=editor, change_note="", is_major=False, suggestions=[sent])
    html = client.get(document.get_absolute_url()).content.decode()
    assert "Bronnen van deze wijziging voor de hele handreiking" in html and "Zet de tips per doelgroep." in html


def test_the_confirmation_mail_carries_no_text_of_the_senders_choosing(
    client, document, django_capture_on_commit_callbacks
):
    """Otherwise anyone could make the portal mail any address a message with a link of their choice."""
    lure = "Uw account wordt afgesloten: bel https://phish.example/login"
    url = f"{document.get_absolute_url()}suggestie/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, form(name=lure, organisation=lure, text=lure, email="slachtoffer@example.org"))
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    for part in (message.subject, message.body, html):
        assert "phish.example" not in part and "afgesloten" not in part
    assert re.findall(r'href="([^"]+)"', html) == [
        re.search(rf"{SITE}/handreikingen/suggestie-bevestigen/\S+/", message.body).group()
    ]


def test_addresses_in_a_mail_only_link_when_they_are_on_this_site(settings):
    from vlaanderenhelpt.mail import as_html

    settings.SITE_URL = SITE
    html = as_html(f"Zie {SITE}/praktijken/x/?a=1&b=2 en niet https://phish.example/<b>login</b>")
    assert re.findall(r'href="([^"]+)"', html) == [f"{SITE}/praktijken/x/?a=1&amp;b=2"]
    assert "&lt;b&gt;login&lt;/b&gt;" in html
