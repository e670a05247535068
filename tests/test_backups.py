"""What the backups rest on, on either database: every stored file's row keeps the checksum of its content
from the moment of upload (a restore of the files is checked against it), and the backup jobs run the
backup that is due with the retention the settings give. The backups themselves run in
`make backup-drill` (pgBackRest and restic are not needed for the test suite)."""

import datetime
import hashlib

from guidance import services as guidance_services
from guidance.services import SectionText as S
from practices.models import Attachment
from questions.models import QuestionAttachment
from vlaanderenhelpt import backups
from vlaanderenhelpt.attachments import make_upload

from .conftest import PDF_BYTES

TEXT = b"De afspraken met de handelaars, punt voor punt."


def test_every_kind_of_upload_keeps_the_checksum_of_its_content(make_practice, ask, editor):
    make_practice(files=[("afspraken.txt", TEXT)])
    ask(attachments=[make_upload("brief.pdf", PDF_BYTES)])
    document = guidance_services.create_document(editor=editor, title="Handreiking", sections=[S("Deel", "T.")])
    draft = document.versions.get()
    guidance_services.add_attachment(draft=draft, editor=editor, uploaded=make_upload("model.pdf", PDF_BYTES))

    assert Attachment.objects.get().sha256 == hashlib.sha256(TEXT).hexdigest()
    assert QuestionAttachment.objects.get().sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert draft.attachments.get().sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    # A new draft points at the same file, and so keeps its checksum.
    guidance_services.publish(draft=draft, editor=editor, change_note="", is_major=False)
    copy = guidance_services.start_draft(document=document, editor=editor).attachments.get()
    assert (copy.file.name, copy.sha256) == (draft.attachments.get().file.name, hashlib.sha256(PDF_BYTES).hexdigest())


def test_the_weekly_full_backup_falls_on_its_weekday(settings):
    settings.BACKUP_FULL_WEEKDAY = 6
    sunday, monday = datetime.date(2026, 12, 6), datetime.date(2026, 12, 7)
    assert [backups.database_backup_type(day) for day in (sunday, monday)] == ["full", "diff"]
    settings.BACKUP_FULL_WEEKDAY = 0
    assert [backups.database_backup_type(day) for day in (sunday, monday)] == ["diff", "full"]


def test_the_backup_commands_carry_the_retention_of_the_settings(settings, tmp_path):
    settings.BACKUP_PGBACKREST = "sudo -u postgres pgbackrest --stanza=vlaanderenhelpt"
    settings.BACKUP_RESTIC = "restic -r '/srv/back up/bestanden'"
    settings.BACKUP_KEEP_FULL, settings.BACKUP_KEEP_DAILY, settings.BACKUP_KEEP_WEEKLY = 5, 10, 6
    settings.MEDIA_ROOT = tmp_path
    database = backups.database_backup_command("diff")
    assert database[:5] == ["sudo", "-u", "postgres", "pgbackrest", "--stanza=vlaanderenhelpt"]
    assert database[5:] == ["backup", "--type=diff", "--repo1-retention-full=5"]
    files = backups.files_backup_commands()
    assert files["backup"] == [
        "restic",
        "-r",
        "/srv/back up/bestanden",
        "backup",
        "--tag",
        "vlaanderenhelpt",
        str(tmp_path),
    ]
    assert files["forget"][3:] == [
        "forget",
        "--tag",
        "vlaanderenhelpt",
        "--keep-daily",
        "10",
        "--keep-weekly",
        "6",
        "--prune",
    ]
