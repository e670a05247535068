"""E-mail alerts: a saved search of the catalogue, a guidance document, a template or the clarifications of
a question theme, followed by an address.

Only what sending needs is kept: the address, what it follows, how often, and up to when everything was
handled. The unsubscribe link of a subscription is signed, not stored, and the same in every e-mail; a
manage link is signed with its time and expires (MANAGE_LINK_DAYS); a confirmation link is kept as a hash.
"""

import secrets
from datetime import timedelta

from django.core import signing
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MANAGE_SALT = "alerts.manage"
UNSUBSCRIBE_SALT = "alerts.unsubscribe"
MANAGE_LINK_DAYS = 30  # a link to one's subscriptions works this long; a new one is sent on request
FAILED_RUNS = 3  # a subscription that fails this many runs in a row is set aside for the editors


def new_link_key():
    return secrets.token_hex(8)


class Frequency(models.TextChoices):
    IMMEDIATELY = "direct", _("Meteen bij elk nieuw voorbeeld")
    DAILY = "dagelijks", _("Eén keer per dag")
    WEEKLY = "wekelijks", _("Eén keer per week")


# How long after a check the next one is due; a little early, so a scheduler that runs a minute late
# does not push a daily e-mail to the next day.
PERIODS = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}
SLACK = timedelta(minutes=15)


class Subscriber(models.Model):
    email = models.EmailField(_("e-mailadres"), max_length=254, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Part of every manage link: a new key ends every manage link sent before.
    link_key = models.CharField(max_length=32, default=new_link_key)

    class Meta:
        verbose_name = _("abonnee")
        verbose_name_plural = _("abonnees")

    def __str__(self):
        return self.email

    @property
    def manage_token(self):
        """A fresh manage link's token: signed with the time, valid MANAGE_LINK_DAYS days."""
        return signing.TimestampSigner(salt=MANAGE_SALT).sign(f"{self.pk}.{self.link_key}")


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def due(self, now):
        """Confirmed, and due to be checked: at every run when immediate, else a day or a week after the
        last check."""
        due = Q(frequency=Frequency.IMMEDIATELY) | Q(checked_at__isnull=True)
        for frequency, period in PERIODS.items():
            due |= Q(frequency=frequency, checked_at__lte=now - period + SLACK)
        return self.confirmed().filter(set_aside_at__isnull=True).filter(due)

    def set_aside(self):
        return self.filter(set_aside_at__isnull=False)


class Subscription(models.Model):
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="subscriptions")
    # The list's filters as URL parameters (normalised), or empty when it follows a document or a template.
    query = models.TextField(blank=True)
    document = models.ForeignKey(
        "guidance.GuidanceDocument", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # A practice's file (a template): its new versions, in whichever practice version they come.
    template = models.ForeignKey(
        "practices.Attachment", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The clarifications of one theme of questions to ABB: new ones and new versions of them.
    question_theme = models.ForeignKey(
        "questions.QuestionTheme", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    label = models.CharField(_("omschrijving"), max_length=500)
    frequency = models.CharField(_("hoe vaak"), max_length=20, choices=Frequency.choices, default=Frequency.DAILY)
    token_hash = models.CharField(max_length=64, blank=True)  # of the confirmation link; empty once confirmed
    created_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    sent_until = models.DateTimeField()  # every practice or version published up to here has been handled
    checked_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveSmallIntegerField(default=0)  # runs in a row that could not send it
    last_error = models.CharField(max_length=300, blank=True)
    set_aside_at = models.DateTimeField(null=True, blank=True)  # after FAILED_RUNS failures: not tried again

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-mailmelding")
        verbose_name_plural = _("e-mailmeldingen")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["confirmed_at", "frequency", "checked_at"], name="alerts_due"),
            # The few set aside, read on every editors' queue page: not a walk of every subscription.
            models.Index(fields=["set_aside_at"], name="alerts_set_aside", condition=Q(set_aside_at__isnull=False)),
        ]

    def __str__(self):
        return f"{self.subscriber}: {self.label}"

    @property
    def unsubscribe_token(self):
        return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(self.pk))

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None
