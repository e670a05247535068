"""The one pattern for everything moderated: states as `TextChoices`, one declaration of which action takes
which state to which (`Workflow`), and an append-only record of every change (`Decision`).

A service locks the row, asks the workflow for the target of the action from the row's state, changes
the row and records the decision (`Decision.record`) in the same transaction. An action the workflow
does not allow from the current state was decided already, or never applies: the service says which
(see errors.already_decided).
"""

from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AppendOnlyModel

NO_STATE = ""  # the "from" of the action that brings a thing into being


class Transition(NamedTuple):
    """`action` takes a thing in any of `sources` to `target`."""

    action: str
    sources: tuple
    target: str


class Workflow:
    """Which action takes which state to which, declared once for one kind of moderated thing."""

    def __init__(self, *transitions):
        self.transitions = transitions
        self._targets = {}
        for transition in transitions:
            for source in transition.sources:
                key = (transition.action, source)
                if key in self._targets:
                    raise ValueError(f"{key} is declared twice")
                self._targets[key] = transition.target

    def target(self, action, state):
        """The state `action` takes `state` to; None when the action does not apply there."""
        return self._targets.get((action, state))

    def allows(self, action, state):
        return (action, state) in self._targets

    def sources(self, action):
        """The states from which `action` applies."""
        return tuple(source for (act, source) in self._targets if act == action)


def decision_fields(actions, states, *, max_length=30, stateless=False):
    """(action, from_state, to_state) for a decision table: the base's fields with the table's choices.
    `stateless`: some of its decisions move nothing and are recorded without a state."""
    return (
        models.CharField(_("actie"), max_length=max_length, choices=actions),
        models.CharField(_("van"), max_length=max_length, choices=states, blank=True),
        models.CharField(_("naar"), max_length=max_length, choices=states, blank=stateless),
    )


class Decision(AppendOnlyModel):
    """One change of state: who, which action, from which state to which, why and when. Every decision
    table extends this with the thing it decides on, and gives `action`, `from_state` and `to_state`
    their choices (`decision_fields`)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("actie"), max_length=30)
    from_state = models.CharField(_("van"), max_length=30, blank=True)
    to_state = models.CharField(_("naar"), max_length=30, blank=True)
    reason = models.TextField(_("toelichting"), blank=True)
    created_at = models.DateTimeField(_("op"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.from_state or '–'} → {self.to_state or '–'}"

    @classmethod
    def record(cls, workflow, action, from_state, **fields):
        """Write one decision: `action` from `from_state` to the state `workflow` takes it to. Without a
        workflow (a decision that moves nothing, such as a review date) it is recorded without a state."""
        to_state = NO_STATE if workflow is None else workflow.target(action, from_state)
        if to_state is None:
            raise ValueError(f"{action} does not apply from {from_state!r}: check the workflow first")
        return cls.objects.create(action=action, from_state=from_state, to_state=to_state, **fields)

    @classmethod
    def last_of(cls, decisions):
        """The latest of a thing's decisions (a related manager or queryset), with its actor."""
        return decisions.select_related("actor").order_by("-created_at", "-pk").first()
