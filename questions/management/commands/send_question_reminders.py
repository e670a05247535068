"""Periodic job: remind the handler of each question due the next working day (once per due date)."""

from questions import services
from vlaanderenhelpt.periodic import JobCommand


class Command(JobCommand):
    help = "Herinner de vragendesk aan vragen die de volgende werkdag beantwoord moeten zijn."

    def run(self):
        return f"{services.send_due_reminders()} herinneringen verstuurd.", 0
