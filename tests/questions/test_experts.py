"""Asking an expert of another administration: a single-use link by e-mail, the question without its
asker or thread, the advice in the thread for the desk only."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from questions import experts, services
from questions.models import ExpertRequest, Message

NOTE = "GEHEIME-NOTITIE"


@pytest.fixture
def question(ask, desk):
    question = ask(text="Mag de raad in juli nog digitaal vergaderen?")
    services.add_note(question=question, author=desk, text=NOTE)
    return question


def _link(message):
    return re.search(r"https?://\S+?(/advies/\S+/)", message.body).group(1)


def test_the_desk_forwards_and_the_expert_advises_once_through_the_link(
    client, question, desk, official_a, django_capture_on_commit_callbacks
):
    client.force_login(desk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            question.get_desk_url(),
            {
                "actie": "doorsturen",
                "name": "Erik Expert",
                "organisation": "Departement Kanselarij en Bestuur",
                "email": "erik@vlaanderen.be",
                "note": "Geldt het decreet hier nog?",
            },
        )
    (invitation,) = mail.outbox
    assert invitation.to == ["erik@vlaanderen.be"] and question.reference in invitation.subject
    assert "digitaal vergaderen" not in invitation.body  # the question itself only behind the link
    assert (
        question.decisions.filter(action="doorsturen").get().reason == "Erik Expert (Departement Kanselarij en Bestuur)"
    )
    client.logout()
    link = _link(invitation)
    page = client.get(link).content.decode()
    assert "Mag de raad in juli nog digitaal vergaderen?" in page and "Geldt het decreet hier nog?" in page
    assert NOTE not in page and official_a.email not in page and str(official_a) not in page
    empty = client.post(link, {"text": ""}).content.decode()
    assert "Schrijf uw advies." in empty and not Message.objects.filter(kind="expert").exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(link, {"text": "Ja, tot 31 december. <script>alert(1)</script>"})
    assert "Bedankt voor uw advies" in done.content.decode()
    assert client.post(link, {"text": "Nog eens."}).status_code == 404  # once only
    assert client.get(link).status_code == 404
    advice = Message.objects.get(kind="expert")
    assert advice.expert_request.name == "Erik Expert" and advice.author is None
    client.force_login(desk)
    desk_page = client.get(question.get_desk_url()).content.decode()
    assert "Ja, tot 31 december." in desk_page and "Erik Expert (Departement Kanselarij en Bestuur)" in desk_page
    assert "<script>alert(1)" not in desk_page
    client.force_login(official_a)
    assert "Ja, tot 31 december." not in client.get(question.get_absolute_url()).content.decode()
    assert all("31 december" not in m.body for m in mail.outbox)


def test_an_expired_or_unknown_link_opens_nothing_and_only_the_desk_forwards(question, desk, official_a, client):
    request = experts.forward(
        question=question, actor=desk, name="Erik", organisation="DKB", email="erik@vlaanderen.be", note="Advies?"
    )
    ExpertRequest.objects.filter(pk=request.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(f"/advies/{request.token}/").status_code == 404
    assert client.get("/advies/onbekend/").status_code == 404
    with pytest.raises(services.QuestionError, match="Alleen de vragendesk"):
        experts.forward(question=question, actor=official_a, name="X", organisation="Y", email="x@y.be", note="Z")
    client.force_login(desk)
    wrong = client.post(
        question.get_desk_url(),
        {"actie": "doorsturen", "name": "", "organisation": "", "email": "geen-adres", "note": ""},
    ).content.decode()
    assert "Geef de naam van de expert." in wrong and "Voer een geldig e-mailadres in" in wrong
    assert ExpertRequest.objects.count() == 1
