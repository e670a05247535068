"""Where a question stands and how it moves: its states, the actions on it, the kinds of entry in its
thread, and the one declaration of which action takes which state to which."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from vlaanderenhelpt.workflow import NO_STATE, Transition, Workflow


class Status(models.TextChoices):
    NEW = "nieuw", _("nieuw")
    ASSIGNED = "toegewezen", _("toegewezen")
    WAITING = "wacht_op_vrager", _("wacht op de vrager")
    ANSWERED = "beantwoord", _("beantwoord")
    CLOSED = "gesloten", _("gesloten")


class Action(models.TextChoices):
    ASK = "stellen", _("vraag gesteld")
    ASSIGN = "toewijzen", _("toegewezen")
    ASK_MORE = "meer_vragen", _("meer informatie gevraagd")
    ADD = "aanvullen", _("aangevuld door de vrager")
    ANSWER = "beantwoorden", _("beantwoord")
    CLOSE = "sluiten", _("gesloten")
    DUPLICATE = "dubbel", _("gemarkeerd als dezelfde vraag als een andere")
    FORWARD = "doorsturen", _("doorgestuurd naar een expert")


# Open for the desk: its turn to act. Waiting and answered questions are the asker's turn.
DESK_TURN = (Status.NEW, Status.ASSIGNED)
OPEN = (Status.NEW, Status.ASSIGNED, Status.WAITING)

# Which action takes which state to which. Assigning keeps a question where it is once work started;
# what the asker adds (while it waits for them or after an answer) gives the desk its turn again.
WORKFLOW = Workflow(
    Transition(Action.ASK, (NO_STATE,), Status.NEW),
    Transition(Action.ASSIGN, (Status.NEW, Status.ASSIGNED), Status.ASSIGNED),
    Transition(Action.ASSIGN, (Status.WAITING,), Status.WAITING),
    Transition(Action.ASSIGN, (Status.ANSWERED,), Status.ANSWERED),
    Transition(Action.ASK_MORE, DESK_TURN, Status.WAITING),
    Transition(Action.ADD, (Status.WAITING, Status.ANSWERED), Status.ASSIGNED),
    Transition(Action.ADD, (Status.NEW,), Status.NEW),
    Transition(Action.ADD, (Status.ASSIGNED,), Status.ASSIGNED),
    Transition(Action.ANSWER, OPEN, Status.ANSWERED),
    Transition(Action.CLOSE, (Status.WAITING, Status.ANSWERED), Status.CLOSED),
)


class MessageKind(models.TextChoices):
    ASKER = "vrager", _("aanvulling van de vrager")
    ASK_MORE = "vraag_om_info", _("vraag om meer informatie")
    ANSWER = "antwoord", _("antwoord")
    NOTE = "notitie", _("interne notitie")
    EXPERT = "expert", _("advies van een expert")


# What only the desk reads of a thread: its internal notes and the advice of the experts it asked.
DESK_ONLY = (MessageKind.NOTE, MessageKind.EXPERT)


class VersionStatus(models.TextChoices):
    """Where a version of a clarification stands: written, offered for approval, published."""

    DRAFT = "concept", _("concept")
    SUBMITTED = "ter_goedkeuring", _("wacht op goedkeuring")
    PUBLISHED = "gepubliceerd", _("gepubliceerd")


class ClarificationAction(models.TextChoices):
    CREATE = "aanmaken", _("opgesteld")
    SUBMIT = "aanbieden", _("ter goedkeuring aangeboden")
    SEND_BACK = "terugsturen", _("teruggestuurd naar de schrijver")
    APPROVE = "goedkeuren", _("goedgekeurd en gepubliceerd")
    MARK_REVIEW = "te_herzien", _("te herzien")
    CONFIRM = "bevestigen", _("nagekeken: nog juist")


# A version is written, offered, then approved by a second editor (or sent back). Marking a clarification
# for review and confirming it move no version and are recorded without a state.
CLARIFICATION_WORKFLOW = Workflow(
    Transition(ClarificationAction.CREATE, (NO_STATE,), VersionStatus.DRAFT),
    Transition(ClarificationAction.SUBMIT, (VersionStatus.DRAFT,), VersionStatus.SUBMITTED),
    Transition(ClarificationAction.SEND_BACK, (VersionStatus.SUBMITTED,), VersionStatus.DRAFT),
    Transition(ClarificationAction.APPROVE, (VersionStatus.SUBMITTED,), VersionStatus.PUBLISHED),
)
