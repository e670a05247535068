"""Results over time: some months after its first publication (settings.RESULTS_FOLLOW_UP_MONTHS) the
submitting government is asked how its practice worked out. The answer is an update of the practice at
its results step, reviewed as every update is; it may raise the evidence level.

Each round asked is a ResultsRequest row, unique per practice and round, written in the same transaction
that queues the e-mails: a second run, at once or later, finds the row and asks nothing again."""

import calendar
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
    rounds = sorted(set(settings.RESULTS_FOLLOW_UP_MONTHS))
    if not rounds:
        return 0
    candidates = (
        Practice.objects.published()
        .filter(first_published_at__lte=months_before(now, rounds[0]))
        .exclude(pk__in=ResultsRequest.objects.filter(months=rounds[-1]).values("practice"))
        .select_related("local_government")
        .order_by("pk")
    )
    asked = 0
    for practice in candidates.iterator(chunk_size=500):
        due = [months for months in rounds if practice.first_published_at <= months_before(now, months)]
        done = set(practice.results_requests.values_list("months", flat=True))
        new = [months for months in due if months not in done]
        if new and _ask(practice, new, now):
            asked += 1
    return asked


def _ask(practice, rounds, now):
    members = list(get_user_model().objects.members_of(practice.local_government).values_list("email", flat=True))
    try:
        with transaction.atomic():
            for months in rounds:
                ResultsRequest.objects.create(practice=practice, months=months, sent_at=now, recipients=len(members))
            months = rounds[-1]
            mail_after_commit(
                template="practices/email/results_request.txt",
                subject=_("Hoe liep het? Resultaten van “%(title)s”") % {"title": practice.title[:80]},
                recipients=members,
                context={
                    "practice": practice,
                    "months": months,
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
