"""Guidance documents, their versions and sections, suggestions from the field and every decision on them."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vlaanderenhelpt.models import ImmutableRecordError
from vlaanderenhelpt.workflow import NO_STATE, Transition, Workflow, decision_fields
from vlaanderenhelpt.workflow import Decision as DecisionBase


class GuidanceState(models.TextChoices):
    """Where a version of a document stands (draft, planned, published), and a withdrawn document."""

    DRAFT = "concept", _("concept")
    SCHEDULED = "ingepland", _("ingepland")
    PUBLISHED = "gepubliceerd", _("gepubliceerd")
    WITHDRAWN = "ingetrokken", _("ingetrokken")


class PublishedVersionError(ImmutableRecordError):
    """A published version of a guidance document never changes again."""


class DocumentQuerySet(models.QuerySet):
    def overview(self):
        """Every document with its current version's number and date, its draft's number and its open
        suggestions, in one query; withdrawn documents last."""
        versions = GuidanceVersion.objects.filter(document=OuterRef("pk"))
        current = versions.published().order_by("-number")
        overdue = Case(When(review_before__lt=timezone.localdate(), then=Value(True)), default=Value(False))
        return self.annotate(
            current_number=Subquery(current.values("number")[:1]),
            current_published_at=Subquery(current.values("published_at")[:1]),
            draft_number=Subquery(versions.drafts().values("number")[:1]),
            draft_scheduled_for=Subquery(versions.drafts().values("scheduled_for")[:1]),
            open_suggestions=Count("suggestions", filter=Q(suggestions__status__in=Suggestion.OPEN_STATUSES)),
            overdue=overdue,
        ).order_by(  # overdue for review first, the longest overdue on top
            F("withdrawn_at").asc(nulls_first=True),
            F("overdue").desc(),
            F("review_before").asc(nulls_last=True),
            "title",
        )


class GuidanceDocument(models.Model):
    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(_("samenvatting"), max_length=500, blank=True)
    themes = models.ManyToManyField("practices.Theme", verbose_name=_("thema's"), blank=True, related_name="+")
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reden van intrekking"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    review_before = models.DateField(_("herzien vóór"), null=True, blank=True)
    # The review date a reminder was sent for: one reminder per date, however often the command runs.
    review_reminded_for = models.DateField(null=True, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("handreiking")
        verbose_name_plural = _("handreikingen")
        ordering = ["title"]
        permissions = [("edit_guidance", _("Mag handreikingen herwerken en publiceren"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("guidance:document", args=[self.slug])

    @property
    def state(self):
        if self.withdrawn_at:
            return GuidanceState.WITHDRAWN
        published = self.versions.filter(published_at__isnull=False).exists()
        return GuidanceState.PUBLISHED if published else GuidanceState.DRAFT


class PublishedGuard(models.QuerySet):
    """Bulk update and delete refuse rows that belong to a published version, like save and delete do."""

    published_lookup = "version__published_at__isnull"

    def _refuse_published(self):
        if self.filter(**{self.published_lookup: False}).exists():
            raise PublishedVersionError(f"{self.model.__name__} of a published guidance version never changes.")

    def update(self, **kwargs):
        self._refuse_published()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_published()
        return super().delete()


class VersionQuerySet(PublishedGuard):
    published_lookup = "published_at__isnull"

    def published(self):
        return self.filter(published_at__isnull=False)

    def drafts(self):
        return self.filter(published_at__isnull=True)

    def current(self):
        """The newest published version, or None."""
        return self.published().order_by("-number").first()


class GuidanceVersion(models.Model):
    document = models.ForeignKey(GuidanceDocument, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("versienummer"))
    change_note = models.TextField(_("wijzigingsnota"), blank=True)
    is_major = models.BooleanField(_("grote wijziging"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Row version of a draft: a save based on an older revision is refused (no lost update).
    revision = models.PositiveIntegerField(_("revisie"), default=0)
    # A draft planned to be published by the periodic command, as this editor, with these suggestions.
    scheduled_for = models.DateTimeField(_("gepland op"), null=True, blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    scheduled_suggestions = models.JSONField(default=list, blank=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("versie van een handreiking")
        verbose_name_plural = _("versies van handreikingen")
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="unique_guidance_version")]

    def __str__(self):
        return f"{self.document} v{self.number}"

    def save(self, *args, **kwargs):
        # The guard for every road (service, form, admin): a stored published version is final.
        if self._stored_as_published():
            raise PublishedVersionError("A published guidance version never changes.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("guidance:version", args=[self.document.slug, self.number])

    def delete(self, *args, **kwargs):
        if self._stored_as_published():
            raise PublishedVersionError("A published guidance version is never deleted.")
        super().delete(*args, **kwargs)

    @property
    def is_published(self):
        return self.published_at is not None

    @property
    def state(self):
        if self.published_at is not None:
            return GuidanceState.PUBLISHED
        return GuidanceState.SCHEDULED if self.scheduled_for else GuidanceState.DRAFT

    def _stored_as_published(self):
        return self.pk and type(self).objects.filter(pk=self.pk, published_at__isnull=False).exists()


def _guard_published(version_id, what):
    if GuidanceVersion.objects.filter(pk=version_id, published_at__isnull=False).exists():
        raise PublishedVersionError(f"{what} of a published guidance version never changes.")


class DraftSave(models.Model):
    """Every save of a draft, kept: nothing an editor wrote is lost, and a refused save can show what
    the other editor changed since the copy it was based on."""

    version = models.ForeignKey(GuidanceVersion, on_delete=models.CASCADE, related_name="saves")
    revision = models.PositiveIntegerField()
    sections = models.JSONField(default=list)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["version", "revision"]
        constraints = [models.UniqueConstraint(fields=["version", "revision"], name="unique_draft_save")]

    def __str__(self):
        return f"{self.version} r{self.revision}"


class SectionQuerySet(PublishedGuard):
    def current(self):
        """The sections of every document's current version (its newest published one), withdrawn
        documents left out: what a reader finds when they open the guidance today."""
        newest = GuidanceVersion.objects.published().filter(document=OuterRef("version__document"))
        return self.filter(
            version=Subquery(newest.order_by("-number").values("pk")[:1]),
            version__document__withdrawn_at__isnull=True,
        )


class Section(models.Model):
    version = models.ForeignKey(GuidanceVersion, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("volgorde"))
    title = models.CharField(_("titel"), max_length=200)
    anchor = models.SlugField(_("anker"), max_length=80, help_text=_("Blijft gelijk over de versies heen."))
    body = models.TextField(_("tekst"), blank=True)
    practices = models.ManyToManyField(
        "practices.Practice", verbose_name=_("praktijkvoorbeelden"), blank=True, related_name="+"
    )

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("onderdeel")
        verbose_name_plural = _("onderdelen")
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "anchor"], name="unique_section_anchor")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        _guard_published(self.version_id, "A section")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _guard_published(self.version_id, "A section")
        super().delete(*args, **kwargs)


def attachment_path(instance, filename):
    # Stored under a generated name: the uploaded name never reaches the file system.
    return f"handreikingen/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class AttachmentQuerySet(PublishedGuard):
    pass


class GuidanceAttachment(models.Model):
    """A template or model that belongs to one version; a new draft gets rows pointing at the same files."""

    version = models.ForeignKey(GuidanceVersion, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("titel"), max_length=200)
    file = models.FileField(_("bestand"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("oorspronkelijke bestandsnaam"), max_length=255)
    content_type = models.CharField(_("bestandstype"), max_length=100)
    size = models.PositiveBigIntegerField(_("grootte in bytes"))
    # Of the stored content, written at upload: what a restore of the files is checked against.
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("bijlage bij een handreiking")
        verbose_name_plural = _("bijlagen bij handreikingen")
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        _guard_published(self.version_id, "An attachment")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("guidance:attachment", args=[self.version.document.slug, self.version.number, self.pk])

    def delete(self, *args, **kwargs):
        _guard_published(self.version_id, "An attachment")
        super().delete(*args, **kwargs)

    @property
    def extension(self):
        return PurePath(self.original_name).suffix.lstrip(".").upper()


class SuggestionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.exclude(status=Suggestion.Status.UNCONFIRMED)

    def open(self):
        return self.filter(status__in=Suggestion.OPEN_STATUSES)


class Suggestion(models.Model):
    """Input from the field on a document or one of its sections."""

    class Status(models.TextChoices):
        UNCONFIRMED = "onbevestigd", _("e-mailadres nog niet bevestigd")
        NEW = "nieuw", _("nieuw")
        IN_PROGRESS = "in_behandeling", _("in behandeling")
        TAKEN_IN = "verwerkt", _("verwerkt")
        DECLINED = "niet_weerhouden", _("niet weerhouden")

    OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS)

    class OrganisationType(models.TextChoices):
        LOCAL_GOVERNMENT = "lokaal_bestuur", _("lokaal bestuur")
        CIVIL_SOCIETY = "middenveld", _("middenveldorganisatie")
        CITIZEN = "burger", _("burger")
        OTHER = "andere", _("andere")

    document = models.ForeignKey(GuidanceDocument, on_delete=models.PROTECT, related_name="suggestions")
    anchor = models.SlugField(_("onderdeel"), max_length=80, blank=True, help_text=_("Leeg: de hele handreiking."))
    section_title = models.CharField(_("titel van het onderdeel"), max_length=200, blank=True)
    read_version = models.ForeignKey(GuidanceVersion, on_delete=models.PROTECT, null=True, related_name="+")
    text = models.TextField(_("suggestie"))
    organisation_type = models.CharField(_("soort organisatie"), max_length=20, choices=OrganisationType.choices)
    organisation = models.CharField(_("organisatie"), max_length=200, blank=True)
    name = models.CharField(_("naam"), max_length=150)
    email = models.EmailField(_("e-mailadres"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UNCONFIRMED)
    token_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("ontvangen op"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    taken_in = models.ForeignKey(
        GuidanceVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="suggestions_taken_in"
    )
    decline_reason = models.TextField(_("reden"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("suggestie")
        verbose_name_plural = _("suggesties")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.document}: {self.text[:60]}"


# A guidance decision moves a version, a document or a suggestion: its states are theirs.
DECISION_STATES = [*GuidanceState.choices, *Suggestion.Status.choices]


class GuidanceAction(models.TextChoices):
    PUBLISH = "publish", _("versie gepubliceerd")
    WITHDRAW = "withdraw", _("handreiking ingetrokken")
    SEND = "send", _("suggestie ontvangen")
    CONFIRM = "suggestion_confirm", _("suggestie bevestigd door de indiener")
    TAKE = "suggestion_take", _("suggestie in behandeling")
    DECLINE = "suggestion_decline", _("suggestie niet weerhouden")
    TAKE_IN = "suggestion_take_in", _("suggestie verwerkt")
    SCHEDULE = "schedule", _("publicatie ingepland")
    UNSCHEDULE = "unschedule", _("geplande publicatie geannuleerd")
    REVIEW_DATE = "review_date", _("herzieningsdatum gezet")


# Which action takes which state to which: of a version, of a document, of a suggestion. Setting a review
# date changes no state and is recorded without one.
VERSION_WORKFLOW = Workflow(
    Transition(GuidanceAction.SCHEDULE, (GuidanceState.DRAFT, GuidanceState.SCHEDULED), GuidanceState.SCHEDULED),
    Transition(GuidanceAction.UNSCHEDULE, (GuidanceState.SCHEDULED,), GuidanceState.DRAFT),
    Transition(GuidanceAction.PUBLISH, (GuidanceState.DRAFT, GuidanceState.SCHEDULED), GuidanceState.PUBLISHED),
)
DOCUMENT_WORKFLOW = Workflow(
    Transition(GuidanceAction.WITHDRAW, (GuidanceState.DRAFT, GuidanceState.PUBLISHED), GuidanceState.WITHDRAWN),
)
SUGGESTION_WORKFLOW = Workflow(
    Transition(GuidanceAction.SEND, (NO_STATE,), Suggestion.Status.NEW),
    Transition(GuidanceAction.CONFIRM, (Suggestion.Status.UNCONFIRMED,), Suggestion.Status.NEW),
    Transition(GuidanceAction.TAKE, (Suggestion.Status.NEW,), Suggestion.Status.IN_PROGRESS),
    Transition(GuidanceAction.DECLINE, Suggestion.OPEN_STATUSES, Suggestion.Status.DECLINED),
    Transition(GuidanceAction.TAKE_IN, Suggestion.OPEN_STATUSES, Suggestion.Status.TAKEN_IN),
)


class GuidanceDecision(DecisionBase):
    """Every decision on guidance: planning and publishing versions, withdrawing, triage of suggestions."""

    document = models.ForeignKey(GuidanceDocument, on_delete=models.PROTECT, related_name="decisions")
    version = models.ForeignKey(GuidanceVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    suggestion = models.ForeignKey(Suggestion, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    action, from_state, to_state = decision_fields(GuidanceAction.choices, DECISION_STATES, stateless=True)

    class Meta(DecisionBase.Meta):
        verbose_name = _("beslissing over een handreiking")
        verbose_name_plural = _("beslissingen over handreikingen")

    def __str__(self):
        return self.label

    @property
    def label(self):
        text = self.get_action_display()
        return f"{text} (v{self.version.number})" if self.version_id else str(text)


@receiver(m2m_changed, sender=Section.practices.through)
def _refuse_citation_changes_in_published_versions(sender, instance, action, **kwargs):
    """The practices a published section cites are part of its record: adding, removing or clearing
    them is refused like any other change (a guard, not a side effect)."""
    if action in ("pre_add", "pre_remove", "pre_clear") and isinstance(instance, Section):
        _guard_published(instance.version_id, "A section's citations")
