"""Results over time: some months after its first publication (settings.RESULTS_FOLLOW_UP_MONTHS) the
submitting government is asked how its practice worked out. The answer is an update of the practice at
its results step, reviewed as every update is; it may raise the evidence level.

Each round asked is a ResultsRequest row, unique per practice and round, written in the same transaction
that queues the e-mails: a second run, at once or later, finds the row and asks nothing again."""

import calendar
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vlaanderenhelpt.mail import mail_after_commit

from .models import Practice, ResultsRequest


def months_before(moment, months):
    """The same moment `months` calendar months earlier (the last day of a shorter month)."""
    month = moment.month - 1 - months
    year, month = moment.year + month // 12, month % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def send_results_requests(now=None):
    """Ask every government whose live practice has reached a round it was not asked for yet. A practice
    that reached two rounds at once (published long before this ran) is asked once, for the later one.
    Returns how many practices were asked about."""
    now = now or timezone.now()
    # One query per round finds what is due; a run with nothing to ask costs just these.
    due = defaultdict(list)
    for months in sorted(set(settings.RESULTS_FOLLOW_UP_MONTHS)):
        unasked = (
            Practice.objects.published()
            .filter(first_published_at__lte=months_before(now, months))
            .exclude(pk__in=ResultsRequest.objects.filter(months=months).values("practice"))
        )
        for pk in unasked.values_list("pk", flat=True).iterator(chunk_size=2000):
            due[pk].append(months)
    asked = 0
    members = {}  # per government, read once per run
    pks = sorted(due)
    for start in range(0, len(pks), 500):
        for practice in Practice.objects.select_related("local_government").in_bulk(pks[start : start + 500]).values():
            government = practice.local_government_id
            if government not in members:
                members[government] = list(
                    get_user_model().objects.members_of(government).values_list("email", flat=True)
                )
            if _ask(practice, due[practice.pk], now, members[government]):
                asked += 1
    return asked


def _ask(practice, rounds, now, members=None):
    if members is None:
        members = list(get_user_model().objects.members_of(practice.local_government).values_list("email", flat=True))
    try:
        with transaction.atomic():
            for months in rounds:
                ResultsRequest.objects.create(practice=practice, months=months, sent_at=now, recipients=len(members))
            mail_after_commit(
                template="practices/email/results_request.txt",
                subject=_("Hoe liep het? Resultaten van “%(title)s”") % {"title": practice.title[:80]},
                recipients=members,
                context={
                    "practice": practice,
                    "months": rounds[-1],
                    "link": settings.SITE_URL + reverse("practices:mine_step", args=[practice.pk, "resultaten"]),
                    "page": settings.SITE_URL + practice.get_absolute_url(),
                },
            )
    except IntegrityError:
        return False  # another run asked in the meantime
    return True


def overdue(now=None):
    """Live practices whose government was asked for results at least RESULTS_OVERDUE_DAYS ago and
    whose results have not been updated since: for the editors, longest waiting first."""
    now = now or timezone.now()
    return Practice.objects.results_overdue(now - timedelta(days=settings.RESULTS_OVERDUE_DAYS))
