"""Following the clarifications of a question theme: a new clarification and a new version of one are
mailed once, to the followers of its theme only."""

import io

import pytest
from django.core import mail
from django.core.management import call_command

from alerts.models import Subscription
from questions import publishing, services
from questions.models import QuestionTheme
from questions.publishing import Draft


def _publish(ask, desk, editor, second_editor, theme, title):
    question = ask(theme=theme, title=f"Vraag: {title}")
    services.answer(question=question, actor=desk, text="Antwoord.")
    clarification = publishing.create(editor=editor, questions=[question])
    version = clarification.versions.get()
    publishing.save_draft(version=version, editor=editor, draft=Draft(title=title, body="Uitleg."))
    publishing.submit(version=version, editor=editor)
    publishing.approve(version=version, editor=second_editor)
    clarification.refresh_from_db()
    return clarification


def _run():
    mail.outbox.clear()
    call_command("send_alerts", stdout=io.StringIO())
    return [m for m in mail.outbox if "Verduidelijkingen over" in m.subject]


def test_followers_of_a_theme_hear_of_its_new_clarifications_and_their_new_versions(
    client, ask, desk, editor, second_editor, official_b, settings
):
    settings.ALERTS_SETTLE_SECONDS = 0
    client.force_login(official_b)
    form = client.get("/meldingen/nieuw/?vragen=personeel").content.decode()
    assert "Verduidelijkingen volgen" in form and "Personeel" in form
    client.post("/meldingen/nieuw/?vragen=personeel", {"email": official_b.email, "frequency": "direct"})
    subscription = Subscription.objects.get()
    assert subscription.question_theme == QuestionTheme.objects.get(slug="personeel") and subscription.is_confirmed
    assert subscription.label == "Verduidelijkingen over Personeel"

    clarification = _publish(ask, desk, editor, second_editor, "personeel", "Telewerk mag ook na de crisis")
    _publish(ask, desk, editor, second_editor, "financien", "Belastingen kwijtschelden")
    (alert,) = _run()
    assert alert.to == [official_b.email] and "Telewerk mag ook na de crisis" in alert.body
    assert clarification.get_absolute_url() in alert.body and "Belastingen" not in alert.body
    assert _run() == []  # nothing twice

    second = publishing.start_correction(clarification=clarification, editor=editor)
    publishing.save_draft(
        version=second, editor=editor, draft=Draft(title="Telewerk blijft", body="Nieuw.", change_note="Korter.")
    )
    publishing.submit(version=second, editor=editor)
    publishing.approve(version=second, editor=second_editor)
    (update,) = _run()
    assert "Versie 2" in update.body and "Korter." in update.body


@pytest.mark.parametrize("slug", ["onbekend", ""])
def test_an_unknown_or_retired_theme_cannot_be_followed(client, slug, db):
    QuestionTheme.objects.filter(slug="personeel").update(retired=True)
    assert client.get(f"/meldingen/nieuw/?vragen={slug}").status_code == 404
    assert client.get("/meldingen/nieuw/?vragen=personeel").status_code == 404
