"""The permission ladder: every URL of the portal, walked by the five personas."""

import datetime

import pytest

from guidance import services as guidance_services
from guidance.services import SectionText as S
from practices import adoptions, periods
from questions import publishing
from questions import services as question_services
from questions.models import QuestionTheme
from tests.conftest import PDF_BYTES
from vlaanderenhelpt.attachments import make_upload

PERSONAS = ["anonymous", "official_a", "official_b", "editor", "administrator"]
LOGIN = "login"  # sent to the log-in page

# url template -> expected answer per persona (anonymous, A, B, editor, administrator)
LADDER = [
    ("/", (200, 200, 200, 200, 200)),
    ("/praktijken/", (200, 200, 200, 200, 200)),
    ("/praktijken/?q=waardebon&thema=economie", (200, 200, 200, 200, 200)),
    ("/praktijken/{published.slug}/", (200, 200, 200, 200, 200)),
    ("/praktijken/{published.slug}/bijlagen/{published_file.pk}/", (200, 200, 200, 200, 200)),
    ("/praktijken/{published.slug}/melden/", (200, 200, 200, 200, 200)),
    ("/praktijken/{published.slug}/overgenomen/", (LOGIN, 200, 200, 200, 200)),
    ("/praktijken/{draft.slug}/overgenomen/", (LOGIN, 404, 404, 404, 404)),
    ("/redactie/overnames/", (LOGIN, 404, 404, 200, 200)),
    ("/redactie/overnames/{adoption.pk}/", (LOGIN, 404, 404, 200, 200)),
    ("/redactie/resultaten/", (LOGIN, 404, 404, 200, 200)),
    ("/redactie/periodes/", (LOGIN, 404, 404, 200, 200)),
    ("/redactie/periodes/{period.pk}/", (LOGIN, 404, 404, 200, 200)),
    ("/redactie/periodes/0/", (LOGIN, 404, 404, 404, 404)),
    ("/redactie/verouderd/", (LOGIN, 404, 404, 200, 200)),
    ("/praktijken/{draft.slug}/", (404, 404, 404, 404, 404)),
    ("/praktijken/{draft.slug}/melden/", (404, 404, 404, 404, 404)),
    ("/praktijken/{draft.slug}/bijlagen/{draft_file.pk}/", (404, 200, 404, 200, 200)),
    ("/kaart/", (200, 200, 200, 200, 200)),
    ("/kaart/?thema=economie&tabel=aantal", (200, 200, 200, 200, 200)),
    ("/cijfers/", (200, 200, 200, 200, 200)),
    ("/meldingen/nieuw/?thema=economie", (200, 200, 200, 200, 200)),
    ("/meldingen/nieuw/?sjabloon={published_file.pk}", (200, 200, 200, 200, 200)),
    ("/meldingen/nieuw/?sjabloon={draft_file.pk}", (404, 404, 404, 404, 404)),
    ("/meldingen/nieuw/?handreiking={guide.slug}", (200, 200, 200, 200, 200)),
    ("/meldingen/nieuw/?handreiking={secret_guide.slug}", (404, 404, 404, 404, 404)),
    ("/meldingen/nieuw/?vragen=personeel", (200, 200, 200, 200, 200)),
    ("/meldingen/nieuw/?vragen=onbekend", (404, 404, 404, 404, 404)),
    ("/meldingen/nieuw/verstuurd/", (200, 200, 200, 200, 200)),
    ("/meldingen/bevestigen/onbekend/", (404, 404, 404, 404, 404)),
    ("/meldingen/afmelden/onbekend/", (404, 404, 404, 404, 404)),
    ("/meldingen/beheren/onbekend/", (404, 404, 404, 404, 404)),
    ("/open-data/cijfers.json", (200, 200, 200, 200, 200)),
    ("/besturen/", (200, 200, 200, 200, 200)),
    ("/besturen/44021/", (200, 200, 200, 200, 200)),
    ("/besturen/borsbeek/", (301, 301, 301, 301, 301)),
    ("/feeds/praktijken.atom", (200, 200, 200, 200, 200)),
    ("/sitemap.xml", (200, 200, 200, 200, 200)),
    ("/robots.txt", (200, 200, 200, 200, 200)),
    ("/open-data/", (200, 200, 200, 200, 200)),
    ("/open-data/praktijken.csv", (200, 200, 200, 200, 200)),
    ("/open-data/praktijken.json", (200, 200, 200, 200, 200)),
    ("/healthz", (200, 200, 200, 200, 200)),
    ("/handreikingen/", (200, 200, 200, 200, 200)),
    ("/handreikingen/{guide.slug}/", (200, 200, 200, 200, 200)),
    ("/handreikingen/{guide.slug}/versies/", (200, 200, 200, 200, 200)),
    ("/handreikingen/{guide.slug}/versies/1/", (200, 200, 200, 200, 200)),
    ("/handreikingen/{guide.slug}/versies/2/", (404, 404, 404, 404, 404)),
    ("/handreikingen/{guide.slug}/versies/1/bijlagen/{guide_file.pk}/", (200, 200, 200, 200, 200)),
    ("/handreikingen/{guide.slug}/versies/2/bijlagen/{draft_guide_file.pk}/", (404, 404, 404, 404, 404)),
    ("/handreikingen/{guide.slug}/vergelijk/?van=1&naar=1", (200, 200, 200, 200, 200)),
    ("/handreikingen/{guide.slug}/vergelijk/?van=1&naar=2", (404, 404, 404, 404, 404)),
    ("/handreikingen/{guide.slug}/feed/", (200, 200, 200, 200, 200)),
    ("/handreikingen/{guide.slug}/suggestie/", (200, 200, 200, 200, 200)),
    ("/handreikingen/{guide.slug}/suggestie/verstuurd/", (200, 200, 200, 200, 200)),
    ("/handreikingen/{secret_guide.slug}/", (404, 404, 404, 404, 404)),
    ("/handreikingen/{secret_guide.slug}/suggestie/", (404, 404, 404, 404, 404)),
    ("/handreikingen/suggestie-bevestigen/onbekend/", (404, 404, 404, 404, 404)),
    ("/over/", (200, 200, 200, 200, 200)),
    ("/over/criteria/", (200, 200, 200, 200, 200)),
    ("/toegankelijkheid/", (200, 200, 200, 200, 200)),
    ("/privacy/", (200, 200, 200, 200, 200)),
    ("/aanmelden/", (200, 302, 302, 302, 302)),
    ("/wachtwoord-vergeten/", (200, 200, 200, 200, 200)),
    ("/toegang-aanvragen/", (200, 200, 200, 200, 200)),
    ("/uitnodiging/onbekend/", (404, 404, 404, 404, 404)),
    ("/redactie/uitnodigen/", (LOGIN, 404, 404, 200, 200)),
    ("/redactie/toegang/", (LOGIN, 404, 404, 200, 200)),
    ("/profiel/", (LOGIN, 200, 200, 200, 200)),
    ("/wachtwoord-wijzigen/", (LOGIN, 200, 200, 200, 200)),
    ("/mijn-praktijken/", (LOGIN, 200, 200, 200, 200)),
    ("/mijn-praktijken/nieuw/", (LOGIN, 200, 200, 200, 200)),
    ("/mijn-praktijken/{draft.pk}/", (LOGIN, 200, 404, 200, 200)),
    ("/mijn-praktijken/{draft.pk}/bewerken/", (LOGIN, 200, 404, 200, 200)),
    ("/redactie/", (LOGIN, 404, 404, 200, 200)),
    ("/redactie/praktijken/{submitted.pk}/", (LOGIN, 404, 404, 200, 200)),
    ("/redactie/praktijken/{submitted.pk}/corrigeren/", (LOGIN, 404, 404, 200, 200)),
    ("/redactie/meldingen/", (LOGIN, 404, 404, 200, 200)),
    ("/redactie/handreikingen/", (LOGIN, 404, 404, 200, 200)),
    ("/redactie/handreikingen/nieuw/", (LOGIN, 404, 404, 200, 200)),
    ("/redactie/handreikingen/{guide.slug}/", (LOGIN, 404, 404, 200, 200)),
    ("/redactie/handreikingen/{guide.slug}/intrekken/", (LOGIN, 404, 404, 200, 200)),
    ("/redactie/handreikingen/{guide.slug}/concept/", (LOGIN, 404, 404, 200, 200)),
    ("/redactie/handreikingen/{guide.slug}/concept/voorbeeld/", (LOGIN, 404, 404, 200, 200)),
    ("/redactie/handreikingen/{guide.slug}/concept/publiceren/", (LOGIN, 404, 404, 200, 200)),
    ("/redactie/handreikingen/{guide.slug}/concept/deel/praktijken/", (LOGIN, 404, 404, 200, 200)),
    ("/redactie/handreikingen/{guide.slug}/concept/onbekend/praktijken/", (LOGIN, 404, 404, 404, 404)),
    ("/redactie/handreikingen/{guide.slug}/herzien/", (LOGIN, 404, 404, 405, 405)),
    ("/redactie/handreikingen/{guide.slug}/concept/starten/", (LOGIN, 404, 404, 405, 405)),
    ("/redactie/handreikingen/{guide.slug}/concept/bijlagen/", (LOGIN, 404, 404, 405, 405)),
    ("/redactie/handreikingen/{secret_guide.slug}/concept/", (LOGIN, 404, 404, 200, 200)),
    ("/redactie/suggesties/", (LOGIN, 404, 404, 200, 200)),
    ("/redactie/suggesties/{suggestion.pk}/", (LOGIN, 404, 404, 200, 200)),
    ("/redactie/suggesties/{unconfirmed.pk}/", (LOGIN, 404, 404, 404, 404)),
    ("/mijn-vragen/", (LOGIN, 200, 200, 200, 200)),
    ("/mijn-vragen/nieuw/", (LOGIN, 200, 200, 200, 200)),
    ("/mijn-vragen/mijn-gegevens.json", (LOGIN, 200, 200, 200, 200)),
    ("/mijn-vragen/{question.reference}/", (LOGIN, 200, 404, 404, 404)),
    ("/mijn-vragen/{question.reference}/verstuurd/", (LOGIN, 200, 404, 404, 404)),
    ("/vragendesk/", (LOGIN, 404, 404, 404, 200)),
    ("/vragendesk/?status=beantwoord&thema=projectsubsidies&behandelaar=ik", (LOGIN, 404, 404, 404, 200)),
    ("/vragendesk/{question.reference}/", (LOGIN, 404, 404, 404, 200)),
    ("/vragendesk/V-1999-0001/", (LOGIN, 404, 404, 404, 404)),
    ("/vragen/", (200, 200, 200, 200, 200)),
    ("/feeds/verduidelijkingen.atom?thema=digitaal-vergaderen", (200, 200, 200, 200, 200)),
    ("/open-data/verduidelijkingen.json", (200, 200, 200, 200, 200)),
    ("/vragen/?q=raad&thema=digitaal-vergaderen&sorteer=meest-gevraagd&pagina=2", (200, 200, 200, 200, 200)),
    ("/vragen/{clarification.slug}/", (200, 200, 200, 200, 200)),
    ("/vragen/{clarification.slug}/versies/1/", (302, 302, 302, 302, 302)),
    ("/vragen/{clarification.slug}/versies/9/", (404, 404, 404, 404, 404)),
    ("/vragen/{draft_clarification.slug}/", (404, 404, 404, 404, 404)),
    ("/redactie/verduidelijkingen/", (LOGIN, 404, 404, 200, 200)),
    ("/redactie/verduidelijkingen/{clarification.pk}/", (LOGIN, 404, 404, 200, 200)),
    ("/redactie/verduidelijkingen/{draft_clarification.pk}/", (LOGIN, 404, 404, 200, 200)),
    ("/admin/", (302, 302, 302, 302, 200)),
    ("/admin/practices/practice/", (302, 302, 302, 302, 200)),
]


@pytest.fixture
def objects(make_practice, official_a, official_b, editor, administrator):
    guide = guidance_services.create_document(editor=editor, title="Handreiking", sections=[S("Deel", "Tekst.")])
    guidance_services.add_attachment(
        draft=guide.versions.get(), editor=editor, uploaded=make_upload("model.pdf", PDF_BYTES)
    )
    guidance_services.publish(draft=guide.versions.get(), editor=editor, change_note="", is_major=False)
    guide_draft = guidance_services.start_draft(document=guide, editor=editor)
    guidance_services.add_attachment(draft=guide_draft, editor=editor, uploaded=make_upload("nieuw.pdf", PDF_BYTES))
    sent = [
        guidance_services.send_suggestion(
            document=guide,
            text="Meer voorbeelden.",
            organisation_type="burger",
            name="Jan",
            email=f"jan{n}@example.org",
        )
        for n in range(2)
    ]
    guidance_services.confirm_suggestion(token=sent[0].confirmation_token)
    published = make_practice(title="Gepubliceerd voorbeeld", files=[("bestek.pdf", PDF_BYTES)])
    draft = make_practice(stage="draft", title="Concept van A", files=[("concept.pdf", PDF_BYTES)])
    submitted = make_practice(stage="submitted", title="Ingediend door A")
    adoption = adoptions.record(
        practice=published,
        local_government=official_b.memberships.get().local_government,
        author=official_b,
        way="aangepast",
        adopted_on=datetime.date(2021, 3, 1),
    )
    period = periods.create_period(editor=editor, name="Eerste lockdown", starts_on=datetime.date(2020, 3, 18))
    question = question_services.ask(
        official=official_a,
        local_government=official_a.memberships.get().local_government,
        theme=QuestionTheme.objects.get(slug="digitaal-vergaderen"),
        title="Mag de raad digitaal vergaderen?",
        text="Onze raad wil dat.",
    )
    question_services.answer(question=question, actor=administrator, text="Ja.")
    clarification = publishing.create(editor=editor, questions=[question])
    version = clarification.versions.get()
    publishing.submit(version=version, editor=editor)
    publishing.approve(version=version, editor=administrator)
    clarification.refresh_from_db()
    return {
        "question": question,
        "clarification": clarification,
        "draft_clarification": publishing.create(editor=editor, questions=[question]),
        "period": period,
        "adoption": adoption,
        "guide": guide,
        "guide_file": guide.versions.get(number=1).attachments.get(),
        "draft_guide_file": guide_draft.attachments.get(title="nieuw.pdf"),
        "secret_guide": guidance_services.create_document(editor=editor, title="Geheim", sections=[S("Deel", "")]),
        "suggestion": sent[0],
        "unconfirmed": sent[1],
        "published": published,
        "published_file": published.attachments.get(),
        "draft": draft,
        "draft_file": draft.uploaded_files.get(),
        "submitted": submitted,
    }


def html_pages(client, objects, ladder_persona):
    """(url, response) of every HTML page of the ladder that `ladder_persona` may open (the admin aside),
    with `client` already logged in as whoever walks it."""
    index = PERSONAS.index(ladder_persona)
    for template, answers in LADDER:
        url = template.format(**objects)
        if answers[index] != 200 or url.startswith("/admin/"):
            continue
        page = client.get(url)
        if page["Content-Type"].startswith("text/html"):
            yield url, page


@pytest.mark.parametrize(("index", "persona"), list(enumerate(PERSONAS)))
def test_every_url_answers_each_persona_as_it_should(client, request, objects, index, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    wrong = []
    for template, answers in LADDER:
        url = template.format(**objects)
        expected = answers[index]
        response = client.get(url)
        if expected == LOGIN:
            ok = response.status_code == 302 and response["Location"].startswith("/aanmelden/?next=")
        else:
            ok = response.status_code == expected
        if not ok:
            wrong.append(f"{url}: {response.status_code}, expected {expected}")
    assert not wrong, f"{persona}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("persona", ["anonymous", "editor"])
def test_head_answers_wherever_get_does(client, request, objects, persona):
    """Monitors and link checkers send HEAD: it answers as GET does, without a body."""
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    wrong = []
    for template, _answers in LADDER:
        url = template.format(**objects)
        get, head = client.get(url).status_code, client.head(url)
        body = b"".join(head.streaming_content) if head.streaming else head.content
        if head.status_code != get or body:
            wrong.append(f"{url}: HEAD {head.status_code}, GET {get}")
    assert not wrong, "\n".join(wrong)
