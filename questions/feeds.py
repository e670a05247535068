"""The Atom feed of the clarifications: each published version, newest first; `?thema=` keeps one theme."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import ClarificationVersion, QuestionTheme


class ClarificationFeed(Feed):
    """New clarifications and new versions of them (a correction says what changed)."""

    feed_type = Atom1Feed
    subtitle = _("Verduidelijkingen van regels en richtlijnen door het Agentschap Binnenlands Bestuur.")
    limit = 50

    def get_object(self, request, *args, **kwargs):
        return QuestionTheme.objects.filter(slug=request.GET.get("thema", "")).first()

    def title(self, theme):
        if theme is None:
            return _("Vlaanderen helpt – verduidelijkingen")
        return _("Vlaanderen helpt – verduidelijkingen over %(theme)s") % {"theme": theme.name}

    def link(self, theme):
        return reverse("questions:clarifications") + (f"?thema={theme.slug}" if theme else "")

    def items(self, theme):
        versions = ClarificationVersion.objects.filter(
            published_at__isnull=False, clarification__current__isnull=False
        ).select_related("clarification")
        if theme is not None:
            versions = versions.filter(clarification__theme=theme)
        return versions.order_by("-published_at", "-pk")[: self.limit]

    def item_title(self, item):
        return (
            item.title if item.number == 1 else _("%(title)s (versie %(n)s)") % {"title": item.title, "n": item.number}
        )

    def item_description(self, item):
        return item.change_note or item.body[:500]

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at
