"""Periodic job: back up the stored files (attachments, open-data files) with restic
(settings.BACKUP_RESTIC), with the manifest of every attachment and its checksum as the database has
them, then forget the snapshots past settings.BACKUP_KEEP_DAILY days and BACKUP_KEEP_WEEKLY weeks."""

from vlaanderenhelpt import backups
from vlaanderenhelpt.periodic import JobCommand


class Command(JobCommand):
    help = "Maak de back-up van de opgeladen bestanden en open-databestanden met restic, met hun manifest."

    def run(self):
        state = backups.write_manifest()
        for step, command in backups.files_backup_commands().items():
            succeeded, said = backups.run(command)
            if not succeeded:
                return f"back-up van de bestanden mislukt (restic {step}): {said}", 1
        return f"back-up van de bestanden gemaakt; het manifest noemt {len(state['files'])} bijlagen.", 0
