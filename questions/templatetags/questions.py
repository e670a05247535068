"""Clarifications seen from the guidance: the guidance app stays unaware of questions."""

from django import template
from django.db.models import F

from questions.models import Clarification

register = template.Library()


@register.simple_tag
def clarifications_by_anchor(document):
    """{anchor: [clarification, …]} of the published clarifications whose current version clarifies a
    section of `document`, newest first: one query for the whole document."""
    found = {}
    rows = (
        Clarification.objects.published()
        .filter(current__sections__document=document)
        .annotate(anchor=F("current__sections__anchor"))
        .select_related("current")
        .order_by("-last_published_at", "-pk")
    )
    for clarification in rows:
        found.setdefault(clarification.anchor, []).append(clarification)
    return found


@register.filter
def at_anchor(clarified, anchor):
    """The clarifications of one section, from `clarifications_by_anchor`."""
    return clarified.get(anchor, ())
