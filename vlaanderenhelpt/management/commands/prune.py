"""Periodic job: forget the records that only serve a while: finished task results and the Message-IDs of
sent e-mails (kept to never send one twice when its task runs again), after settings.PRUNE_DAYS."""

from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend

from vlaanderenhelpt.models import SentEmail
from vlaanderenhelpt.periodic import JobCommand

BATCH = 5000  # rows deleted per statement, so a first prune of a large table holds no long lock


class Command(JobCommand):
    help = "Ruim afgewerkte taakresultaten en de sporen van verstuurde e-mails op na PRUNE_DAYS dagen."

    def run(self):
        cutoff = timezone.now() - timedelta(days=settings.PRUNE_DAYS)
        if isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
            call_command("prune_db_task_results", min_age_days=settings.PRUNE_DAYS, queue_name="*", verbosity=0)
        forgotten = 0
        while ids := list(SentEmail.objects.filter(sent_at__lt=cutoff).values_list("pk", flat=True)[:BATCH]):
            forgotten += SentEmail.objects.filter(pk__in=ids).delete()[0]
        return f"{forgotten} sporen van verstuurde e-mails opgeruimd (ouder dan {settings.PRUNE_DAYS} dagen).", 0
