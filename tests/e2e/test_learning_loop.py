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
from tests.e2e.conftest import log_in, submit_from_task_list

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
    submit_from_task_list(page)
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
    submit_from_task_list(page)
    expect(page.get_by_role("heading", level=1, name="Update ingediend")).to_be_visible()
    _approve(page, live_server, "Boodschappendienst door vrijwilligers")

    page.context.clear_cookies()
    page.goto(live_server.url + practice.get_absolute_url())
    expect(page.get_by_role("heading", level=1, name="Boodschappendienst door vrijwilligers")).to_be_visible()
    expect(page.get_by_role("heading", name="Mogelijk verouderd")).to_have_count(0)
    expect(page.get_by_text(re.compile("Eerste lockdown \\(18 maart 2020 – 4 mei 2020\\)"))).to_be_visible()


def test_a_template_gets_a_new_version_its_history_and_its_followers_hear_of_it(
    page, live_server, seeded, make_practice, official_a, editor, axe, tmp_path, django_capture_on_commit_callbacks
):
    from tests.conftest import PDF_BYTES

    practice = make_practice(title="Bestekmodel mondmaskers", kind="sjabloon", files=[("bestek.pdf", PDF_BYTES)])
    base = live_server.url

    # A reader follows the template from the practice page.
    page.goto(base + practice.get_absolute_url())
    page.get_by_role("link", name="Laat me weten als “bestek.pdf” wijzigt").click()
    expect(page.get_by_role("heading", level=1, name="Dit sjabloon volgen")).to_be_visible()
    axe(page)
    page.get_by_label("E-mailadres").fill("aankoper@example.org")
    page.get_by_role("button", name="Melding aanzetten").click()
    confirm = _link(mail.outbox[-1].body, r"/meldingen/bevestigen/\S+/")
    page.goto(base + confirm)
    page.get_by_role("button", name="Ja, zet mijn melding aan").click()
    expect(page.get_by_text("Uw e-mailmelding staat aan.")).to_be_visible()

    # The official uploads a corrected version through an update.
    new_file = tmp_path / "bestek-2021.pdf"
    new_file.write_bytes(PDF_BYTES.replace(b"Catalog", b"Catalog /V 2"))
    log_in(page, live_server, official_a.email)
    page.goto(f"{base}/mijn-praktijken/{practice.pk}/bewerken/bijlagen/")
    page.get_by_label("Nieuwe versie van “bestek.pdf”").set_input_files(str(new_file))
    page.get_by_role("button", name="Bewaren en naar het overzicht").click()
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    axe(page)
    page.get_by_label("Nieuwe versie van “bestek.pdf”").set_input_files(str(new_file))
    page.get_by_label("Wat is er veranderd in “bestek.pdf”?").fill("Boete verlaagd tot 0,3 % per dag.")
    page.get_by_role("button", name="Bewaren en naar het overzicht").click()
    submit_from_task_list(page)
    expect(page.get_by_role("heading", level=1, name="Update ingediend")).to_be_visible()
    _approve(page, live_server, "Bestekmodel mondmaskers")

    page.context.clear_cookies()
    page.goto(base + practice.get_absolute_url())
    expect(page.get_by_text("versie 2 van 2", exact=False)).to_be_visible()
    expect(page.get_by_text("Nieuw in deze versie: Boete verlaagd tot 0,3 % per dag.")).to_be_visible()
    page.get_by_text("Eerdere versies van “bestek.pdf”").click()
    axe(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="versie 1 van 2").click()
    assert download.value.path().read_bytes() == PDF_BYTES

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        import io

        from django.core.management import call_command

        call_command("send_alerts", stdout=io.StringIO())
    (message,) = mail.outbox
    assert message.to == ["aankoper@example.org"] and "Boete verlaagd tot 0,3 % per dag." in message.body
