from django.core.management.base import BaseCommand, CommandError

from guidance.demo import load_guidance_demo
from guidance.services import GuidanceError


class Command(BaseCommand):
    help = "Load the demo guidance documents (only with DJANGO_DEBUG=true, after load_demo_content)."

    def handle(self, *args, **options):
        try:
            created = load_guidance_demo()
        except GuidanceError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"Demo-handreikingen: {created} nieuw.")
