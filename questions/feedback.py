"""Readers' "Heeft dit geholpen?" on a clarification: a yes or no and an optional comment, kept for the
editors. The view keeps the rate limit."""

from django.utils.translation import gettext as _

from vlaanderenhelpt.errors import DomainError
from vlaanderenhelpt.text import clean_multiline

from .models import Feedback


def record(*, clarification, helpful, comment=""):
    """Keep one reader's answer on the version they read."""
    if clarification.current_id is None:
        raise DomainError(_("Deze verduidelijking is niet gepubliceerd."))
    return Feedback.objects.create(
        clarification=clarification,
        version_id=clarification.current_id,
        helpful=helpful,
        comment=clean_multiline(comment or "").strip()[:1000],
    )
