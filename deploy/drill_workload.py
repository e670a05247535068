"""The writes of a working day, for the backup drill (deploy/backup_drill.py): an official submits a
practice with a file, an editor publishes it, an official asks ABB a question with a file and the desk
answers, a visitor follows a search, the alerts go out. Through the service functions, as the site's
own views do, one every `--pause` seconds until stopped (SIGTERM: after the write in progress) or
`--seconds` have passed. Each write that committed is a line of JSON in `--log`: when, what and which
row, so the drill knows what came after its moment."""

import argparse
import io
import itertools
import json
import os
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vlaanderenhelpt.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import DatabaseError, connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import LocalGovernment  # noqa: E402
from alerts import services as alerts  # noqa: E402
from practices import services as practices  # noqa: E402
from practices.models import Phase, Practice, TargetGroup, Theme  # noqa: E402
from practices.states import Status  # noqa: E402
from questions import services as questions  # noqa: E402
from questions.models import Question, QuestionTheme  # noqa: E402
from vlaanderenhelpt.attachments import make_upload  # noqa: E402

OFFICIAL, EDITOR, DESK = "ambtenaar@gent.be", "redactie@vlaanderenhelpt.be", "vragendesk@vlaanderenhelpt.be"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


STOPPING = []  # a stop asked for: the loop ends after the write in progress


def _stop(signum, frame):
    # Never raised from here: an exception in the middle of a query would leave its connection unusable.
    STOPPING.append(signum)


def submit(n, people):
    content = practices.Content(
        fields={
            "title": f"Oefenpraktijk {n}: buurtbabbels tijdens de lockdown",
            "summary": "Vrijwilligers belden elke week met alleenwonende buren.",
            "description": "Een beurtrol van vrijwilligers, met een draaiboek en een vast nummer.",
            "kind": "initiatief",
        },
        themes=tuple(Theme.objects.filter(slug="economie")),
        phases=tuple(Phase.objects.filter(slug="lockdown")),
        target_groups=tuple(TargetGroup.objects.filter(slug="handelaars")),
    )
    practice = practices.create_practice(author=people["official"], local_government=people["gent"], content=content)
    # Each file different: a restore is checked file by file.
    upload = make_upload(f"draaiboek-{n}.txt", f"Draaiboek {n}: wie belt wie, en wanneer.\n")
    practices.add_attachment(practice=practice, author=people["official"], uploaded=upload)
    practices.submit(practice=practice, actor=people["official"])
    return "submitted", practice.pk


def publish(n, people):
    waiting = Practice.objects.filter(status=Status.SUBMITTED, working_version__title__startswith="Oefenpraktijk")
    practice = waiting.order_by("pk").first()
    if practice is None:
        return submit(n, people)
    practices.approve(practice=practice, actor=people["editor"])
    return "published", practice.pk


def ask(n, people):
    question = questions.ask(
        official=people["official"],
        local_government=people["gent"],
        theme=QuestionTheme.objects.offered().order_by("pk").first(),
        title=f"Oefenvraag {n}: mag de raad digitaal vergaderen?",
        text="Onze gemeenteraad wil dat blijven doen.",
        attachments=[make_upload(f"brief-{n}.pdf", PDF + f"% {n}\n".encode())],
    )
    return "asked", question.pk


def answer(n, people):
    question = Question.objects.filter(status="new", title__startswith="Oefenvraag").order_by("pk").first()
    if question is None:
        return ask(n, people)
    questions.answer(question=question, actor=people["desk"], text="Ja, als het huishoudelijk reglement het toelaat.")
    return "answered", question.pk


def follow(n, people):
    subscription = alerts.subscribe(email=f"volger{n}@example.org", frequency="direct", query=f"q=buurt{n}")
    alerts.confirm(token=subscription.confirmation_token)
    return "followed", subscription.pk


def send_alerts(n, people):
    call_command("send_alerts", stdout=io.StringIO())
    return "alerts", None


STEPS = (submit, publish, ask, answer, follow, send_alerts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log", required=True)
    parser.add_argument("--pause", type=float, default=0.2)
    parser.add_argument("--seconds", type=float, default=900)
    parser.add_argument("--start", type=int, default=1, help="the number of the first write")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _stop)
    User = get_user_model()
    people = {
        "official": User.objects.get(email=OFFICIAL),
        "editor": User.objects.get(email=EDITOR),
        "desk": User.objects.get(email=DESK),
        "gent": LocalGovernment.objects.active().get(name="Gent"),
    }
    deadline = time.monotonic() + args.seconds
    with open(args.log, "a", encoding="utf-8") as log:
        for n in itertools.count(args.start):
            if STOPPING or time.monotonic() > deadline:
                break
            try:
                what, pk = STEPS[n % len(STEPS)](n, people)
            except DatabaseError as error:  # the database away for a moment: noted, a new connection, on
                log.write(json.dumps({"at": timezone.now().isoformat(), "n": n, "error": str(error)[:300]}) + "\n")
                connection.close()
            else:
                log.write(json.dumps({"at": timezone.now().isoformat(), "n": n, "what": what, "pk": pk}) + "\n")
            log.flush()
            time.sleep(args.pause)


if __name__ == "__main__":
    main()
