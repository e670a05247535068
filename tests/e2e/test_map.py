"""A municipal employee looks at the map: who near them shared something, by keyboard as well as by mouse."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shared(seeded, make_practice):
    make_practice("Hasselt", title="Bestekmodel mondmaskers", themes=["zorg-en-opvang"], partners=["Genk"])
    make_practice("Hasselt", title="Relancepremie", themes=["economie"])
    make_practice("Leuven", title="Terrassen", themes=["economie"])


def test_the_keyboard_reaches_every_municipality_on_the_map_and_opens_one(page, live_server, shared, axe):
    page.goto(live_server.url + "/kaart/?thema=economie")
    axe(page)
    expect(page.get_by_role("link", name="Hasselt: 1 praktijkvoorbeeld", exact=True)).to_be_visible()
    reached = []
    for _ in range(400):
        page.keyboard.press("Tab")
        nis = page.evaluate("document.activeElement.getAttribute('data-nis')")
        if nis:
            reached.append(nis)
        elif reached:
            break  # past the map: the table follows
    assert len(reached) == len(set(reached)) == 285
    # Back to Hasselt with Shift+Tab, and open it with Enter.
    while page.evaluate("document.activeElement.getAttribute('data-nis')") != "71072":
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Hasselt")).to_be_visible()
    expect(page.get_by_role("img", name="Ligging van Hasselt in Vlaanderen")).to_be_visible()
    axe(page)


def test_the_map_and_its_table_work_without_javascript_and_on_a_phone(page_without_js, live_server, shared):
    page = page_without_js
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live_server.url + "/praktijken/?thema=economie")
    page.get_by_role("link", name="Toon op de kaart").click()
    expect(page.get_by_role("heading", level=1, name="Praktijkvoorbeelden op de kaart")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.get_by_role("link", name="Praktijkvoorbeelden (sorteer van meeste naar minste)").click()
    first = page.locator(".map-table tbody tr").first
    expect(first).to_contain_text("Hasselt")
    expect(first).to_contain_text("1")
    page.get_by_role("link", name="Toon deze selectie als lijst").click()
    expect(page.get_by_role("heading", name="2 praktijkvoorbeelden gevonden")).to_be_visible()
