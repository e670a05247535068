"""The one domain error: a refused change, with a Dutch message meant for the user."""

from django.utils import timezone
from django.utils.translation import gettext as _


class DomainError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def already_decided(*, who, when, outcome):
    """The one answer to a decision on something already decided (a double click, two editors at
    once): who decided, when, and what came of it. Every workflow says it in these words."""
    return _("Hierover is al beslist door %(who)s op %(when)s (%(outcome)s); er is niets veranderd.") % {
        "who": who or _("het systeem"),
        "when": timezone.localtime(when).strftime("%d/%m/%Y %H:%M") if when else "—",
        "outcome": outcome,
    }
