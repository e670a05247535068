"""Every change to alerts, and the sending. Views and the `send_alerts` command call these only."""

import hashlib
import logging
import secrets
from dataclasses import replace
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.db import connection, transaction
from django.http import QueryDict
from django.tasks import TaskResultStatus
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vlaanderenhelpt.errors import DomainError
from vlaanderenhelpt.mail import mail_after_commit, queue_email
from vlaanderenhelpt.numbers import whole_number

from .models import MANAGE_SALT, UNSUBSCRIBE_SALT, Frequency, Subscriber, Subscription

logger = logging.getLogger(__name__)

UNCONFIRMED_DAYS = 7  # an address that never confirmed is forgotten after this many days
LISTED = 20  # practices named in one e-mail; the rest are behind the link to the list


class AlertError(DomainError):
    pass


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def search_target(params):
    """(query, label) of the list's filters in `params`: the normalised URL parameters, and the words
    the list uses for them ("Zoekterm: “horeca” · Thema: Economie")."""
    from practices.catalogue import Catalogue, CatalogueQuery

    query = replace(CatalogueQuery.from_params(params), sort="", page=1)  # what it finds, not how it is shown
    chips = Catalogue(query).chips()
    label = " · ".join(chip["label"] for chip in chips) or _("Alle praktijkvoorbeelden")
    return urlencode(query.params()), label[:500]


@transaction.atomic
def subscribe(*, email, frequency, query="", label="", document=None, template=None, user=None, at=None):
    """Follow a search (`query`, `label`), a guidance `document` or a `template` (a practice's file). A
    logged-in user's own address is known; any other address confirms through a link first. Following the
    same thing again changes how often, and sends a new link when it was never confirmed."""
    if frequency not in Frequency.values:
        raise AlertError(_("Kies hoe vaak u een e-mail wilt krijgen."))
    if document is not None:
        if document.withdrawn_at or not document.versions.published().exists():
            raise AlertError(_("Deze handreiking kunt u niet (meer) volgen."))
        query, label = "", document.title[:500]
    if template is not None:
        from practices.models import Attachment

        if not Attachment.objects.visible_to(AnonymousUser()).filter(pk=template.pk).exists():
            raise AlertError(_("Dit sjabloon kunt u niet (meer) volgen."))
        query, label = "", (_("Sjabloon: %(title)s") % {"title": template.title})[:500]
    at = at or timezone.now()
    email = email.strip().lower()
    subscriber, _created = Subscriber.objects.get_or_create(email=email)
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)  # one change per address at a time
    known = user is not None and user.is_authenticated and user.email.lower() == email
    subscription = subscriber.subscriptions.filter(query=query, document=document, template=template).first()
    if subscription is None:
        subscription = Subscription(
            subscriber=subscriber, query=query, document=document, template=template, label=label, created_at=at,
            sent_until=at,
        )  # fmt: skip
    subscription.frequency = frequency
    token = None
    if not subscription.is_confirmed and known:
        subscription.confirmed_at, subscription.token_hash = at, ""
    elif not subscription.is_confirmed:
        token = secrets.token_urlsafe(32)
        subscription.token_hash = _hash(token)
    subscription.save()
    if token:
        mail_after_commit(
            template="alerts/email/confirm.txt",
            subject=_("Bevestig uw e-mailmelding van Vlaanderen helpt"),
            recipients=[email],
            context={"subscription": subscription, "path": reverse("alerts:confirm", args=[token])},
        )
    subscription.confirmation_token = token  # the demo and the tests confirm with it; only its hash is kept
    return subscription


def find_unconfirmed(token):
    if not token:
        return None
    return Subscription.objects.select_related("subscriber").filter(token_hash=_hash(token)).first()


@transaction.atomic
def confirm(*, token, at=None):
    subscription = find_unconfirmed(token)
    if subscription is None:
        raise AlertError(_("Deze link is niet (meer) geldig."))
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    subscription.confirmed_at, subscription.token_hash = at or timezone.now(), ""
    subscription.save(update_fields=["confirmed_at", "token_hash"])
    return subscription


def find_subscriber(token):
    """The subscriber of a manage link, or None."""
    pk = _unsigned(token, MANAGE_SALT)
    return Subscriber.objects.filter(pk=pk).first() if pk else None


def find_subscription(token):
    """The subscription of an unsubscribe link, or None (also when it was already ended)."""
    pk = _unsigned(token, UNSUBSCRIBE_SALT)
    return Subscription.objects.select_related("subscriber").filter(pk=pk).first() if pk else None


def _unsigned(token, salt):
    try:
        value = signing.Signer(salt=salt).unsign(token)
    except signing.BadSignature:
        return None
    return whole_number(value, default=None, minimum=1)


@transaction.atomic
def change_frequency(*, subscription, frequency):
    if frequency not in Frequency.values:
        raise AlertError(_("Kies hoe vaak u een e-mail wilt krijgen."))
    Subscription.objects.filter(pk=subscription.pk).update(frequency=frequency)


@transaction.atomic
def unsubscribe(*, subscription):
    """End one subscription; an address that follows nothing any more is forgotten with it."""
    subscriber = subscription.subscriber
    Subscription.objects.filter(pk=subscription.pk).delete()
    if not subscriber.subscriptions.exists():
        Subscriber.objects.filter(pk=subscriber.pk).delete()


def forget_unconfirmed(now=None):
    """Subscriptions never confirmed within UNCONFIRMED_DAYS go, and addresses left without any."""
    cutoff = (now or timezone.now()) - timedelta(days=UNCONFIRMED_DAYS)
    deleted, _kinds = Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
    Subscriber.objects.filter(subscriptions__isnull=True).delete()
    return deleted


# Sending


def send_due(now=None):
    """Check every subscription that is due and send one e-mail to each that has something new.

    Each subscription is handled in its own transaction with its row locked: the e-mail is queued, and
    the subscription's `sent_until` moved on, together or not at all. A failure (the mail server away
    where e-mail is sent at once) leaves that subscription as it was for the next run and goes on with
    the others; a second run at the same time skips the rows the first one holds. So nothing is sent
    twice and nothing is missed. Returns (sent, failed)."""
    now = now or timezone.now()
    # A publication committed a moment after this run read the catalogue could carry a slightly older
    # timestamp: only what was published at least this long ago is taken, the rest waits a run.
    until = now - timedelta(seconds=settings.ALERTS_SETTLE_SECONDS)
    sent = failed = 0
    for pk in Subscription.objects.due(now).values_list("pk", flat=True):
        try:
            with transaction.atomic():
                rows = Subscription.objects.due(now).filter(pk=pk).select_related("subscriber", "document", "template")
                subscription = rows.select_for_update(skip_locked=True, of=("self",)).first()
                if subscription is None:
                    continue  # taken by another run, or no longer due
                if subscription.sent_until < until and _send_new(subscription, until):
                    subscription.last_sent_at = now
                    sent += 1
                subscription.sent_until = max(subscription.sent_until, until)
                subscription.checked_at = now
                subscription.save(update_fields=["sent_until", "checked_at", "last_sent_at"])
        except Exception:
            failed += 1
            logger.exception("Alert not sent; it is tried again at the next run", extra={"subscription": pk})
    return sent, failed


def _send_new(subscription, until):
    """Queue the e-mail of what is new for one subscription; False when nothing is."""
    if subscription.template_id:
        context = _new_template_versions(subscription, until)
        template, count = "alerts/email/new_template.txt", len(context["files"])
        subject = _("Nieuwe versie van het sjabloon “%(title)s”") % {"title": subscription.template.title[:80]}
    elif subscription.document_id:
        context = _new_versions(subscription, until)
        template, count = "alerts/email/new_versions.txt", len(context["versions"])
        subject = _("Nieuwe versie van “%(title)s”") % {"title": subscription.document.title[:80]}
    else:
        context = _new_practices(subscription, until)
        template, count = "alerts/email/new_practices.txt", context["total"]
        subject = _("Nieuwe praktijkvoorbeelden: %(label)s") % {"label": subscription.label[:80]}
    if not count:
        return False
    site = settings.SITE_URL
    unsubscribe = site + reverse("alerts:unsubscribe", args=[subscription.unsubscribe_token])
    context.update(
        subscription=subscription,
        site_url=site,
        manage_url=site + reverse("alerts:manage", args=[subscription.subscriber.manage_token]),
        unsubscribe_url=unsubscribe,
    )
    queued = queue_email(
        subject=subject,
        body=render_to_string(template, context),
        to=[subscription.subscriber.email],
        request_id="",
        # RFC 8058: a mail program may offer a one-click unsubscribe, sent as a POST to this address.
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    if queued.status == TaskResultStatus.FAILED:
        # Where tasks run at once (development, tests), a mail server that is away fails the task here:
        # roll this subscription back so that the next run sends it. A queue keeps and retries it itself.
        raise AlertError(_("De e-mail kon niet verstuurd worden."))
    return True


def _new_practices(subscription, until):
    from practices.catalogue import CatalogueQuery, apply_filters
    from practices.models import Practice

    query = CatalogueQuery.from_params(QueryDict(subscription.query))
    new = apply_filters(Practice.objects.published(), query).filter(
        first_published_at__gt=subscription.sent_until, first_published_at__lte=until
    )
    practices = list(new.select_related("local_government").order_by("first_published_at", "pk")[: LISTED + 1])
    total = len(practices) if len(practices) <= LISTED else new.count()
    list_url = settings.SITE_URL + reverse("practices:list") + (f"?{subscription.query}" if subscription.query else "")
    return {"practices": practices[:LISTED], "total": total, "more": max(0, total - LISTED), "list_url": list_url}


def _new_versions(subscription, until):
    versions = subscription.document.versions.published().filter(
        published_at__gt=subscription.sent_until, published_at__lte=until
    )
    return {"versions": list(versions.order_by("number"))}


def _new_template_versions(subscription, until):
    """The followed template's versions first published in this window, while its practice is online."""
    from practices.models import Attachment

    files = Attachment.objects.visible_to(AnonymousUser()).filter(
        series=subscription.template.series,
        first_published_at__gt=subscription.sent_until,
        first_published_at__lte=until,
    )
    files = list(files.select_related("practice").order_by("series_number"))
    for found in files:
        found.url = settings.SITE_URL + found.get_absolute_url()
    return {"files": files, "page": settings.SITE_URL + files[-1].practice.get_absolute_url() if files else ""}


def acquire_run_lock():
    """One `send_alerts` at a time: a PostgreSQL advisory lock held by this connection (released when the
    process ends, however it ends); elsewhere the shared cache. True when this run may go on."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [RUN_LOCK])
            return cursor.fetchone()[0]
    from django.core.cache import cache

    return cache.add("alerts:send-lock", True, 600)


def release_run_lock():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [RUN_LOCK])
        return
    from django.core.cache import cache

    cache.delete("alerts:send-lock")


RUN_LOCK = 7_254_871  # this site's own number for the advisory lock of send_alerts
