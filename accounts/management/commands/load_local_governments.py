"""Load or update the Flemish local governments from the reference lists in accounts/data/."""

from django.core.management.base import BaseCommand

from accounts.services import load_local_governments


class Command(BaseCommand):
    help = "Load the Flemish provinces and municipalities (2025) and the municipalities that ceased in 2025."

    def handle(self, *args, **options):
        counts = load_local_governments()
        self.stdout.write(
            f"{counts['provinces']} provincies, {counts['municipalities']} gemeenten, "
            f"{counts['ceased']} opgeheven gemeenten geladen."
        )
