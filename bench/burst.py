"""A burst of publications, for make bench: an editor approves fifty practices in a minute while readers
read, the site served by gunicorn with its page cache and one task worker building what follows the
catalogue. Measured: the index builds that start after the last approval, and for each publication the
seconds until it is counted in the list and found by a search (polled twice a second), and for the last
one until the list, its count, a search and the map all show it. Imported once Django is set up.
"""

import re
import threading
import time
import urllib.request

from django.contrib.auth.models import Group
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import EDITORS_GROUP, LocalGovernment, Membership, User
from practices import services
from practices.models import Phase, Practice, TargetGroup, Theme

COUNT = 50
SPACING = 1.2  # seconds between two approvals: fifty in a minute
WORD = "burstproef"  # in every burst practice's title: a search for it counts them
GOVERNMENT = "Gent"


def _get(url):
    return urllib.request.urlopen(url, timeout=30).read().decode()


def _found(html):
    match = re.search(r"(\d[\d.]*) praktijkvoorbeeld(?:en)? gevonden", html)
    return int(match.group(1).replace(".", "")) if match else 0


def _prepare():
    """Fifty practices of GOVERNMENT submitted by an official, and an editor to approve them."""
    government = LocalGovernment.objects.get(name=GOVERNMENT)
    official, _created = User.objects.get_or_create(email="burst-ambtenaar@bench.example")
    Membership.objects.get_or_create(user=official, local_government=government)
    editor, _created = User.objects.get_or_create(email="burst-redacteur@bench.example")
    editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
    practices = []
    for n in range(COUNT):
        content = services.Content(
            fields={
                "title": f"Proefpublicatie {WORD} {n:02d}",
                "summary": "Een voorbeeld dat de benchmark publiceert.",
                "description": "Gepubliceerd in een reeks van vijftig.",
                "kind": "initiatief",
            },
            themes=tuple(Theme.objects.filter(slug="economie")),
            phases=tuple(Phase.objects.all()[:1]),
            target_groups=tuple(TargetGroup.objects.all()[:1]),
        )
        practice = services.create_practice(author=official, local_government=government, content=content)
        practices.append(services.submit(practice=practice, actor=official))
    return practices, editor


def measure(base_url):
    """Run the burst against the server at `base_url` (with a worker running); returns the numbers."""
    practices, editor = _prepare()
    try:
        return _measure(base_url, practices, editor)
    finally:
        # Archived again, so that a later --reuse finds the seeded catalogue as it was.
        for practice in Practice.objects.published().filter(pk__in=[p.pk for p in practices]):
            services.archive(practice=practice, actor=editor, reason="Einde van de benchmark.")


def _measure(base_url, practices, editor):

    total_before = _found(_get(f"{base_url}/praktijken/"))
    approved, seen, stop = [], {}, threading.Event()

    def read():  # a reader's search for the burst's word, twice a second
        while not stop.is_set():
            n = _found(_get(f"{base_url}/praktijken/?q={WORD}"))
            now = time.monotonic()
            for k in range(n):
                seen.setdefault(k, now)
            time.sleep(0.5)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    started = timezone.now()
    for n, practice in enumerate(practices):
        time.sleep(max(0.0, SPACING * n - (time.monotonic() - approved[0] if approved else 0)))
        services.approve(practice=practice, actor=editor)
        approved.append(time.monotonic())
    last = practices[-1]
    last_at, ended_at = approved[-1], timezone.now()
    slug = Practice.objects.get(pk=last.pk).slug
    deadline, everywhere = time.monotonic() + 120, None
    while time.monotonic() < deadline:
        listed = _get(f"{base_url}/praktijken/")
        searched = _get(f"{base_url}/praktijken/?q={WORD}+{COUNT - 1:02d}")
        mapped = _get(f"{base_url}/kaart/?q={WORD}")
        if (
            f"/praktijken/{slug}/" in listed
            and _found(listed) == total_before + COUNT
            and f"/praktijken/{slug}/" in searched
            and re.search(rf">{GOVERNMENT}</a></td><td>[^<]*</td><td class=\"number\">{COUNT}<", mapped)
        ):
            everywhere = time.monotonic() - last_at
            break
        time.sleep(0.2)
    time.sleep(1)
    stop.set()
    reader.join(timeout=30)
    builds = DBTaskResult.objects.filter(task_path="catalogue.tasks.build_facet_index")
    latencies = [seen[k] - approved[k] for k in range(COUNT) if k in seen]
    return {
        "publications": COUNT,
        "spread_s": approved[-1] - approved[0],
        "builds": builds.filter(started_at__gte=started).count(),
        "builds_after_last": builds.filter(started_at__gt=ended_at).count(),
        "everywhere_s": everywhere,
        "search_p50_s": sorted(latencies)[len(latencies) // 2] if latencies else None,
        "search_max_s": max(latencies) if latencies else None,
        "seen": len(latencies),
    }
