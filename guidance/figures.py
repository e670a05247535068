"""The guidance's part of the portal's figures (/cijfers/ and its JSON): each document with its published
versions and the suggestions taken in. The URL configuration hands it to the figures of the catalogue."""

from django.db.models import Count, Q

from .models import GuidanceDocument


def documents():
    return [
        {
            "title": document.title,
            "url": document.get_absolute_url(),
            "versions": document.published_versions,
            "suggestions_taken_in": document.taken_in,
        }
        for document in GuidanceDocument.objects.filter(withdrawn_at__isnull=True)
        .annotate(
            published_versions=Count("versions", filter=Q(versions__published_at__isnull=False), distinct=True),
            taken_in=Count("suggestions", filter=Q(suggestions__taken_in__isnull=False), distinct=True),
        )
        .filter(published_versions__gt=0)
        .order_by("title")
    ]
