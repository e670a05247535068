"""Periodic work: a base for the management command of each job (one run at a time, a line of what it
did, exit status 1 when part of it failed), the lock they share, and when a job is due on the schedule
that `run_periodic` reads from settings.PERIODIC_JOBS."""

import zlib
from contextlib import contextmanager
from datetime import datetime, time, timedelta

from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

LOCK_SECONDS = 3600  # where no database lock exists, a job killed mid-run frees its lock after this


@contextmanager
def job_lock(name):
    """Hold the lock of one job for as long as it runs; yields False when another run holds it. On
    PostgreSQL an advisory lock of this connection (released when the process ends, however it ends);
    elsewhere the shared cache."""
    if connection.vendor == "postgresql":
        key = zlib.crc32(f"vlaanderenhelpt:{name}".encode())
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            held = cursor.fetchone()[0]
        try:
            yield held
        finally:
            if held:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    held = cache.add(f"periodic:{name}", True, LOCK_SECONDS)
    try:
        yield held
    finally:
        if held:
            cache.delete(f"periodic:{name}")


class JobCommand(BaseCommand):
    """One periodic job. `run()` does the work and returns (a line saying what it did, how many parts
    failed); a second run while one is busy stops at once, so cron, a timer and a person may all start it."""

    def run(self):
        raise NotImplementedError

    @property
    def job_name(self):
        return type(self).__module__.rpartition(".")[2]

    def handle(self, *args, **options):
        with job_lock(self.job_name) as held:
            if not held:
                self.stdout.write(f"{self.job_name}: een vorige run loopt nog; deze stopt.")
                return
            report, failed = self.run()
        self.stdout.write(f"{self.job_name}: {report}")
        if failed:
            raise SystemExit(1)  # a scheduler that watches exit codes sees it; the next run tries again


def is_due(schedule, last_started, now):
    """Whether a job on `schedule` ("minute", "hourly" or "daily HH:MM", local time) is due at `now`,
    given when it last started (None: never)."""
    if schedule == "minute":
        return True
    local = timezone.localtime(now)
    if schedule == "hourly":
        moment = local.replace(minute=0, second=0, microsecond=0)
    else:
        kind, _space, at = schedule.partition(" ")
        if kind != "daily":
            raise ValueError(f"unknown schedule: {schedule!r}")
        moment = datetime.combine(local.date(), time.fromisoformat(at), tzinfo=local.tzinfo)
        if local < moment:
            moment -= timedelta(days=1)  # today's moment has not come: the last one was yesterday's
    return last_started is None or last_started < moment
