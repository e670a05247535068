"""Periodic work: one command per job, each safe to run twice at once, and one runner that starts each
on its schedule and records it; pruning keeps task results and sent-e-mail records for PRUNE_DAYS."""

import io
import zlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from alerts import services as alert_services
from alerts.models import Frequency
from guidance import services as guidance_services
from guidance.services import SectionText as S
from vlaanderenhelpt.models import PeriodicRun, SentEmail
from vlaanderenhelpt.periodic import is_due

BRUSSELS = ZoneInfo("Europe/Brussels")


def at(text):
    return datetime.fromisoformat(text).replace(tzinfo=BRUSSELS)


@pytest.mark.parametrize(
    ("schedule", "last", "now", "due"),
    [
        ("minute", "2026-12-03 10:00:10", "2026-12-03 10:00:40", True),
        ("hourly", None, "2026-12-03 10:20", True),
        ("hourly", "2026-12-03 10:00:30", "2026-12-03 10:59", False),
        ("hourly", "2026-12-03 09:59", "2026-12-03 10:00:05", True),
        ("daily 03:30", None, "2026-12-03 01:00", True),  # never ran: it runs now
        ("daily 03:30", "2026-12-02 03:30:20", "2026-12-03 03:29", False),  # today's moment has not come
        ("daily 03:30", "2026-12-02 03:30:20", "2026-12-03 03:30", True),
        ("daily 03:30", "2026-12-02 03:30:20", "2026-12-03 17:00", True),  # the runner was away: caught up
        ("daily 03:30", "2026-12-03 03:31", "2026-12-03 23:59", False),
    ],
)
def test_a_job_is_due_once_per_moment_of_its_schedule(schedule, last, now, due):
    assert is_due(schedule, last and at(last), at(now)) is due


def test_every_job_of_the_schedule_is_a_command_and_the_runner_runs_each_when_due(db):
    names = [name for name, _schedule in settings.PERIODIC_JOBS]
    assert names[:2] == ["publish_planned_guidance", "send_alerts"]  # published before its followers hear of it
    assert set(names) == {
        "publish_planned_guidance",
        "send_alerts",
        "forget_unconfirmed",
        "send_review_reminders",
        "ask_for_results",
        "send_question_reminders",
        "review_clarifications",
        "forget_closed_questions",
        "prune",
    }
    out = io.StringIO()
    call_command("run_periodic", "--at", "2026-12-03T02:00:00+01:00", stdout=out)
    assert set(PeriodicRun.objects.values_list("job", flat=True)) == set(names)  # the first run: all of them
    assert all(PeriodicRun.objects.values_list("succeeded", flat=True))
    for name in names:
        assert f"{name}: " in out.getvalue()
    out = io.StringIO()
    call_command("run_periodic", "--at", "2026-12-03T02:01:00+01:00", stdout=out)
    ran = {line.split(":")[0] for line in out.getvalue().splitlines()}
    assert ran == {"publish_planned_guidance", "send_alerts"}  # a minute later: only the every-minute jobs
    call_command("run_periodic", "--at", "2026-12-03T03:30:00+01:00", stdout=(out := io.StringIO()))
    assert {line.split(":")[0] for line in out.getvalue().splitlines()} == {
        "publish_planned_guidance",
        "send_alerts",
        "forget_unconfirmed",
        "review_clarifications",
        "prune",
    }


@pytest.mark.postgres
@pytest.mark.parametrize("job", [name for name, _schedule in settings.PERIODIC_JOBS] + ["run_periodic"])
def test_each_job_run_twice_at_once_stops_the_second(db, job):
    """The busy run holds the job's lock on its own connection: a second run says so and does nothing."""
    import psycopg
    from django.db import connection

    params = connection.get_connection_params()
    busy = psycopg.connect(**{k: v for k, v in params.items() if k in ("host", "port", "user", "dbname", "password")})
    try:
        busy.execute("SELECT pg_advisory_lock(%s)", [zlib.crc32(f"vlaanderenhelpt:{job}".encode())])
        out = io.StringIO()
        call_command(job, stdout=out)
        assert f"{job}: een vorige run loopt nog; deze stopt." in out.getvalue()
        assert not PeriodicRun.objects.exists()
    finally:
        # Unlocked before closing: a closed connection's lock goes only when its backend has exited.
        busy.execute("SELECT pg_advisory_unlock(%s)", [zlib.crc32(f"vlaanderenhelpt:{job}".encode())])
        busy.close()


def test_followers_of_a_planned_version_hear_of_it_in_the_run_that_publishes_it(
    editor, django_capture_on_commit_callbacks
):
    document = guidance_services.create_document(editor=editor, title="Handreiking", sections=[S("Deel", "T.")])
    guidance_services.publish(draft=document.versions.get(), editor=editor, change_note="", is_major=False)
    follower = alert_services.subscribe(email="volger@example.org", frequency=Frequency.IMMEDIATELY, document=document)
    alert_services.confirm(token=follower.confirmation_token)
    draft = guidance_services.start_draft(document=document, editor=editor)
    guidance_services.schedule(
        draft=draft,
        editor=editor,
        publish_at=timezone.now() + timedelta(minutes=5),
        change_note="Taal nagekeken.",
        is_major=False,
    )
    type(draft).objects.filter(pk=draft.pk).update(scheduled_for=timezone.now())  # its moment has come
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_periodic", stdout=io.StringIO())
    draft.refresh_from_db()
    assert draft.published_at is not None
    (message,) = [m for m in mail.outbox if m.to == ["volger@example.org"]]
    assert message.subject == "Nieuwe versie van “Handreiking”" and "Taal nagekeken." in message.body


def test_prune_forgets_task_results_and_sent_e_mail_records_after_their_days(settings, db):
    from django_tasks_db.models import DBTaskResult

    from vlaanderenhelpt.mail import send_email

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    old, recent = timezone.now() - timedelta(days=31), timezone.now() - timedelta(days=29)
    for when in (old, recent):
        send_email.enqueue(subject="Oud", body="Tekst.", to=["a@example.org"])
        DBTaskResult.objects.filter(finished_at__isnull=True).update(status="SUCCESSFUL", finished_at=when)
        SentEmail.objects.create(message_id=f"<{when.timestamp()}@vlaanderenhelpt>", sent_at=when)
    call_command("prune", stdout=(out := io.StringIO()))
    assert list(DBTaskResult.objects.values_list("finished_at", flat=True)) == [recent]
    assert list(SentEmail.objects.values_list("sent_at", flat=True)) == [recent]
    assert "1 sporen van verstuurde e-mails opgeruimd" in out.getvalue()
