"""Invitations and access requests: how local officials get onto the portal."""

import datetime
import re

from django.core import mail
from django.utils import timezone

from accounts import services
from accounts.models import AccessRequest, Invitation, Membership, User
from tests.conftest import gov
from vlaanderenhelpt.tokens import token_hash

NEW_PASSWORD = "een-sterk-nieuw-wachtwoord-2026"


def invitation_link(message):
    return re.search(r"https?://\S+(/uitnodiging/\S+/)", message.body).group(1)


def test_an_editor_invites_and_the_invitee_joins_once(client, editor, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://vlaanderenhelpt.example"
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/redactie/uitnodigen/", {"email": "Nieuw@Gent.be", "local_government": gov("Gent").pk})
    message = mail.outbox[-1]
    assert message.to == ["nieuw@gent.be"] and message.subject == "Uitnodiging voor Vlaanderen helpt"
    assert "https://vlaanderenhelpt.example/uitnodiging/" in message.body
    link = invitation_link(message)
    client.logout()

    page = client.get(link).content.decode()
    assert "namens Gent" in page
    response = client.post(link, {"full_name": "Nina Nieuw", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response["Location"] == "/aanmelden/"
    user = User.objects.get(email="nieuw@gent.be")
    assert user.full_name == "Nina Nieuw" and user.check_password(NEW_PASSWORD)
    assert Membership.objects.filter(user=user, local_government__name="Gent").exists()

    used = client.get(link)
    assert used.status_code == 410
    assert "al gebruikt. Meld u aan" in used.content.decode()


def test_an_expired_or_unknown_invitation_says_what_to_do(client, editor):
    invitation = services.invite(editor=editor, email="laat@gent.be", local_government=gov("Gent"))
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    # The token is only in the e-mail; look it up through a fresh invitation with a known token instead.
    response = client.get("/uitnodiging/bestaat-niet/")
    assert response.status_code == 404 and "Controleer de link" in response.content.decode()
    token = "bekend-token"
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=token_hash(token))
    expired = client.get(f"/uitnodiging/{token}/")
    assert expired.status_code == 410 and "Vraag de redactie om een nieuwe uitnodiging." in expired.content.decode()


def test_invitation_passwords_are_checked_at_the_field(client, editor):
    invitation = services.invite(editor=editor, email="zwak@gent.be", local_government=gov("Gent"))
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=token_hash("t"))
    html = client.post("/uitnodiging/t/", {"full_name": "Z", "password1": "kort", "password2": "kort"}).content.decode()
    assert "Dit wachtwoord is te kort" in html and "Er is een probleem" in html
    assert not User.objects.filter(email="zwak@gent.be").exists()


def test_officials_cannot_invite(client, official_a):
    client.force_login(official_a)
    assert client.get("/redactie/uitnodigen/").status_code == 404
    assert (
        client.post("/redactie/uitnodigen/", {"email": "x@gent.be", "local_government": gov("Gent").pk}).status_code
        == 404
    )
    assert not Invitation.objects.exists()


def request_access(client, **extra):
    data = {
        "full_name": "Anna Aanvrager",
        "email": "anna@leuven.be",
        "function": "Beleidsmedewerker economie",
        "local_government": gov("Leuven").pk,
        "motivation": "Ik wil ons relanceplan delen.",
        "website": "",
    }
    data.update(extra)
    return client.post("/toegang-aanvragen/", data)


def test_access_request_approved_sends_a_set_password_link(client, editor, django_capture_on_commit_callbacks):
    assert "Bedankt, uw aanvraag is ontvangen" in request_access(client).content.decode()
    pending = AccessRequest.objects.get()
    client.force_login(editor)
    assert "Ik wil ons relanceplan delen." in client.get("/redactie/toegang/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/redactie/toegang/{pending.pk}/beslissen/", {"beslissing": "goedkeuren"})
    user = User.objects.get(email="anna@leuven.be")
    assert Membership.objects.filter(user=user, local_government__name="Leuven").exists()
    assert not user.has_usable_password()
    message = mail.outbox[-1]
    assert message.to == ["anna@leuven.be"] and "/wachtwoord-herstellen/" in message.body
    client.logout()
    link = re.search(r"(/wachtwoord-herstellen/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "Nieuw wachtwoord kiezen" in form.content.decode()


def test_declining_needs_a_reason_and_mails_it(client, editor, django_capture_on_commit_callbacks):
    request_access(client)
    pending = AccessRequest.objects.get()
    client.force_login(editor)
    html = client.post(f"/redactie/toegang/{pending.pk}/beslissen/", {"beslissing": "weigeren"}, follow=True)
    assert "Geef de reden van de weigering" in html.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/redactie/toegang/{pending.pk}/beslissen/", {"beslissing": "weigeren", "reden": "Geen lokaal bestuur."}
        )
    pending.refresh_from_db()
    assert pending.status == AccessRequest.Status.DECLINED
    assert "Geen lokaal bestuur." in mail.outbox[-1].body
    again = client.post(f"/redactie/toegang/{pending.pk}/beslissen/", {"beslissing": "goedkeuren"}, follow=True)
    assert "al beslist door" in again.content.decode()
    assert not User.objects.filter(email="anna@leuven.be").exists()


def test_access_request_spam_is_refused_silently_and_a_limited_person_is_told(client, db):
    assert "Bedankt" in request_access(client, website="http://spam.example").content.decode()
    assert not AccessRequest.objects.exists()
    answers = [request_access(client).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert AccessRequest.objects.count() == 3


def test_access_request_errors_are_shown_at_the_field(client, db):
    html = request_access(client, email="geen-adres", motivation="x" * 1001).content.decode()
    assert "Er is een probleem" in html and "Voer een geldig e-mailadres in." in html
    assert not AccessRequest.objects.exists()
