"""Periodic job: publish the guidance versions planned for now, as the editor who planned them."""

from guidance import services
from vlaanderenhelpt.periodic import JobCommand


class Command(JobCommand):
    help = "Publiceer de versies van handreikingen die voor nu ingepland zijn."

    def run(self):
        published, failed = services.publish_scheduled()
        return f"{published} ingeplande versies gepubliceerd, {failed} mislukt (volgende keer opnieuw).", failed
