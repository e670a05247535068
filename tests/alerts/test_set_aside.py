"""A subscription that cannot be sent, run after run, is set aside after three and shown to the editors;
the others go on; a run in which nothing could be sent (the mail server away) counts against none."""

import pytest
from django.core.management import call_command

from alerts import services
from alerts.models import Frequency, Subscription
from tests.conftest import REFUSED, closed_port


def _follow(email):
    subscription = services.subscribe(
        email=email, frequency=Frequency.IMMEDIATELY, query="thema=economie", label="Economie"
    )
    return services.confirm(token=subscription.confirmation_token)


def _run(capture):
    with capture(execute=True):
        call_command("send_alerts", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_a_refused_address_is_set_aside_after_three_runs_and_the_others_are_sent(
    mail_server, client, make_practice, editor, django_capture_on_commit_callbacks
):
    stuck, fine = _follow(REFUSED), _follow("an@example.org")
    make_practice(title="Ruimere terrassen", themes=["economie"])
    for _ in range(3):
        with pytest.raises(SystemExit):  # the command says a run had failures
            _run(django_capture_on_commit_callbacks)
    assert mail_server.accepted == ["an@example.org"]  # sent once, in the first run
    stuck.refresh_from_db()
    assert stuck.failures == 3 and stuck.set_aside_at is not None and "SMTPRecipientsRefused" in stuck.last_error
    _run(django_capture_on_commit_callbacks)  # no failure now: the set-aside one is not tried
    assert mail_server.refused == 3
    assert Subscription.objects.get(pk=fine.pk).set_aside_at is None

    client.force_login(editor)
    assert "1 e-mailmelding raakt niet verstuurd" in client.get("/redactie/").content.decode()
    page = client.get("/redactie/e-mailmeldingen/").content.decode()
    assert REFUSED in page and "SMTPRecipientsRefused" in page
    client.post("/redactie/e-mailmeldingen/", {"subscription": stuck.pk})
    stuck.refresh_from_db()
    assert stuck.set_aside_at is None and stuck.failures == 0
    assert "Alle e-mailmeldingen worden verstuurd." in client.get("/redactie/e-mailmeldingen/").content.decode()


def test_runs_in_which_nothing_could_be_sent_set_nothing_aside(
    settings, make_practice, django_capture_on_commit_callbacks
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "vlaanderenhelpt.mail.SMTPBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": closed_port(), "timeout": 2},
        }
    }
    for address in ("an@example.org", "bert@example.org"):
        _follow(address)
    make_practice(title="Ruimere terrassen", themes=["economie"])
    for _ in range(4):
        with pytest.raises(SystemExit):
            _run(django_capture_on_commit_callbacks)
    assert not Subscription.objects.set_aside().exists()
    assert set(Subscription.objects.values_list("failures", flat=True)) == {0}
