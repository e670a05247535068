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


def press(page, selector):
    """Tab to a link or button and press Enter; wait for the page it leads to."""
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def task_status(page, slug):
    return page.locator(f"#task-{slug}-status").inner_text()


def test_share_a_practice_step_by_step_with_the_keyboard_alone(page, live_server, seeded, official_a, editor, axe):
    from practices.models import Practice, Status

    # From the home page's way in, through the log-in, to the dashboard.
    page.context.clear_cookies()
    page.goto(live_server.url + "/")
    press(page, 'a[href="/aanmelden/?next=/mijn-praktijken/"]')
    tab_to(page, "#id_username")
    page.keyboard.type("ambtenaar@gent.be")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Mijn praktijkvoorbeelden")).to_be_visible()
    assert page.url == live_server.url + "/mijn-praktijken/"

    # Step 1, left half-done: a title and a summary, no theme yet.
    press(page, 'a[href="/mijn-praktijken/nieuw/"]')
    expect(page.get_by_role("heading", name="De basis")).to_be_visible()
    axe(page)
    tab_to(page, "#id_title")
    page.keyboard.type("Met het toetsenbord ingediend")
    tab_to(page, "#id_summary")
    page.keyboard.type("Een voorbeeld dat zonder muis werd ingevuld.")
    expect(page.locator("#id_summary_count")).to_have_text("Nog 256 tekens over.")
    press(page, 'button[name="next"]')
    expect(page.get_by_role("heading", name="Wat u gedaan hebt")).to_be_visible()
    tab_to(page, "#id_description")
    page.keyboard.type("We deden **alles** met Tab en Enter.")
    press(page, 'button[name="overview"]')
    expect(page.get_by_role("heading", name="Praktijkvoorbeeld invullen")).to_be_visible()
    assert task_status(page, "basis") == "Bezig"
    assert task_status(page, "aanpak") == "Voltooid"
    assert task_status(page, "contact") == "Niet ingevuld (niet verplicht)"
    axe(page)

    # Back to step 1: what was typed is there; the theme completes it.
    press(page, 'a[href$="/bewerken/basis/"]')
    expect(page.locator("#id_title")).to_have_value("Met het toetsenbord ingediend")
    tab_to(page, 'input[name="themes"]')
    page.keyboard.press("Space")
    press(page, 'button[name="overview"]')
    assert task_status(page, "basis") == "Voltooid"

    # The other steps, each saved as it is left; a partner is added by typing its name.
    press(page, 'a[href$="/bewerken/resultaten/"]')
    tab_to(page, "#id_results")
    page.keyboard.type("Veertig buren belden elkaar wekelijks.")
    press(page, 'button[name="next"]')
    expect(page.get_by_role("heading", name="Periode, doelgroepen en partners")).to_be_visible()
    tab_to(page, "#id_partner_names")
    page.keyboard.type("Leuven")
    press(page, 'button[name="add_partner"]')
    expect(page.get_by_label("Leuven")).to_be_checked()
    axe(page)
    press(page, 'button[name="next"]')
    expect(page.get_by_role("heading", name="Contactpersoon")).to_be_visible()
    axe(page)
    press(page, 'button[name="next"]')
    expect(page.get_by_role("heading", name="Sjablonen en bijlagen")).to_be_visible()
    axe(page)
    press(page, 'button[name="next"]')

    # The check page shows the text as it will be published, then the submission and its confirmation.
    expect(page.get_by_role("heading", name="Controleer uw praktijkvoorbeeld")).to_be_visible()
    expect(page.locator(".summary-list strong", has_text="alles")).to_be_visible()
    expect(page.locator(".summary-list")).to_contain_text(["Leuven"])
    axe(page)
    tab_to(page, "#id_note_to_editors")
    page.keyboard.type("Graag snel: de zomer komt eraan.")
    press(page, 'button[name="submit"]')
    expect(page.get_by_role("heading", name="Praktijkvoorbeeld ingediend")).to_be_visible()
    expect(page.get_by_text("Wat gebeurt er nu?")).to_be_visible()
    axe(page)
    practice = Practice.objects.get(title="Met het toetsenbord ingediend")
    assert practice.status == Status.SUBMITTED
    assert practice.working_version.note_to_editors == "Graag snel: de zomer komt eraan."
    assert list(practice.working_version.partners.values_list("name", flat=True)) == ["Leuven"]

    log_in_by_keyboard(page, live_server, "redacteur@vlaanderenhelpt.be")
    press(page, 'a[href="/redactie/"]')
    expect(page.get_by_role("heading", name="Wachtrij van de redactie")).to_be_visible()
    expect(page.locator("td time")).to_have_text("vandaag")
    press(page, "td a")
    expect(page.get_by_role("heading", name="Met het toetsenbord ingediend")).to_be_visible()
    press(page, 'button[value="goedkeuren"]')
    expect(page.get_by_text("Goedgekeurd en gepubliceerd.")).to_be_visible()


def test_review_asks_for_changes_and_approves_an_update_with_the_keyboard_alone(
    page, live_server, seeded, make_practice, official_a, editor, axe
):
    from practices import services
    from practices.models import Practice, Status

    new = make_practice(stage="submitted", title="Nieuw ingediend")
    live = make_practice(title="Al gepubliceerd", summary="Blijft gelijk.")
    services.save_draft(
        practice=live, author=official_a, content=services.Content(fields={"title": "Al gepubliceerd, bijgewerkt"})
    )
    services.submit(practice=live, actor=official_a)

    log_in_by_keyboard(page, live_server, "redacteur@vlaanderenhelpt.be")
    assert page.url == live_server.url + "/redactie/"
    press(page, f'td a[href="/redactie/praktijken/{new.pk}/"]')
    expect(page.get_by_role("heading", name="Versie 1, zoals ze gepubliceerd wordt")).to_be_visible()
    axe(page)
    tab_to(page, "#toelichting")
    page.keyboard.type("Voeg cijfers over het bereik toe.")
    press(page, 'button[value="aanpassing-vragen"]')
    expect(page.get_by_text("Aanpassing gevraagd; de indiener krijgt een e-mail.")).to_be_visible()

    press(page, f'td a[href="/redactie/praktijken/{live.pk}/"]')
    expect(page.get_by_role("heading", name="Wat verandert ten opzichte van de gepubliceerde versie")).to_be_visible()
    expect(page.locator("section.change h3")).to_have_text(["Titel"])  # only the changed field
    expect(page.locator("details.unchanged summary")).to_contain_text("ongewijzigde velden tonen")
    axe(page)
    press(page, 'button[value="goedkeuren"]')
    expect(page.get_by_text("Goedgekeurd en gepubliceerd.")).to_be_visible()

    new, live = Practice.objects.get(pk=new.pk), Practice.objects.get(pk=live.pk)
    assert new.status == Status.CHANGES_REQUESTED
    assert new.decisions.last().reason == "Voeg cijfers over het bereik toe."
    assert live.status == Status.PUBLISHED and live.title == "Al gepubliceerd, bijgewerkt"


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
    tab_to(page, 'a[href$="/concept/onderdelen/handhaven/"]')
    page.keyboard.press("Enter")
    expect(page.get_by_text("Onderdeel 1 van 1")).to_be_visible()
    tab_to(page, "#id_body")
    page.keyboard.press("End")
    page.keyboard.type(" Dan waarschuwen.")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("“Handhaven” is bewaard.")).to_be_visible()
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
