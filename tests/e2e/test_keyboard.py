"""The road of a practice walked with the keyboard alone: Tab, typing, Space and Enter."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def tab_to(page, selector, limit=120):
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def log_in_by_keyboard(page, live_server, email):
    page.context.clear_cookies()
    page.goto(live_server.url + "/aanmelden/")
    tab_to(page, "#id_username")
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Afmelden")).to_be_visible()


def test_submit_and_approve_with_the_keyboard_alone(page, live_server, seeded, official_a, editor):
    log_in_by_keyboard(page, live_server, "ambtenaar@gent.be")

    tab_to(page, 'a[href="/mijn-praktijken/"]')
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Mijn praktijkvoorbeelden")).to_be_visible()
    tab_to(page, 'a[href="/mijn-praktijken/nieuw/"]')
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Nieuw praktijkvoorbeeld")).to_be_visible()
    tab_to(page, "#id_title")
    page.keyboard.type("Met het toetsenbord ingediend")
    tab_to(page, "#id_summary")
    page.keyboard.type("Een voorbeeld dat zonder muis werd ingevuld.")
    tab_to(page, "#id_description")
    page.keyboard.type("We deden alles met Tab en Enter.")
    tab_to(page, 'input[name="themes"]')
    page.keyboard.press("Space")
    tab_to(page, 'button[name="submit"]')
    page.keyboard.press("Enter")
    expect(page.get_by_text("Status: Ingediend, wacht op beoordeling")).to_be_visible()

    log_in_by_keyboard(page, live_server, "redacteur@vlaanderenhelpt.be")
    tab_to(page, 'a[href="/redactie/"]')
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Wachtrij van de redactie")).to_be_visible()
    tab_to(page, "td a")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Met het toetsenbord ingediend")).to_be_visible()
    tab_to(page, 'button[value="goedkeuren"]')
    page.keyboard.press("Enter")
    expect(page.get_by_text("Goedgekeurd en gepubliceerd.")).to_be_visible()


def test_publish_a_guidance_version_with_the_keyboard_alone(page, live_server, seeded, editor):
    from guidance import services
    from guidance.services import SectionText as S

    doc = services.create_document(
        editor=editor, title="Veilig samenkomen", sections=[S("Handhaven", "Eerst aanspreken.")]
    )
    services.publish(draft=doc.versions.get(), editor=editor, change_note="Eerste versie.", is_major=True)
    log_in_by_keyboard(page, live_server, "redacteur@vlaanderenhelpt.be")
    tab_to(page, 'a[href="/redactie/"]')
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Wachtrij van de redactie")).to_be_visible()
    tab_to(page, 'a[href="/redactie/handreikingen/"]')
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Handreikingen beheren")).to_be_visible()
    tab_to(page, f'a[href="/redactie/handreikingen/{doc.slug}/"]')
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Veilig samenkomen")).to_be_visible()
    tab_to(page, "form[action$='/concept/starten/'] button")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Er is een nieuw concept")).to_be_visible()
    tab_to(page, "#id_onderdelen-0-body")
    page.keyboard.press("End")
    page.keyboard.type(" Dan waarschuwen.")
    tab_to(page, "form:not([enctype]) button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Het concept is bewaard.")).to_be_visible()
    tab_to(page, 'a[href$="/concept/publiceren/"]')
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Versie 2 van “Veilig samenkomen” publiceren")).to_be_visible()
    tab_to(page, 'input[name="kind"]')
    page.keyboard.press("Space")
    tab_to(page, "#id_change_note")
    page.keyboard.type("Handhaven aangevuld.")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Versie 2 is gepubliceerd.")).to_be_visible()
    assert doc.versions.get(number=2).sections.get().body == "Eerst aanspreken. Dan waarschuwen."
