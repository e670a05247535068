"""A municipal employee asks to be told of new examples for a search, confirms from the e-mail, gets the
alert when one is published, and leaves with the link in it."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _link(message, pattern):
    return re.search(rf"https?://\S+?({pattern})", message.body).group(1)


def test_subscribe_confirm_receive_and_unsubscribe(page, live_server, seeded, make_practice, axe):
    make_practice("Gent", title="Zomerterrassen voor de horeca", themes=["economie"])
    base = live_server.url
    page.goto(base + "/praktijken/?thema=economie")
    page.get_by_role("link", name="Ontvang een e-mail bij nieuwe voorbeelden").click()
    expect(page.get_by_role("heading", level=1, name="Een e-mail bij nieuwe voorbeelden")).to_be_visible()
    expect(page.locator(".alert-target")).to_have_text("Economie")
    axe(page)

    # Sent empty first: the error at the field and in the summary.
    page.get_by_role("button", name="Melding aanzetten").click()
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    expect(page.locator(".field-error").first).to_contain_text("Vul uw e-mailadres in.")
    axe(page)
    page.get_by_label("Uw e-mailadres").fill("lies.peeters@example.org")
    page.get_by_label("Meteen bij elk nieuw voorbeeld").check()
    page.get_by_role("button", name="Melding aanzetten").click()
    expect(page.get_by_role("heading", level=1, name="Bevestig uw e-mailadres")).to_be_visible()
    axe(page)

    confirmation = next(m for m in mail.outbox if m.to == ["lies.peeters@example.org"])
    page.goto(base + _link(confirmation, r"/meldingen/bevestigen/\S+/"))
    axe(page)
    page.get_by_role("button", name="Ja, zet mijn melding aan").click()
    expect(page.get_by_role("heading", level=1, name="Mijn e-mailmeldingen")).to_be_visible()
    expect(page.get_by_text("Uw e-mailmelding staat aan.")).to_be_visible()
    axe(page)

    make_practice("Leuven", title="Relancepremie voor handelaars", themes=["economie"])
    make_practice("Leuven", title="Zangkoren in open lucht", themes=["cultuur"])
    mail.outbox.clear()
    call_command("send_alerts", stdout=open("/dev/null", "w"))  # noqa: SIM115 — as cron runs it
    (alert,) = mail.outbox
    assert alert.to == ["lies.peeters@example.org"] and "Relancepremie voor handelaars" in alert.body
    assert "Zangkoren" not in alert.body and "Zomerterrassen" not in alert.body  # another theme; sent before it
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    page.goto(base + _link(alert, r"/praktijken/[^/\s]+/"))
    expect(page.get_by_role("heading", level=1, name="Relancepremie voor handelaars")).to_be_visible()

    page.goto(base + _link(alert, r"/meldingen/afmelden/\S+/"))
    axe(page)
    page.get_by_role("button", name="Ja, meld mij af").click()
    expect(page.get_by_role("heading", level=1, name="U bent afgemeld")).to_be_visible()
    axe(page)
    page.goto(base + _link(alert, r"/meldingen/beheren/\S+/"))
    # The address is forgotten: its link leads to the form that mails a fresh one, which answers as for any.
    expect(page.get_by_role("heading", level=1)).to_have_text("Deze link werkt niet meer")
    axe(page)
    page.get_by_role("button", name="Stuur mij een link").click()
    expect(page.get_by_text("Vul uw e-mailadres in.").first).to_be_visible()  # at the field and in the summary
    axe(page)
    page.get_by_label("Uw e-mailadres").fill("lies.peeters@example.org")
    page.get_by_role("button", name="Stuur mij een link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekijk uw mailbox")
    axe(page)


def test_follow_a_guidance_document_while_logged_in_without_confirmation(
    page, live_server, seeded, official_a, editor, axe
):
    from guidance import services
    from guidance.services import SectionText as S
    from tests.e2e.conftest import log_in

    document = services.create_document(
        editor=editor,
        title="Lokale besturen als motor van post-corona herstel",
        sections=[S("Inleiding", "Herstel.", "inleiding")],
    )
    services.publish(draft=document.versions.get(), editor=editor, change_note="Eerste versie.", is_major=True)
    log_in(page, live_server, official_a.email)
    page.goto(live_server.url + document.get_absolute_url())
    page.get_by_role("link", name="Volg deze handreiking per e-mail").click()
    expect(page.get_by_label("Uw e-mailadres")).to_have_value(official_a.email)
    page.get_by_role("button", name="Melding aanzetten").click()
    expect(page.get_by_role("heading", level=1, name="Uw melding staat aan")).to_be_visible()
    axe(page)
    assert not [m for m in mail.outbox if m.to == [official_a.email]]
