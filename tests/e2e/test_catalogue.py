"""A municipal employee looks for an example, filters, opens it and downloads its template."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, PDF_BYTES
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue(seeded, make_practice):
    practice = make_practice(
        "Hasselt",
        title="Bestekmodel voor de aankoop van mondmaskers",
        summary="Het bestek waarmee we mondmaskers voor alle inwoners aankochten.",
        description="We kochten **85.000** herbruikbare mondmaskers via een onderhandelingsprocedure.",
        themes=["zorg-en-opvang", "veiligheid-en-handhaving"],
        target_groups=["inwoners"],
        tags=["mondmaskers", "bestek"],
        kind="sjabloon",
        partners=["Genk"],
        contact_name="Jan Peeters",
        contact_email="jan@hasselt.be",
        contact_consent=True,
        files=[("bestekmodel-mondmaskers.pdf", PDF_BYTES)],
    )
    make_practice(
        title="Mondmaskers naaien met lokale ateliers",
        summary="Vrijwilligers naaiden mondmaskers voor zorgvoorzieningen.",
        themes=["solidariteit"],
        target_groups=["kwetsbare-groepen"],
    )
    make_practice("Leuven", title="Relancepremie voor handelaars", themes=["economie"])
    return practice


def test_search_filter_open_download_and_back(page, live_server, catalogue):
    page.goto(live_server.url + "/")
    page.get_by_label("Zoek een praktijkvoorbeeld").fill("mondmaskers")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("heading", name="2 praktijkvoorbeelden gevonden")).to_be_visible()

    page.get_by_role("link", name=re.compile(r"^Zorg & opvang \(1\)")).click()
    expect(page).to_have_url(re.compile(r"thema=zorg-en-opvang"))
    expect(page.get_by_role("heading", name="1 praktijkvoorbeeld gevonden")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Zoekterm: “mondmaskers”"))).to_be_visible()

    page.get_by_role("link", name="Bestekmodel voor de aankoop van mondmaskers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bestekmodel voor de aankoop van mondmaskers")
    expect(page.locator("strong", has_text="85.000")).to_be_visible()
    expect(page.get_by_text("Jan Peeters")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="bestekmodel-mondmaskers.pdf", exact=True).click()
    download = download_info.value
    assert download.suggested_filename == "bestekmodel-mondmaskers.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read() == PDF_BYTES

    page.go_back()
    expect(page).to_have_url(re.compile(r"q=mondmaskers&thema=zorg-en-opvang"))
    expect(page.get_by_role("heading", name="1 praktijkvoorbeeld gevonden")).to_be_visible()
    expect(page.get_by_label("Zoeken in praktijkvoorbeelden")).to_have_value("mondmaskers")


def test_filters_and_sorting_work_without_javascript(page_without_js, live_server, catalogue):
    page = page_without_js
    page.goto(live_server.url + "/praktijken/")
    expect(page.get_by_role("heading", name="3 praktijkvoorbeelden gevonden")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Economie \(1\)")).click()
    expect(page.get_by_role("heading", name="1 praktijkvoorbeeld gevonden")).to_be_visible()
    page.get_by_label("Sorteer op").select_option("titel")
    page.get_by_role("button", name="Sorteren").click()
    expect(page).to_have_url(re.compile(r"thema=economie.*sorteer=titel"))
    expect(page.get_by_role("link", name="Relancepremie voor handelaars")).to_be_visible()


def test_sorting_waits_for_the_button_and_lands_at_the_results(page, live_server, catalogue):
    page.goto(live_server.url + "/praktijken/")
    select = page.get_by_label("Sorteer op")
    select.focus()
    page.keyboard.press("ArrowDown")  # choosing with the arrow keys does not leave the page (WCAG 3.2.2)
    page.wait_for_timeout(300)
    expect(page).to_have_url(live_server.url + "/praktijken/")
    select.select_option("titel")
    page.get_by_role("button", name="Sorteren").click()
    expect(page).to_have_url(re.compile(r"sorteer=titel.*#results-title$"))
    first = page.locator(".card-title a").first
    expect(first).to_have_text("Bestekmodel voor de aankoop van mondmaskers")
    # The filters are folded on a phone, with the number of active ones; the results come first.
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live_server.url + "/praktijken/?thema=economie&fase=lockdown")
    summary = page.locator(".filters summary")
    expect(summary).to_have_text("Filters en sorteren (2 actief)")
    expect(page.locator(".facets").get_by_role("link", name=re.compile("^Solidariteit"))).to_be_hidden()
    summary.click()
    expect(page.locator(".facets").get_by_role("link", name=re.compile("^Solidariteit"))).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/praktijken/")
    expect(page.locator(".filters summary")).to_be_hidden()
    expect(page.locator(".facets").get_by_role("link", name=re.compile("^Solidariteit"))).to_be_visible()


@pytest.mark.parametrize("logged_in", [False, True])
def test_on_a_phone_the_count_and_the_first_result_come_within_a_screen_and_a_half(
    page, live_server, catalogue, official_a, logged_in
):
    """At 320 px the results come first: the count and the first result within 900 px of the top,
    searched and filtered, logged in or not (a logged-in header is taller)."""
    if logged_in:
        log_in(page, live_server, official_a.email)
    page.set_viewport_size({"width": 320, "height": 600})
    page.goto(live_server.url + "/praktijken/?q=mondmaskers&thema=zorg-en-opvang&doelgroep=inwoners")
    count = page.get_by_role("heading", name="1 praktijkvoorbeeld gevonden")
    first = page.locator(".card").first
    expect(first).to_contain_text("Bestekmodel voor de aankoop van mondmaskers")
    assert count.bounding_box()["y"] < first.bounding_box()["y"]
    assert first.bounding_box()["y"] <= 900
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    # Sorting and every filter are one disclosure away, before the results.
    page.locator(".filters summary").click()
    expect(page.get_by_label("Sorteer op")).to_be_visible()


def test_the_skip_link_is_the_first_stop_for_the_keyboard(page, live_server, catalogue):
    page.goto(live_server.url + "/praktijken/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#inhoud$"))
    # From the content, the keyboard reaches the search field and a facet link.
    page.get_by_label("Zoeken in praktijkvoorbeelden").focus()
    page.keyboard.type("handelaars")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="1 praktijkvoorbeeld gevonden")).to_be_visible()


PAGES = [
    ("home", "/"),
    ("list", "/praktijken/"),
    ("list with filters", "/praktijken/?q=mondmaskers&thema=zorg-en-opvang"),
    ("list without results", "/praktijken/?q=onvindbaar&thema=cultuur"),
    ("detail", "/praktijken/bestekmodel-voor-de-aankoop-van-mondmaskers/"),
    ("governments", "/besturen/"),
    ("government", "/besturen/71072/"),
    ("government without practices", "/besturen/44083/"),
    ("open data", "/open-data/"),
    ("guidance", "/handreikingen/"),
    ("about", "/over/"),
    ("criteria", "/over/criteria/"),
    ("request access", "/toegang-aanvragen/"),
    ("accessibility", "/toegankelijkheid/"),
    ("privacy", "/privacy/"),
    ("login", "/aanmelden/"),
    ("404", "/bestaat-niet/"),
]


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_every_public_page_has_no_accessibility_violations(page, live_server, catalogue, axe, name, path):
    response = page.goto(live_server.url + path)
    assert response.status == (404 if name == "404" else 200)
    expect(page.locator("h1")).to_have_count(1)
    axe(page)


def test_the_login_error_state_has_no_accessibility_violations(page, live_server, seeded, axe):
    page.goto(live_server.url + "/aanmelden/")
    page.get_by_label("E-mailadres").fill("niemand@gent.be")
    page.get_by_label("Wachtwoord").fill("fout")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    expect(page.locator(".error-summary")).to_be_focused()
    axe(page)


def test_a_limited_reader_and_a_locked_account_are_told_so_accessibly(page, live_server, catalogue, official_a, axe):
    """The Dutch 429 page of the rate limit and the page of a locked log-in, as a person reaches them."""
    for _ in range(6):
        page.goto(f"{live_server.url}{catalogue.get_absolute_url()}melden/")
        page.get_by_label("De informatie is verouderd").check()
        page.get_by_label("Toelichting").fill("Het telefoonnummer klopt niet meer.")
        page.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_role("heading", name="Even geduld")).to_be_visible()
    expect(page.get_by_text("U deed dit het afgelopen uur al te vaak")).to_be_visible()
    axe(page)

    for password in ["fout"] * 5 + [PASSWORD]:
        page.goto(live_server.url + "/aanmelden/")
        page.get_by_label("E-mailadres").fill("ambtenaar@gent.be")
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", name="Aanmelden tijdelijk geblokkeerd")).to_be_visible()
    expect(page.get_by_text("de volgende minuut")).to_be_visible()
    axe(page)


def test_the_accessibility_check_catches_a_violation(page, axe):
    page.set_content('<html lang="nl"><body><main><h1>Proef</h1><img src="x.png"><input></main></body></html>')
    with pytest.raises(AssertionError, match="image-alt"):
        axe(page)


def test_account_pages_have_no_accessibility_violations(page, live_server, seeded, official_a, axe):
    from tests.conftest import PASSWORD

    page.goto(live_server.url + "/wachtwoord-vergeten/")
    axe(page)
    page.get_by_label("E-mailadres").fill("ambtenaar@gent.be")
    page.get_by_role("button", name="Stuur de link").click()
    expect(page.get_by_role("heading", name="Controleer uw e-mail")).to_be_visible()
    axe(page)

    page.goto(live_server.url + "/aanmelden/")
    page.get_by_label("E-mailadres").fill("ambtenaar@gent.be")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", name="Mijn praktijkvoorbeelden")).to_be_visible()  # an official's landing
    page.goto(live_server.url + "/profiel/")
    expect(page.get_by_role("heading", name="Mijn profiel")).to_be_visible()
    expect(page.get_by_role("link", name="Gent")).to_be_visible()
    axe(page)

    page.get_by_role("link", name="Wachtwoord wijzigen").click()
    page.get_by_role("button", name="Wachtwoord wijzigen").click()  # empty: every field in error
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    axe(page)


def test_an_official_fills_the_steps_meets_the_errors_and_submits(page, live_server, seeded, official_a, axe, tmp_path):
    log_in(page, live_server, "ambtenaar@gent.be")
    page.get_by_role("link", name="Mijn praktijken").click()
    expect(page.get_by_role("heading", name="Mijn praktijkvoorbeelden")).to_be_visible()
    axe(page)

    page.get_by_role("link", name="Nieuw praktijkvoorbeeld").click()
    expect(page.get_by_label("Titel")).to_be_visible()  # arrived: axe reads this page
    axe(page)
    page.get_by_label("Titel").fill("Buurtbellers tegen eenzaamheid")
    page.get_by_role("button", name="Bewaren en verder").click()
    page.get_by_label("Wat hebben we gedaan?").fill("We belden **3.200** mensen.")
    expect(page.locator("#id_description_preview strong")).to_have_text("3.200")
    page.get_by_role("button", name="Bewaren en naar het overzicht").click()

    # The check page says what is still missing, and each item leads to its field.
    page.get_by_role("link", name="Controleren en indienen").click()
    expect(page.get_by_role("button", name="Indienen bij de redactie")).to_have_count(0)
    axe(page)
    page.get_by_role("link", name="Vul een samenvatting in.").click()
    expect(page.get_by_label("Titel")).to_have_value("Buurtbellers tegen eenzaamheid")
    page.get_by_label("Samenvatting").fill("Vrijwilligers belden wekelijks alleenstaande ouderen.")
    page.get_by_label("Solidariteit").check()
    page.get_by_role("button", name="Bewaren en naar het overzicht").click()

    # A wrong e-mail address: the error at the field, a summary on top, "Fout:" in the title.
    page.get_by_role("link", name="Contactpersoon").click()
    page.get_by_label("E-mail contactpersoon").fill("jan-at-gent")
    page.get_by_role("button", name="Bewaren en verder").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("^Fout: Contactpersoon"))
    axe(page)
    page.get_by_label("E-mail contactpersoon").fill("jan@gent.be")
    page.get_by_role("button", name="Bewaren en verder").click()

    template = tmp_path / "belscript.pdf"
    template.write_bytes(PDF_BYTES)
    page.get_by_label("Bijlagen toevoegen").set_input_files(str(template))
    page.get_by_role("button", name="Bewaren en controleren").click()
    expect(page.get_by_role("heading", name="Controleer uw praktijkvoorbeeld")).to_be_visible()
    expect(page.locator(".summary-list strong", has_text="3.200")).to_be_visible()
    expect(page.get_by_text("belscript")).to_be_visible()
    axe(page)

    page.get_by_role("button", name="Indienen bij de redactie").click()
    expect(page.get_by_role("heading", name="Praktijkvoorbeeld ingediend")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Naar uw praktijkvoorbeeld").click()
    expect(page.locator(".kicker .tag")).to_have_text("Ingediend, wacht op beoordeling")
    axe(page)
