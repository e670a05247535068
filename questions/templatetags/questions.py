"""Clarifications seen from the guidance: the guidance app stays unaware of questions."""

from datetime import timedelta

from django import template
from django.db.models import F
from django.utils import timezone

from questions.models import Clarification, Question

SIGNAL_DAYS = 90  # a theme with many questions in this many days is a signal to revise the guidance
SIGNAL_QUESTIONS = 5

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
    """The newest `limit` published clarifications matching a search of the practices, and whether there
    are more: shown beside the practices, so a reader who searched the catalogue finds the answers too.
    Neither ranked nor counted: one indexed query, whatever the number of matches."""
    if not (q or "").strip():
        return [], False
    found = Clarification.objects.published().search(q)
    ids = list(found.order_by("-last_published_at", "-pk").values_list("pk", flat=True)[: limit + 1])
    rows = Clarification.objects.select_related("current").in_bulk(ids[:limit])
    return [rows[pk] for pk in ids[:limit] if pk in rows], len(ids) > limit


@register.inclusion_tag("questions/_signals.html")
def themes_asked_about():
    """The themes with at least SIGNAL_QUESTIONS questions in the last SIGNAL_DAYS days: shown to the
    editors of the guidance and of the clarifications, a sign that the guidance itself should change."""
    since = timezone.now() - timedelta(days=SIGNAL_DAYS)
    return {"signals": Question.objects.themes_asked_since(since, minimum=SIGNAL_QUESTIONS), "days": SIGNAL_DAYS}
