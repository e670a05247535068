"""The practice's kinds, evidence levels, states and the actions of its decisions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PracticeKind(models.TextChoices):
    INITIATIVE = "initiatief", _("Initiatief of maatregel")
    RELANCE_PLAN = "relanceplan", _("Lokaal relanceplan")
    TEMPLATE = "sjabloon", _("Sjabloon of model")


class Status(models.TextChoices):
    DRAFT = "concept", _("Concept")
    SUBMITTED = "ingediend", _("Ingediend, wacht op beoordeling")
    CHANGES_REQUESTED = "aanpassing-gevraagd", _("Aanpassing gevraagd")
    PUBLISHED = "gepubliceerd", _("Gepubliceerd")
    UPDATE_SUBMITTED = "update-ingediend", _("Update in beoordeling")
    UPDATE_CHANGES_REQUESTED = "update-aanpassing-gevraagd", _("Gepubliceerd; aanpassing van de update gevraagd")
    REJECTED = "afgewezen", _("Afgewezen")
    ARCHIVED = "gearchiveerd", _("Gearchiveerd")


class Evidence(models.TextChoices):
    """How far a practice has shown that it works: shown as a tag and offered as a filter."""

    IDEA = "idee", _("Idee of belofte")
    MEASURED = "gemeten", _("Resultaten gemeten")
    EVALUATED = "geevalueerd", _("Geëvalueerd")


# The states in which the approved version is online. An update in review never touches it.
LIVE_STATUSES = (Status.PUBLISHED, Status.UPDATE_SUBMITTED, Status.UPDATE_CHANGES_REQUESTED)


class Action(models.TextChoices):
    CREATE = "aanmaken", _("aangemaakt")
    SUBMIT = "indienen", _("ingediend")
    WITHDRAW = "intrekken", _("ingetrokken")
    REQUEST_CHANGES = "aanpassing-vragen", _("aanpassing gevraagd")
    APPROVE = "goedkeuren", _("goedgekeurd en gepubliceerd")
    REJECT = "afwijzen", _("afgewezen")
    ARCHIVE = "archiveren", _("gearchiveerd")
    RESTORE = "herstellen", _("hersteld")
    TAKE = "nemen", _("in behandeling genomen")
    CORRECT = "corrigeren", _("gecorrigeerd door de redactie")
