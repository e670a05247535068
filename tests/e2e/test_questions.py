"""The road of a question, walked as the people walk it: an official asks with the keyboard alone and is
shown the guidance that may answer it, goes on and sends; the desk takes it, writes an internal note and
asks for more; the official answers through the e-mailed link; the desk answers from a reusable text; the
official closes it. Every page passes axe, fits 320 CSS px, and asking works without JavaScript."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from guidance import services as guidance_services
from guidance.services import SectionText as S
from questions.models import CannedAnswer, Question, Status
from tests.e2e.conftest import log_in
from tests.e2e.test_keyboard import log_in_by_keyboard, press, tab_to
from tests.e2e.test_widths import OVERFLOW

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOTE = "Juridische dienst bevragen over het decreet."


def fits(page, axe):
    """axe finds nothing, on a phone 320 CSS px wide (no sideways scrolling) and on a desktop."""
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
        over, culprits = page.evaluate(OVERFLOW)
        assert over <= 0, f"{page.url} scrolls {over}px sideways at {width}px: {culprits}"
        axe(page)


@pytest.fixture
def guide(seeded, editor):
    document = guidance_services.create_document(
        editor=editor,
        title="Lokale besturen als motor van post-corona herstel",
        sections=[S("Digitaal vergaderen van de gemeenteraad", "Tot 30 juni mag de gemeenteraad digitaal vergaderen.")],
    )
    guidance_services.publish(draft=document.versions.get(), editor=editor, change_note="", is_major=False)
    return document


def _link(message, pattern):
    return re.search(rf"https?://\S+?({pattern})", message.body).group(1)


def _published_clarification(official, desk, editor, second_editor, title):
    from questions import publishing, services
    from questions.models import QuestionTheme
    from questions.publishing import Draft

    earlier = services.ask(
        official=official,
        local_government=official.memberships.get().local_government,
        theme=QuestionTheme.objects.get(slug="digitaal-vergaderen"),
        title="Een eerdere vraag",
        text="Over de raad.",
    )
    services.answer(question=earlier, actor=desk, text="Tot 30 juni mag het.")
    clarification = publishing.create(editor=editor, questions=[earlier])
    version = clarification.versions.get()
    publishing.save_draft(version=version, editor=editor, draft=Draft(title=title, body="Tot 30 juni mag het."))
    publishing.submit(version=version, editor=editor)
    publishing.approve(version=version, editor=second_editor)
    return earlier


def test_a_question_from_asking_to_closing(
    page, live_server, guide, official_a, official_b, colleague_a, desk, editor, second_editor, axe
):
    CannedAnswer.objects.create(title="Digitale raad na 30 juni", text="Na 30 juni vergadert de raad weer fysiek.")
    earlier = _published_clarification(
        official_b, desk, editor, second_editor, "De gemeenteraad mag tot 30 juni digitaal vergaderen"
    )
    base = live_server.url

    # The official asks with the keyboard alone; sent empty first, the errors are at the fields.
    log_in_by_keyboard(page, live_server, official_a.email)
    press(page, 'a[href="/mijn-vragen/"]')
    expect(page.get_by_role("heading", level=1, name="Vragen aan ABB")).to_be_visible()
    fits(page, axe)
    press(page, 'a[href="/mijn-vragen/nieuw/"]')
    press(page, 'main button[type="submit"]')
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    expect(page.locator(".field-error")).to_have_count(3)  # theme, title, question; the government was chosen
    fits(page, axe)
    tab_to(page, "#id_theme")
    page.keyboard.type("Digitaal")
    expect(page.locator("#id_theme option:checked")).to_have_text("Digitaal vergaderen van raad en college")
    page.keyboard.press("Tab")
    page.keyboard.type("Mag de gemeenteraad na 30 juni nog digitaal vergaderen?")
    page.keyboard.press("Tab")
    page.keyboard.type("Onze gemeenteraad vergadert digitaal sinds maart. Mag dat blijven?")
    press(page, 'main button[type="submit"]')

    # The check step: the guidance section that may answer it, and the choice to send anyway.
    expect(page.get_by_role("heading", level=1, name="Staat het antwoord er al?")).to_be_visible()
    expect(page.get_by_role("link", name="De gemeenteraad mag tot 30 juni digitaal vergaderen")).to_be_visible()
    expect(page.get_by_role("link", name="Digitaal vergaderen van de gemeenteraad")).to_be_visible()
    fits(page, axe)
    press(page, 'button[value="versturen"]')
    expect(page.get_by_role("heading", level=1, name="Vraag verstuurd")).to_be_visible()
    question = Question.objects.exclude(pk=earlier.pk).get()
    expect(page.locator(".panel-confirmation")).to_contain_text(question.reference)
    fits(page, axe)

    # The desk: the queue, the question, taken, an internal note, a request for more information.
    log_in(page, live_server, desk.email)
    page.get_by_role("link", name=re.compile("Vragendesk")).click()
    expect(page.get_by_role("heading", level=1, name="Vragendesk")).to_be_visible()
    fits(page, axe)
    page.get_by_role("link", name=f"{question.reference}: {question.title}").click()
    fits(page, axe)
    page.get_by_role("button", name="Ik behandel deze vraag").click()
    expect(page.get_by_text("U behandelt deze vraag.").first).to_be_visible()
    page.get_by_role("button", name="Notitie bewaren").click()  # empty first
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    fits(page, axe)
    page.get_by_label("Interne notitie").fill(NOTE)
    page.get_by_role("button", name="Notitie bewaren").click()
    expect(page.locator(".thread-note")).to_contain_text(NOTE)
    page.get_by_label("Vraag om meer informatie").check()
    page.get_by_label("Bericht aan de vrager").fill("Over welke vergaderingen gaat het: raad of commissies?")
    mail.outbox.clear()
    page.get_by_role("button", name="Versturen aan de vrager").click()
    expect(page.locator(".summary-list")).to_contain_text("wacht op de vrager")
    fits(page, axe)

    # The official follows the e-mailed link, never sees the note, and answers on the site.
    (asked,) = [m for m in mail.outbox if m.to == [official_a.email]]
    assert NOTE not in asked.body and "raad of commissies" not in asked.body
    log_in(page, live_server, official_a.email)
    page.goto(base + _link(asked, r"/mijn-vragen/V-\d{4}-\d{4}/"))
    expect(page.get_by_text("raad of commissies?")).to_be_visible()
    assert NOTE not in page.content()
    fits(page, axe)
    page.get_by_label("Uw bericht aan de vragendesk").fill("De gemeenteraad; de commissies vergaderen fysiek.")
    page.get_by_role("button", name="Versturen", exact=True).click()
    expect(page.get_by_text("Uw bericht is bij de vragendesk.")).to_be_visible()

    # The desk answers, starting from a reusable text.
    log_in(page, live_server, desk.email)
    page.goto(base + question.get_desk_url())
    page.get_by_label("Begin van een standaardantwoord").select_option(label="Digitale raad na 30 juni")
    page.get_by_role("button", name="Tekst invoegen").click()
    expect(page.get_by_label("Bericht aan de vrager")).to_have_value("Na 30 juni vergadert de raad weer fysiek.")
    page.get_by_role("button", name="Versturen aan de vrager").click()
    expect(page.locator(".summary-list")).to_contain_text("beantwoord")

    # A colleague of the asker reads the answer and closes the question.
    log_in(page, live_server, colleague_a.email)
    page.goto(base + question.get_absolute_url())
    expect(page.get_by_text("Na 30 juni vergadert de raad weer fysiek.")).to_be_visible()
    assert NOTE not in page.content()
    page.get_by_role("button", name="Ja, sluit mijn vraag").click()
    expect(page.get_by_text("Uw vraag is gesloten.")).to_be_visible()
    fits(page, axe)
    question.refresh_from_db()
    assert question.status == Status.CLOSED


def test_asking_works_without_javascript(page_without_js, live_server, guide, official_a):
    page = page_without_js
    log_in(page, live_server, official_a.email)
    page.goto(live_server.url + "/mijn-vragen/nieuw/")
    page.get_by_label("Thema").select_option(label="Digitaal vergaderen van raad en college")
    page.get_by_label("Titel").fill("Digitaal vergaderen van de gemeenteraad na 30 juni")
    page.get_by_label("Uw vraag").fill("Mag het nog?")
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_role("link", name="Digitaal vergaderen van de gemeenteraad")).to_be_visible()
    page.get_by_role("button", name="Dit beantwoordt mijn vraag").click()
    expect(page.get_by_role("heading", level=1, name="Fijn dat u het antwoord vond")).to_be_visible()
    assert not Question.objects.exists()
    page.get_by_role("link", name="Toch een vraag stellen").click()
    page.get_by_label("Thema").select_option(label="Personeel")
    page.get_by_label("Titel").fill("Corona-ouderschapsverlof voor contractuelen")
    page.get_by_label("Uw vraag").fill("Geldt het ook voor contractuelen?")
    page.get_by_role("button", name="Verder").click()
    page.get_by_role("button", name="Vraag versturen").click()
    expect(page.get_by_role("heading", level=1, name="Vraag verstuurd")).to_be_visible()
    assert Question.objects.get().theme.slug == "personeel"


def test_a_clarification_from_two_questions_to_review(
    page, live_server, guide, editor, second_editor, official_a, official_b, desk, axe
):
    import datetime

    from django.core.management import call_command

    from practices import periods
    from questions import services
    from questions.models import Clarification, QuestionTheme

    lockdown = periods.create_period(editor=editor, name="Tweede lockdown", starts_on=datetime.date(2020, 11, 2))
    theme = QuestionTheme.objects.get(slug="digitaal-vergaderen")
    asked = []
    for official in (official_a, official_b):
        government = official.memberships.get().local_government
        question = services.ask(
            official=official,
            local_government=government,
            theme=theme,
            title=f"Digitale raad in {government}?",
            text="Mag het nog?",
        )
        services.answer(question=question, actor=desk, text=f"Voor {government}: tot 30 juni mag het.")
        asked.append(question)
    base = live_server.url

    # An editor drafts it from both questions; the name check fires on the governments' names.
    log_in(page, live_server, editor.email)
    page.goto(base + "/redactie/verduidelijkingen/")
    fits(page, axe)
    page.get_by_label("Referenties van de vragen").fill(f"{asked[0].reference}, {asked[1].reference}")
    page.get_by_role("button", name="Concept opstellen").click()
    expect(page.get_by_role("heading", name="Persoonsgegevens in de tekst?")).to_be_visible()
    expect(page.locator(".notice")).to_contain_text("Gent")
    fits(page, axe)
    page.get_by_label("Titel", exact=True).fill("De gemeenteraad mag digitaal vergaderen tot 30 juni")
    page.get_by_label("Tekst", exact=True).fill("Tot 30 juni mag de gemeenteraad digitaal vergaderen.")
    page.get_by_label("Digitaal vergaderen van de gemeenteraad").check()
    page.get_by_label("Tweede lockdown").check()
    page.get_by_role("button", name="Bewaren en ter goedkeuring aanbieden").click()
    expect(page.get_by_text("U schreef deze versie: een andere redacteur keurt ze goed.")).to_be_visible()
    expect(page.get_by_role("heading", name="Persoonsgegevens in de tekst?")).to_have_count(0)
    fits(page, axe)

    # A second editor approves; both asking governments are told.
    mail.outbox.clear()
    log_in(page, live_server, second_editor.email)
    page.goto(base + "/redactie/verduidelijkingen/")
    page.get_by_role("link", name="De gemeenteraad mag digitaal vergaderen tot 30 juni").click()
    page.get_by_role("button", name="Goedkeuren en publiceren").click()
    expect(page.get_by_text("Gepubliceerd. De besturen die de vraag stelden, krijgen een e-mail.")).to_be_visible()
    told = {address for message in mail.outbox for address in message.to}
    assert {official_a.email, official_b.email} <= told

    # Readers find it on the guidance section and in /vragen/.
    page.context.clear_cookies()
    page.goto(base + guide.get_absolute_url())
    section = page.locator("#digitaal-vergaderen-van-de-gemeenteraad")
    expect(section.get_by_role("heading", name="Vragen over dit onderdeel")).to_be_visible()
    fits(page, axe)
    section.get_by_role("link", name="De gemeenteraad mag digitaal vergaderen tot 30 juni").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("De gemeenteraad mag digitaal vergaderen tot 30 juni")
    fits(page, axe)
    page.get_by_label("Ja").check()
    page.get_by_role("button", name="Reactie versturen").click()
    expect(page.get_by_text("Bedankt voor uw reactie.")).to_be_visible()
    page.goto(base + "/vragen/?q=digitaal")
    expect(page.get_by_role("link", name="De gemeenteraad mag digitaal vergaderen tot 30 juni")).to_be_visible()
    fits(page, axe)

    # The period closes: the review job lists it "te herzien" and readers see since when.
    periods.close_period(period=lockdown, editor=editor, ends_on=datetime.date(2021, 6, 9), note="Voorbij.")
    call_command("review_clarifications", stdout=open("/dev/null", "w"))  # noqa: SIM115 — as the runner runs it
    page.goto(base + Clarification.objects.get().get_absolute_url())
    expect(page.get_by_role("heading", name="Mogelijk niet meer juist sinds 9 juni 2021")).to_be_visible()
    fits(page, axe)
    log_in(page, live_server, editor.email)
    page.goto(base + "/redactie/verduidelijkingen/")
    expect(page.locator("h2:has-text('Te herzien') + ul")).to_contain_text("De gemeenteraad mag digitaal vergaderen")
    fits(page, axe)


def test_the_other_pages_of_questions_and_their_error_states_fit_a_phone(
    page, live_server, guide, editor, second_editor, official_a, desk, axe
):
    from questions import publishing, services
    from questions.models import QuestionTheme
    from questions.publishing import Draft, RuleText
    from tests.conftest import PDF_BYTES
    from vlaanderenhelpt.attachments import make_upload

    question = services.ask(
        official=official_a,
        local_government=official_a.memberships.get().local_government,
        theme=QuestionTheme.objects.get(slug="personeel"),
        title="Verantwoordelijkheidsverdelingsovereenkomsten voor telewerkende contractuele personeelsleden",
        text="Zie bijlage.",
        attachments=[make_upload("reglement-telewerk-voor-contractuele-personeelsleden-2021.pdf", PDF_BYTES)],
    )
    services.answer(question=question, actor=desk, text="Ja, dat mag.")
    clarification = publishing.create(editor=editor, questions=[question])
    version = clarification.versions.get()
    rule = RuleText(
        name="Besluit rechtspositieregeling", article="art. 7", url="https://codex.vlaanderen.be/" + "a" * 90
    )
    publishing.save_draft(version=version, editor=editor, draft=Draft(title="Telewerk mag", body="Ja.", rules=(rule,)))
    publishing.submit(version=version, editor=editor)
    publishing.approve(version=version, editor=second_editor)
    second = publishing.start_correction(clarification=clarification, editor=editor)
    clarification.refresh_from_db()
    base = live_server.url

    log_in(page, live_server, official_a.email)
    page.goto(base + question.get_absolute_url())
    expect(
        page.get_by_role("link", name="reglement-telewerk-voor-contractuele-personeelsleden-2021.pdf")
    ).to_be_visible()
    fits(page, axe)
    page.get_by_role("button", name="Versturen", exact=True).click()  # empty: the errors at the field
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    fits(page, axe)
    page.goto(base + "/mijn-vragen/")
    fits(page, axe)

    page.context.clear_cookies()
    page.goto(base + clarification.get_absolute_url())
    page.get_by_role("button", name="Reactie versturen").click()  # neither yes nor no
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    fits(page, axe)

    log_in(page, live_server, editor.email)
    page.goto(base + clarification.get_editor_url())
    expect(page.get_by_role("heading", name="Versie 2 schrijven")).to_be_visible()
    page.get_by_label("Titel", exact=True).fill("")
    page.get_by_role("button", name="Bewaren en ter goedkeuring aanbieden").click()
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    fits(page, axe)
    page.get_by_label("Titel", exact=True).fill("Telewerk mag, ook voor contractuelen")
    page.get_by_label("Wijzigingsnota").fill("Contractuelen genoemd.")
    page.get_by_role("button", name="Bewaren en ter goedkeuring aanbieden").click()
    log_in(page, live_server, second_editor.email)
    page.goto(base + clarification.get_editor_url())
    page.get_by_role("button", name="Terugsturen").click()  # without a reason
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    fits(page, axe)
    page.get_by_role("button", name="Goedkeuren en publiceren").click()
    second.refresh_from_db()
    assert second.published_at is not None
    page.goto(base + f"{clarification.get_absolute_url()}versies/1/")
    expect(page.get_by_text("Dit is niet de huidige versie.")).to_be_visible()
    fits(page, axe)

    from questions import experts

    open_question = services.ask(
        official=official_a,
        local_government=official_a.memberships.get().local_government,
        theme=QuestionTheme.objects.get(slug="personeel"),
        title="Corona-ouderschapsverlof voor contractuelen",
        text="Geldt het ook voor hen?",
    )
    forwarded = experts.forward(
        question=open_question,
        actor=desk,
        name="Erik Expert",
        organisation="DKB",
        email="erik@vlaanderen.be",
        note="Advies?",
    )
    page.context.clear_cookies()
    page.goto(base + f"/advies/{forwarded.token}/")
    page.get_by_role("button", name="Advies versturen").click()  # empty
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    fits(page, axe)
    page.get_by_label("Uw advies aan de vragendesk").fill("Ja, het geldt ook voor hen.")
    page.get_by_role("button", name="Advies versturen").click()
    expect(page.get_by_role("heading", name="Bedankt voor uw advies")).to_be_visible()
    fits(page, axe)

    log_in(page, live_server, desk.email)
    page.goto(base + open_question.get_desk_url())
    expect(page.locator(".thread-note")).to_contain_text("Ja, het geldt ook voor hen.")
    fits(page, axe)
    page.goto(base + "/vragendesk/?status=beantwoord&behandelaar=ik")
    fits(page, axe)
    page.goto(base + question.get_desk_url())
    page.get_by_role("button", name="Markeren als dezelfde vraag").click()  # without a reference
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    fits(page, axe)
