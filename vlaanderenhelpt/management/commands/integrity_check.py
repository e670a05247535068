"""Check this database and its stored files against a snapshot (integrity_snapshot, or the manifest
each file backup carries): exit status 1 and every difference named when they do not match."""

import json

from django.core.management.base import BaseCommand

from vlaanderenhelpt import integrity


class Command(BaseCommand):
    help = "Kijk een herstelde databank en haar bestanden na tegen een momentopname."

    def add_arguments(self, parser):
        parser.add_argument("snapshot", help="het JSON-bestand van integrity_snapshot of het manifest van een back-up")
        parser.add_argument(
            "--at-least",
            action="store_true",
            help="hersteld tot een later moment: elke tabel er, de onveranderlijke rijen van toen ongewijzigd",
        )

    def handle(self, *args, **options):
        with open(options["snapshot"], encoding="utf-8") as handle:
            expected = json.load(handle)
        report = integrity.verify(expected, exact=not options["at_least"])
        summary = f"{report.tables} tabellen, {report.rows} rijen, {report.files} bestanden nagekeken"
        if report.ok:
            self.stdout.write(f"In orde: {summary}.")
            return
        for problem in report.problems:
            self.stderr.write(problem)
        self.stderr.write(f"NIET in orde: {len(report.problems)} verschillen ({summary}).")
        raise SystemExit(1)
