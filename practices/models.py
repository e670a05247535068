"""The practice record: practices and their versions, attachments, decisions, reports, adoptions, periods."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from accounts.models import LocalGovernment
from vlaanderenhelpt.models import AppendOnlyModel
from vlaanderenhelpt.workflow import NO_STATE, Transition, Workflow, decision_fields
from vlaanderenhelpt.workflow import Decision as DecisionBase

from .choices import Evidence, PracticeKind
from .querysets import AttachmentQuerySet, DecisionQuerySet, PracticeQuerySet
from .states import LIVE_STATUSES, WORKFLOW, Action, Status


class TaxonomyQuerySet(models.QuerySet):
    def offered(self, keep=()):
        """Values offered in filters and forms: the current ones, plus `keep` (pks a version already has)."""
        return self.filter(models.Q(retired=False) | models.Q(pk__in=list(keep)))


class Taxonomy(models.Model):
    """An editable reference list (themes, phases, target groups)."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.CharField(_("omschrijving"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    retired = models.BooleanField(
        _("niet meer aanbieden"),
        default=False,
        help_text=_("Blijft staan bij wat er al mee gepubliceerd werd, maar verdwijnt uit filters en formulieren."),
    )

    objects = TaxonomyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Theme(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")


class Phase(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("fase")
        verbose_name_plural = _("fases")


class TargetGroup(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("doelgroep")
        verbose_name_plural = _("doelgroepen")


def attachment_path(instance, filename):
    # Stored under a generated name: the uploaded name never reaches the file system.
    return f"bijlagen/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Attachment(models.Model):
    practice = models.ForeignKey(
        "Practice", verbose_name=_("praktijkvoorbeeld"), on_delete=models.PROTECT, related_name="uploaded_files"
    )
    title = models.CharField(_("titel"), max_length=200)
    file = models.FileField(_("bestand"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("oorspronkelijke bestandsnaam"), max_length=255)
    content_type = models.CharField(_("bestandstype"), max_length=100)
    size = models.PositiveBigIntegerField(_("grootte in bytes"))
    # Of the stored content, written at upload: what a restore of the files is checked against.
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opgeladen door"), on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("opgeladen op"), default=timezone.now)
    # A template replaced through an update keeps its series: every version of it, the first included,
    # shares one series and counts up; the old files stay downloadable from the version history.
    series = models.UUIDField(_("reeks"), default=uuid.uuid4, db_index=True, editable=False)
    series_number = models.PositiveSmallIntegerField(_("versie"), default=1)
    change_note = models.CharField(_("wat is er veranderd"), max_length=500, blank=True)
    first_published_at = models.DateTimeField(_("eerst gepubliceerd op"), null=True, blank=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("practices:attachment", args=[self.practice.slug, self.pk])

    @property
    def extension(self):
        return PurePath(self.original_name).suffix.lstrip(".").upper()


class MeasurePeriodQuerySet(models.QuerySet):
    def closed(self):
        return self.filter(closed_at__isnull=False)


class MeasurePeriod(models.Model):
    """A period of measures (a lockdown, a mask obligation): practices say under which they applied.
    Once the editors close it, those practices may no longer fit the rules of today."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "afgesloten", _("afgesloten")

    class Action(models.TextChoices):
        CREATE = "aanmaken", _("aangemaakt")
        CHANGE = "wijzigen", _("gewijzigd")
        CLOSE = "afsluiten", _("afgesloten")
        REOPEN = "heropenen", _("heropend")

    WORKFLOW = Workflow(
        Transition(Action.CREATE, (NO_STATE,), State.OPEN),
        Transition(Action.CHANGE, (State.OPEN,), State.OPEN),
        Transition(Action.CHANGE, (State.CLOSED,), State.CLOSED),
        Transition(Action.CLOSE, (State.OPEN,), State.CLOSED),
        Transition(Action.REOPEN, (State.CLOSED,), State.OPEN),
    )

    name = models.CharField(_("naam"), max_length=150, unique=True)
    description = models.CharField(_("omschrijving"), max_length=300, blank=True)
    starts_on = models.DateField(_("begin"))
    ends_on = models.DateField(_("einde"), null=True, blank=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    close_note = models.CharField(_("uitleg bij het afsluiten"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    objects = MeasurePeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("periode van maatregelen")
        verbose_name_plural = _("periodes van maatregelen")
        ordering = ["starts_on", "name"]

    def __str__(self):
        return self.name

    @property
    def state(self):
        return self.State.CLOSED if self.closed_at else self.State.OPEN


class PeriodDecision(DecisionBase):
    """Every change to a period of measures: created, changed, closed, reopened."""

    period = models.ForeignKey(MeasurePeriod, on_delete=models.PROTECT, related_name="decisions")
    action, from_state, to_state = decision_fields(
        MeasurePeriod.Action.choices, MeasurePeriod.State.choices, max_length=20
    )
    reason = models.CharField(_("toelichting"), max_length=300, blank=True)
    practices = models.PositiveIntegerField(_("betrokken praktijkvoorbeelden"), default=0)

    class Meta(DecisionBase.Meta):
        verbose_name = _("beslissing over een periode")
        verbose_name_plural = _("beslissingen over periodes")


class PracticeContent(models.Model):
    """The fields a submitter writes. Shared by every version and by the live, published row."""

    title = models.CharField(_("titel"), max_length=200)
    summary = models.CharField(_("samenvatting"), max_length=300, blank=True)
    description = models.TextField(_("Wat hebben we gedaan?"), blank=True)
    resources = models.TextField(_("Middelen: budget, mensen, partners"), blank=True)
    results = models.TextField(_("Resultaten en bewijs"), blank=True)
    difficulties = models.TextField(_("Moeilijkheden en lessen"), blank=True)
    transferability = models.TextField(_("Tips voor wie dit wil overnemen"), blank=True)
    kind = models.CharField(_("soort"), max_length=20, choices=PracticeKind.choices, default=PracticeKind.INITIATIVE)
    evidence = models.CharField(_("bewijs"), max_length=20, choices=Evidence.choices, default=Evidence.IDEA)
    started_on = models.DateField(_("gestart op"), null=True, blank=True)
    ended_on = models.DateField(_("afgelopen op"), null=True, blank=True, help_text=_("Leeg: lopend."))
    contact_name = models.CharField(_("naam contactpersoon"), max_length=150, blank=True)
    contact_function = models.CharField(_("functie contactpersoon"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mail contactpersoon"), blank=True)
    contact_phone = models.CharField(_("telefoon contactpersoon"), max_length=40, blank=True)
    contact_consent = models.BooleanField(
        _("contactpersoon stemt in met publicatie"),
        default=False,
        help_text=_("Zonder toestemming blijft het contact verborgen."),
    )
    links = models.JSONField(_("externe links"), default=list, blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("thema's"), related_name="%(class)ss", blank=True)
    phases = models.ManyToManyField(Phase, verbose_name=_("fases"), related_name="%(class)ss", blank=True)
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("doelgroepen"), related_name="%(class)ss", blank=True
    )
    partners = models.ManyToManyField(
        LocalGovernment, verbose_name=_("partnerbesturen"), related_name="partner_in_%(class)ss", blank=True
    )
    attachments = models.ManyToManyField(
        Attachment, verbose_name=_("bijlagen"), related_name="in_%(class)ss", blank=True
    )
    periods = models.ManyToManyField(
        MeasurePeriod, verbose_name=_("periodes van maatregelen"), related_name="%(class)ss", blank=True
    )

    SCALAR_FIELDS = (
        "title",
        "summary",
        "description",
        "resources",
        "results",
        "difficulties",
        "transferability",
        "kind",
        "evidence",
        "started_on",
        "ended_on",
        "contact_name",
        "contact_function",
        "contact_email",
        "contact_phone",
        "contact_consent",
        "links",
    )
    MARKDOWN_FIELDS = ("description", "resources", "results", "difficulties", "transferability")
    RELATED_FIELDS = ("themes", "phases", "target_groups", "partners", "attachments", "periods")

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    @property
    def is_ongoing(self):
        return self.ended_on is None


class Practice(PracticeContent):
    """A practice example. Its own content columns hold the approved, live version, so the public
    catalogue reads this table alone; every version ever written is a PracticeVersion."""

    Status = Status  # for the templates: practice.Status.PUBLISHED
    WORKFLOW = WORKFLOW

    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    local_government = models.ForeignKey(
        LocalGovernment, verbose_name=_("indienend bestuur"), on_delete=models.PROTECT, related_name="practices"
    )
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.DRAFT)
    published_version = models.ForeignKey(
        "PracticeVersion",
        verbose_name=_("gepubliceerde versie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    working_version = models.ForeignKey(
        "PracticeVersion",
        verbose_name=_("versie in bewerking"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    tags = TaggableManager(verbose_name=_("trefwoorden"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    first_published_at = models.DateTimeField(_("eerst gepubliceerd op"), null=True, blank=True)
    last_published_at = models.DateTimeField(_("laatst bijgewerkt"), null=True, blank=True)
    results_updated_at = models.DateTimeField(_("resultaten bijgewerkt op"), null=True, blank=True)
    # Tied to a period of measures that was closed after the last confirmation that it still fits today's
    # rules: shown with a warning and listed after the current ones (kept here so the list can sort on it).
    outdated = models.BooleanField(_("mogelijk verouderd"), default=False)
    confirmed_current_at = models.DateTimeField(_("laatst bevestigd als actueel"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("in behandeling bij"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("praktijkvoorbeeld")
        verbose_name_plural = _("praktijkvoorbeelden")
        ordering = ["-last_published_at", "-pk"]
        permissions = [("moderate_practice", _("Mag praktijkvoorbeelden beoordelen en publiceren"))]
        indexes = [
            # The public list reads the live rows in these two orders; partial indexes give them directly.
            models.Index(
                fields=["outdated", "-last_published_at", "-id"],
                condition=models.Q(status__in=LIVE_STATUSES, published_version__isnull=False),
                name="practice_live_recent",
            ),
            models.Index(
                fields=["title", "id"],
                condition=models.Q(status__in=LIVE_STATUSES, published_version__isnull=False),
                name="practice_live_title",
            ),
            # Facet counts read the government and kind of every live row: an index-only scan.
            models.Index(
                fields=["local_government", "id"],
                include=["kind"],
                condition=models.Q(status__in=LIVE_STATUSES, published_version__isnull=False),
                name="practice_live_facets",
            ),
            # The sitemap's pages of 10,000 live rows in id order: an index-only scan, however far in.
            models.Index(
                fields=["id"],
                include=["slug", "last_published_at"],
                condition=models.Q(status__in=LIVE_STATUSES, published_version__isnull=False),
                name="practice_live_sitemap",
            ),
            # The periodic command's questions ("first published before …", "since …"): a range scan.
            models.Index(
                fields=["first_published_at"],
                condition=models.Q(status__in=LIVE_STATUSES, published_version__isnull=False),
                name="practice_live_first_published",
            ),
            models.Index(fields=["status"], name="practice_status"),
        ]

    def get_absolute_url(self):
        return reverse("catalogue:detail", args=[self.slug])

    @property
    def is_live(self):
        return self.status in LIVE_STATUSES and self.published_version_id is not None


class SearchEntry(models.Model):
    """A practice's full-text search vector, in a narrow table of its own: finding every match of a
    common word reads these rows only, not the practices' wide ones."""

    practice = models.OneToOneField(Practice, on_delete=models.CASCADE, primary_key=True, related_name="search_entry")
    vector = SearchVectorField()

    class Meta:
        indexes = [GinIndex(fields=["vector"], name="search_entry_gin")]

    def __str__(self):
        return f"search entry {self.practice_id}"


class PracticeVersion(PracticeContent):
    """One version as written by its author. A submitted version is never changed again."""

    practice = models.ForeignKey(
        Practice, verbose_name=_("praktijkvoorbeeld"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("versienummer"))
    tag_names = models.JSONField(_("trefwoorden"), default=list, blank=True)
    note_to_editors = models.TextField(_("notitie voor de redactie"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geschreven door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    updated_at = models.DateTimeField(_("laatst bewaard"), default=timezone.now)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    # Its author confirmed that the practice still fits today's rules: publishing it lifts the warning.
    # Not copied into a next version: each update confirms anew.
    confirms_current = models.BooleanField(_("past nog bij de huidige regels"), default=False)
    # Editors who wrote into this version: none of them may approve it (second pair of eyes).
    editor_authors = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        verbose_name = _("versie")
        verbose_name_plural = _("versies")
        ordering = ["practice", "number"]
        constraints = [models.UniqueConstraint(fields=["practice", "number"], name="unique_practice_version")]

    def __str__(self):
        return f"{self.title} (v{self.number})"


class Decision(DecisionBase):
    """One row per state change of a practice: who, when, from which state to which, and why."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="decisions")
    version = models.ForeignKey(PracticeVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    action, from_state, to_state = decision_fields(Action.choices, Status.choices)

    objects = DecisionQuerySet.as_manager()

    class Meta(DecisionBase.Meta):
        verbose_name = _("beslissing")
        verbose_name_plural = _("beslissingen")

    def __str__(self):
        return f"{self.practice_id}: {self.get_action_display()}"


class ProblemReport(models.Model):
    """A reader's report that a published practice is outdated, wrong or has a broken attachment."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "afgehandeld", _("afgehandeld")

    class Action(models.TextChoices):
        CLOSE = "afhandelen", _("afgehandeld")

    WORKFLOW = Workflow(Transition(Action.CLOSE, (State.OPEN,), State.CLOSED))

    class Kind(models.TextChoices):
        OUTDATED = "verouderd", _("De informatie is verouderd")
        INCORRECT = "onjuist", _("Er staat iets onjuists in")
        BROKEN_ATTACHMENT = "bijlage", _("Een bijlage werkt niet")
        OTHER = "andere", _("Iets anders")

    practice = models.ForeignKey(
        Practice, verbose_name=_("praktijkvoorbeeld"), on_delete=models.PROTECT, related_name="reports"
    )
    kind = models.CharField(_("soort probleem"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("toelichting"), max_length=2000)
    email = models.EmailField(_("e-mail voor een antwoord"), blank=True)
    created_at = models.DateTimeField(_("gemeld op"), default=timezone.now)
    closed_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgehandeld door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    close_note = models.TextField(_("notitie bij de afhandeling"), blank=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.practice}: {self.get_kind_display()}"

    @property
    def state(self):
        return self.State.CLOSED if self.closed_at else self.State.OPEN


class ProblemReportDecision(DecisionBase):
    """Every decision on a reader's report of a problem."""

    report = models.ForeignKey(ProblemReport, on_delete=models.PROTECT, related_name="decisions")
    action, from_state, to_state = decision_fields(
        ProblemReport.Action.choices, ProblemReport.State.choices, max_length=20
    )

    class Meta(DecisionBase.Meta):
        verbose_name = _("beslissing over een melding")
        verbose_name_plural = _("beslissingen over meldingen")


class AdoptionQuerySet(models.QuerySet):
    def published(self):
        """Adoptions the editors accepted, of practices that are online."""
        return self.filter(state=Adoption.State.PUBLISHED, practice__in=Practice.objects.published())

    def awaiting_review(self):
        return self.filter(state=Adoption.State.SUBMITTED)


class AdoptionState(models.TextChoices):
    SUBMITTED = "ingediend", _("Ingediend, wacht op de redactie")
    PUBLISHED = "gepubliceerd", _("Gepubliceerd")
    DECLINED = "afgewezen", _("Afgewezen")


class Adoption(models.Model):
    """A local government that took a published practice of another over, as it was or adapted; shown
    once an editor accepted it."""

    class Way(models.TextChoices):
        AS_IS = "ongewijzigd", _("Ongewijzigd overgenomen")
        ADAPTED = "aangepast", _("Overgenomen en aangepast")

    State = AdoptionState

    class Action(models.TextChoices):
        SUBMIT = "indienen", _("ingediend")
        APPROVE = "goedkeuren", _("goedgekeurd")
        DECLINE = "afwijzen", _("afgewezen")

    WORKFLOW = Workflow(
        Transition(Action.SUBMIT, (NO_STATE,), State.SUBMITTED),
        Transition(Action.APPROVE, (State.SUBMITTED,), State.PUBLISHED),
        Transition(Action.DECLINE, (State.SUBMITTED,), State.DECLINED),
    )

    practice = models.ForeignKey(
        Practice, verbose_name=_("praktijkvoorbeeld"), on_delete=models.PROTECT, related_name="adoptions"
    )
    local_government = models.ForeignKey(
        LocalGovernment, verbose_name=_("overnemend bestuur"), on_delete=models.PROTECT, related_name="adoptions"
    )
    way = models.CharField(_("hoe"), max_length=20, choices=Way.choices)
    adopted_on = models.DateField(_("sinds"))
    note = models.TextField(_("wat anders is"), blank=True)
    own_practice = models.ForeignKey(
        Practice,
        verbose_name=_("eigen praktijkvoorbeeld"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="based_on",
    )
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = AdoptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("overname")
        verbose_name_plural = _("overnames")
        ordering = ["adopted_on", "pk"]
        constraints = [
            # A government says once that it took a practice over (again after a refusal).
            models.UniqueConstraint(
                fields=["practice", "local_government"],
                condition=~models.Q(state=AdoptionState.DECLINED),
                name="one_adoption_per_government",
            )
        ]

    def __str__(self):
        return f"{self.local_government} ← {self.practice}"


class AdoptionDecision(DecisionBase):
    """Every step of an adoption: submitted, accepted, declined."""

    adoption = models.ForeignKey(Adoption, on_delete=models.PROTECT, related_name="decisions")
    action, from_state, to_state = decision_fields(Adoption.Action.choices, Adoption.State.choices, max_length=20)

    class Meta(DecisionBase.Meta):
        verbose_name = _("beslissing over een overname")
        verbose_name_plural = _("beslissingen over overnames")


class ResultsRequest(AppendOnlyModel):
    """The e-mail that asked a government, some months after publication, how its practice worked out:
    one row per practice and round, so a round is asked once however often the periodic command runs."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="results_requests")
    months = models.PositiveSmallIntegerField(_("maanden na publicatie"))
    sent_at = models.DateTimeField(_("gevraagd op"), default=timezone.now)
    recipients = models.PositiveSmallIntegerField(_("aantal ontvangers"), default=0)

    class Meta:
        verbose_name = _("vraag naar resultaten")
        verbose_name_plural = _("vragen naar resultaten")
        ordering = ["sent_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["practice", "months"], name="one_results_request_per_round")]

    def __str__(self):
        return f"{self.practice_id}: {self.months}"
