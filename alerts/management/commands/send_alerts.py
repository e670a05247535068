"""The periodic work: planned guidance publications, review reminders, results follow-ups, and the e-mail
alerts that are due. Safe to run every few minutes (cron, a systemd timer or a worker) and twice at once:
one run at a time, and each piece of work done once."""

from django.core.management.base import BaseCommand

from alerts import services
from guidance import services as guidance
from practices import followups


class Command(BaseCommand):
    help = (
        "Publiceer ingeplande versies van handreikingen, herinner de redactie aan herzieningen, vraag besturen "
        "naar resultaten, verstuur de e-mailmeldingen die aan de beurt zijn en vergeet onbevestigde na 7 dagen."
    )

    def handle(self, *args, **options):
        if not services.acquire_run_lock():
            self.stdout.write("Een andere send_alerts loopt nog; deze stopt.")
            return
        try:
            # First what is published now, so that its followers hear of it in this same run.
            published, unpublished = guidance.publish_scheduled()
            reminded = guidance.send_review_reminders()
            asked = followups.send_results_requests()
            forgotten = services.forget_unconfirmed()
            sent, failed = services.send_due()
        finally:
            services.release_run_lock()
        failed += unpublished
        self.stdout.write(
            f"{published} ingeplande versies gepubliceerd, {reminded} herinneringen, {asked} vragen naar resultaten, "
            f"{sent} e-mails verstuurd, "
            f"{failed} mislukt (volgende keer opnieuw), {forgotten} onbevestigde vergeten."
        )
        if failed:
            raise SystemExit(1)  # a scheduler that watches exit codes sees it; the next run tries them again
