"""Guidance seen from a practice page: the practices app stays unaware of guidance."""

from django import template
from django.db.models import OuterRef, Subquery

from guidance.diff import summary
from guidance.models import GuidanceVersion, Section, Suggestion

register = template.Library()


@register.simple_tag
def cited_in(practice):
    """(document, section) pairs of the current version of each document that cites this practice."""
    if not Section.practices.through.objects.filter(practice_id=practice.pk).exists():
        return []  # most practices are cited nowhere: a plain lookup, not the query below
    latest = Subquery(
        GuidanceVersion.objects.published()
        .filter(document=OuterRef("version__document"))
        .order_by("-number")
        .values("number")[:1]
    )
    return list(
        Section.objects.filter(practices=practice, version__published_at__isnull=False, version__number=latest)
        .select_related("version__document")
        .order_by("version__document__title", "position")
    )


@register.simple_tag
def open_suggestion_count():
    return Suggestion.objects.open().count()


@register.filter
def change_counts(rows):
    """How many sections changed, were added, removed or moved, for the summary above a comparison."""
    return summary(rows or [])
