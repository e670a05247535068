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


@register.simple_tag
def clarifications_matching(q, limit=3):
    """(how many, the best `limit`) published clarifications matching a search of the practices: shown
    beside the practices, so a reader who searched the catalogue finds the answers too."""
    if not (q or "").strip():
        return 0, []
    found = Clarification.objects.published().search(q)
    best = list(found.select_related("current").order_by(F("rank").desc(), "-last_published_at", "-pk")[:limit])
    return (len(best) if len(best) < limit else found.count()), best
