"""The editing road of living guidance in the browser: a suggestion from the field, a new version by
an editor, the reader who compares, and the sender who hears what became of it."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from guidance import services
from guidance.models import Suggestion
from guidance.services import SectionText as S
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Lokale besturen als motor van post-corona herstel"


def publish_first_version(editor):
    doc = services.create_document(
        editor=editor,
        title=TITLE,
        summary="Informatie, tips en voorbeelden voor het herstel.",
        sections=[
            S("Inleiding", "De crisis raakt elke gemeente.", "inleiding"),
            S("Economie", "Ondersteun de lokale handel met premies.", "economie"),
            S("Zorg & opvang", "Voorzie opvang voor kinderen.", "zorg-en-opvang"),
        ],
    )
    services.publish(draft=doc.versions.get(), editor=editor, change_note="Eerste versie.", is_major=True)
    return doc


def test_suggestion_new_version_comparison_and_the_senders_mail(page, live_server, seeded, editor, make_practice, axe):
    doc = publish_first_version(editor)
    make_practice(title="Terrasuitbreiding zonder retributie voor horeca")
    base = live_server.url

    # Someone from a civil-society organisation sends a suggestion on the economy section.
    page.goto(f"{base}{doc.get_absolute_url()}")
    page.get_by_role("link", name="Suggestie over “Economie”").click()
    page.get_by_role("button", name="Suggestie versturen").click()
    expect(page.locator(".error-summary")).to_be_focused()
    axe(page)  # the form's error state
    page.get_by_label("Uw suggestie").fill("Bevraag de ondernemers eerst, en meet achteraf wat de premies opleverden.")
    page.get_by_label("middenveldorganisatie").check()
    page.get_by_label("Organisatie (niet verplicht)").fill("Unie van zelfstandige ondernemers")
    page.get_by_label("Uw naam").fill("Koen Jacobs")
    page.get_by_label("Uw e-mailadres").fill("koen.jacobs@example.org")
    page.get_by_role("button", name="Suggestie versturen").click()
    expect(page.get_by_role("heading", name="Bedankt voor uw suggestie")).to_be_visible()
    axe(page)
    confirmation = next(m for m in mail.outbox if m.to == ["koen.jacobs@example.org"])
    link = re.search(r"https?://\S+(/handreikingen/suggestie-bevestigen/\S+/)", confirmation.body).group(1)
    page.goto(base + link)
    axe(page)
    page.get_by_role("button", name="Ja, stuur mijn suggestie naar de redactie").click()
    expect(page.get_by_text("Uw suggestie is bevestigd en ligt nu bij de redactie.")).to_be_visible()
    page.goto(base + link)  # a used link says so, and what that means
    expect(page.get_by_text("Deze link is niet (meer) geldig.")).to_be_visible()
    axe(page)

    # An editor triages it, drafts version 2, edits two sections, links a practice and publishes.
    log_in(page, live_server, "redacteur@vlaanderenhelpt.be")
    page.goto(base + "/redactie/suggesties/")
    axe(page)
    page.get_by_role("link", name=re.compile("^Bevraag de ondernemers eerst")).click()
    expect(page.get_by_role("button", name="In behandeling nemen")).to_be_visible()  # arrived: axe reads this page
    axe(page)
    page.get_by_role("button", name="In behandeling nemen").click()
    expect(page.get_by_text("De suggestie is in behandeling.")).to_be_visible()

    page.goto(base + "/redactie/handreikingen/")
    axe(page)
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("button", name="Nieuw concept starten vanaf de huidige versie")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Nieuw concept starten vanaf de huidige versie").click()
    expect(page.get_by_role("heading", name=re.compile("Concept-versie 2"))).to_be_visible()
    axe(page)
    # Each section on its own page; moving one with the buttons keeps the others as they were.
    page.get_by_role("link", name=re.compile("^Bewerken.*Economie$")).click()
    expect(page.get_by_text("Onderdeel 2 van 3")).to_be_visible()
    axe(page)
    page.get_by_label("Titel van het onderdeel").fill("Economie en lokale handel")
    page.get_by_label("Tekst", exact=True).fill(
        "Bevraag de ondernemers vóór u maatregelen kiest. Ondersteun de lokale handel met premies, en meet achteraf wat ze opleverden."
    )
    page.get_by_role("button", name="Onderdeel bewaren").click()
    expect(page.get_by_text("“Economie en lokale handel” is bewaard.")).to_be_visible()
    page.get_by_role("link", name=re.compile("^Bewerken.*Zorg & opvang$")).click()
    page.get_by_label("Tekst", exact=True).fill(
        "Voorzie opvang voor kinderen, en een plan voor thuiswonende ouderen die besmet raken."
    )
    page.get_by_role("button", name="Onderdeel bewaren").click()
    page.get_by_role("button", name=re.compile("^Omhoog.*Zorg & opvang$")).click()
    expect(page.get_by_text("Het onderdeel staat een plaats hoger.")).to_be_visible()
    expect(page.locator(".section-item h2")).to_have_text(["Inleiding", "Zorg & opvang", "Economie en lokale handel"])
    axe(page)
    page.get_by_role("button", name=re.compile("^Omlaag.*Zorg & opvang$")).click()
    expect(page.locator(".section-item h2")).to_have_text(["Inleiding", "Economie en lokale handel", "Zorg & opvang"])
    page.get_by_role("link", name=re.compile("Praktijkvoorbeelden koppelen")).nth(1).click()
    page.get_by_label("Zoek een gepubliceerd praktijkvoorbeeld").fill("retributie")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_label("Terrasuitbreiding zonder retributie voor horeca")).to_be_visible()
    axe(page)
    page.get_by_label("Terrasuitbreiding zonder retributie voor horeca").check()
    page.get_by_role("button", name="Koppelingen bewaren").click()
    expect(page.get_by_text("De praktijkvoorbeelden bij “Economie en lokale handel” zijn bewaard.")).to_be_visible()
    page.get_by_role("link", name="Voorbeeld bekijken").click()
    expect(page.get_by_text("Voorbeeld van concept-versie 2: nog niet gepubliceerd.")).to_be_visible()
    axe(page)
    page.goto(f"{base}/redactie/handreikingen/{doc.slug}/concept/publiceren/")
    page.get_by_label("Grote wijziging: nieuwe of gewijzigde aanbevelingen").check()
    page.get_by_role("button", name="Versie 2 publiceren").click()
    expect(page.get_by_text("bij een grote wijziging is die verplicht").first).to_be_visible()
    axe(page)  # the publish form's error state
    page.get_by_label("Wijzigingsnota").fill(
        "Economie herschreven na input van ondernemers; opvang voor ouderen toegevoegd."
    )
    page.get_by_label(re.compile("Economie: Bevraag de ondernemers eerst")).check()
    page.get_by_role("button", name="Versie 2 publiceren").click()
    expect(page.get_by_text("Versie 2 is gepubliceerd.")).to_be_visible()

    # A reader sees the new version, opens the previous one at its address, and compares.
    page.context.clear_cookies()
    page.goto(f"{base}/handreikingen/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_text(re.compile(r"Versie 2, bijgewerkt op"))).to_be_visible()
    expect(page.locator("#economie")).to_contain_text("Terrasuitbreiding zonder retributie voor horeca")
    expect(page.locator("#economie .sources")).to_contain_text("Bevraag de ondernemers eerst")
    expect(page.locator("#economie .sources")).not_to_contain_text("Koen")
    axe(page)
    page.get_by_role("link", name="Alle versies en wat er veranderde").click()
    expect(page.get_by_text("1 suggestie verwerkt")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Versie 1", exact=True).click()
    expect(page).to_have_url(f"{base}/handreikingen/{doc.slug}/versies/1/")
    expect(page.get_by_text("U leest versie 1. Er is een nieuwere versie.")).to_be_visible()
    expect(page.locator("#economie")).to_contain_text("Ondersteun de lokale handel met premies.")
    page.goto(f"{base}/handreikingen/{doc.slug}/versies/")
    page.get_by_role("link", name="Vergelijk met versie 1").click()
    expect(page.locator(".change-changed ins, .change-renamed ins").first).to_be_visible()
    expect(page.get_by_text("Vroegere titel: “Economie”")).to_be_visible()
    expect(page.get_by_text("Inleiding — ongewijzigd")).to_be_visible()
    axe(page)

    # The sender hears it was taken in, with a link to the comparison that works.
    taken_in = next(m for m in mail.outbox if m.subject.startswith("Uw suggestie is verwerkt"))
    assert taken_in.to == ["koen.jacobs@example.org"] and "verwerkt in versie 2" in taken_in.body
    compare = re.search(r"https?://\S+(/handreikingen/\S+/vergelijk/\?van=1&naar=2)", taken_in.body).group(1)
    page.goto(base + compare)
    expect(page.get_by_role("heading", name="Versie 1 en versie 2 vergeleken")).to_be_visible()
    assert Suggestion.objects.get().status == Suggestion.Status.TAKEN_IN


def test_two_editors_on_one_draft_nothing_is_lost(
    page, page_without_js, live_server, seeded, editor, second_editor, axe
):
    doc = publish_first_version(editor)
    services.start_draft(document=doc, editor=editor)
    draft_url = f"{live_server.url}/redactie/handreikingen/{doc.slug}/concept/"
    url = f"{draft_url}alles/"  # every section in one form
    log_in(page, live_server, "redacteur@vlaanderenhelpt.be")
    page.goto(url)
    log_in(page_without_js, live_server, "redacteur2@vlaanderenhelpt.be")
    page_without_js.goto(url)

    page_without_js.locator("#id_onderdelen-1-body").fill("Ondersteun de lokale handel met premies en minder lasten.")
    page_without_js.get_by_role("button", name="Concept bewaren").click()
    expect(page_without_js.get_by_text("Het concept is bewaard.")).to_be_visible()

    page.locator("#id_onderdelen-0-body").fill("De crisis raakt elke gemeente, groot of klein.")
    page.get_by_role("button", name="Concept bewaren").click()
    expect(page.get_by_role("heading", name="Iemand anders bewaarde dit concept intussen")).to_be_visible()
    expect(page.locator(".conflict .diff ins")).to_contain_text("minder lasten")
    expect(page.locator("#id_onderdelen-0-body")).to_have_value("De crisis raakt elke gemeente, groot of klein.")
    axe(page)  # the refused save
    # Merged by hand: take over the other's economy text and save again.
    page.locator("#id_onderdelen-1-body").fill("Ondersteun de lokale handel met premies en minder lasten.")
    page.get_by_role("button", name="Concept bewaren").click()
    expect(page.get_by_text("Het concept is bewaard.")).to_be_visible()
    draft = doc.versions.get(number=2)
    assert draft.sections.get(anchor="inleiding").body == "De crisis raakt elke gemeente, groot of klein."
    assert draft.sections.get(anchor="economie").body == "Ondersteun de lokale handel met premies en minder lasten."

    # The other editor publishes (without JavaScript) while the first one is still writing.
    page.goto(url)
    page.locator("#id_onderdelen-2-body").fill("Voorzie opvang voor kinderen, ook tijdens de schoolvakanties.")
    page_without_js.goto(f"{draft_url}publiceren/")
    page_without_js.get_by_role("button", name="Versie 2 publiceren").click()
    expect(page_without_js.get_by_text("Versie 2 is gepubliceerd.")).to_be_visible()
    page.get_by_role("button", name="Concept bewaren").click()
    expect(page.get_by_role("heading", name="Dit concept werd intussen gepubliceerd")).to_be_visible()
    expect(page.locator("#id_onderdelen-2-body")).to_have_value(
        "Voorzie opvang voor kinderen, ook tijdens de schoolvakanties."
    )
    axe(page)
    page.get_by_role("button", name="Mijn tekst bewaren in een nieuw concept").click()
    expect(page.get_by_text("Uw tekst staat in een nieuw concept (versie 3).")).to_be_visible()
    third = doc.versions.get(number=3)
    assert (
        third.sections.get(anchor="zorg-en-opvang").body
        == "Voorzie opvang voor kinderen, ook tijdens de schoolvakanties."
    )


def test_the_other_editors_screens_and_their_error_states_pass_axe(page, live_server, seeded, editor, axe, tmp_path):
    doc = publish_first_version(editor)
    services.start_draft(document=doc, editor=editor)
    suggestion = services.send_suggestion(
        document=doc, text="Maak het korter.", organisation_type="burger", name="Jan", email="jan@example.org"
    )
    services.confirm_suggestion(token=suggestion.confirmation_token)
    log_in(page, live_server, "redacteur@vlaanderenhelpt.be")
    base = live_server.url

    page.goto(f"{base}/redactie/handreikingen/nieuw/")
    axe(page)
    page.get_by_role("button", name="Aanmaken").click()
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    axe(page)

    page.goto(f"{base}/redactie/handreikingen/{doc.slug}/concept/")
    disguised = tmp_path / "bestek.pdf"
    disguised.write_bytes(b"<html><script>alert(1)</script></html>")
    page.get_by_label("Bestand").set_input_files(str(disguised))
    page.get_by_role("button", name="Bijlage toevoegen").click()
    expect(page.get_by_text("De inhoud van het bestand komt niet overeen met een .pdf-bestand").first).to_be_visible()
    axe(page)

    page.goto(f"{base}/redactie/suggesties/{suggestion.pk}/")
    page.get_by_role("button", name="Niet weerhouden").click()
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    axe(page)

    page.goto(f"{base}/redactie/handreikingen/{doc.slug}/intrekken/")
    axe(page)
    page.get_by_role("button", name="Intrekken").click()
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    axe(page)
    page.get_by_label("Reden van de intrekking").fill("Vervangen door de handreiking over veilig samenkomen.")
    page.get_by_role("button", name="Intrekken").click()
    page.goto(f"{base}{doc.get_absolute_url()}")
    expect(page.get_by_role("heading", name=re.compile("Deze handreiking is ingetrokken op"))).to_be_visible()
    axe(page)
