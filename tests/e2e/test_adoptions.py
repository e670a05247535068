"""An official of Leuven says Leuven took a practice of Gent over; an editor publishes it; Gent sees it."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_record_review_and_show_an_adoption(
    page, live_server, seeded, make_practice, official_a, official_b, editor, axe
):
    original = make_practice("Gent", title="Waardebonnen voor de lokale handel", themes=["economie"])
    base = live_server.url
    log_in(page, live_server, official_b.email)
    page.goto(base + original.get_absolute_url())
    page.get_by_role("link", name="Nam uw bestuur dit over? Laat het weten").click()
    expect(page.get_by_role("heading", level=1, name="Wij namen dit over")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    expect(page.locator(".field-error").first).to_be_visible()
    axe(page)
    page.get_by_label("Overgenomen en aangepast").check()
    page.get_by_label("Sinds wanneer?").fill("2021-03-15")
    page.get_by_label("Wat deed u anders?").fill("Bonnen van 10 euro in plaats van 20.")
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_text("De redactie bekijkt uw melding")).to_be_visible()

    log_in(page, live_server, editor.email)
    page.goto(base + "/redactie/")
    page.get_by_role("link", name="1 overname wacht").click()
    expect(page.get_by_role("heading", level=1, name="Overnames die wachten")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Leuven nam “Waardebonnen voor de lokale handel” over").click()
    expect(page.get_by_role("heading", level=1, name="Overname door Leuven")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Niet publiceren").click()
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Publiceren", exact=True).click()
    expect(page.get_by_text("De overname staat nu bij het praktijkvoorbeeld.")).to_be_visible()

    page.context.clear_cookies()
    page.goto(base + original.get_absolute_url())
    expect(page.get_by_role("heading", level=2, name="Overgenomen door Leuven")).to_be_visible()
    expect(page.get_by_text("Bonnen van 10 euro in plaats van 20.")).to_be_visible()
    axe(page)
    assert any(m.to == [official_a.email] and m.subject == "Leuven nam uw praktijkvoorbeeld over" for m in mail.outbox)
