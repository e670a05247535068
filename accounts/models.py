"""Users, local governments and memberships; invitations, access requests and the decisions on them."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vlaanderenhelpt.numbers import whole_number
from vlaanderenhelpt.permissions import MODERATE_PRACTICE
from vlaanderenhelpt.workflow import NO_STATE, Transition, Workflow, decision_fields
from vlaanderenhelpt.workflow import Decision as DecisionBase

EDITORS_GROUP = "Redactie"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def notified_editors(self):
        """Active editors who asked to hear of new work for the editors."""
        return self.filter(
            models.Q(groups__name=EDITORS_GROUP) | models.Q(is_superuser=True),
            is_active=True,
            notify_new_submissions=True,
        ).distinct()

    def members_of(self, local_government):
        """The active users who work for a local government: who hears of its practices."""
        return self.filter(memberships__local_government=local_government, is_active=True).distinct()

    def get_by_natural_key(self, username):
        # Log-in is case-insensitive on the e-mail address.
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mailadres"), unique=True)
    full_name = models.CharField(_("naam"), max_length=150, blank=True)
    function = models.CharField(_("functie"), max_length=150, blank=True)
    is_staff = models.BooleanField(
        _("toegang tot beheer"), default=False, help_text=_("Mag inloggen in de beheeromgeving.")
    )
    is_active = models.BooleanField(_("actief"), default=True)
    notify_new_submissions = models.BooleanField(
        _("e-mail bij een nieuwe indiening"), default=True, help_text=_("Voor de redactie.")
    )
    date_joined = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_editor(self):
        return self.has_perm(MODERATE_PRACTICE)


class LocalGovernmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def municipalities(self):
        return self.filter(kind=LocalGovernment.Kind.MUNICIPALITY)

    def provinces(self):
        return self.filter(kind=LocalGovernment.Kind.PROVINCE)

    def find(self, key):
        """One local government by NIS code or slug, current or ceased; None when unknown."""
        key = (key or "").strip().lower()
        if not key:
            return None
        lookup = {"nis_code": key} if whole_number(key) is not None else {"slug": key}
        return self.filter(**lookup).select_related("successor", "province").first()


class LocalGovernment(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "gemeente", _("gemeente")
        OCMW = "ocmw", _("OCMW")
        POLICE_ZONE = "politiezone", _("politiezone")
        INTERMUNICIPAL = "igs", _("intergemeentelijk samenwerkingsverband")
        PROVINCE = "provincie", _("provincie")
        OTHER = "andere", _("ander lokaal bestuur")

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.MUNICIPALITY)
    name = models.CharField(_("naam"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    nis_code = models.CharField(
        _("NIS-code"), max_length=5, unique=True, null=True, blank=True, help_text=_("Voor gemeenten en provincies.")
    )
    province = models.ForeignKey(
        "self",
        verbose_name=_("provincie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        limit_choices_to={"kind": "provincie"},
    )
    population = models.PositiveIntegerField(_("inwoners (1 januari 2020)"), null=True, blank=True)
    is_active = models.BooleanField(
        _("bestaat nog"), default=True, help_text=_("Gemeenten die op 1 januari 2025 fuseerden, bestaan niet meer.")
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("opgevolgd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
    )

    objects = LocalGovernmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("lokaal bestuur")
        verbose_name_plural = _("lokale besturen")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_active=True) | models.Q(successor__isnull=False),
                name="ceased_government_has_successor",
            )
        ]

    def __str__(self):
        if self.kind == self.Kind.MUNICIPALITY or self.kind == self.Kind.PROVINCE:
            return self.name
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def url_key(self):
        return self.nis_code or self.slug


class Membership(models.Model):
    user = models.ForeignKey(User, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="memberships")
    local_government = models.ForeignKey(
        LocalGovernment, verbose_name=_("lokaal bestuur"), on_delete=models.PROTECT, related_name="memberships"
    )
    created_at = models.DateTimeField(_("sinds"), default=timezone.now)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [models.UniqueConstraint(fields=["user", "local_government"], name="unique_membership")]

    def __str__(self):
        return f"{self.user} – {self.local_government}"


class Invitation(models.Model):
    """A single-use link, valid for a week, to join a local government's team on the portal."""

    class State(models.TextChoices):
        SENT = "verstuurd", _("verstuurd")
        ACCEPTED = "aanvaard", _("aanvaard")

    email = models.EmailField(_("e-mailadres"))
    local_government = models.ForeignKey(
        LocalGovernment, verbose_name=_("lokaal bestuur"), on_delete=models.PROTECT, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, verbose_name=_("uitgenodigd door"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)
    expires_at = models.DateTimeField(_("geldig tot"))
    accepted_at = models.DateTimeField(_("aanvaard op"), null=True, blank=True)
    user = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-created_at"]
        permissions = [("manage_access", _("Mag gebruikers uitnodigen en toegangsaanvragen beoordelen"))]

    def __str__(self):
        return f"{self.email} – {self.local_government}"

    @property
    def state(self):
        return self.State.ACCEPTED if self.accepted_at else self.State.SENT


class AccessRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "open", _("wacht op beoordeling")
        APPROVED = "goedgekeurd", _("goedgekeurd")
        DECLINED = "geweigerd", _("geweigerd")

    full_name = models.CharField(_("naam"), max_length=150)
    email = models.EmailField(_("e-mailadres"))
    function = models.CharField(_("functie"), max_length=150)
    local_government = models.ForeignKey(
        LocalGovernment, verbose_name=_("lokaal bestuur"), on_delete=models.PROTECT, related_name="+"
    )
    motivation = models.TextField(_("motivatie"), max_length=1000)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reden"), blank=True)

    class Meta:
        verbose_name = _("toegangsaanvraag")
        verbose_name_plural = _("toegangsaanvragen")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.full_name} ({self.local_government})"


# An account decision moves an invitation or an access request: its states are theirs.
DECISION_STATES = [*Invitation.State.choices, *AccessRequest.Status.choices]


class AccountAction(models.TextChoices):
    INVITE = "uitnodigen", _("uitgenodigd")
    ACCEPT_INVITATION = "uitnodiging-aanvaarden", _("uitnodiging aanvaard")
    REQUEST_ACCESS = "toegang-aanvragen", _("toegang aangevraagd")
    APPROVE_ACCESS = "toegang-verlenen", _("toegang verleend")
    DECLINE_ACCESS = "toegang-weigeren", _("toegang geweigerd")


# Which action takes which state to which: of an invitation, of an access request.
INVITATION_WORKFLOW = Workflow(
    Transition(AccountAction.INVITE, (NO_STATE,), Invitation.State.SENT),
    Transition(AccountAction.ACCEPT_INVITATION, (Invitation.State.SENT,), Invitation.State.ACCEPTED),
)
ACCESS_WORKFLOW = Workflow(
    Transition(AccountAction.REQUEST_ACCESS, (NO_STATE,), AccessRequest.Status.PENDING),
    Transition(AccountAction.APPROVE_ACCESS, (AccessRequest.Status.PENDING,), AccessRequest.Status.APPROVED),
    Transition(AccountAction.DECLINE_ACCESS, (AccessRequest.Status.PENDING,), AccessRequest.Status.DECLINED),
)


class AccountDecision(DecisionBase):
    """One row per decision on who may act for a local government: who, when, for whom, and why."""

    action, from_state, to_state = decision_fields(AccountAction.choices, DECISION_STATES)
    email = models.EmailField(_("voor"))
    local_government = models.ForeignKey(
        LocalGovernment, verbose_name=_("lokaal bestuur"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta(DecisionBase.Meta):
        verbose_name = _("beslissing over toegang")
        verbose_name_plural = _("beslissingen over toegang")

    def __str__(self):
        return f"{self.email}: {self.get_action_display()}"
