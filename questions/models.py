"""Questions of local governments to ABB: the question, its private thread, the desk's reusable texts and
every decision on it. A question is seen by the members of the asking government and by the desk only."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import LocalGovernment
from guidance.models import GuidanceDocument, GuidanceVersion
from practices.models import MeasurePeriod, Taxonomy
from vlaanderenhelpt.models import ImmutableRecordError
from vlaanderenhelpt.workflow import Decision as DecisionBase
from vlaanderenhelpt.workflow import decision_fields

from .querysets import ClarificationQuerySet, MessageQuerySet, QuestionQuerySet
from .states import (
    CLARIFICATION_WORKFLOW,
    DESK_ONLY,
    DESK_TURN,
    OPEN,
    WORKFLOW,
    Action,
    ClarificationAction,
    MessageKind,
    Status,
    VersionStatus,
)

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
    # The thread was deleted after the retention period; what is left (reference, theme, government,
    # dates, states) feeds the figures and names nobody.
    forgotten_at = models.DateTimeField(_("gewist op"), null=True, blank=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        ordering = ["-created_at", "-pk"]
        permissions = [("answer_question", _("Mag vragen van lokale besturen behandelen (vragendesk)"))]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["local_government", "created_at"]),
            models.Index(
                fields=["closed_at"], condition=models.Q(forgotten_at__isnull=True), name="question_to_forget"
            ),
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
    # The advice of an expert outside ABB, given through the single-use link of this request.
    expert_request = models.ForeignKey(
        "ExpertRequest", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("bericht bij een vraag")
        verbose_name_plural = _("berichten bij vragen")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.question.reference}: {self.get_kind_display()}"

    @property
    def is_internal(self):
        return self.kind in DESK_ONLY

    @property
    def from_desk(self):
        return self.kind in (self.Kind.ASK_MORE, self.Kind.ANSWER, self.Kind.NOTE)


class ExpertRequest(models.Model):
    """The desk asks an expert of another administration for advice on a question, by e-mail with a
    single-use link (only its hash is kept); the advice lands in the thread, for the desk only."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="expert_requests")
    name = models.CharField(_("naam"), max_length=150)
    organisation = models.CharField(_("administratie"), max_length=200)
    email = models.EmailField(_("e-mailadres"))
    note = models.TextField(_("vraag aan de expert"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("vraag aan een expert")
        verbose_name_plural = _("vragen aan experts")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.question.reference}: {self.name}"

    def is_open(self, now=None):
        return self.answered_at is None and (now or timezone.now()) < self.expires_at


def attachment_path(instance, filename):
    # Stored under a generated name: the uploaded name never reaches the file system.
    return f"vragen/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class QuestionAttachment(models.Model):
    """A file sent with a question or with what the asker added to it: read by the asking government and
    the desk only, through views that check who asks; deleted with the thread after the retention period."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(Message, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    title = models.CharField(_("titel"), max_length=200)
    file = models.FileField(_("bestand"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("oorspronkelijke bestandsnaam"), max_length=255)
    content_type = models.CharField(_("bestandstype"), max_length=100)
    size = models.PositiveBigIntegerField(_("grootte in bytes"))
    # Of the stored content, written at upload: what a restore of the files is checked against.
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bijlage bij een vraag")
        verbose_name_plural = _("bijlagen bij vragen")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("questions:attachment", args=[self.question.reference, self.pk])

    def get_desk_url(self):
        return reverse("desk:attachment", args=[self.question.reference, self.pk])


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


# --- Clarifications: what the desk's answers teach every government, published ---------------------


class PublishedClarificationError(ImmutableRecordError):
    """A published version of a clarification never changes: a correction is a new version."""


class Clarification(models.Model):
    """A published, versioned, anonymised answer, titled as a statement. Readers see its current
    version; every version stays readable. It knows the questions it came from (whose governments hear
    of it) and whether it needs review because what it rests on changed."""

    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    theme = models.ForeignKey(QuestionTheme, verbose_name=_("thema"), on_delete=models.PROTECT, related_name="+")
    questions = models.ManyToManyField(Question, verbose_name=_("vragen"), blank=True, related_name="clarifications")
    current = models.ForeignKey(
        "ClarificationVersion",
        verbose_name=_("huidige versie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    first_published_at = models.DateTimeField(_("eerst gepubliceerd op"), null=True, blank=True)
    last_published_at = models.DateTimeField(_("laatst gepubliceerd op"), null=True, blank=True)
    # How many governments asked what it answers (its questions and their duplicates), at publication.
    asked_count = models.PositiveIntegerField(_("gesteld door (besturen)"), default=0)
    # Since when it needs review, and why (a rule expired, a period closed, the guidance changed);
    # confirming it or publishing a correction lifts the mark.
    review_since = models.DateField(_("te herzien sinds"), null=True, blank=True)
    review_reasons = models.JSONField(_("waarom te herzien"), default=list, blank=True)
    reviewed_at = models.DateTimeField(_("laatst nagekeken op"), null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ClarificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("verduidelijking")
        verbose_name_plural = _("verduidelijkingen")
        ordering = ["-last_published_at", "-pk"]
        permissions = [("edit_clarification", _("Mag verduidelijkingen opstellen, goedkeuren en publiceren"))]
        indexes = [
            GinIndex(fields=["search_vector"], name="clarification_search"),
            models.Index(fields=["-last_published_at", "-id"], name="clarification_newest"),
            # The themes' counts of /vragen/ read this index alone, not the wide rows.
            models.Index(fields=["theme"], condition=models.Q(current__isnull=False), name="clarification_theme"),
        ]

    def __str__(self):
        return self.current.title if self.current_id else self.slug

    def get_absolute_url(self):
        return reverse("questions:clarification", args=[self.slug])

    def get_editor_url(self):
        return reverse("clarification_editors:clarification", args=[self.pk])


class ClarificationVersion(models.Model):
    Status = VersionStatus

    clarification = models.ForeignKey(Clarification, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("versienummer"))
    title = models.CharField(
        _("titel"),
        max_length=200,
        help_text=_("Een uitspraak, bijvoorbeeld: “De gemeenteraad mag digitaal vergaderen tot 30 juni.”"),
    )
    body = models.TextField(_("tekst"))
    change_note = models.TextField(_("wijzigingsnota"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    periods = models.ManyToManyField(
        MeasurePeriod, verbose_name=_("periodes van maatregelen"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("versie van een verduidelijking")
        verbose_name_plural = _("versies van verduidelijkingen")
        ordering = ["clarification", "number"]
        constraints = [models.UniqueConstraint(fields=["clarification", "number"], name="unique_clarification_version")]

    def __str__(self):
        return f"{self.title} (v{self.number})"

    def save(self, *args, **kwargs):
        if self.pk and type(self).objects.filter(pk=self.pk, published_at__isnull=False).exists():
            raise PublishedClarificationError("A published clarification version never changes.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("questions:clarification_version", args=[self.clarification.slug, self.number])

    def delete(self, *args, **kwargs):
        raise PublishedClarificationError("A clarification version is never deleted.")

    def can(self, action):
        return CLARIFICATION_WORKFLOW.allows(action, self.status)

    @property
    def is_published(self):
        return self.published_at is not None


class VersionPart(models.Model):
    """What belongs to one version (a rule, a clarified section): fixed once the version is published."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._guard()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._guard()
        super().delete(*args, **kwargs)

    def _guard(self):
        if ClarificationVersion.objects.filter(pk=self.version_id, published_at__isnull=False).exists():
            raise PublishedClarificationError(f"{type(self).__name__} of a published clarification never changes.")


class ClarifiedSection(VersionPart):
    """A guidance section a version clarifies, by its stable anchor; `guidance_version` is the version of
    the guidance the editor read, so a later change of the section is noticed."""

    version = models.ForeignKey(ClarificationVersion, on_delete=models.CASCADE, related_name="sections")
    document = models.ForeignKey(GuidanceDocument, on_delete=models.PROTECT, related_name="+")
    guidance_version = models.ForeignKey(GuidanceVersion, on_delete=models.PROTECT, related_name="+")
    anchor = models.SlugField(_("onderdeel"), max_length=80)
    title = models.CharField(_("titel van het onderdeel"), max_length=200)

    class Meta:
        verbose_name = _("verduidelijkt onderdeel")
        verbose_name_plural = _("verduidelijkte onderdelen")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "document", "anchor"], name="unique_clarified_section")
        ]
        indexes = [models.Index(fields=["document", "anchor"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.document.get_absolute_url()}#{self.anchor}"


class Rule(VersionPart):
    """A rule a version rests on: a decree, a circular, a decision, with the article and its validity."""

    version = models.ForeignKey(ClarificationVersion, on_delete=models.CASCADE, related_name="rules")
    name = models.CharField(_("regelgeving"), max_length=200)
    article = models.CharField(_("artikel"), max_length=100, blank=True)
    url = models.URLField(_("webadres"), max_length=500, blank=True)
    valid_from = models.DateField(_("geldig vanaf"), null=True, blank=True)
    valid_until = models.DateField(_("geldig tot"), null=True, blank=True)

    class Meta:
        verbose_name = _("regel")
        verbose_name_plural = _("regels")
        ordering = ["pk"]
        indexes = [models.Index(fields=["valid_until"])]

    def __str__(self):
        return f"{self.name}, {self.article}" if self.article else self.name


class Feedback(models.Model):
    """ "Heeft dit geholpen?": a reader's yes or no, with an optional comment. For the editors only."""

    clarification = models.ForeignKey(Clarification, on_delete=models.CASCADE, related_name="feedback")
    version = models.ForeignKey(ClarificationVersion, on_delete=models.CASCADE, related_name="+")
    helpful = models.BooleanField(_("geholpen"))
    comment = models.TextField(_("opmerking"), max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reactie op een verduidelijking")
        verbose_name_plural = _("reacties op verduidelijkingen")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.clarification_id}: {'ja' if self.helpful else 'nee'}"


class ReviewWatch(models.Model):
    """Up to when the review job has looked at what changed (rules, periods, guidance): its next run
    walks only what changed after this moment."""

    checked_until = models.DateTimeField()

    def __str__(self):
        return self.checked_until.isoformat()


class ClarificationDecision(DecisionBase):
    """Every decision on a clarification: written, offered, sent back, approved, marked for review, confirmed."""

    clarification = models.ForeignKey(Clarification, on_delete=models.PROTECT, related_name="decisions")
    version = models.ForeignKey(ClarificationVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    action, from_state, to_state = decision_fields(
        ClarificationAction.choices, VersionStatus.choices, max_length=20, stateless=True
    )

    class Meta(DecisionBase.Meta):
        verbose_name = _("beslissing over een verduidelijking")
        verbose_name_plural = _("beslissingen over verduidelijkingen")
