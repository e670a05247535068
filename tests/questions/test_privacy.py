"""A question is its asker's personal data: closed threads are deleted after the retention period (by the
periodic runner, once), the asker downloads their own data, and the privacy page says what is kept."""

import datetime
import io
import json

from django.core.management import call_command
from django.utils import timezone

from questions import retention, services
from questions.models import Message, Question, QuestionDecision


def test_closed_threads_are_deleted_after_the_retention_period_and_the_figures_keep_their_skeleton(
    ask, desk, official_a, settings
):
    settings.QUESTION_RETENTION_YEARS = 5
    old, recent, open_one = ask(title="Oud"), ask(title="Recent"), ask(title="Nog open")
    for question in (old, recent):
        services.add_note(question=question, author=desk, text="Notitie.")
        services.answer(question=question, actor=desk, text="Antwoord.")
        services.close(question=question, actor=official_a)
    now = timezone.now()
    Question.objects.filter(pk=old.pk).update(closed_at=now - datetime.timedelta(days=5 * 366))
    Question.objects.filter(pk=open_one.pk).update(created_at=now - datetime.timedelta(days=9 * 365))
    decisions = QuestionDecision.objects.count()
    call_command("run_periodic", "--at", now.isoformat(), stdout=(out := io.StringIO()))
    assert "forget_closed_questions: 1 vragen gewist." in out.getvalue()
    old.refresh_from_db()
    assert (old.text, old.asked_by, old.forgotten_at is not None) == ("", None, True)
    assert "gewist" in old.title and not Message.objects.filter(question=old).exists()
    assert old.reference.startswith("V-") and old.theme_id and old.first_answered_at  # the figures keep these
    assert QuestionDecision.objects.count() == decisions  # the record of decisions stays
    recent.refresh_from_db()
    assert recent.text and recent.messages.count() == 2
    assert retention.forget_closed() == 0  # run again: nothing twice


def test_the_asker_downloads_their_own_questions_without_internal_notes(client, ask, desk, official_a, colleague_a):
    mine = ask(title="Mijn vraag")
    services.add_note(question=mine, author=desk, text="GEHEIM")
    services.ask_for_more(question=mine, actor=desk, text="Welke raad?")
    services.add(question=mine, official=official_a, text="De gemeenteraad.")
    theirs = ask(official=colleague_a, title="Vraag van een collega")
    services.add(question=theirs, official=official_a, text="Ik vul aan.")
    client.force_login(official_a)
    response = client.get("/mijn-vragen/mijn-gegevens.json")
    assert response["Content-Disposition"] == 'attachment; filename="mijn-vragen-aan-abb.json"'
    data = json.loads(response.content)
    assert [q["referentie"] for q in data["vragen"]] == [mine.reference]
    assert [m["tekst"] for m in data["vragen"][0]["berichten"]] == ["Welke raad?", "De gemeenteraad."]
    assert "GEHEIM" not in response.content.decode()
    assert [m["tekst"] for m in data["berichten_bij_vragen_van_collega's"]] == ["Ik vul aan."]
    assert "download uw vragen en berichten" in client.get("/profiel/").content.decode()


def test_the_privacy_page_says_what_is_kept_and_for_how_long(client, settings):
    page = client.get("/privacy/").content.decode()
    assert "Vragen aan ABB" in page and f"{settings.QUESTION_RETENTION_YEARS} jaar na het sluiten" in page


def test_the_figures_count_questions_and_answer_times_but_never_their_content(client, ask, desk):
    answered = ask(title="GEHEIME-TITEL", text="GEHEIME-TEKST", at=timezone.now() - datetime.timedelta(days=14))
    services.answer(question=answered, actor=desk, text="Antwoord.")
    ask(theme="personeel", title="Personeelsvraag")
    data = client.get("/open-data/cijfers.json").json()["questions"]
    assert data["asked"] == 2 and data["first_answer"]["count"] == 1
    assert data["first_answer"]["median"] >= 9  # two weeks: at least nine working days
    assert data["on_time"] == {"working_days": 5, "count": 0, "percent": 0}
    assert {theme["name"]: theme["total"] for theme in data["themes"]} == {
        "Digitaal vergaderen van raad en college": 1,
        "Personeel": 1,
    }
    page = client.get("/cijfers/").content.decode()
    assert "Vragen per thema en per maand" in page and "GEHEIME" not in page
    assert "GEHEIME" not in client.get("/open-data/cijfers.json").content.decode()
