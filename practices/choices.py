"""What kind of practice it is, and how far it has shown that it works."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PracticeKind(models.TextChoices):
    INITIATIVE = "initiatief", _("Initiatief of maatregel")
    RELANCE_PLAN = "relanceplan", _("Lokaal relanceplan")
    TEMPLATE = "sjabloon", _("Sjabloon of model")


class Evidence(models.TextChoices):
    """How far a practice has shown that it works: shown as a tag and offered as a filter."""

    IDEA = "idee", _("Idee of belofte")
    MEASURED = "gemeten", _("Resultaten gemeten")
    EVALUATED = "geevalueerd", _("Geëvalueerd")
