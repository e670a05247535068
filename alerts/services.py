"""Every change to alerts a reader or an editor makes. Views call these only; the sending is in `sending`."""

import secrets
from dataclasses import replace
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.listing import Catalogue
from catalogue.query import CatalogueQuery, known_only
from practices.models import Attachment
from vlaanderenhelpt.errors import DomainError
from vlaanderenhelpt.mail import mail_after_commit
from vlaanderenhelpt.numbers import whole_number
from vlaanderenhelpt.permissions import MODERATE_PRACTICE
from vlaanderenhelpt.tokens import token_hash

from .models import (
    MANAGE_LINK_DAYS,
    MANAGE_SALT,
    UNSUBSCRIBE_SALT,
    Frequency,
    Subscriber,
    Subscription,
    new_link_key,
)

UNCONFIRMED_DAYS = 7  # an address that never confirmed is forgotten after this many days


class AlertError(DomainError):
    """A refused change to an alert, with the message to show."""

    pass


def search_target(params):
    """(query, label) of the list's filters in `params`: the normalised URL parameters with only the
    values that exist (as the list ignores the others), and the words the list uses for them
    ("Zoekterm: “horeca” · Thema: Economie")."""

    query = replace(known_only(CatalogueQuery.from_params(params)), sort="", page=1)  # what it finds, not how
    return urlencode(query.params()), _describe(query, words=True)


def _describe(query, *, words):

    chips = Catalogue(replace(query, q="")).chips()
    labels = [str(chip["label"]) for chip in chips]  # a kind or evidence label is a lazy translation
    if query.q:
        labels.insert(0, _("Zoekterm: “%(q)s”") % {"q": query.q} if words else _("uw eigen zoekwoorden"))
    return (" · ".join(labels) or _("Alle praktijkvoorbeelden"))[:500]


def described_without_words(subscription):
    """What a subscription follows, in words that nobody could choose: the names of existing filters,
    a guidance document's or a template's title, but never the words typed in a search. This is what an
    e-mail to an address that has not confirmed it may say (anyone can type any address in the form)."""
    if subscription.document_id or subscription.template_id or subscription.question_theme_id:
        return subscription.label

    return _describe(known_only(CatalogueQuery.from_params(QueryDict(subscription.query))), words=False)


@transaction.atomic
def subscribe(
    *, email, frequency, query="", label="", document=None, template=None, question_theme=None, user=None, at=None
):
    """Follow a search (`query`, `label`), a guidance `document`, a `template` (a practice's file) or the
    clarifications of a `question_theme`. A
    logged-in user's own address is known; any other address confirms through a link first. Following the
    same thing again changes how often, and sends a new link when it was never confirmed."""
    if frequency not in Frequency.values:
        raise AlertError(_("Kies hoe vaak u een e-mail wilt krijgen."))
    if document is not None:
        if document.withdrawn_at or not document.versions.published().exists():
            raise AlertError(_("Deze handreiking kunt u niet (meer) volgen."))
        query, label = "", document.title[:500]
    if template is not None:
        if not Attachment.objects.visible_to(AnonymousUser()).filter(pk=template.pk).exists():
            raise AlertError(_("Dit sjabloon kunt u niet (meer) volgen."))
        query, label = "", (_("Sjabloon: %(title)s") % {"title": template.title})[:500]
    if question_theme is not None:
        if question_theme.retired:
            raise AlertError(_("Dit thema kunt u niet (meer) volgen."))
        query, label = "", (_("Verduidelijkingen over %(theme)s") % {"theme": question_theme.name})[:500]
    at = at or timezone.now()
    email = email.strip().lower()
    subscriber, _created = Subscriber.objects.get_or_create(email=email)
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)  # one change per address at a time
    known = user is not None and user.is_authenticated and user.email.lower() == email
    subscription = subscriber.subscriptions.filter(
        query=query, document=document, template=template, question_theme=question_theme
    ).first()
    if subscription is not None and subscription.is_confirmed and not known:
        # Only its owner changes a confirmed subscription. The form answers as for a new one; the owner
        # is told by e-mail, with a fresh link to change it, and nothing else happens.
        mail_after_commit(
            template="alerts/email/already_following.txt",
            subject=_("U volgt dit al op Vlaanderen helpt"),
            recipients=[email],
            context={"subscription": subscription, "path": reverse("alerts:manage", args=[subscriber.manage_token])},
        )
        subscription.confirmation_token = None
        return subscription
    if subscription is None:
        subscription = Subscription(
            subscriber=subscriber,
            query=query,
            document=document,
            template=template,
            question_theme=question_theme,
            label=label,
            created_at=at,
            sent_until=at,
        )
    subscription.frequency = frequency
    token = None
    if not subscription.is_confirmed and known:
        subscription.confirmed_at, subscription.token_hash = at, ""
    elif not subscription.is_confirmed:
        token = secrets.token_urlsafe(32)
        subscription.token_hash = token_hash(token)
    subscription.save()
    if token:
        mail_after_commit(
            template="alerts/email/confirm.txt",
            subject=_("Bevestig uw e-mailmelding van Vlaanderen helpt"),
            recipients=[email],
            context={
                "described": described_without_words(subscription),
                "path": reverse("alerts:confirm", args=[token]),
            },
        )
    subscription.confirmation_token = token  # the demo and the tests confirm with it; only its hash is kept
    return subscription


def find_unconfirmed(token):
    """The subscription a confirmation link names, or None."""
    if not token:
        return None
    return Subscription.objects.select_related("subscriber").filter(token_hash=token_hash(token)).first()


@transaction.atomic
def confirm(*, token, at=None):
    """Confirm the address of the subscription a link names, and return it; an unknown link is refused."""
    subscription = find_unconfirmed(token)
    if subscription is None:
        raise AlertError(_("Deze link is niet (meer) geldig."))
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    subscription.confirmed_at, subscription.token_hash = at or timezone.now(), ""
    subscription.save(update_fields=["confirmed_at", "token_hash"])
    return subscription


def find_subscriber(token):
    """The subscriber of a manage link that is still valid (not older than MANAGE_LINK_DAYS, and its key
    not renewed since), or None."""
    try:
        value = signing.TimestampSigner(salt=MANAGE_SALT).unsign(token, max_age=timedelta(days=MANAGE_LINK_DAYS))
    except signing.BadSignature:  # also an expired one
        return None
    pk, _dot, key = value.partition(".")
    pk = whole_number(pk, default=None, minimum=1)
    return Subscriber.objects.filter(pk=pk, link_key=key).first() if pk and key else None


def send_manage_link(*, email):
    """Mail a fresh link to every subscription of `email`, if it has a confirmed one. The form that asks
    for it answers the same either way, so it tells nobody what an address follows."""
    subscriber = (
        Subscriber.objects.filter(email=email.strip().lower(), subscriptions__confirmed_at__isnull=False)
        .distinct()
        .first()
    )
    if subscriber is None:
        return False
    mail_after_commit(
        template="alerts/email/manage_link.txt",
        subject=_("Uw e-mailmeldingen van Vlaanderen helpt"),
        recipients=[subscriber.email],
        context={"path": reverse("alerts:manage", args=[subscriber.manage_token]), "days": MANAGE_LINK_DAYS},
    )
    return True


@transaction.atomic
def renew_manage_links(*, subscriber):
    """End every manage link sent so far (a forwarded e-mail, a shared screen); returns the subscriber,
    whose `manage_token` is then the only valid one."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    subscriber.link_key = new_link_key()
    subscriber.save(update_fields=["link_key"])
    return subscriber


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
    """How often a subscription is sent: at once, daily or weekly."""
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


@transaction.atomic
def retry_set_aside(*, subscription, editor):
    """An editor who fixed the cause puts a set-aside subscription back in the runs."""
    if not editor.has_perm(MODERATE_PRACTICE):
        raise AlertError(_("Alleen de redactie kan dit."))
    Subscription.objects.filter(pk=subscription.pk).update(set_aside_at=None, failures=0, last_error="")
