"""Hostile input on every form and parameter of questions and clarifications: refused with a Dutch
message at the field, or rendered inert; never a server error, never half-saved."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from questions import publishing, services
from questions.models import Clarification, Question

SCRIPT = '<script>alert("x")</script>'


def _clarification_form(**fields):
    data = {
        "actie": "bewaren",
        "title": "De raad vergadert weer fysiek",
        "body": "Tekst.",
        "change_note": "",
        "regels-TOTAL_FORMS": "1",
        "regels-INITIAL_FORMS": "0",
        "regels-MIN_NUM_FORMS": "0",
        "regels-MAX_NUM_FORMS": "20",
        "regels-0-name": "",
    }
    data.update(fields)
    return data


@pytest.fixture
def draft(ask, desk, editor):
    question = ask()
    services.answer(question=question, actor=desk, text="Ja.")
    return publishing.create(editor=editor, questions=[question])


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"regels-0-name": "Decreet", "regels-0-url": "javascript:alert(1)"}, "Voer een geldige URL in"),
        ({"regels-0-name": "D" * 201}, "niet meer dan 200 tekens"),
        ({"regels-0-name": "Decreet", "regels-0-valid_until": "2021-13-45"}, "Voer een geldige datum in"),
        ({"sections": "../../etc#passwd"}, "Selecteer een geldige keuze"),
        ({"periods": "999999999"}, "Selecteer een geldige keuze"),
        ({"title": "T" * 201}, "niet meer dan 200 tekens"),
        ({"body": "x" * 20001}, "niet meer dan 20000 tekens"),
        ({"regels-TOTAL_FORMS": "100000"}, "20 formulieren"),
    ],
)
def test_the_clarification_form_refuses_forged_and_overlong_input(client, draft, editor, fields, message):
    client.force_login(editor)
    page = client.post(draft.get_editor_url(), _clarification_form(**fields))
    assert page.status_code == 200 and message in page.content.decode()
    version = draft.versions.get()
    assert version.title == "Mag de gemeenteraad na 30 juni nog digitaal vergaderen?" and not version.rules.exists()


def test_script_in_a_clarification_and_a_reply_stays_inert_where_it_is_read(
    client, draft, editor, second_editor, ask, desk, official_a
):
    client.force_login(editor)
    client.post(
        draft.get_editor_url(),
        _clarification_form(
            actie="aanbieden",
            title=f"{SCRIPT}\x00Titel\x1b",
            body=f"{SCRIPT} [klik](javascript:alert(2)) <img src=x onerror=alert(3)>",
            **{"regels-0-name": f"{SCRIPT} Decreet", "regels-0-url": "https://codex.vlaanderen.be/"},
        ),
    )
    version = draft.versions.get()
    assert "\x00" not in version.title and "\x1b" not in version.title
    publishing.approve(version=version, editor=second_editor)
    clarification = Clarification.objects.get(pk=draft.pk)
    question = ask()
    services.answer(question=question, actor=desk, text=f"{SCRIPT} <img src=x onerror=alert(4)>")
    client.force_login(official_a)
    pages = [client.get(question.get_absolute_url()).content.decode()]
    client.logout()
    pages += [client.get(url).content.decode() for url in (clarification.get_absolute_url(), "/vragen/?q=titel")]
    pages.append(client.get("/feeds/verduidelijkingen.atom").content.decode())
    for html in pages:
        assert "<script>alert" not in html and "<img src=x" not in html and 'href="javascript:' not in html


@pytest.mark.parametrize(
    "path",
    [
        "/vragendesk/?behandelaar=999999999999999999999999&thema=%00&status=../",
        "/vragendesk/?behandelaar=%D9%A3&status=nieuw",
        "/vragendesk/{ref}/?tekst=999999999999",
        "/vragendesk/{ref}/?tekst=%00abc",
        "/vragendesk/V-2026-0001%00/",
        "/mijn-vragen/{ref}%1b/",
        "/vragen/?pagina=99999999999999999999",
        "/vragen/nergens/versies/99999999999999999999/",
        "/feeds/verduidelijkingen.atom?thema=%00%1b",
    ],
)
def test_forged_parameters_get_an_answer_never_an_error(client, ask, desk, path):
    question = ask()
    client.force_login(desk)
    response = client.get(path.format(ref=question.reference))
    assert response.status_code in (200, 404), path


def test_forged_desk_posts_are_refused_at_the_field(client, ask, desk, official_a):
    question = ask()
    client.force_login(desk)
    url = question.get_desk_url()
    assigned = client.post(url, {"actie": "toewijzen", "handler": official_a.pk}).content.decode()
    assert "Selecteer een geldige keuze" in assigned
    kind = client.post(url, {"actie": "bericht", "kind": "intern", "text": "x"}).content.decode()
    assert "Selecteer een geldige keuze" in kind
    unknown = client.post(url, {"actie": "verwijderen"}, follow=True).content.decode()
    assert "Onbekende actie." in unknown
    question.refresh_from_db()
    assert question.status == question.Status.NEW and question.handler is None and not question.messages.exists()


def test_the_reminders_run_from_the_periodic_runner_and_send_nothing_twice(
    ask, desk, django_capture_on_commit_callbacks
):
    late = ask(at=timezone.now() - timezone.timedelta(days=14))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_periodic", "--at", timezone.now().isoformat(), stdout=(out := io.StringIO()))
    assert "send_question_reminders: 1 herinneringen verstuurd." in out.getvalue()
    assert [m.subject.split(":")[0] for m in mail.outbox if late.reference in m.subject] == ["Te laat"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_question_reminders", stdout=(out := io.StringIO()))  # by hand, the same day
    assert "0 herinneringen" in out.getvalue() and mail.outbox == []
    assert Question.objects.get(pk=late.pk).reminded_for == late.due_on
