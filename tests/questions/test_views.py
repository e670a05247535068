"""The pages of questions as each persona reaches them: the asking road with its check step, the thread,
the desk; who sees what (an internal note never reaches the asking government), and bad input."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from catalogue import exports
from guidance import services as guidance_services
from guidance.services import SectionText as S
from questions import publishing, services
from questions.models import CannedAnswer, Question, QuestionTheme, Status
from tests.conftest import PDF_BYTES
from vlaanderenhelpt.attachments import make_upload

PERSONAS = ["anonymous", "official_a", "colleague_a", "official_b", "editor", "desk", "administrator"]
LOGIN = "login"
NOTE = "GEHEIM-NOTITIE-4711"

# url -> expected answer per persona, in the order of PERSONAS
LADDER = [
    ("/mijn-vragen/", (LOGIN, 200, 200, 200, 200, 200, 200)),
    ("/mijn-vragen/nieuw/", (LOGIN, 200, 200, 200, 200, 200, 200)),
    ("/mijn-vragen/nieuw/controleren/", (LOGIN, 302, 302, 302, 302, 302, 302)),  # nothing to check yet
    ("/mijn-vragen/{q.reference}/", (LOGIN, 200, 200, 404, 404, 404, 404)),
    ("/mijn-vragen/{q.reference}/verstuurd/", (LOGIN, 200, 200, 404, 404, 404, 404)),
    ("/mijn-vragen/v-2026-0001/", (LOGIN, 404, 404, 404, 404, 404, 404)),
    ("/vragendesk/", (LOGIN, 404, 404, 404, 404, 200, 200)),
    ("/vragendesk/{q.reference}/", (LOGIN, 404, 404, 404, 404, 200, 200)),
    ("/vragendesk/V-2026-9999/", (LOGIN, 404, 404, 404, 404, 404, 404)),
    ("/mijn-vragen/{q.reference}/bijlagen/{file.pk}/", (LOGIN, 200, 200, 404, 404, 404, 404)),
    ("/vragendesk/{q.reference}/bijlagen/{file.pk}/", (LOGIN, 404, 404, 404, 404, 200, 200)),
    ("/mijn-vragen/mijn-gegevens.json", (LOGIN, 200, 200, 200, 200, 200, 200)),
    ("/redactie/verduidelijkingen/", (LOGIN, 404, 404, 404, 200, 404, 200)),
    ("/redactie/verduidelijkingen/{draft.pk}/", (LOGIN, 404, 404, 404, 200, 404, 200)),
    ("/vragen/", (200, 200, 200, 200, 200, 200, 200)),
    ("/advies/onbekend/", (404, 404, 404, 404, 404, 404, 404)),
    ("/vragen/{draft.slug}/", (404, 404, 404, 404, 404, 404, 404)),
]


@pytest.fixture
def question(ask, desk):
    question = ask(attachments=[make_upload("plan.pdf", PDF_BYTES)])
    services.add_note(question=question, author=desk, text=f"Intern: {NOTE}")
    return question


@pytest.mark.parametrize(("index", "persona"), list(enumerate(PERSONAS)))
def test_every_question_url_answers_each_persona_as_it_should(client, request, question, index, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    wrong = []
    services.answer(question=question, actor=request.getfixturevalue("desk"), text="Ja.")
    draft = publishing.create(editor=request.getfixturevalue("editor"), questions=[question])
    for template, answers in LADDER:
        url = template.format(q=question, file=question.attachments.get(), draft=draft)
        response = client.get(url)
        expected = answers[index]
        if expected == LOGIN:
            ok = response.status_code == 302 and response["Location"].startswith("/aanmelden/?next=")
        else:
            ok = response.status_code == expected
        if not ok:
            wrong.append(f"{url}: {response.status_code}, expected {expected}")
    assert not wrong, f"{persona}:\n" + "\n".join(wrong)


def test_other_governments_see_nothing_of_a_question(client, question, official_b, editor):
    for user in (official_b, editor):
        client.force_login(user)
        listing = client.get("/mijn-vragen/").content.decode()
        assert question.reference not in listing and question.title not in listing


def _form(local_government, theme="digitaal-vergaderen", **fields):
    data = {
        "local_government": local_government.pk,
        "theme": QuestionTheme.objects.get(slug=theme).pk,
        "title": "Mag de gemeenteraad digitaal vergaderen na 30 juni?",
        "text": "Onze gemeenteraad vergadert sinds maart digitaal. Mag dat blijven?",
        "needed_by": "",
    }
    data.update(fields)
    return data


@pytest.fixture
def guide(editor):
    document = guidance_services.create_document(
        editor=editor,
        title="Lokale besturen als motor van post-corona herstel",
        sections=[
            S("Digitaal vergaderen van de gemeenteraad", "De gemeenteraad mag digitaal vergaderen zolang ..."),
            S("Waardebonnen", "Over lokale handel."),
        ],
    )
    guidance_services.publish(draft=document.versions.get(), editor=editor, change_note="", is_major=False)
    return document


def test_the_asker_sees_what_may_answer_it_and_may_stop_there_without_anything_stored(client, official_a, gent, guide):
    client.force_login(official_a)
    response = client.post("/mijn-vragen/nieuw/", _form(gent))
    assert response.status_code == 302 and response["Location"] == "/mijn-vragen/nieuw/controleren/"
    check = client.get("/mijn-vragen/nieuw/controleren/").content.decode()
    assert "Digitaal vergaderen van de gemeenteraad" in check
    assert f'href="/handreikingen/{guide.slug}/#digitaal-vergaderen-van-de-gemeenteraad"' in check
    assert "Waardebonnen" not in check  # shares no word with the question
    stopped = client.post("/mijn-vragen/nieuw/controleren/", {"actie": "beantwoord"})
    assert "niet verstuurd en niet bewaard" in stopped.content.decode()
    assert not Question.objects.exists()
    assert client.get("/mijn-vragen/nieuw/controleren/")["Location"] == "/mijn-vragen/nieuw/"  # the draft is gone


def test_the_check_step_shows_the_clarifications_that_match_the_title(
    client, ask, desk, editor, second_editor, official_a, gent
):
    for theme, title in (
        ("digitaal-vergaderen", "De gemeenteraad mag digitaal vergaderen tot 30 juni"),
        ("financien", "Terrasbelasting kwijtschelden mag"),  # another theme: its name is searched too
    ):
        earlier = ask(title="Een eerdere vraag", theme=theme)
        services.answer(question=earlier, actor=desk, text="Ja.")
        clarification = publishing.create(editor=editor, questions=[earlier])
        version = clarification.versions.get()
        publishing.save_draft(version=version, editor=editor, draft=publishing.Draft(title=title, body="Uitleg."))
        publishing.submit(version=version, editor=editor)
        publishing.approve(version=version, editor=second_editor)
    client.force_login(official_a)
    client.post("/mijn-vragen/nieuw/", _form(gent, title="Mag de gemeenteraad digitaal vergaderen in juli?"))
    check = client.get("/mijn-vragen/nieuw/controleren/").content.decode()
    assert "De gemeenteraad mag digitaal vergaderen tot 30 juni" in check and "Terrasbelasting" not in check


def test_the_asker_sends_gets_a_reference_and_a_second_click_sends_nothing_more(
    client, official_a, gent, django_capture_on_commit_callbacks
):
    client.force_login(official_a)
    client.post("/mijn-vragen/nieuw/", _form(gent, needed_by="2099-01-15"))
    back = client.get("/mijn-vragen/nieuw/").content.decode()  # "Vraag aanpassen": what was typed comes back
    assert 'value="Mag de gemeenteraad digitaal vergaderen na 30 juni?"' in back and 'value="2099-01-15"' in back
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/mijn-vragen/nieuw/controleren/", {"actie": "versturen"})
    question = Question.objects.get()
    assert sent["Location"] == f"/mijn-vragen/{question.reference}/verstuurd/"
    page = client.get(sent["Location"]).content.decode()
    assert question.reference in page and question.needed_by == datetime.date(2099, 1, 15)
    assert "De vragendesk antwoordt in principe tegen" in page  # too few answers yet to say what is usual
    again = client.post("/mijn-vragen/nieuw/controleren/", {"actie": "versturen"})
    assert again["Location"] == "/mijn-vragen/nieuw/" and Question.objects.count() == 1


def test_the_usual_time_to_a_first_answer_comes_from_the_data(client, ask, desk, official_a):
    for days in (1, 2, 3, 4, 9):
        question = ask(at=timezone.now() - datetime.timedelta(days=20))
        services.answer(question=question, actor=desk, text="Ja.")
        Question.objects.filter(pk=question.pk).update(
            first_answered_at=question.created_at + datetime.timedelta(days=days)
        )
    times = sorted(Question.objects.first_answer_times(timezone.now() - datetime.timedelta(days=90)))
    expected = times[3]  # four in five within
    client.force_login(official_a)
    page = client.get(f"/mijn-vragen/{question.reference}/verstuurd/").content.decode()
    assert f"meestal binnen {expected} werkdag" in page


def test_bad_input_gets_dutch_errors_at_the_fields_and_nothing_is_stored(client, official_a, gent, leuven):
    client.force_login(official_a)
    page = client.post("/mijn-vragen/nieuw/", {}).content.decode()
    assert 'class="error-summary"' in page
    for message in ("Kies het bestuur waarvoor u de vraag stelt.", "Kies het thema van uw vraag.", "Schrijf uw vraag."):
        assert message in page
    forged = client.post("/mijn-vragen/nieuw/", _form(leuven)).content.decode()  # not their government
    assert "Selecteer een geldige keuze" in forged
    past = client.post("/mijn-vragen/nieuw/", _form(gent, needed_by="2020-01-01")).content.decode()
    assert "Deze datum ligt in het verleden" in past
    huge = client.post("/mijn-vragen/nieuw/", _form(gent, title="x" * 201, text="y" * 20001)).content.decode()
    assert huge.count("error-message") == 2
    assert client.get("/mijn-vragen/nieuw/controleren/")["Location"] == "/mijn-vragen/nieuw/"
    assert not Question.objects.exists()


def test_hostile_text_is_stored_clean_and_shown_inert_to_asker_and_desk(client, official_a, gent, desk):
    client.force_login(official_a)
    hostile = _form(
        gent,
        title='<script>alert("t")</script>\x00Raad\x1b online?',
        text="<img src=x onerror=alert(1)> [klik](javascript:alert(2)) \x00 tekst",
    )
    client.post("/mijn-vragen/nieuw/", hostile)
    client.post("/mijn-vragen/nieuw/controleren/", {"actie": "versturen"})
    question = Question.objects.get()
    assert "\x00" not in question.title + question.text and "\x1b" not in question.title
    for user, url in ((official_a, question.get_absolute_url()), (desk, question.get_desk_url())):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html and "javascript:" not in html
        assert "&lt;script&gt;" in html


def test_no_internal_note_reaches_the_asking_government_in_any_page_or_email(
    client, question, official_a, colleague_a, desk, editor, second_editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.ask_for_more(question=question, actor=desk, text="Welke raad?")
        services.add(question=question, official=colleague_a, text="De gemeenteraad.")
        services.add_note(question=question, author=desk, text=f"Nog een {NOTE}")
        services.answer(question=question, actor=desk, text="Ja.")
        services.send_due_reminders()
    for user in (official_a, colleague_a):
        client.force_login(user)
        for url in ("/mijn-vragen/", question.get_absolute_url(), f"{question.get_absolute_url()}verstuurd/"):
            page = client.get(url)
            assert page.status_code == 200 and NOTE not in page.content.decode(), url
        assert "Welke raad?" in client.get(question.get_absolute_url()).content.decode()
    assert mail.outbox and all(NOTE not in m.body and NOTE not in m.subject for m in mail.outbox)
    assert all("Welke raad?" not in m.body for m in mail.outbox)  # the thread never travels by mail
    assert NOTE not in client.get("/mijn-vragen/mijn-gegevens.json").content.decode()
    # A clarification published from the question as the draft starts (from the answers), and every public
    # road to it: no note on any of them.
    clarification = publishing.create(editor=editor, questions=[question])
    version = clarification.versions.get()
    assert NOTE not in version.body
    publishing.submit(version=version, editor=editor)
    publishing.approve(version=version, editor=second_editor)
    clarification.refresh_from_db()
    exports.write_files()
    client.logout()
    for url in (clarification.get_absolute_url(), "/vragen/", "/feeds/verduidelijkingen.atom", "/sitemap.xml"):
        assert NOTE not in client.get(url).content.decode(), url
    assert NOTE not in b"".join(client.get("/open-data/verduidelijkingen.json").streaming_content).decode()
    client.force_login(desk)
    assert client.get(question.get_desk_url()).content.decode().count(NOTE) == 2


def test_the_desk_works_a_question_on_its_page(client, question, desk, second_desk, official_a):
    CannedAnswer.objects.create(title="Digitale raad", text="De raad mag digitaal vergaderen volgens artikel 1.")
    client.force_login(desk)
    url = question.get_desk_url()
    assert "U behandelt deze vraag." in client.post(url, {"actie": "aan_mij"}, follow=True).content.decode()
    wrong = client.post(url, {"actie": "dubbel", "reference": "V-2026-9999"}).content.decode()
    assert "Er is geen vraag met deze referentie." in wrong and 'class="error-summary"' in wrong
    empty = client.post(url, {"actie": "notitie", "note": ""}).content.decode()
    assert "Schrijf de notitie." in empty
    canned = CannedAnswer.objects.get()
    prefilled = client.get(f"{url}?tekst={canned.pk}").content.decode()
    assert "De raad mag digitaal vergaderen volgens artikel 1.</textarea>" in prefilled
    client.post(url, {"actie": "bericht", "kind": "antwoord", "text": canned.text})
    question.refresh_from_db()
    assert question.status == Status.ANSWERED and question.handler == desk
    twice = client.post(url, {"actie": "bericht", "kind": "antwoord", "text": "Nog eens."}, follow=True)
    assert "Hierover is al beslist door" in twice.content.decode()
    assert question.messages.filter(kind="antwoord").count() == 1
    client.force_login(official_a)
    assert "volgens artikel 1" in client.get(question.get_absolute_url()).content.decode()
    client.post(question.get_absolute_url(), {"actie": "sluiten"})
    question.refresh_from_db()
    assert question.status == Status.CLOSED


def test_the_queue_puts_the_overdue_first_then_the_needed_by_date_then_the_oldest(client, ask, desk):
    now = timezone.now()
    old = ask(title="Oud", at=now - datetime.timedelta(days=3))
    needed = ask(title="Nodig", needed_by=timezone.localdate() + datetime.timedelta(days=2))
    late = ask(title="Te laat", at=now - datetime.timedelta(days=20))
    newest = ask(title="Nieuwst")
    answered = ask(title="Beantwoord")
    services.answer(question=answered, actor=desk, text="Ja.")
    client.force_login(desk)
    page = client.get("/vragendesk/").content.decode()
    order = re.findall(r'href="/vragendesk/(V-\d{4}-\d{4})/"', page)
    assert order == [late.reference, needed.reference, old.reference, newest.reference]
    assert "te laat" in page
    answered_tab = client.get("/vragendesk/?status=beantwoord").content.decode()
    assert re.findall(r'href="/vragendesk/(V-\d{4}-\d{4})/"', answered_tab) == [answered.reference]
    services.assign(question=old, actor=desk, handler=desk)
    mine = client.get("/vragendesk/?behandelaar=ik").content.decode()
    assert re.findall(r'href="/vragendesk/(V-\d{4}-\d{4})/"', mine) == [old.reference]
    nobody = client.get("/vragendesk/?behandelaar=niemand&thema=onbekend&status=%00").content.decode()
    assert old.reference not in nobody and late.reference in nobody


@pytest.mark.parametrize("count", [1, 40])
def test_the_queue_and_a_question_stay_within_their_query_budget(
    client, ask, desk, count, django_assert_max_num_queries
):
    questions = [ask(title=f"Vraag {n}") for n in range(count)]
    for question in questions:
        services.add_note(question=question, author=desk, text="Notitie.")
    client.force_login(desk)
    with django_assert_max_num_queries(12):
        page = client.get("/vragendesk/").content.decode()
    assert page.count('href="/vragendesk/V-') == count
    with django_assert_max_num_queries(16):  # the thread and its files in a fixed number, however long
        client.get(questions[-1].get_desk_url())


def test_a_governments_questions_are_listed_fifty_a_page(client, ask, official_a):
    for n in range(51):
        ask(title=f"Vraag nummer {n:02d}")
    client.force_login(official_a)
    first = client.get("/mijn-vragen/").content.decode()
    assert first.count('href="/mijn-vragen/V-') == 50 and "Vraag nummer 50" in first and 'rel="next"' in first
    second = client.get("/mijn-vragen/?pagina=2").content.decode()
    assert second.count('href="/mijn-vragen/V-') == 1 and "Vraag nummer 00" in second
    assert client.get("/mijn-vragen/?pagina=999999999999999999999").status_code == 200


def test_the_queue_goes_on_in_pages_of_a_hundred_keeping_its_filters(client, ask, desk):
    for n in range(101):
        ask(title=f"Vraag {n}", theme="personeel")
    client.force_login(desk)
    first = client.get("/vragendesk/?thema=personeel").content.decode()
    assert first.count('href="/vragendesk/V-') == 100 and "101 vragen" in first
    assert 'href="?thema=personeel&amp;pagina=2"' in first
    second = client.get("/vragendesk/?thema=personeel&pagina=2").content.decode()
    assert second.count('href="/vragendesk/V-') == 1
