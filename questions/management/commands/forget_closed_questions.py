"""Periodic job: delete the threads of questions closed longer ago than the retention period."""

from questions import retention
from vlaanderenhelpt.periodic import JobCommand


class Command(JobCommand):
    help = "Wis de vragen die langer dan de bewaartermijn gesloten zijn (tekst, berichten en vrager)."

    def run(self):
        return f"{retention.forget_closed()} vragen gewist.", 0
