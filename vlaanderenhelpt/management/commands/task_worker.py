"""The task worker as production runs it: `db_worker` under a stable worker id, which first puts back
the tasks that this worker was running when it was stopped (killed, or its machine restarted), so a
task is never left "running" for good, and which outlives a database restart: it waits and goes on."""

import logging
import socket
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DatabaseError, connections
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("vlaanderenhelpt.tasks")
RECONNECT_SECONDS = (0.5, 1, 2, 4, 5)


class Command(BaseCommand):
    help = "Run the task worker; tasks it left running when it last stopped are queued again first."

    def add_arguments(self, parser):
        parser.add_argument("--worker-id", default=socket.gethostname(), help="stable per worker (default: host name)")
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument("--queue-name", default="default", help="the queue it takes tasks from (or *, every one)")
        parser.add_argument("--batch", action="store_true", help="run what is queued, then stop")

    def handle(self, *, worker_id, interval, queue_name, batch, **options):
        failures = 0
        while True:
            try:
                self._requeue_own(worker_id)
                arguments = ["--worker-id", worker_id, "--interval", str(interval), "--queue-name", queue_name]
                arguments.append("--no-startup-delay")
                call_command("db_worker", *arguments, *(["--batch"] if batch else []))
                return
            except DatabaseError as error:
                # PostgreSQL restarting or away: wait, reconnect and go on, never stop for good.
                connections.close_all()
                pause = RECONNECT_SECONDS[min(failures, len(RECONNECT_SECONDS) - 1)]
                failures += 1
                logger.warning("database unavailable (%s); the worker tries again in %s s", error, pause)
                time.sleep(pause)

    def _requeue_own(self, worker_id):
        # Only this worker's own tasks: one with another id may still be running them.
        left = [r.pk for r in DBTaskResult.objects.running() if r.worker_ids and r.worker_ids[-1] == worker_id]
        if left:
            DBTaskResult.objects.filter(pk__in=left).update(status="READY", started_at=None)
            logger.warning("%d task(s) this worker left running are queued again", len(left))
