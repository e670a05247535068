"""A reader opens the current guidance, an earlier version at its permanent address, and compares."""

import pytest
from playwright.sync_api import expect

from guidance import services
from guidance.services import SectionText as S

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_read_compare_and_accessibility(page, live_server, seeded, editor, axe):
    doc = services.create_document(
        editor=editor,
        title="Veilig samenkomen",
        summary="Sensibiliseren en handhaven.",
        sections=[S("Sensibiliseren", "Gebruik pictogrammen.", "sensibiliseren")],
    )
    services.publish(draft=doc.versions.get(), editor=editor, change_note="Eerste versie.", is_major=True)
    draft = services.start_draft(document=doc, editor=editor)
    services.save_sections(
        draft=draft,
        editor=editor,
        sections=[
            S("Sensibiliseren", "Gebruik pictogrammen en meerdere talen.", "sensibiliseren"),
            S("Handhaven", "Eerst aanspreken, dan waarschuwen.", "handhaven"),
        ],
    )
    services.publish(draft=draft, editor=editor, change_note="Handhaven toegevoegd.", is_major=False)

    page.goto(live_server.url + "/handreikingen/")
    axe(page)
    page.get_by_role("link", name="Veilig samenkomen").click()
    expect(page.get_by_text("Versie 2, bijgewerkt op")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Wat veranderde sinds versie 1").click()
    expect(page.locator(".diff ins").first).to_contain_text("meerdere talen")
    axe(page)
    page.goto(live_server.url + "/handreikingen/veilig-samenkomen/versies/")
    axe(page)
    page.get_by_role("link", name="Versie 1", exact=True).click()
    expect(page.get_by_text("U leest versie 1. Er is een nieuwere versie.")).to_be_visible()
    axe(page)
