"""The check a restore must pass (vlaanderenhelpt.integrity): a snapshot taken while the site is in use,
and a restored copy checked against it. The copy here is this database, left as a faulty restore would
leave it: one decision row altered, one file missing or changed, a row from after the moment."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection

from practices.models import Attachment, Decision
from questions.models import QuestionAttachment
from vlaanderenhelpt import backups, integrity
from vlaanderenhelpt.attachments import make_upload

from .conftest import PDF_BYTES

pytestmark = pytest.mark.postgres


@pytest.fixture
def site(make_practice, ask):
    """Two published practices with files, and a question with a file: decisions and attachments."""
    make_practice(title="Mondmaskers voor iedereen", files=[("bestek.pdf", PDF_BYTES)])
    make_practice(title="Een terras op de parking", files=[("plan.txt", b"Het plan van de terrassen.")])
    ask(attachments=[make_upload("brief.pdf", PDF_BYTES)])


def _check(snapshot, *, exact=True):
    return integrity.verify(json.loads(json.dumps(snapshot, default=str)), exact=exact)


def test_a_snapshot_taken_under_lock_matches_the_database_and_its_files(site):
    snapshot = integrity.snapshot(freeze=True)
    assert snapshot["counts"][Decision._meta.db_table] == Decision.objects.count() > 0
    assert len(snapshot["files"]) == 3
    assert all(len(entry["sha256"]) == 64 for entry in snapshot["files"])
    report = _check(snapshot)
    assert report.ok, report.problems
    assert report.files == 3
    assert report.rows >= sum(snapshot["counts"].values())


def test_one_decision_row_altered_fails_the_check(site):
    snapshot = integrity.snapshot(freeze=True)
    decision = Decision.objects.order_by("pk").first()
    with connection.cursor() as cursor:  # past the model, which refuses: as a faulty restore would
        cursor.execute("UPDATE practices_decision SET reason = %s WHERE id = %s", ["gewijzigd", decision.pk])
    report = _check(snapshot)
    assert report.problems == [
        f"tabel {Decision._meta.db_table}: de rijen van de momentopname zijn niet ongewijzigd (hash verschilt)"
    ]
    # A restore to a later moment is held to the same rows: the altered one still fails it.
    assert not _check(snapshot, exact=False).ok


def test_an_attachment_missing_or_changed_fails_the_check(site):
    snapshot = integrity.snapshot(freeze=True)
    missing = Attachment.objects.get(original_name="bestek.pdf")
    changed = Attachment.objects.get(original_name="plan.txt")
    Path(missing.file.path).unlink()
    # The same size, other content: only the checksum tells.
    Path(changed.file.path).write_bytes(b"Het plan van de terrassXn.")
    report = _check(snapshot)
    assert sorted(report.problems) == sorted(
        [
            f"bestand ontbreekt: {missing.file.name} ({Attachment._meta.db_table} #{missing.pk})",
            f"bestand gewijzigd (SHA-256 klopt niet): {changed.file.name} ({Attachment._meta.db_table} #{changed.pk})",
        ]
    )


def test_a_row_from_after_the_moment_fails_an_exact_check_but_not_a_later_one(site, make_practice):
    snapshot = integrity.snapshot(freeze=True)
    make_practice(title="Later gepubliceerd")
    report = _check(snapshot)
    assert f"tabel {Decision._meta.db_table}: {Decision.objects.count()} rijen, verwacht " in "\n".join(report.problems)
    assert any("een rij van na het moment" in problem for problem in report.problems)
    assert _check(snapshot, exact=False).ok


def test_a_later_restore_may_have_lost_what_is_pruned_but_no_decision(site, client, official_a):
    client.force_login(official_a)  # a session row, of the kind that expires
    snapshot = integrity.snapshot(freeze=True)
    Session.objects.all().delete()
    QuestionAttachment.objects.all().delete()  # a question's thread forgotten after its retention period
    assert _check(snapshot, exact=False).ok
    assert not _check(snapshot).ok
    with connection.cursor() as cursor:  # a decision of then gone: never a pruning
        cursor.execute("DELETE FROM practices_decision WHERE id = %s", [Decision.objects.order_by("pk").first().pk])
    assert _check(snapshot, exact=False).problems == [
        f"tabel {Decision._meta.db_table}: de rijen van de momentopname zijn niet ongewijzigd (hash verschilt)"
    ]


def test_an_attachment_row_gone_from_the_database_fails_the_check(site):
    snapshot = integrity.snapshot(freeze=True)
    attachment = QuestionAttachment.objects.get()
    QuestionAttachment.objects.filter(pk=attachment.pk).delete()
    report = _check(snapshot)
    assert f"rij ontbreekt: {QuestionAttachment._meta.db_table} #{attachment.pk} ({attachment.file.name})" in (
        report.problems
    )


def test_the_commands_write_a_snapshot_and_check_against_it(site, tmp_path):
    path = tmp_path / "moment.json"
    call_command("integrity_snapshot", "--freeze", "--output", str(path), stdout=io.StringIO())
    out = io.StringIO()
    call_command("integrity_check", str(path), stdout=out)
    assert out.getvalue().startswith("In orde: ")
    Path(Attachment.objects.get(original_name="bestek.pdf").file.path).unlink()
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_status:
        call_command("integrity_check", str(path), stdout=io.StringIO(), stderr=err)
    assert exit_status.value.code == 1
    assert "bestand ontbreekt: bijlagen/" in err.getvalue()
    assert "NIET in orde: 1 verschillen" in err.getvalue()


def test_the_manifest_of_a_file_backup_goes_with_the_files(site):
    state = backups.write_manifest()
    written = json.loads((Path(settings.MEDIA_ROOT) / backups.MANIFEST).read_text())
    assert written["files"] == json.loads(json.dumps(state["files"]))
    assert {entry["path"] for entry in written["files"]} == {
        *Attachment.objects.values_list("file", flat=True),
        *QuestionAttachment.objects.values_list("file", flat=True),
    }
