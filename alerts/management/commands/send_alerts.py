"""Send the e-mail alerts that are due. Safe to run every few minutes (cron, a systemd timer or a worker)
and twice at once: one run at a time, and each subscription handled once."""

from django.core.management.base import BaseCommand

from alerts import services


class Command(BaseCommand):
    help = "Verstuur de e-mailmeldingen die aan de beurt zijn en vergeet onbevestigde na 7 dagen."

    def handle(self, *args, **options):
        if not services.acquire_run_lock():
            self.stdout.write("Een andere send_alerts loopt nog; deze stopt.")
            return
        try:
            forgotten = services.forget_unconfirmed()
            sent, failed = services.send_due()
        finally:
            services.release_run_lock()
        self.stdout.write(
            f"{sent} e-mails verstuurd, {failed} mislukt (volgende keer opnieuw), {forgotten} onbevestigde vergeten."
        )
        if failed:
            raise SystemExit(1)  # a scheduler that watches exit codes sees it; the next run tries them again
