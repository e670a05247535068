"""The alerts at scale, for make bench: 100,000 confirmed subscriptions on the seeded catalogue, a third at
each frequency, following searches drawn from the benchmark's mix (popular ones by many, the long tail by
few). Measured, each run in a fresh process as cron starts it: a run with nothing new, a run after 10 and
after 200 practices dated as just published (e-mails queued in the database, as in production), and one
task worker sending the queued e-mails to a local mail server.

`python bench/alerts.py run` is that one run: it prints its wall and CPU time (its own and its PostgreSQL
backend's), its queries and its peak memory as JSON. The app's modules are imported inside the
functions: this file also starts as a script, before Django is set up.
"""

import json
import os
import random
import socket
import subprocess
import sys
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
CLOCK = os.sysconf("SC_CLK_TCK")
SUBSCRIPTIONS = 100_000
WORKER_SECONDS = 30


def _process_cpu(pid):
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(stat[11]) + int(stat[12])) / CLOCK


def _peak_mb():
    """This process's peak resident memory. Not getrusage's ru_maxrss: Linux carries that over from the
    parent the process was forked from (the benchmark, with its 100,000 subscriptions in memory)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_once():
    """One `send_due`, measured from inside its own process."""
    import django

    django.setup()
    from django.db import connection

    from alerts.sending import send_due

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    db_before, cpu_before, started = _process_cpu(backend), time.process_time(), time.perf_counter()
    with connection.execute_wrapper(count):
        sent, failed = send_due()
    wall = time.perf_counter() - started
    print(
        json.dumps(
            {
                "sent": sent,
                "failed": failed,
                "wall_s": wall,
                "app_cpu_s": time.process_time() - cpu_before,
                "db_cpu_s": _process_cpu(backend) - db_before,
                "queries": queries,
                "peak_mb": _peak_mb(),
            }
        )
    )


def _measured_run(env):
    output = subprocess.run(
        [sys.executable, __file__, "run"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def _subscribe(data, now):
    """SUBSCRIPTIONS confirmed subscriptions, their watermark at the newest publication."""
    from django.http import QueryDict
    from django.utils import timezone

    from alerts.models import PERIODS, Frequency, Subscriber, Subscription
    from bench.mix import urls
    from catalogue.query import CatalogueQuery

    rng = random.Random(2026)
    searches = []
    for url in urls("list", data, 3_000) + urls("search", data, 3_000):
        query = CatalogueQuery.from_params(QueryDict(url.partition("?")[2]))
        searches.append(urlencode(replace(query, sort="", page=1).params()))
    searches = list(dict.fromkeys(searches))
    frequencies = list(Frequency)
    clock = timezone.now()
    Subscription.objects.all().delete()
    Subscriber.objects.all().delete()
    subscribers = Subscriber.objects.bulk_create(
        (Subscriber(email=f"lezer{n}@bench.example") for n in range(SUBSCRIPTIONS)), batch_size=5_000
    )
    rows = []
    for n, subscriber in enumerate(subscribers):
        frequency = frequencies[n % 3]
        # Daily and weekly ones were last checked at a random moment of their period: a few are due per run.
        period = PERIODS.get(frequency)
        checked = clock - period * rng.random() if period else clock
        rows.append(
            Subscription(
                subscriber=subscriber,
                query=searches[int(len(searches) * rng.random() ** 3)],  # the first by many, the long tail by few
                label="Zoekopdracht",
                frequency=frequency,
                created_at=now - timedelta(days=30),
                confirmed_at=now - timedelta(days=30),
                sent_until=now,
                checked_at=checked,
            )
        )
    Subscription.objects.bulk_create(rows, batch_size=5_000)
    return len(set(row.query for row in rows))


def _publish(count, rng):
    """`count` published practices dated as published just now; returns what to put back."""
    from django.utils import timezone

    from practices.models import Practice

    chosen = rng.sample(list(Practice.objects.published().values_list("pk", "first_published_at")), count)
    Practice.objects.filter(pk__in=[pk for pk, _at in chosen]).update(first_published_at=timezone.now())
    return chosen


def _put_back(chosen):
    from practices.models import Practice

    for pk, at in chosen:
        Practice.objects.filter(pk=pk).update(first_published_at=at)


def _worker_rate(env):
    """E-mails per second one task worker sends into a local mail server, over WORKER_SECONDS."""
    from aiosmtpd.controller import Controller

    class Count:
        received = 0

        async def handle_DATA(self, server, session, envelope):
            Count.received += 1
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # free once the probe is closed
    controller = Controller(Count(), hostname="127.0.0.1", port=port)
    controller.start()
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2"],
        cwd=ROOT,
        env={
            **env,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(port),
            "EMAIL_BACKEND": "vlaanderenhelpt.mail.SMTPBackend",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while Count.received == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        first, started = Count.received, time.monotonic()
        time.sleep(WORKER_SECONDS)
        return (Count.received - first) / (time.monotonic() - started)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        controller.stop()


def measure(data, env):
    """The alerts rows of the benchmark."""
    from django.db import connection
    from django.db.models import Max
    from django_tasks_db.models import DBTaskResult

    from alerts.models import Subscriber, Subscription
    from practices.models import Practice

    now = Practice.objects.published().aggregate(newest=Max("first_published_at"))["newest"] + timedelta(seconds=1)
    started = time.perf_counter()
    searches = _subscribe(data, now)
    result = {"subscriptions": SUBSCRIPTIONS, "searches": searches, "subscribe_s": time.perf_counter() - started}
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE alerts_subscription")
    DBTaskResult.objects.all().delete()
    rng = random.Random(7)
    result["idle"] = _measured_run(env)
    print(f"  alerts idle: {result['idle']['wall_s']:.2f} s, {result['idle']['queries']} queries")
    for count in (10, 200):
        Subscription.objects.update(sent_until=now)
        chosen = _publish(count, rng)
        try:
            result[f"after {count}"] = row = _measured_run(env)
        finally:
            _put_back(chosen)
        print(f"  alerts after {count}: {row['wall_s']:.1f} s, {row['sent']} e-mails, {row['queries']} queries")
    result["worker_per_s"] = _worker_rate(env)
    print(f"  worker: {result['worker_per_s']:.0f} e-mails/s")
    DBTaskResult.objects.all().delete()
    Subscription.objects.all().delete()
    Subscriber.objects.all().delete()
    return result


if __name__ == "__main__" and sys.argv[1:] == ["run"]:
    sys.path.insert(0, str(ROOT))
    run_once()
