"""The learning loop in the browser: a government asked for its results follows the e-mail's link and
raises the evidence level; an editor closes a period of measures, readers see the warning, and the
government's update confirming the practice still fits lifts it."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from practices import followups, periods
from practices.models import Practice
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _link(body, pattern):
    return re.search(pattern, body).group(0)


def _approve(page, live_server, title):
    log_in(page, live_server, "redacteur@vlaanderenhelpt.be")
    page.goto(live_server.url + "/redactie/")
    page.get_by_role("link", name=title).click()
    page.get_by_role("button", name="Goedkeuren en publiceren").click()
    expect(page.get_by_text("gepubliceerd").first).to_be_visible()


def test_asked_for_results_a_government_raises_its_evidence_level(
    page, live_server, seeded, make_practice, official_a, editor, axe
):
    practice = make_practice(title="Waardebonnen voor de lokale handel", results="Nog geen cijfers.", evidence="idee")
    long_ago = timezone.now() - datetime.timedelta(days=300)
    Practice.objects.filter(pk=practice.pk).update(first_published_at=long_ago, results_updated_at=long_ago)
    mail.outbox.clear()
    followups.send_results_requests(now=timezone.now() - datetime.timedelta(days=31))
    (message,) = mail.outbox
    link = _link(message.body, r"http\S+/bewerken/resultaten/")

    log_in(page, live_server, official_a.email)
    page.goto(live_server.url + link[link.index("/mijn-praktijken/") :])
    expect(page.get_by_role("heading", level=1, name="Resultaten en lessen")).to_be_visible()
    expect(page.get_by_label("Idee of belofte")).to_be_checked()
    page.get_by_label("Geëvalueerd").check()
    page.get_by_label("Resultaten en bewijs").fill("")
    page.get_by_role("button", name="Bewaren en verder").click()
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    expect(page.get_by_label("Geëvalueerd")).to_be_checked()  # what was chosen stays chosen
    axe(page)
    page.get_by_label("Resultaten en bewijs").fill("1.900 bonnen gebruikt; de evaluatie staat in de bijlage.")
    page.get_by_role("button", name="Bewaren en naar het overzicht").click()
    page.get_by_role("link", name="Controleren en indienen").click()
    page.get_by_role("button", name="Indienen bij de redactie").click()
    expect(page.get_by_role("heading", level=1, name="Update ingediend")).to_be_visible()

    log_in(page, live_server, editor.email)
    page.goto(live_server.url + "/redactie/")
    page.get_by_role("link", name="1 voorbeeld met resultaten te laat").click()
    expect(page.get_by_role("heading", level=1, name="Resultaten gevraagd, nog niet bijgewerkt")).to_be_visible()
    expect(page.get_by_role("cell", name="Idee of belofte")).to_be_visible()
    axe(page)
    _approve(page, live_server, "Waardebonnen voor de lokale handel")

    page.context.clear_cookies()
    page.goto(live_server.url + practice.get_absolute_url())
    expect(page.get_by_role("link", name="Geëvalueerd")).to_be_visible()
    expect(page.get_by_text(re.compile("resultaten bijgewerkt op"))).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Geëvalueerd").click()
    expect(page.get_by_role("heading", name=re.compile("1 praktijkvoorbeeld"))).to_be_visible()
    assert list(followups.overdue()) == []


def test_a_closed_period_warns_readers_until_the_government_confirms(
    page, live_server, seeded, make_practice, official_a, editor, axe
):
    lockdown = periods.create_period(editor=editor, name="Eerste lockdown", starts_on=datetime.date(2020, 3, 18))
    practice = make_practice(title="Boodschappendienst door vrijwilligers", periods=[lockdown])

    log_in(page, live_server, editor.email)
    page.goto(live_server.url + "/redactie/")
    page.get_by_role("link", name="Periodes van maatregelen").click()
    page.get_by_role("link", name="Eerste lockdown").click()
    expect(page.get_by_role("heading", level=1, name="Eerste lockdown")).to_be_visible()
    axe(page)
    page.get_by_label("Einde").fill("2020-05-04")
    page.get_by_role("button", name="Periode afsluiten").click()
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    axe(page)
    page.get_by_label("Waarom is ze voorbij?").fill("De winkels gingen weer open.")
    mail.outbox.clear()
    page.get_by_role("button", name="Periode afsluiten").click()
    expect(page.get_by_text("Periode afgesloten.")).to_be_visible()
    told = [m for m in mail.outbox if m.to == [official_a.email]]
    assert len(told) == 1
    page.goto(live_server.url + "/redactie/verouderd/")
    expect(page.get_by_role("link", name="Boodschappendienst door vrijwilligers")).to_be_visible()
    axe(page)

    page.context.clear_cookies()
    page.goto(live_server.url + practice.get_absolute_url())
    expect(page.get_by_role("heading", name="Mogelijk verouderd")).to_be_visible()
    expect(page.get_by_text("Toegepast onder “Eerste lockdown” (tot 4 mei 2020)", exact=False)).to_be_visible()
    axe(page)

    link = _link(told[0].body, r"http\S+/bewerken/context/")
    log_in(page, live_server, official_a.email)
    page.goto(live_server.url + link[link.index("/mijn-praktijken/") :])
    expect(page.get_by_label("Eerste lockdown")).to_be_checked()
    axe(page)
    page.get_by_label("Dit voorbeeld past nog bij de huidige regels").check()
    page.get_by_role("button", name="Bewaren en naar het overzicht").click()
    page.get_by_role("link", name="Controleren en indienen").click()
    page.get_by_role("button", name="Indienen bij de redactie").click()
    expect(page.get_by_role("heading", level=1, name="Update ingediend")).to_be_visible()
    _approve(page, live_server, "Boodschappendienst door vrijwilligers")

    page.context.clear_cookies()
    page.goto(live_server.url + practice.get_absolute_url())
    expect(page.get_by_role("heading", level=1, name="Boodschappendienst door vrijwilligers")).to_be_visible()
    expect(page.get_by_role("heading", name="Mogelijk verouderd")).to_have_count(0)
    expect(page.get_by_text(re.compile("Eerste lockdown \\(18 maart 2020 – 4 mei 2020\\)"))).to_be_visible()
