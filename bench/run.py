"""make bench: seed a separate PostgreSQL database, serve it with gunicorn, load it with wrk.

Prints a table and writes it to bench/results/. Not a test: nothing here passes or fails a build.
"""

import argparse
import datetime
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
PORT = 8765


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--practices", type=int, default=100_000)
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/vlaanderenhelpt_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is nodig voor de benchmark: apt-get install wrk")

    env = {
        **os.environ,
        "DATABASE_URL": args.database,
        "REDIS_URL": args.redis,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "SITE_URL": f"http://127.0.0.1:{PORT}",
        "TRUSTED_PROXY_COUNT": "0",  # wrk talks to gunicorn directly
        "LOG_LEVEL": "WARNING",
        "REQUEST_LOG_LEVEL": "WARNING",  # one log line per request would drown the report
        "DATABASE_CONN_MAX_AGE": "600",
        "DJANGO_SETTINGS_MODULE": "vlaanderenhelpt.settings",
    }
    os.environ.update(env)
    _recreate_database(args.database)
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [python, "manage.py", "load_local_governments"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)

    import django

    django.setup()
    from django.db import connection

    from bench.seed import seed

    started = time.perf_counter()
    published = seed(args.practices)
    seed_seconds = time.perf_counter() - started
    connection.ensure_connection()
    connection.connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # what autovacuum does in production: visibility map and statistics
    print(f"Seeded {published} published practices in {seed_seconds:.1f} s")

    urls = _urls()
    queries = _query_counts(urls)
    subprocess.run(["redis-cli", "-u", args.redis, "FLUSHDB"], check=False, stdout=subprocess.DEVNULL)

    server = subprocess.Popen(
        [str(Path(python).parent / "gunicorn"), "vlaanderenhelpt.wsgi", "-w", str(args.workers), "-b",
         f"127.0.0.1:{PORT}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        _wait_for(f"http://127.0.0.1:{PORT}/healthz")
        rows = []
        for name, path in urls.items():
            url = f"http://127.0.0.1:{PORT}{path}"
            cold_ms = _timed_get(url)
            for _ in range(20):  # warm every worker
                urllib.request.urlopen(url).read()
            rows.append((name, path, cold_ms, _wrk(url, args), queries[name]))
    finally:
        server.terminate()
        server.wait(timeout=20)
    _report(rows, queries, args, published, seed_seconds)


def _recreate_database(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _urls():
    from practices.models import Practice

    detail = Practice.objects.published().order_by("pk").values_list("slug", flat=True)[500]
    return {
        "healthz": "/healthz",
        "list": "/praktijken/",
        "search": "/praktijken/?q=mondmaskers+bestek",
        "filtered list": "/praktijken/?thema=economie&doelgroep=horeca&provincie=provincie-limburg",
        "detail": f"/praktijken/{detail}/",
    }


def _query_counts(urls):
    """SQL queries per page, with a cold cache and a warm one, and for a short last page."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for name, path in urls.items():
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            client.get(path)
        with CaptureQueriesContext(connection) as warm:
            client.get(path)
        counts[name] = (len(cold), len(warm))
    cache.clear()
    with CaptureQueriesContext(connection) as last:
        response = client.get("/praktijken/?thema=economie&doelgroep=horeca&provincie=provincie-limburg&pagina=9999")
    counts["last page"] = (len(last), response.content.count(b'class="card"'))
    return counts


def _wait_for(url, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"De server antwoordde niet op {url}")


def _timed_get(url):
    started = time.perf_counter()
    urllib.request.urlopen(url).read()
    return (time.perf_counter() - started) * 1000


def _wrk(url, args):
    output = subprocess.run(
        ["wrk", "-t1", f"-c{args.connections}", f"-d{args.seconds}s", "-s", str(ROOT / "bench" / "wrk_report.lua"), url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    match = re.search(r"RESULT (.*)", output)
    return {k: float(v) for k, v in (pair.split("=") for pair in match.group(1).split())}


def _report(rows, queries, args, published, seed_seconds):
    base = rows[0][3]["rps"]
    lines = [
        f"# Benchmark {datetime.datetime.now():%Y-%m-%d %H:%M}",
        "",
        f"{published:,} published practices on PostgreSQL (seeded in {seed_seconds:.1f} s); gunicorn with "
        f"{args.workers} sync workers, Redis cache; wrk, 1 thread, {args.connections} connections, "
        f"{args.seconds} s per page; {os.cpu_count()} cores.",
        "",
        "| page | req/s | × healthz | p50 ms | p95 ms | p99 ms | first request ms | SQL cold / warm | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, _path, cold_ms, r, (cold_q, warm_q) in rows:
        lines.append(
            f"| {name} | {r['rps']:.0f} | {r['rps'] / base:.2f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} "
            f"| {cold_ms:.0f} | {cold_q} / {warm_q} | {int(r['errors'])} |"
        )
    by_name = {name: r for name, _p, _c, r, _q in rows}
    targets = [
        ("list ≥ 0.30× healthz", by_name["list"]["rps"] / base >= 0.30),
        ("detail ≥ 0.60× healthz", by_name["detail"]["rps"] / base >= 0.60),
        ("search p95 ≤ 100 ms", by_name["search"]["p95"] <= 100),
        ("seeding ≤ 60 s", seed_seconds <= 60),
    ]
    last_queries, last_cards = queries["last page"]
    first_queries = queries["filtered list"][0]
    lines += [
        "",
        f"Queries per page do not grow with the page: the filtered list runs {first_queries} queries for a page of "
        f"20 results and {last_queries} for its last page of {last_cards} (cold cache).",
    ]
    lines += ["", "Targets: " + "; ".join(f"{label}: {'met' if ok else 'NOT met'}" for label, ok in targets)]
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"bench-{datetime.datetime.now():%Y%m%d-%H%M%S}.md").write_text(text)
    (RESULTS / "latest.md").write_text(text)


if __name__ == "__main__":
    main()
