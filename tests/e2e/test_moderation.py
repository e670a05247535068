"""The whole road of a practice example, in the browser, with the e-mails of each step."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.conftest import PDF_BYTES
from tests.e2e.conftest import log_in, submit_from_task_list, write_practice
from vlaanderenhelpt.tokens import token_hash

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def subjects():
    return [m.subject for m in mail.outbox]


def test_the_whole_road(page, live_server, seeded, official_a, editor, second_editor, axe, tmp_path):
    # An official writes a draft with an attachment, previews it and submits it.
    log_in(page, live_server, "ambtenaar@gent.be")
    template = tmp_path / "belscript.pdf"
    template.write_bytes(PDF_BYTES)
    write_practice(
        page,
        live_server,
        title="Buurtbellers tegen eenzaamheid",
        files=[template],
        summary="Vrijwilligers belden wekelijks alleenstaande ouderen.",
        description="We belden 3.200 mensen.",
    )
    page.get_by_role("link", name="Controleren en indienen").click()
    expect(page.get_by_text("belscript")).to_be_visible()
    page.get_by_role("button", name="Indienen bij de redactie").click()
    expect(page.get_by_role("heading", name="Praktijkvoorbeeld ingediend")).to_be_visible()
    assert "Nieuwe indiening: Buurtbellers tegen eenzaamheid" in subjects()

    # An editor takes it from the queue and asks for a change.
    log_in(page, live_server, "redacteur@vlaanderenhelpt.be")
    page.get_by_role("link", name=re.compile("^Redactie")).click()
    expect(page.get_by_role("link", name="Buurtbellers tegen eenzaamheid")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Buurtbellers tegen eenzaamheid").click()
    page.get_by_role("button", name="Neem deze indiening").click()
    expect(page.get_by_text("U hebt deze indiening genomen.")).to_be_visible()
    axe(page)
    page.get_by_label("Wat moet de indiener aanpassen?").fill("Hoeveel vrijwilligers waren er?")
    page.get_by_role("button", name="Aanpassing vragen").click()
    expect(page.get_by_text("Aanpassing gevraagd; de indiener krijgt een e-mail.")).to_be_visible()
    changes = next(m for m in mail.outbox if m.subject.startswith("Aanpassing gevraagd"))
    assert changes.to == ["ambtenaar@gent.be"] and "Hoeveel vrijwilligers waren er?" in changes.body

    # The official sees the comment, edits and resubmits.
    log_in(page, live_server, "ambtenaar@gent.be")
    page.goto(live_server.url + "/mijn-praktijken/")
    page.get_by_role("link", name="Buurtbellers tegen eenzaamheid").click()
    expect(page.locator(".editor-comment")).to_contain_text("Hoeveel vrijwilligers waren er?")
    axe(page)
    page.get_by_role("link", name="Bewerken").click()
    page.get_by_role("link", name="Wat u gedaan hebt").click()
    page.get_by_label("Middelen: budget, mensen, partners").fill("120 vrijwilligers en een draaiboek.")
    page.get_by_role("button", name="Bewaren en naar het overzicht").click()
    submit_from_task_list(page)

    # The editor approves.
    log_in(page, live_server, "redacteur@vlaanderenhelpt.be")
    page.goto(live_server.url + "/redactie/")
    page.get_by_role("link", name="Buurtbellers tegen eenzaamheid").click()
    page.get_by_role("button", name="Goedkeuren en publiceren").click()
    expect(page.get_by_text("Goedgekeurd en gepubliceerd.")).to_be_visible()
    published = next(m for m in mail.outbox if m.subject == "Gepubliceerd: Buurtbellers tegen eenzaamheid")
    assert published.to == ["ambtenaar@gent.be"]

    # An anonymous visitor finds it and downloads the attachment.
    page.context.clear_cookies()
    page.goto(live_server.url + "/praktijken/?q=buurtbellers")
    page.get_by_role("link", name="Buurtbellers tegen eenzaamheid").click()
    expect(page.get_by_text("120 vrijwilligers en een draaiboek.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="belscript", exact=True).click()
    assert open(download.value.path(), "rb").read() == PDF_BYTES  # noqa: SIM115
    public_url = page.url

    # The official proposes an update; the public page stays as it was until a second editor approves.
    log_in(page, live_server, "ambtenaar@gent.be")
    page.goto(live_server.url + "/mijn-praktijken/")
    page.get_by_role("link", name="Buurtbellers tegen eenzaamheid").click()
    page.get_by_role("link", name="Update voorstellen").click()
    page.get_by_role("link", name="De basis").click()
    page.get_by_label("Titel").fill("Buurtbellers, ook in de winter")
    page.get_by_role("button", name="Bewaren en naar het overzicht").click()
    submit_from_task_list(page)
    expect(page.get_by_role("heading", name="Update ingediend")).to_be_visible()
    page.context.clear_cookies()
    page.goto(public_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Buurtbellers tegen eenzaamheid")

    log_in(page, live_server, "redacteur2@vlaanderenhelpt.be")
    page.goto(live_server.url + "/redactie/")
    page.get_by_role("link", name="Buurtbellers, ook in de winter").click()
    expect(page.get_by_role("heading", name="Wat verandert ten opzichte van de gepubliceerde versie")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Goedkeuren en publiceren").click()
    expect(page.get_by_text("Goedgekeurd en gepubliceerd.")).to_be_visible()
    page.context.clear_cookies()
    page.goto(public_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Buurtbellers, ook in de winter")


def test_report_a_problem_and_close_it_without_accessibility_violations(
    page, live_server, seeded, make_practice, editor, axe
):
    practice = make_practice(title="Met een verouderd nummer")
    page.goto(live_server.url + practice.get_absolute_url())
    page.get_by_role("link", name="Klopt er iets niet? Meld een probleem").click()
    expect(page.get_by_role("button", name="Melding versturen")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    axe(page)
    page.get_by_label("De informatie is verouderd").check()
    page.get_by_label("Toelichting").fill("Het telefoonnummer klopt niet meer.")
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_text("Bedankt. De redactie bekijkt uw melding.")).to_be_visible()

    log_in(page, live_server, "redacteur@vlaanderenhelpt.be")
    page.goto(live_server.url + "/redactie/meldingen/")
    expect(page.get_by_text("Het telefoonnummer klopt niet meer.")).to_be_visible()
    axe(page)
    page.get_by_label("Notitie bij de afhandeling").fill("Aangepast.")
    page.get_by_role("button", name="Afhandelen").click()
    expect(page.get_by_text("Er zijn geen open meldingen.")).to_be_visible()


def test_access_screens_have_no_accessibility_violations(page, live_server, seeded, editor, axe):
    page.goto(live_server.url + "/toegang-aanvragen/")
    axe(page)
    page.get_by_role("button", name="Aanvraag versturen").click()
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    axe(page)
    page.get_by_label("Naam").fill("Anna Aanvrager")
    page.get_by_label("E-mailadres").fill("anna@leuven.be")
    page.get_by_label("Functie").fill("Beleidsmedewerker")
    page.get_by_label("Lokaal bestuur").select_option(label="Leuven")
    page.get_by_label("Waarom wilt u toegang?").fill("Ik wil ons relanceplan delen.")
    page.get_by_role("button", name="Aanvraag versturen").click()
    expect(page.get_by_role("heading", name="Bedankt, uw aanvraag is ontvangen")).to_be_visible()

    log_in(page, live_server, "redacteur@vlaanderenhelpt.be")
    page.goto(live_server.url + "/redactie/toegang/")
    expect(page.get_by_text("Ik wil ons relanceplan delen.")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Toegang verlenen").click()
    expect(page.get_by_text("Toegang verleend; de aanvrager krijgt een e-mail.")).to_be_visible()
    page.goto(live_server.url + "/redactie/uitnodigen/")
    page.get_by_label("E-mailadres van de medewerker").fill("nieuw@gent.be")
    page.get_by_label("Lokaal bestuur").select_option(label="Gent")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_text("Uitnodiging verstuurd naar nieuw@gent.be.")).to_be_visible()
    axe(page)
    link = re.search(r"https?://\S+(/uitnodiging/\S+/)", mail.outbox[-1].body).group(1)
    page.context.clear_cookies()
    page.goto(live_server.url + link)
    expect(page.get_by_role("heading", name="Welkom bij Vlaanderen helpt")).to_be_visible()
    axe(page)


def test_the_markdown_preview_follows_the_typing(page, live_server, seeded, official_a, axe):
    log_in(page, live_server, "ambtenaar@gent.be")
    page.goto(live_server.url + "/mijn-praktijken/nieuw/")
    page.get_by_label("Titel").fill("Met opmaak")
    page.get_by_role("button", name="Bewaren en verder").click()
    page.get_by_label("Wat hebben we gedaan?").fill("We belden **3.200** mensen.")
    expect(page.locator("#id_description_preview strong")).to_have_text("3.200")
    axe(page)


def test_correction_and_invitation_screens_have_no_accessibility_violations(
    page, live_server, seeded, make_practice, editor, axe
):
    from accounts import services as account_services
    from accounts.models import Invitation
    from tests.conftest import gov

    practice = make_practice(stage="submitted", title="Te corrigeren")
    log_in(page, live_server, "redacteur@vlaanderenhelpt.be")
    page.goto(live_server.url + f"/redactie/praktijken/{practice.pk}/corrigeren/")
    axe(page)
    page.get_by_label("Titel").fill("")
    page.get_by_role("button", name="Correctie bewaren").click()
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    axe(page)
    page.goto(live_server.url + "/redactie/uitnodigen/")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    axe(page)

    invitation = account_services.invite(editor=editor, email="nieuw@gent.be", local_government=gov("Gent"))
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=token_hash("proef"))
    page.context.clear_cookies()
    page.goto(live_server.url + "/uitnodiging/proef/")
    page.get_by_role("button", name="Account aanmaken").click()
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    axe(page)
    page.goto(live_server.url + "/uitnodiging/onbekend/")
    expect(page.get_by_role("heading", name="Deze uitnodiging werkt niet")).to_be_visible()
    axe(page)
