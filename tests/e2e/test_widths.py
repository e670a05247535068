"""Every page template, for each of its people and in its error states, on a phone 320 CSS px wide and on
a desktop 1280 px wide: nothing scrolls sideways (WCAG 1.4.10) and axe finds no violations."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alerts import services as alert_services
from alerts.models import Subscription
from guidance import services as guidance_services
from guidance.services import SectionText as S
from practices import adoptions, followups, periods, services
from practices.models import Practice
from tests.conftest import PDF_BYTES
from tests.e2e.conftest import log_in
from vlaanderenhelpt.attachments import make_upload

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 1280)
# The elements sticking out on the right, for a message that says where to look.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const over = document.documentElement.scrollWidth - width;
  const culprits = [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > width + 1)
    .slice(0, 3).map((e) => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""));
  return [over, culprits];
}"""


class Walk:
    """Opens pages at both widths and collects every problem, so one run reports them all."""

    def __init__(self, page, live_server, axe):
        self.page, self.base, self.axe, self.problems, self.seen = page, live_server.url, axe, [], 0

    def check(self, label):
        for width in WIDTHS:
            self.page.set_viewport_size({"width": width, "height": 900})
            # Two frames for the new width to settle (a scrollbar appearing reflows once more); an overflow
            # that is real is still there then.
            self.page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
            over, culprits = self.page.evaluate(OVERFLOW)
            if over > 0:
                self.problems.append(f"{label} at {width}px scrolls {over}px sideways: {culprits}")
            try:
                self.axe(self.page)
            except AssertionError as error:
                self.problems.append(f"{label} at {width}px: {error}")
        self.seen += 1

    def visit(self, path, status=200):
        response = self.page.goto(self.base + path)
        assert response.status == status, path
        self.check(path)

    def errors(self, path, button, label):
        """Open a form, send it as it stands, and check the page with its errors."""
        self.page.goto(self.base + path)
        self.page.get_by_role("button", name=button).click()
        expect(self.page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
        self.check(label)

    def done(self, at_least):
        assert self.seen >= at_least
        assert not self.problems, "\n".join(self.problems)


def _content(**fields):
    values = {"title": "Een praktijkvoorbeeld", "summary": "Kort.", "description": "Tekst.", "kind": "initiatief"}
    return services.Content(fields={**values, **fields})


@pytest.fixture
def world(seeded, make_practice, official_a, official_b, editor):
    """A catalogue with a long, table-holding practice, a submission, an update and a guidance document."""
    long_word = "Verantwoordelijkheidsverdelingsovereenkomstenbeheerder"
    table = "| Maand | Bonnen | Bedrag per inwoner |\n|---|---|---|\n| april | 12.400 | 20 euro |\n| mei | 9.800 | 25 euro |"
    lockdown = periods.create_period(
        editor=editor,
        name="Eerste lockdown",
        starts_on=datetime.date(2020, 3, 18),
        description="Niet-essentiële winkels dicht.",
    )
    live = make_practice(
        "Hasselt",
        title=f"Waardebonnen voor de lokale handel en {long_word}",
        summary="Elke inwoner kreeg een bon.",
        description=f"We deden dit:\n\n- een bon\n- een premie\n\n{table}",
        themes=["economie"],
        target_groups=["handelaars"],
        tags=["waardebon"],
        partners=["Genk"],
        links=[{"title": "Een heel lang webadres", "url": "https://www.hasselt.be/" + "a" * 120}],
        contact_name="Jan Peeters",
        contact_email="jan@hasselt.be",
        contact_consent=True,
        files=[("reglement-waardebonnen.pdf", PDF_BYTES)],
        periods=[lockdown],
        evidence="gemeten",
        results="12.400 bonnen in april.",
    )
    periods.close_period(
        period=lockdown, editor=editor, ends_on=datetime.date(2020, 5, 4), note="De winkels gingen weer open."
    )
    # Asked for its results 40 days ago, nine months after publication, and not updated since.
    asked = timezone.now() - datetime.timedelta(days=40)
    long_ago = asked - datetime.timedelta(days=270)
    Practice.objects.filter(pk=live.pk).update(first_published_at=long_ago, results_updated_at=long_ago)
    followups.send_results_requests(now=asked)
    # Its file replaced by a second version: the page shows the version history.
    old_file = live.attachments.get()
    services.save_draft(
        practice=live,
        author=official_a,
        content=services.Content(fields={}),
        replacements=[(old_file, make_upload("reglement-v2.pdf", PDF_BYTES), "Bedragen aangepast.")],
    )
    services.submit(practice=live, actor=official_a)
    services.approve(practice=live, actor=editor)
    submitted = make_practice(stage="submitted", title="Buurtbellers tegen eenzaamheid")
    update = make_practice(title="Relancepremie voor handelaars")
    services.save_draft(practice=update, author=official_a, content=_content(title="Relancepremie, uitgebreid"))
    services.submit(practice=update, actor=official_a)
    draft = make_practice(stage="draft", title="Nog in concept")
    doc = guidance_services.create_document(
        editor=editor,
        title="Lokale besturen als motor van post-corona herstel",
        summary="Herstel na corona.",
        sections=[
            S("Inleiding", "Eerste tekst.", "inleiding"),
            S("Economie", f"- Steun de handel.\n\n{table}", "economie"),
        ],
    )
    guidance_services.publish(draft=doc.versions.get(), editor=editor, change_note="Eerste versie.", is_major=True)
    second = guidance_services.start_draft(document=doc, editor=editor)
    guidance_services.save_sections(
        draft=second,
        editor=editor,
        sections=[S("Economie", "- Steun de lokale handel.", "economie"), S("Inleiding", "Eerste tekst.", "inleiding")],
    )
    guidance_services.publish(draft=second, editor=editor, change_note="Herschikt.", is_major=False)
    guidance_services.start_draft(document=doc, editor=editor)
    suggestion = guidance_services.send_suggestion(
        document=doc,
        text="Voeg een voorbeeld over markten toe.",
        organisation_type="lokaal_bestuur",
        name="Anna",
        email=official_a.email,
        user=official_a,
    )
    services.report_problem(practice=live, kind="verouderd", text="Het nummer klopt niet meer.")
    adoption = adoptions.record(
        practice=live,
        local_government=official_b.memberships.get().local_government,
        author=official_b,
        way="aangepast",
        adopted_on=datetime.date(2021, 3, 1),
        note="Bonnen van 10 euro in plaats van 20.",
    )
    subscription = alert_services.subscribe(
        email="lezer@example.org", frequency="dagelijks", query="thema=economie", label="Economie"
    )
    return {
        "live": live,
        "lockdown": lockdown,
        "submitted": submitted,
        "update": update,
        "draft": draft,
        "doc": doc,
        "suggestion": suggestion,
        "adoption": adoption,
        "subscription": subscription,
    }


def test_public_pages_and_their_error_states_fit_a_phone_and_a_desktop(page, live_server, world, axe):
    walk = Walk(page, live_server, axe)
    live, doc = world["live"].get_absolute_url(), world["doc"].get_absolute_url()
    subscription = world["subscription"]
    for path in [
        "/",
        "/praktijken/",
        "/praktijken/?q=waardebonnen&thema=economie",
        "/praktijken/?q=onvindbaar",
        live,
        "/kaart/",
        "/kaart/?thema=economie&tabel=aantal",
        "/cijfers/",
        "/meldingen/nieuw/?thema=economie",
        "/meldingen/nieuw/verstuurd/",
        "/besturen/",
        "/besturen/?q=gent",
        "/besturen/71072/",
        "/open-data/",
        "/handreikingen/",
        doc,
        f"{doc}versies/",
        f"{doc}versies/1/",
        f"{doc}vergelijk/?van=1&naar=2",
        f"{doc}suggestie/",
        "/over/",
        "/over/criteria/",
        "/hulp/opmaak/",
        "/toegankelijkheid/",
        "/privacy/",
        "/aanmelden/",
        "/toegang-aanvragen/",
        "/wachtwoord-vergeten/",
        "/wachtwoord-vergeten/verstuurd/",
        "/wachtwoord-herstellen/klaar/",
        f"{doc}suggestie/verstuurd/",
        f"/meldingen/bevestigen/{subscription.confirmation_token}/",
        f"/meldingen/beheren/{subscription.subscriber.manage_token}/",
        f"/meldingen/nieuw/?sjabloon={world['live'].attachments.get().pk}",
        f"/meldingen/afmelden/{subscription.unsubscribe_token}/",
        "/meldingen/beheren/",
        "/meldingen/beheren/verstuurd/",
    ]:
        walk.visit(path)
    walk.visit("/meldingen/beheren/verlopen/", status=404)  # an expired manage link: the form for a new one
    walk.visit("/bestaat-niet/", status=404)
    walk.visit("/uitnodiging/onbekend/", status=404)

    # Error states: each form sent empty or wrong.
    page.goto(f"{live_server.url}{live}melden/")
    walk.check("report form")
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    walk.check("report form with errors")
    walk.errors(f"{doc}suggestie/", "Suggestie versturen", "suggestion form with errors")
    walk.errors("/meldingen/nieuw/?thema=economie", "Melding aanzetten", "alert form with errors")
    walk.errors("/meldingen/beheren/", "Stuur mij een link", "manage link form with errors")
    walk.errors("/toegang-aanvragen/", "Aanvraag versturen", "access request with errors")
    page.goto(live_server.url + "/aanmelden/")
    page.get_by_label("E-mailadres").fill("niemand@gent.be")
    page.get_by_label("Wachtwoord").fill("fout")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    walk.check("login with errors")
    walk.done(at_least=43)


def test_the_officials_pages_and_their_error_states_fit_a_phone_and_a_desktop(page, live_server, world, axe):
    walk = Walk(page, live_server, axe)
    log_in(page, live_server, "ambtenaar@gent.be")
    draft, submitted = world["draft"].pk, world["submitted"].pk
    for path in [
        "/mijn-praktijken/",
        "/mijn-praktijken/nieuw/",
        f"/mijn-praktijken/{draft}/",
        f"/mijn-praktijken/{draft}/bewerken/",
        f"/mijn-praktijken/{draft}/controleren/",
        f"/mijn-praktijken/{submitted}/",
        f"/mijn-praktijken/{submitted}/ingediend/",
        "/profiel/",
        "/wachtwoord-wijzigen/",
        f"{world['live'].get_absolute_url()}overgenomen/",
        f"/mijn-praktijken/{world['live'].pk}/bewerken/context/",
        f"/mijn-praktijken/{world['live'].pk}/bewerken/bijlagen/",
    ]:
        walk.visit(path)
    for slug in ("basis", "aanpak", "resultaten", "context", "contact", "bijlagen"):
        walk.visit(f"/mijn-praktijken/{draft}/bewerken/{slug}/")
    page.goto(f"{live_server.url}/mijn-praktijken/{draft}/bewerken/contact/")
    page.get_by_label("E-mail contactpersoon").fill("geen-adres")
    page.get_by_role("button", name="Bewaren en verder").click()
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    walk.check("contact step with errors")
    page.goto(f"{live_server.url}/mijn-praktijken/{draft}/bewerken/context/")
    page.get_by_label("Partnergemeente toevoegen").fill("Nergenshuizen")
    page.get_by_label("Afgelopen op").fill("1999-01-01")
    page.get_by_label("Gestart op").fill("2020-03-01")
    page.get_by_role("button", name="Bewaren en verder").click()
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    walk.check("context step with errors")
    walk.errors(f"{world['live'].get_absolute_url()}overgenomen/", "Melding versturen", "adoption form with errors")
    page.goto(f"{live_server.url}/mijn-praktijken/{draft}/bewerken/resultaten/")
    page.get_by_label("Geëvalueerd").check()
    page.get_by_role("button", name="Bewaren en verder").click()
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    walk.check("results step with errors")
    walk.done(at_least=22)


def test_the_editors_pages_and_their_error_states_fit_a_phone_and_a_desktop(page, live_server, world, axe):
    walk = Walk(page, live_server, axe)
    log_in(page, live_server, "redacteur@vlaanderenhelpt.be")
    doc = world["doc"].slug
    for path in [
        "/redactie/",
        f"/redactie/praktijken/{world['submitted'].pk}/",
        f"/redactie/praktijken/{world['update'].pk}/",
        f"/redactie/praktijken/{world['live'].pk}/",
        f"/redactie/praktijken/{world['submitted'].pk}/corrigeren/",
        "/redactie/meldingen/",
        "/redactie/toegang/",
        "/redactie/uitnodigen/",
        "/redactie/handreikingen/",
        f"/redactie/handreikingen/{doc}/",
        f"/redactie/handreikingen/{doc}/concept/",
        f"/redactie/handreikingen/{doc}/concept/alles/",
        f"/redactie/handreikingen/{doc}/concept/onderdelen/economie/",
        f"/redactie/handreikingen/{doc}/concept/voorbeeld/",
        f"/redactie/handreikingen/{doc}/concept/economie/praktijken/",
        f"/redactie/handreikingen/{doc}/concept/publiceren/",
        "/redactie/suggesties/",
        f"/redactie/suggesties/{world['suggestion'].pk}/",
        "/redactie/handreikingen/nieuw/",
        "/redactie/overnames/",
        f"/redactie/overnames/{world['adoption'].pk}/",
        "/redactie/resultaten/",
        "/redactie/verouderd/",
        "/redactie/periodes/",
        f"/redactie/periodes/{world['lockdown'].pk}/",
        "/redactie/e-mailmeldingen/",
    ]:
        walk.visit(path)
    Subscription.objects.filter(pk=world["subscription"].pk).update(
        set_aside_at=timezone.now(), failures=3, last_error="AlertError: De e-mail kon niet verstuurd worden."
    )
    walk.visit("/redactie/e-mailmeldingen/")  # with a set-aside subscription in its table
    page.goto(f"{live_server.url}/redactie/praktijken/{world['submitted'].pk}/corrigeren/")
    page.get_by_label("Titel").fill("")
    page.get_by_role("button", name="Correctie bewaren").click()
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    walk.check("correction with errors")
    walk.errors("/redactie/uitnodigen/", "Uitnodiging versturen", "invitation with errors")
    walk.errors("/redactie/handreikingen/nieuw/", "Aanmaken", "new guidance with errors")
    walk.errors(f"/redactie/overnames/{world['adoption'].pk}/", "Niet publiceren", "declining an adoption with errors")
    page.goto(f"{live_server.url}/redactie/handreikingen/{doc}/")
    # As a browser without a date picker sends it (a date input here takes only valid dates).
    page.get_by_label("Herzien vóór").evaluate("field => { field.type = 'text'; field.value = '31-02-2027'; }")
    page.get_by_role("button", name="Datum bewaren").click()
    expect(page.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    walk.check("review date with errors")
    walk.errors("/redactie/periodes/", "Periode toevoegen", "new period with errors")
    walk.errors(f"/redactie/periodes/{world['lockdown'].pk}/", "Periode heropenen", "reopening a period with errors")
    walk.done(at_least=32)
