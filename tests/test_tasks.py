"""The task queue as production runs it (tasks in the database, `db_worker`), a mail server that is
away, the readiness check, and the request id from the request to the task's log line."""

import json
import logging
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.conftest import closed_port
from vlaanderenhelpt.logs import JsonFormatter
from vlaanderenhelpt.mail import RETRY_MINUTES, queue_email, send_after_commit, send_email

ROOT = Path(__file__).resolve().parent.parent
DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "background"]}}


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_tasks_are_enqueued_on_commit_and_not_on_rollback(settings):
    settings.TASKS = DB_BACKEND
    with pytest.raises(RuntimeError), transaction.atomic():
        send_after_commit(subject="Teruggedraaid", body="Nooit verstuurd.", to=["a@example.org"])
        raise RuntimeError("rollback")
    assert not DBTaskResult.objects.exists()
    with transaction.atomic():
        send_after_commit(subject="Bewaard", body="Verstuurd na de commit.", to=["a@example.org"])
        assert not DBTaskResult.objects.exists()  # not before the commit
    assert DBTaskResult.objects.get().args_kwargs["kwargs"]["subject"] == "Bewaard"
    run_worker()
    assert [m.subject for m in mail.outbox] == ["Bewaard"]


@pytest.mark.django_db(transaction=True)
def test_a_failing_send_is_retried_with_backoff_then_visible_and_sent_again_from_the_admin(
    settings, client, administrator
):
    settings.TASKS = DB_BACKEND
    # A real SMTP backend, pointed at a port where no mail server listens.
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": closed_port(), "timeout": 2},
        }
    }
    queue_email(subject="Nieuwe indiening", body="Tekst.", to=["redactie@example.org"])
    pauses = []
    for _ in range(len(RETRY_MINUTES) + 1):
        ready = DBTaskResult.objects.ready()
        waiting = DBTaskResult.objects.filter(status="READY").exclude(pk__in=ready)
        for result in waiting:  # the pause has passed
            pauses.append(round((result.run_after - result.enqueued_at).total_seconds() / 60))
            DBTaskResult.objects.filter(pk=result.pk).update(run_after=timezone.now() - timedelta(seconds=1))
        run_worker()
    assert pauses == list(RETRY_MINUTES)
    results = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert len(results) == len(RETRY_MINUTES) + 1
    assert [r.status for r in results] == ["SUCCESSFUL"] * len(RETRY_MINUTES) + ["FAILED"]
    assert [r.args_kwargs["kwargs"]["attempt"] for r in results[1:]] == list(range(2, len(RETRY_MINUTES) + 2))
    assert mail.outbox == []
    message_ids = {r.args_kwargs["kwargs"]["message_id"] for r in results}
    assert len(message_ids) == 1 and message_ids != {""}  # every try is the same e-mail

    # The mail server is back; an administrator sends the failed e-mail again from the admin.
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    client.force_login(administrator)
    failed = results[-1]
    page = client.get("/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED").content.decode()
    assert str(failed.pk) in page
    response = client.post(
        "/admin/django_tasks_database/dbtaskresult/", {"action": "send_again", "_selected_action": [failed.pk]}
    )
    assert response.status_code == 302
    run_worker()
    assert [m.subject for m in mail.outbox] == ["Nieuwe indiening"]
    assert mail.outbox[0].extra_headers["Message-ID"] in message_ids


def readiness(**env):
    script = (
        "import django; django.setup();"
        "from django.test import Client; r = Client().get('/healthz/ready');"
        "print(r.status_code, r.content.decode().strip().replace(chr(10), '; '))"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**base, "DJANGO_TESTING": "true", "DJANGO_SETTINGS_MODULE": "vlaanderenhelpt.settings", **env},
    )
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.postgres
def test_readiness_answers_503_naming_each_missing_part():
    database = "postgres://postgres@127.0.0.1:5432/postgres"
    redis = "redis://127.0.0.1:6379/15"
    assert readiness(DATABASE_URL=database, REDIS_URL=redis) == "200 ready"
    assert readiness(DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed_port()}/x", REDIS_URL=redis) == (
        "503 PostgreSQL unavailable"
    )
    assert readiness(DATABASE_URL=database, REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0") == "503 Redis unavailable"


def test_the_request_id_from_the_proxy_reaches_the_tasks_log_line(
    client, editor, caplog, django_capture_on_commit_callbacks
):
    from guidance import services
    from guidance.services import SectionText as S

    doc = services.create_document(editor=editor, title="Gids", sections=[S("Deel", "Tekst.", "deel")])
    services.publish(draft=doc.versions.get(), editor=editor, change_note="", is_major=False)
    form = {
        "anchor": "",
        "text": "Idee.",
        "organisation_type": "burger",
        "organisation": "",
        "name": "Jan",
        "email": "jan@example.org",
        "website": "",
    }
    with caplog.at_level(logging.INFO), django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{doc.get_absolute_url()}suggestie/", form, HTTP_X_REQUEST_ID="proxy-7f3a")
    assert response["X-Request-ID"] == "proxy-7f3a"
    sent = [r for r in caplog.records if r.name == "vlaanderenhelpt.mail"]
    assert [(r.getMessage(), r.request_id) for r in sent] == [("e-mail sent", "proxy-7f3a")]
    request_lines = [r for r in caplog.records if r.name == "vlaanderenhelpt.request"]
    assert request_lines[-1].request_id == "proxy-7f3a" and request_lines[-1].status == 302
    line = json.loads(JsonFormatter().format(sent[0]))
    assert line["request_id"] == "proxy-7f3a" and line["message"] == "e-mail sent" and line["attempt"] == 1


def test_a_request_without_a_sound_id_gets_a_new_one(client, db):
    first = client.get("/healthz", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"]
    assert first != "<script>" and len(first) == 32
    assert client.get("/healthz")["X-Request-ID"] != first


@pytest.mark.django_db(transaction=True)
def test_a_task_left_running_by_a_killed_worker_is_run_when_that_worker_starts_again(settings):
    settings.TASKS = DB_BACKEND
    send_email.enqueue(subject="Onderbroken", body="Tekst.", to=["a@example.org"])
    send_email.enqueue(subject="Van een andere worker", body="Tekst.", to=["a@example.org"])
    mine, other = DBTaskResult.objects.order_by("enqueued_at")
    mine.claim("worker-1")  # the worker took it, then was killed before it finished
    other.claim("worker-2")
    call_command("task_worker", "--worker-id", "worker-1", "--batch", verbosity=0)
    assert [m.subject for m in mail.outbox] == ["Onderbroken"]
    assert DBTaskResult.objects.get(pk=mine.pk).status == "SUCCESSFUL"
    assert DBTaskResult.objects.get(pk=other.pk).status == "RUNNING"  # another worker's: left alone


@pytest.fixture
def smtp_sink():
    """A real SMTP server on loopback that keeps what it receives."""
    from aiosmtpd.controller import Controller

    class Keep:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(envelope.content.decode("utf-8", "replace"))
            return "250 OK"

    handler = Keep()
    controller = Controller(handler, hostname="127.0.0.1", port=closed_port())
    controller.start()
    yield controller, handler
    controller.stop()


@pytest.mark.django_db(transaction=True)
def test_an_e_mail_the_server_accepted_is_never_sent_again_by_a_task_run_twice(settings, smtp_sink):
    """A worker killed after the mail server accepted an e-mail, before it recorded success: the task
    is queued again, runs again, and finds the e-mail already sent."""
    controller, handler = smtp_sink
    settings.TASKS = DB_BACKEND
    settings.MAILERS = {
        "default": {
            "BACKEND": "vlaanderenhelpt.mail.SMTPBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 5},
        }
    }
    queue_email(subject="Eén keer", body="Tekst.", to=["a@example.org"])
    run_worker()
    assert len(handler.messages) == 1
    DBTaskResult.objects.update(status="READY", started_at=None)  # as task_worker does after a kill
    run_worker()
    assert len(handler.messages) == 1
    assert DBTaskResult.objects.get().return_value == {"sent": "before"}


def test_a_server_error_reaches_the_administrators_through_the_queue(settings, rf, db):
    settings.ADMINS = ["Beheer <beheer@example.org>"]
    request = rf.get("/praktijken/", HTTP_X_REQUEST_ID="fout-42")
    try:
        raise ValueError("kapot")
    except ValueError:
        logging.getLogger("django.request").error(
            "Internal Server Error: %s", request.path, exc_info=True, extra={"status_code": 500, "request": request}
        )
    assert [m.to for m in mail.outbox] == [["Beheer <beheer@example.org>"]]
    assert "ERROR" in mail.outbox[0].subject and "kapot" in mail.outbox[0].body
