from django.core.management.base import BaseCommand, CommandError

from practices.demo import DEMO_PASSWORD, DEMO_USERS, DemoRefused, load_demo_content


class Command(BaseCommand):
    help = "Load demo users and demo practice examples (only with DJANGO_DEBUG=true)."

    def handle(self, *args, **options):
        try:
            created = load_demo_content()
        except DemoRefused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Demo-inhoud: {created} nieuwe praktijkvoorbeelden.")
        self.stdout.write(f"Demo-logins (wachtwoord voor allen: {DEMO_PASSWORD}):")
        for email, name, _function, governments, editor in DEMO_USERS:
            role = "redactie" if editor else ", ".join(governments)
            self.stdout.write(f"  {email:32} {name} ({role})")
        self.stdout.write(f"  {'beheer@vlaanderenhelpt.be':32} Beheerder (Django-beheer op /admin/)")
