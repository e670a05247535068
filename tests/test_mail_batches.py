"""E-mail in bulk, as production sends it: a queued batch is one task, sent by a worker over one SMTP
connection to a real mail server; one refused address fails alone and is tried again on the schedule; a
batch run again after its worker was killed sends nothing twice."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.conftest import REFUSED
from tests.test_tasks import DB_BACKEND, run_worker
from vlaanderenhelpt.mail import BATCH, RETRY_MINUTES, queue_emails
from vlaanderenhelpt.models import SentEmail


@pytest.fixture
def server(settings, mail_server):
    settings.TASKS = DB_BACKEND
    return mail_server


def _messages(addresses):
    return [{"subject": f"Melding {n}", "body": "Tekst.", "to": [address]} for n, address in enumerate(addresses)]


@pytest.mark.django_db(transaction=True)
def test_a_batch_goes_over_one_connection_and_a_refused_address_alone_is_tried_again(server):
    addresses = [f"a{n}@example.org" for n in range(BATCH + 20)]
    addresses[3] = REFUSED
    message_ids, failed_now = queue_emails(_messages(addresses))
    assert failed_now == {} and len(set(message_ids)) == len(addresses)
    assert DBTaskResult.objects.count() == 2  # one task per hundred e-mails: one insert each
    queued = timezone.now()
    run_worker()
    assert sorted(server.accepted) == sorted(a for a in addresses if a != REFUSED)
    assert len(server.connections) == 2  # one connection per batch
    retry = DBTaskResult.objects.get(status="READY")
    kwargs = retry.args_kwargs["kwargs"]
    assert [m["to"] for m in kwargs["messages"]] == [[REFUSED]] and kwargs["attempt"] == 2
    assert retry.run_after >= queued + timedelta(minutes=RETRY_MINUTES[0])
    assert kwargs["messages"][0]["message_id"] == message_ids[3]  # the same e-mail, the same Message-ID


@pytest.mark.django_db(transaction=True)
def test_a_batch_run_again_after_its_worker_was_killed_halfway_sends_each_e_mail_once(server):
    message_ids, _failed = queue_emails(_messages([f"a{n}@example.org" for n in range(5)]))
    # The worker was killed after the server accepted the first two: recorded, the task not finished.
    SentEmail.objects.bulk_create(SentEmail(message_id=message_id) for message_id in message_ids[:2])
    run_worker()
    assert server.accepted == ["a2@example.org", "a3@example.org", "a4@example.org"]
    DBTaskResult.objects.update(status="READY", started_at=None)  # killed again, before it could finish
    run_worker()
    assert len(server.accepted) == 3
    assert DBTaskResult.objects.get().return_value == {"sent": 0}
    assert SentEmail.objects.count() == 5
