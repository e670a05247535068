"""Questions of local governments to ABB: the question, its private thread, the desk's reusable texts and
every decision on it. A question is seen by the members of the asking government and by the desk only."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import LocalGovernment
from practices.models import Taxonomy
from vlaanderenhelpt.workflow import Decision as DecisionBase
from vlaanderenhelpt.workflow import decision_fields

from .querysets import MessageQuerySet, QuestionQuerySet
from .states import DESK_TURN, OPEN, WORKFLOW, Action, MessageKind, Status

DESK_GROUP = "Vragendesk"  # ABB staff who answer questions: the group holds the desk's permission


class QuestionTheme(Taxonomy):
    """What a question is about: a reference list the editors keep, apart from the practices' themes."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("thema van een vraag")
        verbose_name_plural = _("thema's van vragen")


class Question(models.Model):
    Status = Status

    reference = models.CharField(_("referentie"), max_length=12, unique=True)
    local_government = models.ForeignKey(
        LocalGovernment, verbose_name=_("lokaal bestuur"), on_delete=models.PROTECT, related_name="+"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gesteld door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    theme = models.ForeignKey(QuestionTheme, verbose_name=_("thema"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("titel"), max_length=200)
    text = models.TextField(_("vraag"))
    needed_by = models.DateField(_("antwoord nodig tegen"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("behandelaar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField(_("te beantwoorden tegen"))
    # The due date a reminder went out for: one reminder per due date, however often the job runs.
    reminded_for = models.DateField(null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("dezelfde vraag als"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    created_at = models.DateTimeField(_("gesteld op"), default=timezone.now)
    first_answered_at = models.DateTimeField(_("eerste antwoord op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        ordering = ["-created_at", "-pk"]
        permissions = [("answer_question", _("Mag vragen van lokale besturen behandelen (vragendesk)"))]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["local_government", "created_at"]),
        ]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self):
        return reverse("questions:thread", args=[self.reference])

    def get_desk_url(self):
        return reverse("desk:question", args=[self.reference])

    def can(self, action):
        return WORKFLOW.allows(action, self.status)

    @property
    def is_open(self):
        return self.status in OPEN

    def is_overdue(self, today=None):
        return self.status in DESK_TURN and self.due_on < (today or timezone.localdate())


class Message(models.Model):
    """One entry of a question's thread. An internal note is the desk's alone: every read of the thread
    that an asker reaches goes through `MessageQuerySet.for_asker`."""

    Kind = MessageKind

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("tekst"))
    created_at = models.DateTimeField(_("op"), default=timezone.now)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("bericht bij een vraag")
        verbose_name_plural = _("berichten bij vragen")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.question.reference}: {self.get_kind_display()}"

    @property
    def is_internal(self):
        return self.kind == self.Kind.NOTE

    @property
    def from_desk(self):
        return self.kind in (self.Kind.ASK_MORE, self.Kind.ANSWER, self.Kind.NOTE)


class CannedAnswer(models.Model):
    """A text the desk reuses in answers (a standard explanation, a link to the rules)."""

    title = models.CharField(_("titel"), max_length=200, unique=True)
    text = models.TextField(_("tekst"))
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("standaardantwoord")
        verbose_name_plural = _("standaardantwoorden")
        ordering = ["title"]

    def __str__(self):
        return self.title


class ReferenceCounter(models.Model):
    """The last reference number given out in a year (V-2026-0123): one row per year, raised in one
    statement, so two questions sent at once never share a number."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


class QuestionDecision(DecisionBase):
    """Every decision on a question. Its reason never holds the question's content: that is personal
    data, deleted with the thread after the retention period, while the decisions stay."""

    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="decisions")
    action, from_state, to_state = decision_fields(Action.choices, Status.choices, max_length=20, stateless=True)

    class Meta(DecisionBase.Meta):
        verbose_name = _("beslissing over een vraag")
        verbose_name_plural = _("beslissingen over vragen")
