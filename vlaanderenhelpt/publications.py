"""When a publication happened, and up to when every publication has committed: what the alerts need
to send each new item once, none missed, however publications and a sending run interleave.

A service that publishes calls `publication_moment()` first in its transaction and dates what it
publishes with the moment returned; the sending run calls `committed_until()` and takes what is dated up
to that moment. On PostgreSQL a publication holds a shared advisory lock until it commits and the run
takes the same lock exclusively for an instant: every publication in flight has committed by then, and
every later one is dated later (one clock, the database's). Elsewhere (SQLite, a single-process
development server) a settle window stands in for the lock: only what is ALERTS_SETTLE_SECONDS old."""

import zlib
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

LOCK = zlib.crc32(b"vlaanderenhelpt:publications")


def publication_moment():
    """The moment to date a publication with; call it in the publishing transaction, before dating."""
    if connection.vendor != "postgresql":
        return timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock_shared(%s)", [LOCK])
        cursor.execute("SELECT clock_timestamp()")
        return cursor.fetchone()[0]


def committed_until(at=None):
    """A moment up to which every publication has committed: nothing dated up to it can appear later.
    `at` stands for the present in a simulation (the tests' fortnight of runs); the wait is the same."""
    if connection.vendor != "postgresql":
        return (at or timezone.now()) - timedelta(seconds=settings.ALERTS_SETTLE_SECONDS)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])  # waits for the publications in flight
        cursor.execute("SELECT clock_timestamp()")
        return at or cursor.fetchone()[0]
