"""Periodic job: forget subscriptions never confirmed within 7 days, and addresses left without any."""

from alerts import services
from vlaanderenhelpt.periodic import JobCommand


class Command(JobCommand):
    help = "Vergeet e-mailmeldingen die na 7 dagen nog niet bevestigd zijn."

    def run(self):
        return f"{services.forget_unconfirmed()} onbevestigde meldingen vergeten.", 0
