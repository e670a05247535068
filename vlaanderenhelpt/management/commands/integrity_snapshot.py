"""The state of the database as a restore is checked against (vlaanderenhelpt.integrity): rows per table,
a hash of every append-only table, every stored file with its checksum. With --freeze, at one moment
while the site goes on writing (PostgreSQL): the moment it prints is the target of a restore."""

import json

from django.core.management.base import BaseCommand, CommandError

from vlaanderenhelpt import integrity


class Command(BaseCommand):
    help = "Schrijf de momentopname waartegen een herstelde databank nagekeken wordt (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--freeze", action="store_true", help="op één ogenblik, terwijl er geschreven wordt")
        parser.add_argument("--output", help="naar dit bestand in plaats van naar de uitvoer")

    def handle(self, *args, **options):
        try:
            state = integrity.snapshot(freeze=options["freeze"])
        except integrity.FreezeFailed as error:
            raise CommandError(str(error)) from None
        text = json.dumps(state, default=str, indent=1)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stdout.write(f"Momentopname van {state['moment']} geschreven naar {options['output']}.")
        else:
            self.stdout.write(text)
