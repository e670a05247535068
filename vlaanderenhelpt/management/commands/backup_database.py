"""Periodic job: back up the database with pgBackRest (settings.BACKUP_PGBACKREST): the weekly full
backup on settings.BACKUP_FULL_WEEKDAY, a differential one the other days. The WAL in between is
archived continuously by PostgreSQL itself (archive_command), so a restore reaches any moment."""

from vlaanderenhelpt import backups
from vlaanderenhelpt.periodic import JobCommand


class Command(JobCommand):
    help = "Maak de back-up van de databank met pgBackRest: wekelijks volledig, de andere dagen differentieel."

    def add_arguments(self, parser):
        parser.add_argument("--type", choices=("full", "diff", "incr"), help="dit soort back-up, niet dat van vandaag")

    def handle(self, *args, **options):
        self.kind = options["type"] or backups.database_backup_type()
        return super().handle(*args, **options)

    def run(self):
        succeeded, said = backups.run(backups.database_backup_command(self.kind))
        if not succeeded:
            return f"back-up ({self.kind}) mislukt: {said}", 1
        return f"back-up van de databank gemaakt ({self.kind}).", 0
