"""The demo content of every app, in one command that `make run` calls: users, practices at every stage,
guidance with its versions and suggestions, a followed template, questions to ABB and clarifications. Only with DJANGO_DEBUG=true; loading it
again changes nothing."""

from django.core.management.base import BaseCommand, CommandError

from demo.guidance import load_guidance_demo
from demo.practices import DEMO_PASSWORD, DEMO_USERS, DemoRefused, load_demo_content
from demo.questions import DESK_USERS, load_questions_demo


class Command(BaseCommand):
    help = "Laad de demo-inhoud: gebruikers, praktijkvoorbeelden en handreikingen (alleen met DJANGO_DEBUG=true)."

    def handle(self, *args, **options):
        try:
            practices = load_demo_content()
            guidance = load_guidance_demo()
            questions = load_questions_demo()
        except DemoRefused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Demo-inhoud: {practices} nieuwe praktijkvoorbeelden, {guidance} nieuwe handreikingen, "
            f"{questions} nieuwe vragen aan ABB."
        )
        self.stdout.write(f"Demo-logins (wachtwoord voor allen: {DEMO_PASSWORD}):")
        for email, name, _function, governments, editor in DEMO_USERS:
            role = "redactie" if editor else ", ".join(governments)
            self.stdout.write(f"  {email:32} {name} ({role})")
        for email, name, _function in DESK_USERS:
            self.stdout.write(f"  {email:32} {name} (vragendesk)")
        self.stdout.write(f"  {'beheer@vlaanderenhelpt.be':32} Beheerder (Django-beheer op /admin/)")
