"""What a restore is checked against. A snapshot of the database at one moment: the rows of every table,
a hash of every append-only table (decisions, account events: rows that never change) and the manifest
of every stored file with the checksum its row keeps. `verify` checks a restored copy against it: the
same rows and hashes, every file the database names present with its checksum, nothing newer than the
moment. `make backup-drill` and a restore by hand (README, "Back-ups") both use it."""

import hashlib
import time
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import OperationalError, connection, models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .attachments import checksum
from .models import AppendOnlyModel

FETCH = 2000
FREEZE_ATTEMPTS = 400  # of 50 ms each: a busy site has a moment without a write in flight well within it


class FreezeFailed(Exception):
    """No moment without a write in flight was found."""


def append_only_models():
    return sorted(
        (m for m in apps.get_models() if issubclass(m, AppendOnlyModel) and m._meta.managed),
        key=lambda m: m._meta.db_table,
    )


def file_models():
    """Every model whose rows name a stored file and keep its checksum."""
    return sorted(
        (
            m
            for m in apps.get_models()
            if any(isinstance(f, models.FileField) for f in m._meta.fields)
            and any(f.name == "sha256" for f in m._meta.fields)
        ),
        key=lambda m: m._meta.db_table,
    )


def _quoted(name):
    return connection.ops.quote_name(name)


def _tables():
    return sorted(connection.introspection.table_names(include_views=False))


def _count(cursor, table):
    cursor.execute(f"SELECT COUNT(*) FROM {_quoted(table)}")  # noqa: S608 - a table name from introspection
    return cursor.fetchone()[0]


def _rows_hash(model, *, up_to=None):
    """(rows, sha256) of a table's rows in key order; up to a key when given."""
    table, pk = _quoted(model._meta.db_table), _quoted(model._meta.pk.column)
    where = f" WHERE {pk} <= %s" if up_to is not None else ""
    digest, rows = hashlib.sha256(), 0
    with connection.chunked_cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}{where} ORDER BY {pk}", [up_to] if up_to is not None else [])  # noqa: S608
        while chunk := cursor.fetchmany(FETCH):
            for row in chunk:
                digest.update(repr(tuple(row)).encode())
                digest.update(b"\n")
            rows += len(chunk)
    return rows, digest.hexdigest()


def manifest():
    """Every stored file the database names: table, row, path, size and the checksum written at upload."""
    files = []
    for model in file_models():
        for pk, name, size, sha256 in model._default_manager.order_by("pk").values_list("pk", "file", "size", "sha256"):
            files.append({"table": model._meta.db_table, "pk": pk, "path": name, "size": size, "sha256": sha256})
    return files


def file_checksum(name):
    """The SHA-256 of a stored file; None when it is not there."""
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as handle:
        return checksum(handle)


def fill_missing_checksums(model):
    """For rows stored before checksums were kept (a migration calls it): the checksum of the file as it
    is now; a file that is not there leaves it empty, and the check of a restore names it."""
    for pk, name in model._default_manager.filter(sha256="").values_list("pk", "file").iterator():
        if digest := file_checksum(name):
            model._default_manager.filter(pk=pk).update(sha256=digest)


def _newest_created(model):
    if not any(f.name == "created_at" for f in model._meta.fields):
        return None
    return model._default_manager.aggregate(newest=models.Max("created_at"))["newest"]


def _held(moment):
    """What must be read at the moment itself: the rows of every table, the last key of every append-only
    table, the files."""
    with connection.cursor() as cursor:
        counts = {table: _count(cursor, table) for table in _tables()}
    last_keys = {
        model._meta.db_table: model._default_manager.aggregate(last=models.Max("pk"))["last"]
        for model in append_only_models()
    }
    return {"moment": moment.isoformat(), "vendor": connection.vendor, "counts": counts, "files": manifest()}, last_keys


def _with_hashes(state, last_keys):
    """The append-only rows up to the keys of the moment, hashed after it: they never change, and a
    row written after the moment has a later key (hashing holds up no write)."""
    state["append_only"] = {}
    for model in append_only_models():
        last = last_keys[model._meta.db_table]
        rows, digest = _rows_hash(model, up_to=last) if last is not None else (0, "")
        state["append_only"][model._meta.db_table] = {"rows": rows, "last_pk": last, "sha256": digest}
    return state


def snapshot(*, freeze=False):
    """The state of the database now. With `freeze` (PostgreSQL): at one moment while writes go on, by
    holding every table in SHARE mode (reads go on, writes wait a moment) from a point where no write
    was in flight; the moment is the database's clock then, so a restore to it has exactly these rows.
    Nothing is written: the transaction is rolled back."""
    if not freeze:
        return _with_hashes(*_held(timezone.now()))
    if connection.vendor != "postgresql":
        raise FreezeFailed("Een momentopname onder slot kan alleen op PostgreSQL.")
    tables = ", ".join(_quoted(t) for t in _tables())
    for _attempt in range(FREEZE_ATTEMPTS):
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    # NOWAIT: never queue behind a writer (and so never deadlock with one); try again.
                    cursor.execute(f"LOCK TABLE {tables} IN SHARE MODE NOWAIT")
                    cursor.execute("SELECT clock_timestamp()")
                    moment = cursor.fetchone()[0]
                held = _held(moment)
                transaction.set_rollback(True)
            return _with_hashes(*held)
        except OperationalError:
            time.sleep(0.05)
    raise FreezeFailed("Er was geen ogenblik zonder lopende schrijfbewerking; probeer opnieuw.")


def _file_problem(entry):
    name = entry["path"]
    if not default_storage.exists(name):
        return f"bestand ontbreekt: {name} ({entry['table']} #{entry['pk']})"
    if default_storage.size(name) != entry["size"]:
        return f"bestand heeft een andere grootte: {name} ({entry['table']} #{entry['pk']})"
    if entry["sha256"] and file_checksum(name) != entry["sha256"]:
        return f"bestand gewijzigd (SHA-256 klopt niet): {name} ({entry['table']} #{entry['pk']})"
    return None


@dataclass
class Report:
    tables: int = 0
    rows: int = 0
    files: int = 0
    problems: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems


def verify(expected, *, exact=True):
    """Check this database and its stored files against a snapshot. `exact`: a restore to the snapshot's
    moment (the same rows in every table, every file row of then, nothing newer). Otherwise a restore to
    a later moment, in which other tables may have shrunk since (sessions, pruned task results, a
    forgotten question): every table there, the append-only rows of then unchanged, and the file rows
    of then that are still there unchanged."""
    report = Report()
    problems = report.problems
    with connection.cursor() as cursor:
        counts = {table: _count(cursor, table) for table in _tables()}
    for table, rows in sorted(expected["counts"].items()):
        found = counts.get(table)
        if found is None:
            problems.append(f"tabel ontbreekt: {table}")
        elif exact and found != rows:
            problems.append(f"tabel {table}: {found} rijen, verwacht {rows}")
    if exact:
        problems.extend(f"tabel {table} stond niet in de momentopname" for table in counts.keys() - expected["counts"])
    report.tables, report.rows = len(counts), sum(counts.values())

    models_by_table = {m._meta.db_table: m for m in append_only_models()}
    for table, then in sorted(expected["append_only"].items()):
        model = models_by_table.get(table)
        if model is None:
            problems.append(f"tabel {table} is geen tabel van het project meer")
            continue
        _rows, digest = _rows_hash(model, up_to=then["last_pk"] if not exact else None)
        if then["rows"] and digest != then["sha256"]:
            problems.append(f"tabel {table}: de rijen van de momentopname zijn niet ongewijzigd (hash verschilt)")

    now = {(f["table"], f["pk"]): f for f in manifest()}
    for entry in expected["files"]:
        restored = now.get((entry["table"], entry["pk"]))
        if restored is None:
            if exact:
                problems.append(f"rij ontbreekt: {entry['table']} #{entry['pk']} ({entry['path']})")
        elif (restored["path"], restored["sha256"]) != (entry["path"], entry["sha256"]):
            problems.append(f"rij gewijzigd: {entry['table']} #{entry['pk']} ({entry['path']})")
    for entry in now.values():
        report.files += 1
        if problem := _file_problem(entry):
            problems.append(problem)

    if exact:
        moment = parse_datetime(expected["moment"])
        for model in apps.get_models():
            newest = _newest_created(model) if model._meta.managed else None
            if newest is not None and newest > moment:
                problems.append(f"tabel {model._meta.db_table}: een rij van na het moment ({newest.isoformat()})")
    return report
