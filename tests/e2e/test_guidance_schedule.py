"""An editor sets a review date and plans the next version; the periodic command publishes it."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from guidance import services
from guidance.services import SectionText as S
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_review_date_and_a_planned_publication(page, live_server, seeded, editor, axe):
    document = services.create_document(
        editor=editor,
        title="Lokale besturen als motor van post-corona herstel",
        sections=[S("Inleiding", "Herstel.", "inleiding")],
    )
    services.publish(draft=document.versions.get(), editor=editor, change_note="Eerste versie.", is_major=True)
    base = live_server.url
    log_in(page, live_server, editor.email)
    page.goto(f"{base}/redactie/handreikingen/{document.slug}/")
    page.get_by_label("Herzien vóór").fill("2021-01-31")
    page.get_by_role("button", name="Datum bewaren").click()
    expect(page.get_by_text("De herzieningsdatum is bewaard.")).to_be_visible()
    axe(page)
    page.goto(f"{base}/redactie/handreikingen/")
    expect(page.get_by_text("te laat")).to_be_visible()
    axe(page)

    page.goto(f"{base}/redactie/handreikingen/{document.slug}/")
    page.get_by_role("button", name="Nieuw concept starten vanaf de huidige versie").click()
    expect(page.get_by_role("heading", name="Concept-versie 2", exact=False).first).to_be_visible()
    page.goto(f"{base}/redactie/handreikingen/{document.slug}/concept/publiceren/")
    moment = timezone.localtime() + timedelta(days=1)
    page.get_by_label("Wijzigingsnota").fill("Cijfers van 2021 toegevoegd.")
    page.get_by_label("Later publiceren op (niet verplicht)").fill(moment.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Versie 2 publiceren").click()
    expect(page.locator(".message-success")).to_contain_text("Versie 2 wordt gepubliceerd op")
    axe(page)
    page.goto(f"{base}/redactie/handreikingen/{document.slug}/concept/publiceren/")
    expect(page.get_by_role("button", name="Planning annuleren")).to_be_visible()
    axe(page)

    call_command("publish_planned_guidance", stdout=open("/dev/null", "w"))  # noqa: SIM115 — not yet its moment
    page.goto(base + document.get_absolute_url())
    expect(page.locator(".kicker")).to_contain_text("Versie 1,")
    services.publish_scheduled(now=timezone.now() + timedelta(days=1, minutes=1))
    page.goto(base + document.get_absolute_url())
    expect(page.locator(".kicker")).to_contain_text("Versie 2,")  # numbered and dated at publication
    expect(page.get_by_text("Cijfers van 2021 toegevoegd.")).to_be_visible()
    axe(page)
