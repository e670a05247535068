"""The backups' own work at the scale it will meet: the snapshot that `backup_files` writes every night
(integrity.snapshot under lock: how long writes wait, how long in all, how much memory) and the check
of a restore (`integrity_check --at-least`: every file read and hashed), over 100,000 practice
decisions and 100,000 attachments with their files.

Run: .venv/bin/python bench/backups.py [--rows N] (PostgreSQL at 127.0.0.1:5432, database
vlaanderenhelpt_bench_backups, dropped after; the files in a temporary folder, removed after). The table goes to stdout
and bench/results/backups-<date>.md."""

import argparse
import datetime
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SERVER = "postgres://postgres@127.0.0.1:5432"
NAME = "vlaanderenhelpt_bench_backups"


def setup(media):
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{NAME}"')
        admin.execute(f'CREATE DATABASE "{NAME}"')
    os.environ.update(DATABASE_URL=f"{SERVER}/{NAME}", DJANGO_DEBUG="true", MEDIA_ROOT=str(media), LOG_LEVEL="WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vlaanderenhelpt.settings")
    import django  # here: the environment above must be set before Django reads its settings

    django.setup()


def seed(rows, media):
    """One government's practices, `rows` decisions on them and `rows` attachments, each with its file."""
    from django.core.management import call_command  # here: Django is set up by setup() first
    from django.db import connection, transaction

    from bench.seed import seed as seed_practices
    from practices.models import Attachment, Decision, Practice

    call_command("migrate", "--noinput", "-v", "0")
    call_command("load_local_governments", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed on exit
    seed_practices(1000)
    practices = list(Practice.objects.values_list("pk", flat=True))
    folder = media / "bijlagen" / "bench"
    folder.mkdir(parents=True)
    names, digests = [], []
    for n in range(rows):
        content = f"Bijlage {n}: het draaiboek, punt voor punt.\n".encode() * (1 + n % 20)
        (folder / f"{n:06d}.txt").write_bytes(content)
        names.append(f"bijlagen/bench/{n:06d}.txt")
        digests.append(hashlib.sha256(content).hexdigest())
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {Decision._meta.db_table} (practice_id, actor_id, action, from_state, to_state, reason,
                created_at)
            SELECT (%s::bigint[])[1 + g %% %s], NULL, 'goedkeuren', 'ingediend', 'gepubliceerd',
                'Goedgekeurd na nazicht van de cijfers.', now() - make_interval(mins => g)
            FROM generate_series(1, %s) AS g
            """,
            [practices, len(practices), rows],
        )
        cursor.execute(
            f"""
            INSERT INTO {Attachment._meta.db_table} (practice_id, title, file, original_name, content_type, size,
                sha256, uploaded_by_id, created_at, series, series_number, change_note, first_published_at)
            SELECT (%s::bigint[])[1 + g %% %s], 'Draaiboek ' || g, (%s::text[])[g], 'draaiboek.txt', 'text/plain',
                length('Bijlage ' || (g - 1) || ': het draaiboek, punt voor punt.' || E'\\n') * (1 + (g - 1) %% 20),
                (%s::text[])[g], NULL, now(), gen_random_uuid(), 1, '', now()
            FROM generate_series(1, %s) AS g
            """,
            [practices, len(practices), names, digests, rows],
        )


def measure(rows):
    from vlaanderenhelpt import integrity  # here: Django is set up by setup() first

    held = []
    original = integrity._held

    def timed_held(moment):
        started = time.perf_counter()
        try:
            return original(moment)
        finally:
            held.append(time.perf_counter() - started)

    integrity._held = timed_held  # the bench's own wrapper: how long the tables are held
    tracemalloc.start()
    started = time.perf_counter()
    state = integrity.snapshot(freeze=True)
    snapshot_seconds = time.perf_counter() - started
    _current, snapshot_peak = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    manifest_bytes = len(json.dumps(state, default=str))
    started = time.perf_counter()
    report = integrity.verify(json.loads(json.dumps(state, default=str)), exact=False)
    verify_seconds = time.perf_counter() - started
    _current, verify_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    if not report.ok:
        raise SystemExit(f"De controle vond verschillen: {report.problems[:5]}")
    return [
        ("momentopname (backup_files, elke nacht)", f"{snapshot_seconds:.2f} s", f"{held[0]:.2f} s",
         f"{snapshot_peak / 2**20:.0f} MB", f"manifest {manifest_bytes / 2**20:.1f} MB"),
        ("controle na herstel (integrity_check --at-least)", f"{verify_seconds:.2f} s", "—",
         f"{verify_peak / 2**20:.0f} MB", f"{report.files} bestanden, {report.rows} rijen"),
    ]  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    media = Path(tempfile.mkdtemp(prefix="vlaanderenhelpt-bench-backups-"))
    try:
        setup(media)
        started = time.perf_counter()
        seed(args.rows, media)
        print(f"{args.rows} beslissingen en {args.rows} bijlagen geladen in {time.perf_counter() - started:.0f} s.")
        rows = measure(args.rows)
    finally:
        shutil.rmtree(media, ignore_errors=True)
        from django.db import connections  # here: only once Django was set up

        connections.close_all()
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{NAME}"')
    lines = [
        f"# Back-ups op schaal, {datetime.date.today().isoformat()}",
        "",
        f"{args.rows} beslissingen over praktijkvoorbeelden, {args.rows} bijlagen met hun bestand, 1.000 "
        "praktijkvoorbeelden; PostgreSQL op deze machine.",
        "",
        "| werk | duur | schrijvers wachten | geheugen (piek, Python) | omvang |",
        "|---|---|---|---|---|",
        *(f"| {' | '.join(row)} |" for row in rows),
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    out = ROOT / "bench" / "results" / f"backups-{datetime.datetime.now():%Y%m%d-%H%M%S}.md"
    out.write_text(text)


if __name__ == "__main__":
    main()
