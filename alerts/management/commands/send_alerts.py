"""Periodic job: send the e-mail alerts that are due (new practices, guidance versions, template versions)."""

from alerts import sending
from vlaanderenhelpt.periodic import JobCommand


class Command(JobCommand):
    help = "Verstuur de e-mailmeldingen die aan de beurt zijn."

    def run(self):
        sent, failed = sending.send_due()
        return f"{sent} e-mails verstuurd, {failed} mislukt (volgende keer opnieuw).", failed
