"""Passwords: the reset road, the rules, changing one; the profile page."""

import re

from django.core import mail

from tests.conftest import PASSWORD

NEW_PASSWORD = "een-heel-nieuw-wachtwoord-2026"


def test_password_reset_by_email_end_to_end(client, official_a, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://vlaanderenhelpt.example"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/wachtwoord-vergeten/", {"email": "AMBTENAAR@gent.be"})
    assert response["Location"] == "/wachtwoord-vergeten/verstuurd/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ambtenaar@gent.be"]
    assert message.subject == "Nieuw wachtwoord voor Vlaanderen helpt"
    link = re.search(r"https://vlaanderenhelpt\.example(/wachtwoord-herstellen/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert "Nieuw wachtwoord kiezen" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == "/wachtwoord-herstellen/klaar/"
    login = client.post("/aanmelden/", {"username": "ambtenaar@gent.be", "password": NEW_PASSWORD})
    assert login["Location"] == "/mijn-praktijken/"  # an official lands at their practices

    client.post("/afmelden/")
    reused = client.get(link, follow=True).content.decode()
    assert "Deze link werkt niet meer" in reused  # single use


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/wachtwoord-vergeten/", {"email": "niemand@gent.be"})
    assert response["Location"] == "/wachtwoord-vergeten/verstuurd/"
    assert mail.outbox == []


def test_a_weak_new_password_is_refused_at_the_field(client, official_a):
    client.force_login(official_a)
    response = client.post(
        "/wachtwoord-wijzigen/", {"old_password": PASSWORD, "new_password1": "kort", "new_password2": "kort"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Er is een probleem" in html
    assert "Dit wachtwoord is te kort: gebruik minstens 12 tekens." in html
    official_a.refresh_from_db()
    assert official_a.check_password(PASSWORD)


def test_change_password(client, official_a):
    client.force_login(official_a)
    response = client.post(
        "/wachtwoord-wijzigen/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == "/wachtwoord-wijzigen/klaar/"
    official_a.refresh_from_db()
    assert official_a.check_password(NEW_PASSWORD)


def test_profile_shows_name_email_and_memberships(client, official_a):
    from accounts.models import Membership
    from tests.conftest import gov

    Membership.objects.create(user=official_a, local_government=gov("Lochristi"))
    client.force_login(official_a)
    html = client.get("/profiel/").content.decode()
    assert "ambtenaar@gent.be" in html
    assert ">Gent</a> (Oost-Vlaanderen)" in html and ">Lochristi</a>" in html


def test_profile_and_password_change_need_a_login(client, db):
    for path in ("/profiel/", "/wachtwoord-wijzigen/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/aanmelden/?next=")


def test_an_editor_switches_off_submission_mails(client, editor):
    client.force_login(editor)
    assert "Stuur mij een e-mail bij elke nieuwe indiening" in client.get("/profiel/").content.decode()
    client.post("/profiel/", {})
    editor.refresh_from_db()
    assert editor.notify_new_submissions is False
    client.post("/profiel/", {"notify_new_submissions": "on"})
    editor.refresh_from_db()
    assert editor.notify_new_submissions is True


def test_account_mails_have_an_html_part(client, official_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/wachtwoord-vergeten/", {"email": "ambtenaar@gent.be"})
    html, mimetype = mail.outbox[0].alternatives[0]
    assert mimetype == "text/html"
    assert re.search(r'<a href="http://127\.0\.0\.1:8000/wachtwoord-herstellen/[^"]+"', html)


def test_the_html_part_escapes_what_a_user_typed():
    from django.conf import settings

    from vlaanderenhelpt.mail import as_html

    html = as_html(f"Reden: <script>alert(1)</script>\n{settings.SITE_URL}/praktijken/")
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert f'<a href="{settings.SITE_URL}/praktijken/"' in html


def test_a_known_and_an_unknown_address_cost_the_request_the_same_work(
    client, official_a, settings, django_capture_on_commit_callbacks
):
    """The request only hands the address to a task; the task finds the account and sends the mail."""
    from django.db import connection
    from django.tasks import default_task_backend
    from django.test.utils import CaptureQueriesContext

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    work = {}
    for address in ("ambtenaar@gent.be", "niemand@gent.be"):
        default_task_backend.clear()
        with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
            response = client.post("/wachtwoord-vergeten/", {"email": address})
        assert response["Location"] == "/wachtwoord-vergeten/verstuurd/"
        tasks = [(r.task.name, r.args, r.kwargs) for r in default_task_backend.results]
        work[address] = ([q["sql"] for q in queries.captured_queries], [(name, args) for name, args, _kw in tasks])
        assert [kw["email"] for _n, _a, kw in tasks] == [address]
    assert work["ambtenaar@gent.be"] == work["niemand@gent.be"]
    assert not any("accounts_user" in sql for sql in work["niemand@gent.be"][0])


def test_reset_links_are_limited_per_address(client, official_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answers = [client.post("/wachtwoord-vergeten/", {"email": "ambtenaar@gent.be"}).status_code for _ in range(6)]
    assert answers == [302] * 5 + [429]
    assert len(mail.outbox) == 5
