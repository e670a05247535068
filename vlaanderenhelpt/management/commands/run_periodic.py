"""The one runner of periodic work: cron or a systemd timer starts it every minute; it runs, in the order of
settings.PERIODIC_JOBS, each job whose moment has come, and records each run."""

import logging

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from vlaanderenhelpt.models import PeriodicRun
from vlaanderenhelpt.periodic import is_due, job_lock

logger = logging.getLogger("vlaanderenhelpt.periodic")


class Command(BaseCommand):
    help = "Voer de periodieke taken uit die aan de beurt zijn (elke minuut te starten, door cron of een timer)."

    def add_arguments(self, parser):
        parser.add_argument("--at", help="as if it were this moment (ISO 8601; for tests and catching up)")

    def handle(self, *args, at=None, **options):
        now = parse_datetime(at) if at else timezone.now()
        with job_lock("run_periodic") as held:
            if not held:
                self.stdout.write("run_periodic: een vorige run loopt nog; deze stopt.")
                return
            failed = [name for name, schedule in settings.PERIODIC_JOBS if not self._run(name, schedule, now)]
        if failed:
            raise SystemExit(1)

    def _run(self, name, schedule, now):
        """Run one job if it is due; False when it failed (it runs again at its next moment)."""
        last = PeriodicRun.objects.filter(job=name).first()
        if not is_due(schedule, last and last.started_at, now):
            return True
        PeriodicRun.objects.update_or_create(
            job=name, defaults={"started_at": now, "finished_at": None, "succeeded": None}
        )
        succeeded = True
        try:
            call_command(name, stdout=self.stdout, stderr=self.stderr)
        except SystemExit as stop:
            succeeded = not stop.code
        except Exception:
            succeeded = False
            logger.exception("periodic job failed", extra={"job": name})
        PeriodicRun.objects.filter(job=name).update(finished_at=timezone.now(), succeeded=succeeded)
        return succeeded
