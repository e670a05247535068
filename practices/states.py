"""A practice's states, the actions on it, and which action takes which state to which: the submission,
the review, an update of a published practice and its review, archiving."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from vlaanderenhelpt.workflow import Transition, Workflow


class Status(models.TextChoices):
    DRAFT = "concept", _("Concept")
    SUBMITTED = "ingediend", _("Ingediend, wacht op beoordeling")
    CHANGES_REQUESTED = "aanpassing-gevraagd", _("Aanpassing gevraagd")
    PUBLISHED = "gepubliceerd", _("Gepubliceerd")
    UPDATE_SUBMITTED = "update-ingediend", _("Update in beoordeling")
    UPDATE_CHANGES_REQUESTED = "update-aanpassing-gevraagd", _("Gepubliceerd; aanpassing van de update gevraagd")
    REJECTED = "afgewezen", _("Afgewezen")
    ARCHIVED = "gearchiveerd", _("Gearchiveerd")


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


# The states in which the approved version is online. An update in review never touches it.
LIVE_STATUSES = (Status.PUBLISHED, Status.UPDATE_SUBMITTED, Status.UPDATE_CHANGES_REQUESTED)

# Every state change of a practice; services._transition reads it, and nothing else decides.
WORKFLOW = Workflow(
    Transition(Action.SUBMIT, (Status.DRAFT, Status.CHANGES_REQUESTED), Status.SUBMITTED),
    Transition(Action.SUBMIT, (Status.PUBLISHED, Status.UPDATE_CHANGES_REQUESTED), Status.UPDATE_SUBMITTED),
    Transition(Action.WITHDRAW, (Status.SUBMITTED,), Status.DRAFT),
    Transition(Action.WITHDRAW, (Status.UPDATE_SUBMITTED,), Status.PUBLISHED),
    Transition(Action.REQUEST_CHANGES, (Status.SUBMITTED,), Status.CHANGES_REQUESTED),
    Transition(Action.REQUEST_CHANGES, (Status.UPDATE_SUBMITTED,), Status.UPDATE_CHANGES_REQUESTED),
    Transition(Action.APPROVE, (Status.SUBMITTED, Status.UPDATE_SUBMITTED), Status.PUBLISHED),
    Transition(Action.REJECT, (Status.SUBMITTED,), Status.REJECTED),
    Transition(Action.REJECT, (Status.UPDATE_SUBMITTED,), Status.PUBLISHED),  # the live version stays online
    Transition(Action.ARCHIVE, (Status.PUBLISHED,), Status.ARCHIVED),
    Transition(Action.RESTORE, (Status.ARCHIVED,), Status.PUBLISHED),
    # Recorded, but no change of state: a new practice's first draft, an editor taking a submission or
    # correcting it before deciding.
    Transition(Action.CREATE, (Status.DRAFT,), Status.DRAFT),
    Transition(Action.TAKE, (Status.SUBMITTED,), Status.SUBMITTED),
    Transition(Action.TAKE, (Status.UPDATE_SUBMITTED,), Status.UPDATE_SUBMITTED),
    Transition(Action.CORRECT, (Status.SUBMITTED,), Status.SUBMITTED),
    Transition(Action.CORRECT, (Status.UPDATE_SUBMITTED,), Status.UPDATE_SUBMITTED),
)
