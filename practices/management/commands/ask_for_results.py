"""Periodic job: ask governments for the results of their practices 6 and 12 months after publication."""

from practices import followups
from vlaanderenhelpt.periodic import JobCommand


class Command(JobCommand):
    help = "Vraag besturen naar de resultaten van hun praktijkvoorbeelden (na 6 en 12 maanden)."

    def run(self):
        return f"{followups.send_results_requests()} vragen naar resultaten verstuurd.", 0
