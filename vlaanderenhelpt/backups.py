"""The backup runs: which pgBackRest backup of the database is due today, and restic's runs over the stored
files with the manifest of what the database expects of them, each with the retention the settings give.
README, "Back-ups", says where they go and how to restore."""

import json
import shlex
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from . import integrity

TAG = "vlaanderenhelpt"
MANIFEST = ".manifest.json"  # in MEDIA_ROOT, so each snapshot of the files carries its own


def database_backup_type(day=None):
    """The weekly full backup on its weekday; a differential one (what changed since that full) the
    other days. pgBackRest makes a full one anyway when none is there yet."""
    day = day or timezone.localdate()
    return "full" if day.weekday() == settings.BACKUP_FULL_WEEKDAY else "diff"


def database_backup_command(kind):
    return [
        *shlex.split(settings.BACKUP_PGBACKREST),
        "backup",
        f"--type={kind}",
        # Older full backups expire with their differentials and the WAL no kept backup needs.
        f"--repo1-retention-full={settings.BACKUP_KEEP_FULL}",
    ]


def files_backup_commands():
    """{step: command}: the snapshot, then forgetting (and pruning) the snapshots past the retention."""
    restic = shlex.split(settings.BACKUP_RESTIC)
    return {
        "backup": [*restic, "backup", "--tag", TAG, str(settings.MEDIA_ROOT)],
        "forget": [
            *restic,
            "forget",
            "--tag",
            TAG,
            "--keep-daily",
            str(settings.BACKUP_KEEP_DAILY),
            "--keep-weekly",
            str(settings.BACKUP_KEEP_WEEKLY),
            "--prune",
        ],
    }


def write_manifest():
    """The database's state as the files are backed up (integrity.snapshot, at one moment on PostgreSQL):
    after a restore, `manage.py integrity_check MEDIA_ROOT/.manifest.json --at-least` checks both
    against it."""
    state = integrity.snapshot(freeze=connection.vendor == "postgresql")
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    path = root / MANIFEST
    path.write_text(json.dumps(state, default=str))
    return state


def run(command):
    """Run one backup command; (succeeded, the last lines it wrote)."""
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - from settings
    lines = (done.stdout + done.stderr).strip().splitlines()
    return done.returncode == 0, " / ".join(lines[-3:])
