"""Sending the alerts that are due. The `send_alerts` command calls `send_due` only.

A run reads what was published since the oldest watermark of the due subscriptions once (a run with
nothing new ends there: a few queries, whatever the number of subscriptions), evaluates each distinct
saved search once against it (see matching), and walks only the subscriptions with something after their
watermark, BATCH at a time.

Each batch is one transaction with its rows locked: the e-mails are queued (one insert per hundred) and
the watermarks moved on together, or not at all. A second run at the same time skips the rows the first
holds and finds them moved on once it may lock them. So nothing is sent twice and nothing is missed.
"""

import logging

from django.db import transaction
from django.db.models import Case, F, Min, Value, When
from django.utils import timezone

from vlaanderenhelpt.mail import queue_emails
from vlaanderenhelpt.publications import committed_until

from .emails import Composer
from .matching import published_between, searches_matching
from .models import FAILED_RUNS, Frequency, Subscription

logger = logging.getLogger(__name__)

BATCH = 1_000  # subscriptions locked, mailed and moved on in one transaction


def send_due(now=None):
    """Send one e-mail to each due subscription that has something new; returns (sent, failed).

    A failure (the mail server away where e-mail is sent at once, a subscription that cannot be written)
    leaves that subscription as it was for the next run; the others go on."""
    # Only what is dated up to a moment when every publication before it had committed: a publication
    # in flight while this run reads is taken by the next run (vlaanderenhelpt.publications).
    until = committed_until(now)
    now = now or timezone.now()
    due = Subscription.objects.due(now).filter(sent_until__lt=until)
    oldest = due.aggregate(oldest=Min("sent_until"))["oldest"]
    if oldest is None:
        return 0, 0
    news = published_between(oldest, until)
    newest = news.newest
    # Due with nothing after its watermark: a daily or weekly one is checked now (its next check a day or
    # a week on); an immediate one is due at every run anyway and is not written to.
    quiet = due.exclude(frequency=Frequency.IMMEDIATELY)
    (quiet if newest is None else quiet.filter(sent_until__gte=newest)).update(checked_at=now, sent_until=until)
    if newest is None:
        return 0, 0

    pending = due.filter(sent_until__lt=newest).order_by("pk")
    searches = pending.filter(document=None, template=None, question_theme=None)
    queries = searches.order_by().values_list("query", flat=True).distinct()
    composer = Composer(news, searches_matching(queries, news.practices))
    sent, failures, handled, last = 0, {}, 0, 0
    while batch := list(pending.filter(pk__gt=last).values_list("pk", flat=True)[:BATCH]):
        last = batch[-1]
        try:
            with transaction.atomic():
                outcome = _send_batch(batch, composer, until, now)
        except Exception as error:
            logger.exception("Alerts not sent; they are tried again at the next run", extra={"count": len(batch)})
            failures.update(dict.fromkeys(batch, error))
            continue
        sent += outcome[0]
        failures.update(outcome[1])
        handled += outcome[2]
    # When several failed and none went through, the mail server or the database is away: no fault of any
    # one subscription, so none is counted. Otherwise each failure counts towards setting it aside.
    if handled or len(failures) == 1:
        for pk, error in failures.items():
            _count_failure(pk, error, now)
    return sent, len(failures)


def _send_batch(pks, composer, until, now):
    """Lock the batch's rows that are still due, queue their e-mails and move their watermarks on: (sent,
    {pk: error} of those that failed, how many were handled)."""
    rows = (
        Subscription.objects.due(now)
        .filter(pk__in=pks, sent_until__lt=until)
        .select_related("subscriber", "document", "template", "question_theme")
        .select_for_update(skip_locked=True, of=("self",))  # taken by another run: it handles them
    )
    failures, messages, owners = {}, [], []
    rows = [subscription for subscription in rows if composer.knows(subscription)]
    for subscription in rows:
        try:
            message = composer.compose(subscription)
        except Exception as error:  # one subscription that cannot be written fails alone
            logger.exception("Alert not written", extra={"subscription": subscription.pk})
            failures[subscription.pk] = error
            continue
        if message is not None:
            messages.append(message)
            owners.append(subscription.pk)
    message_ids, not_sent = queue_emails(messages, request_id="")
    failures.update((owner, not_sent[mid]) for owner, mid in zip(owners, message_ids, strict=True) if mid in not_sent)
    mailed = [owner for owner in owners if owner not in failures]
    handled = [subscription.pk for subscription in rows if subscription.pk not in failures]
    Subscription.objects.filter(pk__in=handled).update(
        sent_until=until,
        checked_at=now,
        failures=0,
        last_error="",
        last_sent_at=Case(When(pk__in=mailed, then=Value(now)), default=F("last_sent_at")),
    )
    return len(mailed), failures, len(handled)


def _count_failure(pk, error, now):
    """One more run in a row that could not send this subscription; after FAILED_RUNS it is set aside, shown
    to the editors, and no longer tried: one bad subscription must not fail every run forever."""
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(pk=pk).first()
        if subscription is None:
            return
        subscription.failures += 1
        subscription.last_error = (error if isinstance(error, str) else f"{type(error).__name__}: {error}")[:300]
        if subscription.failures >= FAILED_RUNS:
            subscription.set_aside_at = now
            logger.error("Alert set aside after %d failed runs", subscription.failures, extra={"subscription": pk})
        subscription.save(update_fields=["failures", "last_error", "set_aside_at"])
