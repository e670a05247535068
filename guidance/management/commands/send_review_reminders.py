"""Periodic job: remind the guidance editors of documents due for review (once per review date)."""

from guidance import services
from vlaanderenhelpt.periodic import JobCommand


class Command(JobCommand):
    help = "Herinner de redactie aan handreikingen die binnenkort herzien moeten worden."

    def run(self):
        return f"{services.send_review_reminders()} herinneringen verstuurd.", 0
